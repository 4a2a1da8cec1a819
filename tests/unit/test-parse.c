/*
 * test-parse: query strings, urlencoded bodies and cookies, every result
 * code, and every limit at exactly its value and one past it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include <stdio.h>

#include "parse.h"

static struct arena	*A;

static int
setup(void **state)
{
	A = arena_new(4096);
	return 0;
}

static int
teardown(void **state)
{
	arena_free(A);
	return 0;
}

static enum parse_rc
url(const char *s, struct kvlist *out)
{
	return parse_urlencoded(A, s, strlen(s), &parse_default_limits, out);
}

static enum parse_rc
cookies(const char *s, struct kvlist *out)
{
	return parse_cookies(A, s, strlen(s), &parse_default_limits, out);
}

static void
assert_kv(const struct kvlist *l, size_t i, const char *key, const char *val)
{
	assert_true(i < l->n);
	assert_string_equal(l->v[i].key, key);
	assert_string_equal(l->v[i].val, val);
	assert_int_equal(l->v[i].vlen, strlen(val));
}

/* A string of `n` copies of c between `head` and `tail`, on the heap. */
static char *
mk(const char *head, char c, size_t n, const char *tail)
{
	size_t	 h = strlen(head), t = strlen(tail);
	char	*s;

	s = malloc(h + n + t + 1);
	assert_non_null(s);
	memcpy(s, head, h);
	memset(s + h, c, n);
	memcpy(s + h + n, tail, t + 1);
	return s;
}

/* `n` copies of `unit` joined, between head and tail, on the heap. */
static char *
mkrep(const char *head, const char *unit, size_t n, const char *tail)
{
	size_t	 h = strlen(head), u = strlen(unit), t = strlen(tail), i;
	char	*s;

	s = malloc(h + u * n + t + 1);
	assert_non_null(s);
	memcpy(s, head, h);
	for (i = 0; i < n; i++)
		memcpy(s + h + i * u, unit, u);
	memcpy(s + h + u * n, tail, t + 1);
	return s;
}

static void
default_limits(void **state)
{
	assert_int_equal(parse_default_limits.max_fields, 64);
	assert_int_equal(parse_default_limits.max_name, 64);
	assert_int_equal(parse_default_limits.max_value, 8192);
	assert_int_equal(parse_default_limits.max_total, 65536);
}

static void
url_pairs(void **state)
{
	struct kvlist	 l;

	assert_int_equal(url("a=1&b=two", &l), PARSE_OK);
	assert_int_equal(l.n, 2);
	assert_kv(&l, 0, "a", "1");
	assert_kv(&l, 1, "b", "two");
	assert_int_equal(url("&&a=1&&&b=2&", &l), PARSE_OK);
	assert_int_equal(l.n, 2);
	assert_kv(&l, 1, "b", "2");
	assert_int_equal(url("a&b=&c=1=2", &l), PARSE_OK);
	assert_int_equal(l.n, 3);
	assert_kv(&l, 0, "a", "");
	assert_kv(&l, 1, "b", "");
	assert_kv(&l, 2, "c", "1=2");
	assert_int_equal(url("Aa0_.-=x", &l), PARSE_OK);
	assert_kv(&l, 0, "Aa0_.-", "x");
}

static void
url_empty(void **state)
{
	struct kv	 dummy;
	struct kvlist	 l = { &dummy, 99 };

	assert_int_equal(url("", &l), PARSE_OK);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	assert_int_equal(url("&&&", &l), PARSE_OK);
	assert_int_equal(l.n, 0);
	assert_null(kv_find(&l, "a"));
}

static void
url_decoding(void **state)
{
	struct kvlist	 l;

	assert_int_equal(url("q=hello+world%21&e=%C3%A9&l=%c3%a9&p=%2B+%25",
	    &l), PARSE_OK);
	assert_kv(&l, 0, "q", "hello world!");
	assert_kv(&l, 1, "e", "\xc3\xa9");
	assert_kv(&l, 2, "l", "\xc3\xa9");
	assert_kv(&l, 3, "p", "+ %");
	assert_int_equal(url("a%5Fb=1&%61=2&n=line%0D%0Anext", &l), PARSE_OK);
	assert_kv(&l, 0, "a_b", "1");
	assert_kv(&l, 1, "a", "2");
	/* Control characters are judged per field later, not here. */
	assert_kv(&l, 2, "n", "line\r\nnext");
	assert_int_equal(url("x=%26%3D", &l), PARSE_OK);
	assert_kv(&l, 0, "x", "&=");
}

