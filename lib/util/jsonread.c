/*
 * jsonread: the JSON reader (see json.h), for what other servers send us:
 * OpenID discovery documents, key sets, token responses, the headers and
 * claims of ID tokens.  Every byte of it is treated as hostile.
 *
 * One recursive descent over text that has been checked to be UTF-8 up
 * front, so string contents copied as they are stay valid and only \u
 * escapes need care.  Recursion is bounded by JSON_MAXDEPTH and the input
 * by JSON_READ_MAX; elements and members are gathered in arrays that
 * double, and duplicate keys are found by sorting, so no document costs
 * more than n log n.  Everything lives in the arena; a refused document
 * leaves its partial tree there, to go with the arena.
 *
 * It deliberately accepts no extensions (comments, trailing commas, NaN,
 * single quotes, a byte-order mark), converts no numbers but whole ones
 * (json_to_int), and gives a reason without a position: a peer that sends
 * bad JSON is not debugged from our logs.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "json.h"
#include "util.h"

/* Objects with more members than this are checked for duplicates by
 * sorting a copy of their keys rather than comparing every pair. */
#define PAIRWISE_MAX	8

struct reader {
	struct arena	*a;
	const char	*p;	/* next byte */
	const char	*end;
	const char	*err;	/* the first reason, NULL while all is well */
	size_t		 depth;	/* objects and arrays open around p */
};

static bool	 value(struct reader *, struct jval *);

static bool
fail(struct reader *r, const char *why)
{
	if (r->err == NULL)
		r->err = why;
	return false;
}

/* The next byte after whitespace, or -1 at the end of the text. */
static int
peek(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
	    *r->p == '\n' || *r->p == '\r'))
		r->p++;
	return r->p < r->end ? (unsigned char)*r->p : -1;
}

static bool
is_digit(const struct reader *r)
{
	return r->p < r->end && *r->p >= '0' && *r->p <= '9';
}

static bool
literal(struct reader *r, const char *word, enum json_type type,
    struct jval *v)
{
	size_t	 n = strlen(word), have = (size_t)(r->end - r->p);

	if (memcmp(r->p, word, have < n ? have : n) != 0)
		return fail(r, "unexpected character");
	if (have < n)
		return fail(r, "unexpected end");
	r->p += n;
	v->type = type;
	return true;
}

/* One or more digits: the part of a number after '.', 'e' or a sign. */
static bool
digits(struct reader *r)
{
	if (!is_digit(r))
		return fail(r, r->p == r->end ? "unexpected end" :
		    "invalid number");
	while (is_digit(r))
		r->p++;
	return true;
}

/* RFC 8259 section 6, kept as text: -? (0 | [1-9][0-9]*) frac? exp? */
static bool
number(struct reader *r, struct jval *v)
{
	const char	*start = r->p;

	if (*r->p == '-')
		r->p++;
	if (r->p < r->end && *r->p == '0') {
		r->p++;
		if (is_digit(r))
			return fail(r, "leading zero");
	} else if (!digits(r))
		return false;
	if (r->p < r->end && *r->p == '.') {
		r->p++;
		if (!digits(r))
			return false;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (!digits(r))
			return false;
	}
	v->type = JSON_NUMBER;
	v->len = (size_t)(r->p - start);
	v->str = arena_strndup(r->a, start, v->len);
	return true;
}

/* Four hex digits at s, or -1. */
static long
hex4(const char *s, const char *end)
{
	long	 v = 0;
	int	 i, c;

	if (end - s < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			c = (c | 0x20) - 'a' + 10;
		else
			return -1;
		v = v * 16 + c;
	}
	return v;
}

/*
 * The code point of the \u escape whose digits start at *s, taking the
 * low half that must follow a high surrogate; *s moves past what was
 * used.  U+0000 is refused because strings come back NUL-terminated.
 */
static bool
codepoint(struct reader *r, const char **s, const char *end, uint32_t *cp)
{
	long	 hi, lo;

	if ((hi = hex4(*s, end)) < 0)
		return fail(r, "invalid escape");
	*s += 4;
	if (hi == 0)
		return fail(r, "escaped NUL");
	if (hi < 0xd800 || hi > 0xdfff) {
		*cp = (uint32_t)hi;
		return true;
	}
	if (hi > 0xdbff || end - *s < 6 || (*s)[0] != '\\' ||
	    (*s)[1] != 'u' || (lo = hex4(*s + 2, end)) < 0xdc00 || lo > 0xdfff)
		return fail(r, "lone surrogate");
	*s += 6;
	*cp = 0x10000 + (((uint32_t)hi - 0xd800) << 10) +
	    ((uint32_t)lo - 0xdc00);
	return true;
}

