/*
 * multipart: the streaming multipart/form-data parser (see multipart.h).
 *
 * A state machine fed byte ranges.  The delimiter is CRLF "--" boundary;
 * the body is treated as if it began with a CRLF, so a first boundary at
 * the very start is found like every other.  Inside a part (and in the
 * preamble) the only bytes held back across chunks are a partial match of
 * the delimiter, and since the boundary cannot contain CR, a failed match
 * can only restart at a CR: the held bytes are always a prefix of the
 * delimiter itself and are given back from it, so no copy of the data is
 * kept.  Header lines are gathered in one buffer of max_header_line bytes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "multipart.h"
#include "util.h"

const struct mp_limits mp_default_limits = {
	.max_header_line = 2048,
	.max_headers = 8,
	.max_parts = 32,
	.max_name = 64,
	.max_field = 8 * 1024,
	.max_file = 25 * 1024 * 1024,
	.max_total = 26 * 1024 * 1024,
};

enum mp_state {
	ST_PREAMBLE,	/* before the first delimiter */
	ST_DELIM_END,	/* just after a delimiter */
	ST_DASH,	/* "-" after a delimiter: the closing one? */
	ST_PADDING,	/* white space after a delimiter */
	ST_DELIM_LF,	/* CR after a delimiter */
	ST_HEADER,	/* in a header line */
	ST_HEADER_LF,	/* CR ending a header line */
	ST_BODY,	/* a part's bytes */
	ST_EPILOGUE,	/* after the closing delimiter */
};

struct mp {
	struct arena		*a;
	struct mp_limits	 lim;
	struct mp_handler	 h;
	char			 delim[MP_BOUNDARY_MAX + 4];
	size_t			 dlen;
	size_t			 matched;	/* delimiter bytes held back */
	enum mp_state		 st;
	enum mp_rc		 rc;
	uint64_t		 total;
	size_t			 nparts;
	struct kvlist		 fields;
	/* the part being read */
	char			*line;
	size_t			 linelen;
	size_t			 nheaders;
	bool			 has_disp;
	bool			 is_file;
	struct mp_file		 file;
	uint64_t		 filelen;
	char			*field;
	size_t			 fieldlen;
};

static const char *const errors[MP_RC__MAX] = {
	[MP_OK] = "ok",
	[MP_BAD_CONTENT_TYPE] = "content type is not multipart/form-data",
	[MP_BAD_BOUNDARY] = "boundary missing or invalid",
	[MP_TRUNCATED] = "body ends before the closing boundary",
	[MP_BAD_DELIMITER] = "boundary line followed by other bytes",
	[MP_LINE_TOO_LONG] = "part header line too long",
	[MP_TOO_MANY_HEADERS] = "too many part header lines",
	[MP_BAD_HEADER] = "malformed part header",
	[MP_BAD_NAME] = "part name missing or invalid",
	[MP_BAD_FILENAME] = "filename contains NUL",
	[MP_TOO_MANY_PARTS] = "too many parts",
	[MP_FIELD_TOO_LONG] = "field value too long",
	[MP_BAD_FIELD] = "field value not UTF-8 or contains NUL",
	[MP_FILE_TOO_LARGE] = "file too large",
	[MP_TOO_LARGE] = "body too large",
	[MP_STOPPED] = "stopped by the caller",
};

const char *
mp_strerror(enum mp_rc rc)
{
	return rc < MP_RC__MAX ? errors[rc] : "unknown multipart error";
}

/* ---------------------------------------------------------- header values */

static bool
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* An RFC 7230 token character. */
static bool
is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

/* RFC 2046 bchars (space only inside, checked by the caller). */
static bool
is_bchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("'()+_,-./:=? ", c));
}

/* A cursor over one header value (raw bytes, NUL possible). */
struct hv {
	const char	*p;
	size_t		 n;
};

static void
hv_skip_ows(struct hv *v)
{
	while (v->n > 0 && is_ows(*v->p)) {
		v->p++;
		v->n--;
	}
}

/* A token into (t, tn); false when there is none. */
static bool
hv_token(struct hv *v, const char **t, size_t *tn)
{
	size_t	 i = 0;

	while (i < v->n && is_tchar(v->p[i]))
		i++;
	*t = v->p;
	*tn = i;
	v->p += i;
	v->n -= i;
	return i > 0;
}

/*
 * A parameter value: a quoted string, or the bytes up to the next ';',
 * white space or '"' (RFC 2045 wants a token there, but senders leave
 * boundaries such as "----=_Part_1" unquoted; what the value may hold is
 * judged by its user).  A quoted string ends at the next '"'; a backslash
 * is kept as it is, since browsers send file names that way (the HTML
 * standard percent-encodes '"', CR and LF instead of escaping them).
 */
