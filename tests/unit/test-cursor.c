/*
 * test-cursor: list positions as pager text: what encodes comes back
 * the same, the end of a list is its own cursor, and the validator
 * refuses every other spelling (other versions and kinds, trailing or
 * missing bytes, non-canonical base64url, negative numbers, unclean or
 * overlong text).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "cursor.h"
#include "util.h"

#define C(s)	valid_cursor((s), strlen(s))

/* The cursor text of a raw record of n bytes. */
static const char *
record(struct arena *a, const uint8_t *rec, size_t n)
{
	char	*out = arena_alloc(a, b64url_len(n) + 1);

	b64url_encode(rec, n, out);
	return out;
}

static struct cursor
row(int64_t at, unsigned rank, int64_t id, const char *text)
{
	struct cursor	 c;

	memset(&c, 0, sizeof(c));
	c.at = at;
	c.rank = rank;
	c.id = id;
	snprintf(c.text, sizeof(c.text), "%s", text);
	return c;
}

static void
round_trip(void **state)
{
	struct arena	*a = arena_new(4096);
	struct cursor	 c, back;
	const char	*s;

	(void)state;
	c = row(1700000000, 2, 12345, "");
	assert_non_null(s = cursor_encode(a, &c));
	assert_true(C(s));
	assert_true(cursor_decode(s, strlen(s), &back));
	assert_false(back.end);
	assert_int_equal(back.at, 1700000000);
	assert_int_equal(back.rank, 2);
	assert_int_equal(back.id, 12345);
	assert_string_equal(back.text, "");
	/* URL-safe as it is */
	assert_int_equal(strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789-_"), strlen(s));

	c = row(0, 0, 7, "\xc3\xa9lodie martin");
	assert_non_null(s = cursor_encode(a, &c));
	assert_true(cursor_decode(s, strlen(s), &back));
	assert_string_equal(back.text, "\xc3\xa9lodie martin");
	assert_int_equal(back.id, 7);

	/* the largest values, and the end of a list */
	c = row(INT64_MAX, CURSOR_RANK_MAX, INT64_MAX, "");
	memset(c.text, 'z', CURSOR_TEXT_MAX);
	c.text[CURSOR_TEXT_MAX] = '\0';
	assert_non_null(s = cursor_encode(a, &c));
	assert_int_equal(strlen(s), CURSOR_LEN_MAX);
	assert_true(cursor_decode(s, strlen(s), &back));
	assert_int_equal(back.at, INT64_MAX);
	assert_int_equal(strlen(back.text), CURSOR_TEXT_MAX);
	memset(&c, 0, sizeof(c));
	c.end = true;
	assert_non_null(s = cursor_encode(a, &c));
	assert_true(cursor_decode(s, strlen(s), &back));
	assert_true(back.end);
	arena_free(a);
}

static void
encode_refuses(void **state)
{
	struct arena	*a = arena_new(4096);
	struct cursor	 c;

	(void)state;
	c = row(-1, 0, 1, "");
	assert_null(cursor_encode(a, &c));
	c = row(1, 0, -1, "");
	assert_null(cursor_encode(a, &c));
	c = row(1, CURSOR_RANK_MAX + 1, 1, "");
	assert_null(cursor_encode(a, &c));
	c = row(1, 0, 1, "tab\there");
	assert_null(cursor_encode(a, &c));
	c = row(1, 0, 1, "\xc3");
	assert_null(cursor_encode(a, &c));
	/* a text without its terminator is too long */
	c = row(1, 0, 1, "");
	memset(c.text, 'x', sizeof(c.text));
	assert_null(cursor_encode(a, &c));
	arena_free(a);
}

static void
decode_refuses(void **state)
{
	struct arena	*a = arena_new(4096);
	struct cursor	 c;
	uint8_t		 rec[32];
	const char	*s;
	char		 buf[64];

	(void)state;
	memset(rec, 0, sizeof(rec));
	rec[0] = 1;
	/* a row: version, kind, 8 bytes of time, rank, 8 bytes of id */
	rec[9] = 5;
	rec[18] = 9;
	assert_true(C(record(a, rec, 19)));
	assert_true(cursor_decode(record(a, rec, 19), strlen(record(a, rec, 19)),
	    &c));
	assert_int_equal(c.at, 5);
	assert_int_equal(c.id, 9);
	/* missing bytes, a kind or version not known */
	assert_false(C(record(a, rec, 18)));
	assert_false(C(record(a, rec, 1)));
	assert_false(C(""));
	rec[1] = 2;
	assert_false(C(record(a, rec, 19)));
	rec[1] = 0;
	rec[0] = 2;
	assert_false(C(record(a, rec, 19)));
	rec[0] = 1;
	/* the end has nothing after its kind */
	rec[1] = 1;
	assert_true(C(record(a, rec, 2)));
	assert_false(C(record(a, rec, 3)));
	assert_false(C(record(a, rec, 19)));
	rec[1] = 0;
	/* negative numbers */
	rec[2] = 0x80;
	assert_false(C(record(a, rec, 19)));
	rec[2] = 0;
	rec[11] = 0xff;
	assert_false(C(record(a, rec, 19)));
	rec[11] = 0;
	/* text: NUL, control characters, broken UTF-8 */
	rec[19] = 'a';
	assert_true(C(record(a, rec, 20)));
	rec[19] = '\0';
	assert_false(C(record(a, rec, 20)));
	rec[19] = '\n';
	assert_false(C(record(a, rec, 20)));
	rec[19] = 0xc3;
	assert_false(C(record(a, rec, 20)));
	rec[20] = 0xa9;
	assert_true(C(record(a, rec, 21)));

	/* base64url only, canonical, no padding, no length of 1 mod 4 */
	s = record(a, rec, 21);
	snprintf(buf, sizeof(buf), "%s=", s);
	assert_false(C(buf));
	snprintf(buf, sizeof(buf), "%s", s);
	buf[3] = '+';
	assert_false(C(buf));
	snprintf(buf, sizeof(buf), "%sA", s);
	assert_false(C(buf));
	s = record(a, rec, 20);
	snprintf(buf, sizeof(buf), "%s", s);
	/* 20 bytes: the last digit's low two bits are unused, so must be 0 */
	buf[strlen(buf) - 1] = buf[strlen(buf) - 1] == 'A' ? 'B' : 'A';
	assert_false(C(buf));
	assert_false(valid_cursor("AQA", 2));		/* length 2 of "AQA" */
	arena_free(a);
}

static void
length_limit(void **state)
{
	struct arena	*a = arena_new(8192);
	uint8_t		 rec[19 + CURSOR_TEXT_MAX + 1];

	(void)state;
	memset(rec, 'y', sizeof(rec));
	rec[0] = 1;
	rec[1] = 0;
	memset(rec + 2, 0, 17);
	assert_true(C(record(a, rec, 19 + CURSOR_TEXT_MAX)));
	assert_false(C(record(a, rec, 19 + CURSOR_TEXT_MAX + 1)));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(encode_refuses),
		cmocka_unit_test(decode_refuses),
		cmocka_unit_test(length_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
