/*
 * fuzz-json: the JSON reader under libFuzzer, fed bytes the way a peer
 * would send them, each input with a fresh arena.
 *
 * A refusal must come with a reason and an acceptance without one.  An
 * accepted tree must hold what callers rely on: n values (and n keys in
 * an object) behind non-NULL arrays; strings, keys and number text
 * NUL-terminated at len, with no NUL before it and valid UTF-8; numbers
 * in the RFC 8259 grammar; nesting within JSON_MAXDEPTH; every key found
 * by json_get at its own place, so none is there twice; json_to_int
 * agreeing with strtoll.  Written back out, the tree must read back the
 * same.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "json.h"
#include "util.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_text(const char *s, size_t len)
{
	CHECK(s != NULL);
	CHECK(s[len] == '\0');
	CHECK(memchr(s, '\0', len) == NULL);
	CHECK(utf8_valid(s, len));
}

static size_t
skip_digits(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? and nothing else */
static bool
number_grammar(const char *s, size_t n)
{
	size_t	 i = 0, j;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		i = skip_digits(s, i + 1, n);
	else
		return false;
	if (i < n && s[i] == '.') {
		if ((j = skip_digits(s, i + 1, n)) == i + 1)
			return false;
		i = j;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if ((j = skip_digits(s, i, n)) == i)
			return false;
		i = j;
	}
	return i == n;
}

/* json_to_int takes exactly what strtoll reads whole and in range. */
static void
check_number(const struct jval *v)
{
	long long	 ll;
	int64_t		 i;
	char		*end;
	bool		 whole;

	check_text(v->str, v->len);
	CHECK(number_grammar(v->str, v->len));
	whole = strpbrk(v->str, ".eE") == NULL;
	errno = 0;
	ll = strtoll(v->str, &end, 10);
	whole = whole && errno == 0 && *end == '\0';
	CHECK(json_to_int(v, &i) == whole);
	CHECK(!whole || i == ll);
}

static void
check_tree(const struct jval *v, size_t depth)
{
	size_t	 i;

	switch (v->type) {
	case JSON_NULL:
	case JSON_FALSE:
	case JSON_TRUE:
		CHECK(v->n == 0);
		return;
	case JSON_NUMBER:
		check_number(v);
		return;
	case JSON_STRING:
		check_text(v->str, v->len);
		return;
	case JSON_ARRAY:
	case JSON_OBJECT:
		break;
	default:
		abort();
	}
	CHECK(depth < JSON_MAXDEPTH);
	CHECK(v->n == 0 || v->kids != NULL);
	CHECK((v->type == JSON_OBJECT && v->n > 0) == (v->keys != NULL));
	for (i = 0; i < v->n; i++) {
		if (v->type == JSON_OBJECT) {
			check_text(v->keys[i], strlen(v->keys[i]));
			CHECK(json_get(v, v->keys[i]) == &v->kids[i]);
		}
		check_tree(&v->kids[i], depth + 1);
	}
}

static void
write_tree(struct buf *b, const struct jval *v)
{
	size_t	 i;

	switch (v->type) {
	case JSON_NULL:
		buf_puts(b, "null");
		return;
	case JSON_FALSE:
		buf_puts(b, "false");
		return;
	case JSON_TRUE:
		buf_puts(b, "true");
		return;
	case JSON_NUMBER:
		buf_add(b, v->str, v->len);
		return;
	case JSON_STRING:
		json_quote(b, v->str);
		return;
	default:
		break;
	}
	buf_putc(b, v->type == JSON_OBJECT ? '{' : '[');
	for (i = 0; i < v->n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		if (v->type == JSON_OBJECT) {
			json_quote(b, v->keys[i]);
			buf_putc(b, ':');
		}
		write_tree(b, &v->kids[i]);
	}
	buf_putc(b, v->type == JSON_OBJECT ? '}' : ']');
}

static void
check_same(const struct jval *x, const struct jval *y)
{
	size_t	 i;

	CHECK(x->type == y->type && x->n == y->n && x->len == y->len);
	if (x->type == JSON_NUMBER || x->type == JSON_STRING)
		CHECK(memcmp(x->str, y->str, x->len) == 0);
	for (i = 0; i < x->n; i++) {
		if (x->type == JSON_OBJECT)
			CHECK(strcmp(x->keys[i], y->keys[i]) == 0);
		check_same(&x->kids[i], &y->kids[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a = arena_new(4096);
	const struct jval	*v, *again;
	struct buf		 b;
	const char		*err = "unset";

	v = json_parse(a, (const char *)data, size, &err);
	CHECK((v == NULL) == (err != NULL));
	CHECK(err == NULL || err[0] != '\0');
	if (v != NULL) {
		check_tree(v, 0);
		buf_init(&b, a);
		write_tree(&b, v);
		/* escaping controls as \uXXXX may outgrow the limit */
		if (b.len <= JSON_READ_MAX) {
			again = json_parse(a, b.data, b.len, &err);
			CHECK(again != NULL);
			check_same(v, again);
		}
	}
	arena_free(a);
	return 0;
}