/* Writes cp (not a surrogate, at most U+10FFFF) as UTF-8; its length. */
static size_t
utf8_put(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The one byte a two-character escape stands for, or -1. */
static int
simple_escape(char c)
{
	static const char	 from[] = "\"\\/bfnrt";
	static const char	 to[] = "\"\\/\b\f\n\r\t";
	const char		*p;

	if (c == '\0' || (p = strchr(from, c)) == NULL)
		return -1;
	return (unsigned char)to[p - from];
}

/*
 * Decodes the n bytes of string body at s into out, which has room for n:
 * no escape is shorter than what it decodes to.  Every backslash in the
 * body is followed by a byte of it (string_span saw to that).
 */
static bool
unescape(struct reader *r, const char *s, size_t n, char *out,
    size_t *outlen)
{
	const char	*end = s + n;
	size_t		 o = 0;
	uint32_t	 cp;
	int		 c;

	while (s < end) {
		if (*s != '\\') {
			out[o++] = *s++;
			continue;
		}
		if (s[1] == 'u') {
			s += 2;
			if (!codepoint(r, &s, end, &cp))
				return false;
			o += utf8_put(out + o, cp);
		} else if ((c = simple_escape(s[1])) >= 0) {
			out[o++] = (char)c;
			s += 2;
		} else
			return fail(r, "invalid escape");
	}
	*outlen = o;
	return true;
}

/* The length of the string body at r->p, up to its closing quote; *esc
 * is set when it holds escapes.  Raw control characters are refused. */
static bool
string_span(struct reader *r, size_t *n, bool *esc)
{
	const char	*q;

	*esc = false;
	for (q = r->p; q < r->end; q++) {
		if (*q == '"') {
			*n = (size_t)(q - r->p);
			return true;
		}
		if ((unsigned char)*q < 0x20)
			return fail(r, "control character in string");
		if (*q == '\\') {
			*esc = true;
			if (++q == r->end)
				break;
		}
	}
	return fail(r, "unexpected end");
}

/* A string at r->p (its opening quote), NUL-terminated in the arena. */
static bool
string(struct reader *r, const char **str, size_t *len)
{
	char	*out;
	size_t	 n;
	bool	 esc;

	r->p++;
	if (!string_span(r, &n, &esc))
		return false;
	out = arena_alloc(r->a, n + 1);
	if (!esc) {
		memcpy(out, r->p, n);
		*len = n;
	} else if (!unescape(r, r->p, n, out, len))
		return false;
	out[*len] = '\0';
	*str = out;
	r->p += n + 1;
	return true;
}

/* After an element or member: 1 when a comma says another follows, 0
 * when `close` ends the list, -1 (with a reason) otherwise. */
static int
next_item(struct reader *r, char close)
{
	int	 c;

	if ((c = peek(r)) == ',' || c == close) {
		r->p++;
		return c == ',';
	}
	if (c == -1)
		fail(r, "unexpected end");
	else
		fail(r, close == ']' ? "expected ',' or ']'" :
		    "expected ',' or '}'");
	return -1;
}

static bool
array(struct reader *r, struct jval *v)
{
	struct jval	*kids = NULL;
	size_t		 n = 0;
	int		 more;

	r->p++;
	v->type = JSON_ARRAY;
	if (peek(r) == ']') {
		r->p++;
		return true;
	}
	do {
		kids = arena_grow(r->a, kids, n, sizeof(*kids));
		if (!value(r, &kids[n++]))
			return false;
	} while ((more = next_item(r, ']')) == 1);
	v->kids = kids;
	v->n = n;
	return more == 0;
}

static int
keycmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Keys hold no NUL (escaped NUL is refused), so strcmp sees all of them. */
static bool
has_duplicate(struct arena *a, const char **keys, size_t n)
{
	const char	**sorted;
	size_t		  i, j;

	if (n <= PAIRWISE_MAX) {
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				if (strcmp(keys[i], keys[j]) == 0)
					return true;
		return false;
	}
	sorted = arena_alloc(a, n * sizeof(*sorted));
	memcpy(sorted, keys, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), keycmp);
	for (i = 1; i < n; i++)
		if (strcmp(sorted[i - 1], sorted[i]) == 0)
			return true;
	return false;
}