static void
url_find(void **state)
{
	struct kvlist	 l;
	const struct kv	*kv;

	assert_int_equal(url("a=1&b=2&a=3", &l), PARSE_OK);
	assert_int_equal(l.n, 3);
	kv = kv_find(&l, "a");
	assert_non_null(kv);
	assert_string_equal(kv->val, "1");
	assert_string_equal(kv_find(&l, "b")->val, "2");
	assert_null(kv_find(&l, "c"));
	assert_null(kv_find(&l, "A"));
	assert_null(kv_find(&l, ""));
}

static void
url_bad_name(void **state)
{
	static const char	*const bad[] = {
		"=1", "a=1&=2", "a b=1", "a+b=1", "a%20b=1", "a%00=1",
		"\xc3\xa9=1", "a/b=1", "a;b=1", "a[]=1", "%3D=1", "a\tb",
		"a:b=1",
	};
	struct kvlist		 l;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (url(bad[i], &l) != PARSE_BAD_NAME)
			fail_msg("\"%s\" is not PARSE_BAD_NAME", bad[i]);
	assert_int_equal(parse_urlencoded(A, "a\0b=1", 5,
	    &parse_default_limits, &l), PARSE_BAD_NAME);
}

static void
url_bad_encoding(void **state)
{
	static const char	*const bad[] = {
		"a=%", "a=%4", "a=%G0", "a=%0G", "a=100%", "a=%%41", "%=1",
		"a%2=1", "a%=1", "b=1&a=%x1",
	};
	struct kvlist		 l;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (url(bad[i], &l) != PARSE_BAD_ENCODING)
			fail_msg("\"%s\" is not PARSE_BAD_ENCODING", bad[i]);
	/* A '%' cut off by the length is incomplete even if more follows. */
	assert_int_equal(parse_urlencoded(A, "a=%41", 4,
	    &parse_default_limits, &l), PARSE_BAD_ENCODING);
}

static void
url_bad_utf8(void **state)
{
	static const char	*const bad[] = {
		"a=%FF", "a=%C0%80", "a=%ED%A0%80", "a=%F4%90%80%80", "a=%C3",
		"a=%00", "a=x%00y", "a=\xff", "a=\xc3", "b=1&a=%E2%82",
	};
	struct kvlist		 l;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (url(bad[i], &l) != PARSE_BAD_UTF8)
			fail_msg("\"%s\" is not PARSE_BAD_UTF8", bad[i]);
	assert_int_equal(parse_urlencoded(A, "a=x\0y", 5,
	    &parse_default_limits, &l), PARSE_BAD_UTF8);
	/* A valid sequence split by percent-encoding is still valid. */
	assert_int_equal(url("a=%E2\x82%AC", &l), PARSE_OK);
	assert_kv(&l, 0, "a", "\xe2\x82\xac");
}

/* A failure anywhere leaves no pairs for the caller to use. */
static void
url_failure_gives_nothing(void **state)
{
	struct kvlist	 l;

	assert_int_equal(url("a=1&b=2&c=%FF", &l), PARSE_BAD_UTF8);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	assert_int_equal(url("a=1&b=%ZZ", &l), PARSE_BAD_ENCODING);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	assert_null(kv_find(&l, "a"));
}

/* Limits, names and encoding are judged before any memory is used. */
static void
url_checks_before_allocating(void **state)
{
	static const char	*const bad[] = { "a=%ZZ", "=1", "a b=1" };
	struct kvlist		 l;
	char			*s;
	size_t			 used, i;

	arena_reset(A);
	used = arena_used(A);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_not_equal(url(bad[i], &l), PARSE_OK);
		assert_int_equal(arena_used(A), used);
	}
	s = mkrep("", "a=1&", 65, "");
	assert_int_equal(url(s, &l), PARSE_TOO_MANY);
	assert_int_equal(arena_used(A), used);
	free(s);
	s = mk("a=", 'x', 8193, "");
	assert_int_equal(url(s, &l), PARSE_TOO_LONG);
	assert_int_equal(arena_used(A), used);
	free(s);
}

static void
url_field_count_limit(void **state)
{
	struct kvlist	 l;
	char		*s;

	s = mkrep("", "a=1&", 64, "&&&&");
	assert_int_equal(url(s, &l), PARSE_OK);
	assert_int_equal(l.n, 64);
	free(s);
	s = mkrep("", "a=1&", 64, "b");
	assert_int_equal(url(s, &l), PARSE_TOO_MANY);
	assert_int_equal(l.n, 0);
	free(s);
}

static void
url_name_limit(void **state)
{
	struct kvlist	 l;
	char		*s;

	s = mk("", 'n', 64, "=1");
	assert_int_equal(url(s, &l), PARSE_OK);
	assert_int_equal(strlen(l.v[0].key), 64);
	free(s);
	s = mk("", 'n', 65, "=1");
	assert_int_equal(url(s, &l), PARSE_TOO_LONG);
	free(s);
	/* The limit is on the decoded name. */
	s = mkrep("", "%6E", 64, "=1");
	assert_int_equal(url(s, &l), PARSE_OK);
	assert_int_equal(strlen(l.v[0].key), 64);
	free(s);
	s = mkrep("", "%6E", 65, "=1");
	assert_int_equal(url(s, &l), PARSE_TOO_LONG);
	free(s);
	/* Too long is reported before a bad character in the name. */
	s = mk("", ' ', 65, "=1");
	assert_int_equal(url(s, &l), PARSE_TOO_LONG);
	free(s);
}

