/*
 * fuzz-form: the application/x-www-form-urlencoded body parser under
 * libFuzzer.
 *
 * Each input is parsed with the default limits (max_total 65536, as for a
 * form body) in an arena reset per input.  On success every pair must obey
 * the parser's contract and kv_find() must return the first pair of each
 * name; on failure the list must be empty.  The limits are then probed at
 * the result's own size: limits equal to what was found still parse, one
 * less field or one byte less of value must fail with the precise code.
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
check_list(enum parse_rc rc, const struct kvlist *l,
    const struct parse_limits *lim)
{
	size_t	 i, n;

	CHECK(rc < PARSE_RC__MAX);
	if (rc != PARSE_OK) {
		CHECK(l->n == 0 && l->v == NULL);
		return;
	}
	CHECK(l->n <= lim->max_fields);
	for (i = 0; i < l->n; i++) {
		n = strlen(l->v[i].key);
		CHECK(n >= 1 && n <= lim->max_name);
		CHECK(strspn(l->v[i].key, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789_.-") == n);
		CHECK(strlen(l->v[i].val) == l->v[i].vlen);
		CHECK(l->v[i].vlen <= lim->max_value);
		CHECK(utf8_valid(l->v[i].val, l->v[i].vlen));
		CHECK(kv_find(l, l->v[i].key) <= &l->v[i]);
		CHECK(strcmp(kv_find(l, l->v[i].key)->key, l->v[i].key) == 0);
	}
}

static enum parse_rc
reparse(const uint8_t *data, size_t size, const struct parse_limits *lim)
{
	struct kvlist	 l;

	return parse_urlencoded(arena, (const char *)data, size, lim, &l);
}

static void
probe_limits(const uint8_t *data, size_t size, const struct kvlist *l)
{
	struct parse_limits	 lim = parse_default_limits;
	size_t			 i, longest = 0;

	for (i = 0; i < l->n; i++)
		if (l->v[i].vlen > longest)
			longest = l->v[i].vlen;
	lim.max_fields = l->n;
	lim.max_value = longest;
	lim.max_total = size;
	CHECK(reparse(data, size, &lim) == PARSE_OK);
	if (l->n > 0) {
		lim.max_fields = l->n - 1;
		CHECK(reparse(data, size, &lim) == PARSE_TOO_MANY);
		lim.max_fields = l->n;
	}
	if (longest > 0) {
		lim.max_value = longest - 1;
		CHECK(reparse(data, size, &lim) == PARSE_TOO_LONG);
		lim.max_value = longest;
	}
	if (size > 0) {
		lim.max_total = size - 1;
		CHECK(reparse(data, size, &lim) == PARSE_TOO_LONG);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_limits	 lim = parse_default_limits;
	struct kvlist		 l;
	enum parse_rc		 rc;

	lim.max_total = 65536;
	if (arena == NULL)
		arena = arena_new(64 * 1024);
	arena_reset(arena);
	rc = parse_urlencoded(arena, (const char *)data, size, &lim, &l);
	check_list(rc, &l, &lim);
	if (rc == PARSE_OK)
		probe_limits(data, size, &l);
	return 0;
}