/* One "key": value at r->p, stored as member n of keys and kids. */
static bool
member(struct reader *r, const char **key, struct jval *kid)
{
	size_t	 len;
	int	 c;

	if ((c = peek(r)) != '"')
		return fail(r, c == -1 ? "unexpected end" : "expected a key");
	if (!string(r, key, &len))
		return false;
	if ((c = peek(r)) != ':')
		return fail(r, c == -1 ? "unexpected end" : "expected ':'");
	r->p++;
	return value(r, kid);
}

static bool
object(struct reader *r, struct jval *v)
{
	const char	**keys = NULL;
	struct jval	 *kids = NULL;
	size_t		  n = 0;
	int		  more;

	r->p++;
	v->type = JSON_OBJECT;
	if (peek(r) == '}') {
		r->p++;
		return true;
	}
	do {
		keys = arena_grow(r->a, keys, n, sizeof(*keys));
		kids = arena_grow(r->a, kids, n, sizeof(*kids));
		if (!member(r, &keys[n], &kids[n]))
			return false;
		n++;
	} while ((more = next_item(r, '}')) == 1);
	if (more < 0)
		return false;
	if (has_duplicate(r->a, keys, n))
		return fail(r, "duplicate key");
	v->keys = keys;
	v->kids = kids;
	v->n = n;
	return true;
}

/* Opens one more level of nesting around an object or array. */
static bool
nested(struct reader *r, struct jval *v)
{
	bool	 ok;

	if (r->depth == JSON_MAXDEPTH)
		return fail(r, "nested too deep");
	r->depth++;
	ok = *r->p == '{' ? object(r, v) : array(r, v);
	r->depth--;
	return ok;
}

static bool
value(struct reader *r, struct jval *v)
{
	int	 c;

	switch ((c = peek(r))) {
	case -1:
		return fail(r, "unexpected end");
	case '{':
	case '[':
		return nested(r, v);
	case '"':
		v->type = JSON_STRING;
		return string(r, &v->str, &v->len);
	case 't':
		return literal(r, "true", JSON_TRUE, v);
	case 'f':
		return literal(r, "false", JSON_FALSE, v);
	case 'n':
		return literal(r, "null", JSON_NULL, v);
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return number(r, v);
		return fail(r, "unexpected character");
	}
}

struct jval *
json_parse(struct arena *a, const char *text, size_t len, const char **err)
{
	struct reader	 r;
	struct jval	*v;
	const char	*why;

	if (err == NULL)
		err = &why;
	*err = NULL;
	if (len > JSON_READ_MAX) {
		*err = "too large";
		return NULL;
	}
	if (text == NULL)
		len = 0;
	if (len > 0 && !utf8_valid(text, len)) {
		*err = "invalid UTF-8";
		return NULL;
	}
	memset(&r, 0, sizeof(r));
	r.a = a;
	r.p = r.end = text;
	if (len > 0)
		r.end += len;
	v = arena_alloc(a, sizeof(*v));
	if (!value(&r, v) || peek(&r) != -1) {
		*err = r.err != NULL ? r.err : "trailing text";
		return NULL;
	}
	return v;
}

const struct jval *
json_get(const struct jval *v, const char *key)
{
	size_t	 i;

	if (v == NULL || key == NULL || v->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return &v->kids[i];
	return NULL;
}

const char *
json_get_str(const struct jval *v, const char *key)
{
	const struct jval	*m;

	if ((m = json_get(v, key)) == NULL || m->type != JSON_STRING)
		return NULL;
	return m->str;
}

/* Digits only after an optional '-': the parser kept the number's text
 * as sent, so "1.0" and "1e3" are refused here rather than rounded. */
bool
json_to_int(const struct jval *v, int64_t *out)
{
	const char	*s;
	uint64_t	 n = 0, max, d;
	size_t		 i;
	bool		 neg;

	if (v == NULL || v->type != JSON_NUMBER || v->str == NULL)
		return false;
	s = v->str;
	neg = v->len > 0 && s[0] == '-';
	i = neg ? 1 : 0;
	if (i == v->len)
		return false;
	max = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < v->len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		d = (uint64_t)(s[i] - '0');
		if (n > (max - d) / 10)
			return false;
		n = n * 10 + d;
	}
	*out = neg && n > 0 ? -(int64_t)(n - 1) - 1 : (int64_t)n;
	return true;
}