static void
url_value_limit(void **state)
{
	struct kvlist	 l;
	char		*s;

	s = mk("a=", 'v', 8192, "");
	assert_int_equal(url(s, &l), PARSE_OK);
	assert_int_equal(l.v[0].vlen, 8192);
	free(s);
	s = mk("a=", 'v', 8193, "");
	assert_int_equal(url(s, &l), PARSE_TOO_LONG);
	free(s);
	/* Decoded length counts: 8192 encoded bytes take 3 raw bytes each. */
	s = mkrep("a=", "%41", 8192, "");
	assert_int_equal(url(s, &l), PARSE_OK);
	assert_int_equal(l.v[0].vlen, 8192);
	assert_int_equal(l.v[0].val[8191], 'A');
	free(s);
	s = mkrep("a=", "%41", 8193, "");
	assert_int_equal(url(s, &l), PARSE_TOO_LONG);
	free(s);
}

static void
url_total_limit(void **state)
{
	struct kvlist	 l;
	char		*s;

	s = mk("a=1", '&', 65536 - 3, "");
	assert_int_equal(url(s, &l), PARSE_OK);
	assert_int_equal(l.n, 1);
	free(s);
	s = mk("a=1", '&', 65536 - 2, "");
	assert_int_equal(url(s, &l), PARSE_TOO_LONG);
	assert_int_equal(l.n, 0);
	free(s);
}

static void
url_custom_limits(void **state)
{
	const struct parse_limits	 lim = { 2, 3, 4, 16 };
	struct kvlist			 l;

#define P(s)	parse_urlencoded(A, (s), strlen(s), &lim, &l)
	assert_int_equal(P("abc=1234&d=e"), PARSE_OK);
	assert_int_equal(P("abc=1234&d=e&f"), PARSE_TOO_MANY);
	assert_int_equal(P("abcd=1"), PARSE_TOO_LONG);
	assert_int_equal(P("a=12345"), PARSE_TOO_LONG);
	assert_int_equal(P("a=1&&&&&&&&&&&&&"), PARSE_OK);	/* 16 bytes */
	assert_int_equal(P("a=1&&&&&&&&&&&&&&"), PARSE_TOO_LONG);
#undef P
}

static void
cookie_pairs(void **state)
{
	struct kvlist	 l;

	assert_int_equal(cookies("a=1; b=2", &l), PARSE_OK);
	assert_int_equal(l.n, 2);
	assert_kv(&l, 0, "a", "1");
	assert_kv(&l, 1, "b", "2");
	assert_int_equal(cookies("a=1;b=2", &l), PARSE_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(cookies("  a = 1 ;\t b=two words\t;", &l), PARSE_OK);
	assert_int_equal(l.n, 2);
	assert_kv(&l, 0, "a", "1");
	assert_kv(&l, 1, "b", "two words");
	assert_int_equal(cookies("__Host-porch=tok_-9; theme=dark", &l),
	    PARSE_OK);
	assert_string_equal(kv_find(&l, "__Host-porch")->val, "tok_-9");
	assert_int_equal(cookies("a=b=c; d=", &l), PARSE_OK);
	assert_kv(&l, 0, "a", "b=c");
	assert_kv(&l, 1, "d", "");
}

static void
cookie_skips_and_empty(void **state)
{
	struct kvlist	 l;

	assert_int_equal(cookies("a=1; junk; b=2", &l), PARSE_OK);
	assert_int_equal(l.n, 2);
	assert_kv(&l, 1, "b", "2");
	assert_int_equal(cookies("", &l), PARSE_OK);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	assert_int_equal(cookies(";; ;", &l), PARSE_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(cookies("nameless", &l), PARSE_OK);
	assert_int_equal(l.n, 0);
}

static void
cookie_values_are_raw(void **state)
{
	struct kvlist	 l;

	assert_int_equal(cookies("a=%41+b; c=%ZZ; d=\"x y\"; e=\"\"; f=\"",
	    &l), PARSE_OK);
	assert_kv(&l, 0, "a", "%41+b");
	assert_kv(&l, 1, "c", "%ZZ");
	assert_kv(&l, 2, "d", "x y");
	assert_kv(&l, 3, "e", "");
	assert_kv(&l, 4, "f", "\"");
	/* One pair of quotes only, and only a matching pair. */
	assert_int_equal(cookies("a=\"\"x\"\"; b=\"x; c=x\"", &l), PARSE_OK);
	assert_kv(&l, 0, "a", "\"x\"");
	assert_kv(&l, 1, "b", "\"x");
	assert_kv(&l, 2, "c", "x\"");
	assert_int_equal(cookies("a=\xc3\xa9", &l), PARSE_OK);
	assert_kv(&l, 0, "a", "\xc3\xa9");
}

/* Pairs Porch could never have set are skipped; the rest survive. */
static void
cookie_bad_pairs_skipped(void **state)
{
	static const char *const bad[] = {
		"=x", "a b=1", "a:b=1", "$Version=1", "\xc3\xa9=1", "a=\xff",
		"b=\xed\xa0\x80",
	};
	struct kvlist	 l;
	char		 h[64];
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(cookies(bad[i], &l), PARSE_OK);
		assert_int_equal(l.n, 0);
		assert_null(l.v);
		snprintf(h, sizeof(h), "keep=1; %s; also=2", bad[i]);
		assert_int_equal(cookies(h, &l), PARSE_OK);
		assert_int_equal(l.n, 2);
		assert_string_equal(l.v[0].key, "keep");
		assert_string_equal(l.v[1].key, "also");
		assert_string_equal(l.v[1].val, "2");
	}
	assert_int_equal(parse_cookies(A, "a=x\0y; b=2", 10,
	    &parse_default_limits, &l), PARSE_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].key, "b");
}

