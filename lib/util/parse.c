/*
 * parse: bounded parsers for query strings, urlencoded bodies and cookies.
 *
 * Each parser works in two steps over the raw bytes.  The first counts the
 * pairs and checks every limit, the percent-encoding and the names without
 * allocating, so oversized or malformed input costs no memory.  The second
 * decodes the pairs into the arena and checks the decoded values (UTF-8, no
 * NUL); what it can use is already bounded by the first step.  On any
 * failure the output list is empty: a page never sees half its input.
 *
 * It deliberately does not judge control characters (that is per declared
 * field), does not merge repeated names (kv_find() returns the first) and
 * does not parse multipart bodies, which stream to disk elsewhere.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "arena.h"
#include "parse.h"
#include "util.h"

const struct parse_limits parse_default_limits = {
	.max_fields = 64,
	.max_name = 64,
	.max_value = 8192,
	.max_total = 65536,
};

/* One raw pair as it appears in the input, before decoding. */
struct span {
	const char	*name;
	size_t		 nlen;
	const char	*val;
	size_t		 vlen;
};

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decodes s[0..n) into `out` (NULL to only measure) and stores the
 * decoded length in *outlen.  The decoded text is never longer than the
 * raw text, so a caller can size `out` from the measuring pass.
 */
static enum parse_rc
pct_decode(const char *s, size_t n, char *out, size_t *outlen)
{
	size_t	 i, o = 0;
	int	 hi, lo;

	for (i = 0; i < n; i++, o++) {
		if (s[i] == '%') {
			if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				return PARSE_BAD_ENCODING;
			if (out != NULL)
				out[o] = (char)(hi << 4 | lo);
			i += 2;
		} else if (out != NULL)
			out[o] = s[i] == '+' ? ' ' : s[i];
	}
	*outlen = o;
	return PARSE_OK;
}

static bool
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static bool
name_ok(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!name_char(s[i]))
			return false;
	return n > 0;
}

static bool
value_ok(const char *s, size_t n)
{
	return memchr(s, '\0', n) == NULL && utf8_valid(s, n);
}

/* Splits "name=value" (or "name" alone, which has an empty value). */
static void
span_split(const char *s, size_t n, struct span *sp)
{
	const char	*eq;

	eq = memchr(s, '=', n);
	sp->name = s;
	sp->nlen = eq == NULL ? n : (size_t)(eq - s);
	sp->val = eq == NULL ? s + n : eq + 1;
	sp->vlen = eq == NULL ? 0 : n - sp->nlen - 1;
}

/* The next '&'-separated segment at *pos, skipping empty ones; false at
 * the end of the input. */
static bool
next_segment(const char *s, size_t n, size_t *pos, struct span *sp)
{
	const char	*amp;
	size_t		 len;

	while (*pos < n && s[*pos] == '&')
		(*pos)++;
	if (*pos >= n)
		return false;
	amp = memchr(s + *pos, '&', n - *pos);
	len = amp == NULL ? n - *pos : (size_t)(amp - (s + *pos));
	span_split(s + *pos, len, sp);
	*pos += len;
	return true;
}

/* The name set, judged on the decoded bytes of an encoding already checked
 * by pct_decode(), so no copy is needed. */
static bool
pct_name_ok(const char *s, size_t n)
{
	size_t	 i;
	char	 c;

	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '%') {
			c = (char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2]));
			i += 2;
		}
		if (!name_char(c))
			return false;
	}
	return n > 0;
}

/* Everything about one urlencoded pair that can be known without memory. */
static enum parse_rc
url_check(const struct span *sp, const struct parse_limits *lim)
{
	enum parse_rc	 rc;
	size_t		 len;

	if ((rc = pct_decode(sp->name, sp->nlen, NULL, &len)) != PARSE_OK)
		return rc;
	if (len > lim->max_name)
		return PARSE_TOO_LONG;
	if (!pct_name_ok(sp->name, sp->nlen))
		return PARSE_BAD_NAME;
	if ((rc = pct_decode(sp->val, sp->vlen, NULL, &len)) != PARSE_OK)
		return rc;
	return len > lim->max_value ? PARSE_TOO_LONG : PARSE_OK;
}

static const char *
url_copy(struct arena *a, const char *s, size_t n, size_t *outlen)
{
	char	*p;

	p = arena_alloc(a, n + 1);
	pct_decode(s, n, p, outlen);
	p[*outlen] = '\0';
	return p;
}

static enum parse_rc
url_fill(struct arena *a, const char *s, size_t n, struct kvlist *out)
{
	struct span	 sp;
	struct kv	*kv;
	size_t		 pos = 0, nlen;

	while (next_segment(s, n, &pos, &sp)) {
		kv = &out->v[out->n];
		kv->key = url_copy(a, sp.name, sp.nlen, &nlen);
		kv->val = url_copy(a, sp.val, sp.vlen, &kv->vlen);
		if (!value_ok(kv->val, kv->vlen))
			return PARSE_BAD_UTF8;
		out->n++;
	}
	return PARSE_OK;
}

