/*
 * fuzz-query: the query-string parser under libFuzzer.
 *
 * Each input is parsed with the default limits in an arena reset per
 * input.  On success every pair must obey the parser's contract (name set
 * and length, value UTF-8 without NUL and within its limit, field count);
 * on failure the list must be empty.  A successful result is then
 * re-encoded and parsed again, which must give back the same pairs: the
 * decoder and its checks agree with each other.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "parse.h"
#include "util.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct arena	*arena;

static void
check_name(const char *s, const struct parse_limits *lim)
{
	size_t	 n;

	n = strlen(s);
	CHECK(n >= 1 && n <= lim->max_name);
	CHECK(strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_.-") == n);
}

static void
check_list(enum parse_rc rc, const struct kvlist *l,
    const struct parse_limits *lim)
{
	size_t	 i;

	CHECK(rc < PARSE_RC__MAX);
	if (rc != PARSE_OK) {
		CHECK(l->n == 0 && l->v == NULL);
		return;
	}
	CHECK(l->n <= lim->max_fields);
	for (i = 0; i < l->n; i++) {
		check_name(l->v[i].key, lim);
		CHECK(strlen(l->v[i].val) == l->v[i].vlen);
		CHECK(l->v[i].vlen <= lim->max_value);
		CHECK(utf8_valid(l->v[i].val, l->v[i].vlen));
	}
}

/* Percent-encodes every byte outside the unreserved set. */
static void
encode(struct buf *b, const char *s, size_t n)
{
	size_t	 i;
	uint8_t	 c;
	char	 hex[3];

	for (i = 0; i < n; i++) {
		c = (uint8_t)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~')
			buf_putc(b, (char)c);
		else {
			hex_encode(&c, 1, hex);
			buf_putc(b, '%');
			buf_add(b, hex, 2);
		}
	}
}

static void
round_trip(const struct kvlist *l)
{
	struct parse_limits	 lim = parse_default_limits;
	struct kvlist		 again;
	struct buf		 b;
	size_t			 i;

	buf_init(&b, arena);
	for (i = 0; i < l->n; i++) {
		if (i > 0)
			buf_putc(&b, '&');
		encode(&b, l->v[i].key, strlen(l->v[i].key));
		buf_putc(&b, '=');
		encode(&b, l->v[i].val, l->v[i].vlen);
	}
	/* Encoding can triple the raw size; the decoded limits still hold. */
	lim.max_total = SIZE_MAX;
	CHECK(parse_urlencoded(arena, buf_cstr(&b), b.len, &lim, &again) ==
	    PARSE_OK);
	CHECK(again.n == l->n);
	for (i = 0; i < l->n; i++) {
		CHECK(strcmp(again.v[i].key, l->v[i].key) == 0);
		CHECK(again.v[i].vlen == l->v[i].vlen);
		CHECK(memcmp(again.v[i].val, l->v[i].val, l->v[i].vlen) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct parse_limits	*lim = &parse_default_limits;
	struct kvlist			 l;
	enum parse_rc			 rc;

	if (arena == NULL)
		arena = arena_new(64 * 1024);
	arena_reset(arena);
	rc = parse_urlencoded(arena, (const char *)data, size, lim, &l);
	check_list(rc, &l, lim);
	if (size > lim->max_total)
		CHECK(rc == PARSE_TOO_LONG);
	if (rc == PARSE_OK)
		round_trip(&l);
	return 0;
}