static bool
hv_value(struct hv *v, const char **t, size_t *tn)
{
	const char	*end;
	size_t		 i = 0;

	if (v->n == 0 || *v->p != '"') {
		while (i < v->n && v->p[i] != ';' && v->p[i] != '"' &&
		    !is_ows(v->p[i]))
			i++;
		*t = v->p;
		*tn = i;
		v->p += i;
		v->n -= i;
		return i > 0;
	}
	if ((end = memchr(v->p + 1, '"', v->n - 1)) == NULL)
		return false;
	*t = v->p + 1;
	*tn = (size_t)(end - v->p - 1);
	v->n -= *tn + 2;
	v->p = end + 1;
	return true;
}

/* The next "; name=value", or false at the end (*bad on bad syntax). */
static bool
hv_param(struct hv *v, const char **k, size_t *kn, const char **val,
    size_t *vn, bool *bad)
{
	hv_skip_ows(v);
	if (v->n == 0)
		return false;
	*bad = true;
	if (*v->p != ';')
		return false;
	v->p++;
	v->n--;
	hv_skip_ows(v);
	if (!hv_token(v, k, kn))
		return false;
	hv_skip_ows(v);
	if (v->n == 0 || *v->p != '=')
		return false;
	v->p++;
	v->n--;
	hv_skip_ows(v);
	if (!hv_value(v, val, vn))
		return false;
	*bad = false;
	return true;
}

static bool
ieq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

static bool
boundary_ok(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > MP_BOUNDARY_MAX || s[n - 1] == ' ')
		return false;
	for (i = 0; i < n; i++)
		if (!is_bchar(s[i]))
			return false;
	return true;
}

/* The boundary of a request Content-Type into m->delim. */
static enum mp_rc
read_content_type(struct mp *m, const char *ct)
{
	struct hv	 v;
	const char	*t, *k, *val = NULL, *b = NULL;
	size_t		 tn, kn, vn, bn = 0;
	bool		 bad = false;

	if (ct == NULL)
		ct = "";
	v.p = ct;
	v.n = strlen(ct);
	hv_skip_ows(&v);
	t = v.p;
	tn = strcspn(v.p, "; \t");
	v.p += tn;
	v.n -= tn;
	if (!ieq(t, tn, "multipart/form-data"))
		return MP_BAD_CONTENT_TYPE;
	while (hv_param(&v, &k, &kn, &val, &vn, &bad)) {
		if (!ieq(k, kn, "boundary"))
			continue;
		if (b != NULL)
			return MP_BAD_BOUNDARY;
		b = val;
		bn = vn;
	}
	if (bad && b == NULL)
		return MP_BAD_BOUNDARY;
	if (bad)
		return MP_BAD_CONTENT_TYPE;
	if (b == NULL || !boundary_ok(b, bn))
		return MP_BAD_BOUNDARY;
	memcpy(m->delim, "\r\n--", 4);
	memcpy(m->delim + 4, b, bn);
	m->dlen = bn + 4;
	return MP_OK;
}

/* ------------------------------------------------------------ part headers */

static bool
fail(struct mp *m, enum mp_rc rc)
{
	if (m->rc == MP_OK)
		m->rc = rc;
	return false;
}

static bool
name_ok(const struct mp *m, const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > m->lim.max_name)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_' || s[i] == '.' || s[i] == '-'))
			return false;
	return true;
}

/* Content-Disposition: form-data; name="..."; filename="..." */
static bool
read_disposition(struct mp *m, struct hv *v)
{
	const char	*t, *k, *val, *name = NULL, *fname = NULL;
	size_t		 tn, kn, vn, namelen = 0, fnamelen = 0;
	bool		 bad = false;

	if (m->has_disp)
		return fail(m, MP_BAD_HEADER);
	m->has_disp = true;
	if (!hv_token(v, &t, &tn) || !ieq(t, tn, "form-data"))
		return fail(m, MP_BAD_HEADER);
	while (hv_param(v, &k, &kn, &val, &vn, &bad)) {
		if (ieq(k, kn, "name")) {
			if (name != NULL)
				return fail(m, MP_BAD_HEADER);
			name = val;
			namelen = vn;
		} else if (ieq(k, kn, "filename")) {
			if (fname != NULL)
				return fail(m, MP_BAD_HEADER);
			fname = val;
			fnamelen = vn;
		}
	}
	if (fname != NULL && memchr(fname, '\0', fnamelen) != NULL)
		return fail(m, MP_BAD_FILENAME);
	if (bad || memchr(v->p, '\0', v->n) != NULL)
		return fail(m, MP_BAD_HEADER);
	if (name == NULL || !name_ok(m, name, namelen))
		return fail(m, MP_BAD_NAME);
	m->file.name = arena_strndup(m->a, name, namelen);
	if (fname != NULL) {
		m->is_file = true;
		m->file.filename = arena_strndup(m->a, fname, fnamelen);
		m->file.filename_len = fnamelen;
	}
	return true;
}

