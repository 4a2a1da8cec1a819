/*
 * fuzz-cookie: the Cookie header parser under libFuzzer.
 *
 * Each input is parsed with the default limits in an arena reset per
 * input.  On success every pair must obey the parser's contract (name set
 * and length, value UTF-8 without NUL and within its limit, field count)
 * and no value may hold the ';' that separates pairs; on failure the list
 * must be empty.  Input within the size limit and without any '=' holds no
 * pair, so it must parse to nothing.
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
check_value(const struct kv *kv, const struct parse_limits *lim)
{
	CHECK(strlen(kv->val) == kv->vlen);
	CHECK(kv->vlen <= lim->max_value);
	CHECK(utf8_valid(kv->val, kv->vlen));
	CHECK(memchr(kv->val, ';', kv->vlen) == NULL);
}

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
		check_value(&l->v[i], lim);
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
	rc = parse_cookies(arena, (const char *)data, size, lim, &l);
	check_list(rc, &l, lim);
	if (size > lim->max_total)
		CHECK(rc == PARSE_TOO_LONG);
	if (size <= lim->max_total &&
	    (size == 0 || memchr(data, '=', size) == NULL))
		CHECK(rc == PARSE_OK && l.n == 0);
	return 0;
}