static void
cookie_limits(void **state)
{
	struct kvlist	 l;
	size_t		 used;
	char		*s;

	s = mkrep("", "a=1; ", 64, "junk");
	assert_int_equal(cookies(s, &l), PARSE_OK);
	assert_int_equal(l.n, 64);
	free(s);
	s = mkrep("", "a=1; ", 65, "");
	arena_reset(A);
	used = arena_used(A);
	assert_int_equal(cookies(s, &l), PARSE_TOO_MANY);
	assert_int_equal(arena_used(A), used);
	free(s);
	s = mk("", 'n', 64, "=1");
	assert_int_equal(cookies(s, &l), PARSE_OK);
	free(s);
	s = mk("", 'n', 65, "=1");
	assert_int_equal(cookies(s, &l), PARSE_OK);
	assert_int_equal(l.n, 0);
	free(s);
	s = mk("a=", 'v', 8192, "");
	assert_int_equal(cookies(s, &l), PARSE_OK);
	assert_int_equal(l.v[0].vlen, 8192);
	free(s);
	/* The quotes do not count towards the value. */
	s = mk("a=\"", 'v', 8192, "\"");
	assert_int_equal(cookies(s, &l), PARSE_OK);
	assert_int_equal(l.v[0].vlen, 8192);
	free(s);
	s = mk("a=", 'v', 8193, "");
	assert_int_equal(cookies(s, &l), PARSE_OK);
	assert_int_equal(l.n, 0);
	free(s);
	s = mk("a=1", ';', 65536 - 3, "");
	assert_int_equal(cookies(s, &l), PARSE_OK);
	free(s);
	s = mk("a=1", ';', 65536 - 2, "");
	assert_int_equal(cookies(s, &l), PARSE_TOO_LONG);
	free(s);
}

static void
strerror_texts(void **state)
{
	const char	*seen[PARSE_RC__MAX];
	size_t		 i, j;

	for (i = 0; i < PARSE_RC__MAX; i++) {
		seen[i] = parse_strerror((enum parse_rc)i);
		assert_non_null(seen[i]);
		assert_true(strlen(seen[i]) > 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(seen[i], seen[j]);
	}
	assert_non_null(parse_strerror(PARSE_RC__MAX));
	assert_non_null(parse_strerror((enum parse_rc)-1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_limits),
		cmocka_unit_test(url_pairs),
		cmocka_unit_test(url_empty),
		cmocka_unit_test(url_decoding),
		cmocka_unit_test(url_find),
		cmocka_unit_test(url_bad_name),
		cmocka_unit_test(url_bad_encoding),
		cmocka_unit_test(url_bad_utf8),
		cmocka_unit_test(url_failure_gives_nothing),
		cmocka_unit_test(url_checks_before_allocating),
		cmocka_unit_test(url_field_count_limit),
		cmocka_unit_test(url_name_limit),
		cmocka_unit_test(url_value_limit),
		cmocka_unit_test(url_total_limit),
		cmocka_unit_test(url_custom_limits),
		cmocka_unit_test(cookie_pairs),
		cmocka_unit_test(cookie_skips_and_empty),
		cmocka_unit_test(cookie_values_are_raw),
		cmocka_unit_test(cookie_bad_pairs_skipped),
		cmocka_unit_test(cookie_limits),
		cmocka_unit_test(strerror_texts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