/* One header line of a part (line, linelen; CRLF removed). */
static bool
header_line(struct mp *m)
{
	const char	*colon;
	struct hv	 v;
	size_t		 i, nlen;

	if (++m->nheaders > m->lim.max_headers)
		return fail(m, MP_TOO_MANY_HEADERS);
	colon = memchr(m->line, ':', m->linelen);
	if (colon == NULL)
		return fail(m, MP_BAD_HEADER);
	nlen = (size_t)(colon - m->line);
	v.p = colon + 1;
	v.n = m->linelen - nlen - 1;
	hv_skip_ows(&v);
	while (v.n > 0 && is_ows(v.p[v.n - 1]))
		v.n--;
	if (ieq(m->line, nlen, "content-disposition"))
		return read_disposition(m, &v);
	if (memchr(m->line, '\0', m->linelen) != NULL)
		return fail(m, MP_BAD_HEADER);
	/* A name must be a token: this also refuses folded lines. */
	for (i = 0; i < nlen; i++)
		if (!is_tchar(m->line[i]))
			return fail(m, MP_BAD_HEADER);
	if (nlen == 0)
		return fail(m, MP_BAD_HEADER);
	if (ieq(m->line, nlen, "content-type")) {
		if (*m->file.content_type != '\0' || v.n == 0)
			return fail(m, MP_BAD_HEADER);
		m->file.content_type = arena_strndup(m->a, v.p, v.n);
	}
	return true;
}

static bool
part_begin(struct mp *m)
{
	if (++m->nparts > m->lim.max_parts)
		return fail(m, MP_TOO_MANY_PARTS);
	m->nheaders = 0;
	m->linelen = 0;
	m->has_disp = false;
	m->is_file = false;
	memset(&m->file, 0, sizeof(m->file));
	m->file.content_type = "";
	m->filelen = 0;
	m->fieldlen = 0;
	m->st = ST_HEADER;
	return true;
}

static bool
headers_end(struct mp *m)
{
	if (!m->has_disp)
		return fail(m, MP_BAD_HEADER);
	m->st = ST_BODY;
	m->matched = 0;
	if (m->is_file && m->h.on_file != NULL && !m->h.on_file(m->h.arg,
	    &m->file))
		return fail(m, MP_STOPPED);
	return true;
}

/* ------------------------------------------------------------ part bodies */

/* Bytes of the current part (or of the preamble, which are dropped). */
static bool
emit(struct mp *m, const char *p, size_t n)
{
	bool	 over = false;

	if (n == 0 || m->st == ST_PREAMBLE)
		return true;
	if (!m->is_file) {
		if (n > m->lim.max_field - m->fieldlen)
			return fail(m, MP_FIELD_TOO_LONG);
		memcpy(m->field + m->fieldlen, p, n);
		m->fieldlen += n;
		return true;
	}
	/* The bytes up to the limit still go out, so the caller sees the
	 * same bytes however the body was split. */
	if (n > m->lim.max_file - m->filelen) {
		n = (size_t)(m->lim.max_file - m->filelen);
		over = true;
	}
	m->filelen += n;
	if (n > 0 && m->h.on_data != NULL && !m->h.on_data(m->h.arg, p, n))
		return fail(m, MP_STOPPED);
	return over ? fail(m, MP_FILE_TOO_LARGE) : true;
}

static bool
part_end(struct mp *m)
{
	struct kv	*kv;

	if (m->is_file) {
		if (m->h.on_end != NULL && !m->h.on_end(m->h.arg))
			return fail(m, MP_STOPPED);
		return true;
	}
	if (memchr(m->field, '\0', m->fieldlen) != NULL ||
	    !utf8_valid(m->field, m->fieldlen))
		return fail(m, MP_BAD_FIELD);
	m->fields.v = arena_grow(m->a, m->fields.v, m->fields.n,
	    sizeof(*m->fields.v));
	kv = &m->fields.v[m->fields.n++];
	kv->key = m->file.name;
	kv->val = arena_strndup(m->a, m->field, m->fieldlen);
	kv->vlen = m->fieldlen;
	if (m->h.on_field != NULL && !m->h.on_field(m->h.arg, kv->key,
	    kv->val, kv->vlen))
		return fail(m, MP_STOPPED);
	return true;
}