enum parse_rc
parse_urlencoded(struct arena *a, const char *s, size_t n,
    const struct parse_limits *lim, struct kvlist *out)
{
	struct span	 sp;
	enum parse_rc	 rc;
	size_t		 pos = 0, count = 0;

	out->v = NULL;
	out->n = 0;
	if (n > lim->max_total)
		return PARSE_TOO_LONG;
	while (next_segment(s, n, &pos, &sp)) {
		if (++count > lim->max_fields)
			return PARSE_TOO_MANY;
		if ((rc = url_check(&sp, lim)) != PARSE_OK)
			return rc;
	}
	if (count == 0)
		return PARSE_OK;
	out->v = arena_alloc(a, count * sizeof(*out->v));
	if ((rc = url_fill(a, s, n, out)) != PARSE_OK) {
		out->v = NULL;
		out->n = 0;
	}
	return rc;
}

static bool
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static void
trim_ows(const char **s, size_t *n)
{
	while (*n > 0 && is_ows(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_ows((*s)[*n - 1]))
		(*n)--;
}

/*
 * The next ';'-separated cookie pair at *pos, trimmed and unquoted.  Pairs
 * without '=' are skipped here, as RFC 6265 section 5.2 has user agents
 * ignore them.
 */
static bool
next_cookie(const char *s, size_t n, size_t *pos, struct span *sp)
{
	const char	*semi, *seg;
	size_t		 len;

	while (*pos < n) {
		seg = s + *pos;
		semi = memchr(seg, ';', n - *pos);
		len = semi == NULL ? n - *pos : (size_t)(semi - seg);
		*pos += semi == NULL ? len : len + 1;
		if (memchr(seg, '=', len) == NULL)
			continue;
		span_split(seg, len, sp);
		trim_ows(&sp->name, &sp->nlen);
		trim_ows(&sp->val, &sp->vlen);
		if (sp->vlen >= 2 && sp->val[0] == '"' &&
		    sp->val[sp->vlen - 1] == '"') {
			sp->val++;
			sp->vlen -= 2;
		}
		return true;
	}
	return false;
}

static enum parse_rc
cookie_check(const struct span *sp, const struct parse_limits *lim)
{
	if (sp->nlen > lim->max_name || sp->vlen > lim->max_value)
		return PARSE_TOO_LONG;
	if (!name_ok(sp->name, sp->nlen))
		return PARSE_BAD_NAME;
	if (!value_ok(sp->val, sp->vlen))
		return PARSE_BAD_UTF8;
	return PARSE_OK;
}

enum parse_rc
parse_cookies(struct arena *a, const char *s, size_t n,
    const struct parse_limits *lim, struct kvlist *out)
{
	struct span	 sp;
	struct kv	*kv;
	size_t		 pos = 0, count = 0, good = 0;

	out->v = NULL;
	out->n = 0;
	if (n > lim->max_total)
		return PARSE_TOO_LONG;
	while (next_cookie(s, n, &pos, &sp)) {
		if (++count > lim->max_fields)
			return PARSE_TOO_MANY;
		if (cookie_check(&sp, lim) == PARSE_OK)
			good++;
	}
	if (good == 0)
		return PARSE_OK;
	out->v = arena_alloc(a, good * sizeof(*out->v));
	for (pos = 0; next_cookie(s, n, &pos, &sp);) {
		if (cookie_check(&sp, lim) != PARSE_OK)
			continue;
		kv = &out->v[out->n++];
		kv->key = arena_strndup(a, sp.name, sp.nlen);
		kv->val = arena_strndup(a, sp.val, sp.vlen);
		kv->vlen = sp.vlen;
	}
	return PARSE_OK;
}

const struct kv *
kv_find(const struct kvlist *l, const char *key)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return &l->v[i];
	return NULL;
}

const char *
parse_strerror(enum parse_rc rc)
{
	static const char *const msgs[PARSE_RC__MAX] = {
		[PARSE_OK] = "ok",
		[PARSE_TOO_MANY] = "too many fields",
		[PARSE_TOO_LONG] = "a name, value or the input is too long",
		[PARSE_BAD_NAME] = "empty name or a character outside [A-Za-z0-9_.-]",
		[PARSE_BAD_ENCODING] = "'%' not followed by two hex digits",
		[PARSE_BAD_UTF8] = "a value is not UTF-8 or contains NUL",
	};

	if ((unsigned)rc >= PARSE_RC__MAX)
		return "unknown parse error";
	return msgs[rc];
}