/* A delimiter was matched in the preamble or a part. */
static void
delimiter(struct mp *m)
{
	if (m->st == ST_BODY && !part_end(m))
		return;
	m->st = ST_DELIM_END;
}

/*
 * Data bytes up to and including the next delimiter; returns how many of
 * the n bytes were used (all of them when no delimiter ends here).
 */
static size_t
scan(struct mp *m, const char *p, size_t n)
{
	const char	*cr;
	size_t		 i = 0, run = 0;

	while (i < n) {
		if (m->matched == 0) {
			if ((cr = memchr(p + i, '\r', n - i)) == NULL) {
				i = n;
				break;
			}
			i = (size_t)(cr - p);
			if (!emit(m, p + run, i - run))
				return n;
			m->matched = 1;
			run = ++i;
		} else if (p[i] == m->delim[m->matched]) {
			run = ++i;
			if (++m->matched == m->dlen) {
				m->matched = 0;
				delimiter(m);
				return i;
			}
		} else {
			/* Not a delimiter: what was held back is data. */
			if (!emit(m, m->delim, m->matched))
				return n;
			m->matched = 0;
			run = i;
		}
	}
	emit(m, p + run, i - run);
	return n;
}

/* One byte outside the data: delimiter endings and header lines. */
static void
step(struct mp *m, char c)
{
	switch (m->st) {
	case ST_DELIM_END:
		if (c == '-')
			m->st = ST_DASH;
		else if (is_ows(c))
			m->st = ST_PADDING;
		else if (c == '\r')
			m->st = ST_DELIM_LF;
		else
			fail(m, MP_BAD_DELIMITER);
		break;
	case ST_DASH:
		if (c == '-')
			m->st = ST_EPILOGUE;
		else
			fail(m, MP_BAD_DELIMITER);
		break;
	case ST_PADDING:
		if (c == '\r')
			m->st = ST_DELIM_LF;
		else if (!is_ows(c))
			fail(m, MP_BAD_DELIMITER);
		break;
	case ST_DELIM_LF:
		if (c == '\n')
			part_begin(m);
		else
			fail(m, MP_BAD_DELIMITER);
		break;
	case ST_HEADER:
		if (c == '\r')
			m->st = ST_HEADER_LF;
		else if (c == '\n')
			fail(m, MP_BAD_HEADER);
		else if (m->linelen == m->lim.max_header_line)
			fail(m, MP_LINE_TOO_LONG);
		else
			m->line[m->linelen++] = c;
		break;
	case ST_HEADER_LF:
		if (c != '\n') {
			fail(m, MP_BAD_HEADER);
			break;
		}
		m->st = ST_HEADER;
		if (m->linelen == 0)
			headers_end(m);
		else
			header_line(m);
		m->linelen = 0;
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ API */

struct mp *
mp_new(struct arena *a, const char *content_type,
    const struct mp_limits *lim, const struct mp_handler *h, enum mp_rc *rc)
{
	struct mp	*m = arena_alloc(a, sizeof(*m));

	if ((*rc = read_content_type(m, content_type)) != MP_OK)
		return NULL;
	m->a = a;
	m->lim = *lim;
	if (h != NULL)
		m->h = *h;
	m->line = arena_alloc(a, lim->max_header_line + 1);
	m->field = arena_alloc(a, lim->max_field + 1);
	m->st = ST_PREAMBLE;
	m->matched = 2;		/* the CRLF the body is taken to start with */
	m->rc = MP_OK;
	return m;
}

enum mp_rc
mp_feed(struct mp *m, const char *p, size_t n)
{
	size_t	 i = 0;
	bool	 over = false;

	if (m->rc != MP_OK)
		return m->rc;
	/* Bytes up to the limit are parsed first, so an error inside them
	 * is reported the same however the body was split. */
	if (n > m->lim.max_total - m->total) {
		n = (size_t)(m->lim.max_total - m->total);
		over = true;
	}
	m->total += n;
	while (i < n && m->rc == MP_OK && m->st != ST_EPILOGUE) {
		if (m->st == ST_PREAMBLE || m->st == ST_BODY)
			i += scan(m, p + i, n - i);
		else
			step(m, p[i++]);
	}
	if (over)
		fail(m, MP_TOO_LARGE);
	return m->rc;
}

enum mp_rc
mp_finish(struct mp *m)
{
	if (m->rc == MP_OK && m->st != ST_EPILOGUE)
		m->rc = MP_TRUNCATED;
	return m->rc;
}

const struct kvlist *
mp_fields(const struct mp *m)
{
	return &m->fields;
}

uint64_t
mp_total(const struct mp *m)
{
	return m->total;
}
