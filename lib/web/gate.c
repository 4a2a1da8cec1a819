/*
 * gate: what the main loop checks before a page runs.
 *
 * It reads the request's input within the limits (query or urlencoded
 * body, declared fields, cookies), finds the session for the side of the
 * portal the page is on (customers' or team's cookie), and decides
 * whether the request may reach the page: the capability, role and member
 * permissions the page declared (an admin holds every permission), and
 * on POST the CSRF token and a positive same-origin signal.  It only
 * reads and decides; serve.c runs the pipeline and page.c builds
 * responses.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "crypto.h"
#include "gate.h"
#include "http.h"
#include "log.h"
#include "member.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "util.h"

#define FIELD_DEFAULT_MAX	1024

/* ---------------------------------------------------------------- input */

const char *
gate_env(struct req *r, const char *name)
{
	const char	*v = r->io->getenv(r->io, name);

	return v != NULL ? v : "";
}

/* The client address: REMOTE_ADDR, or the last X-Forwarded-For hop when
 * REMOTE_ADDR is a proxy the config trusts. */
const char *
gate_client(struct req *r)
{
	const char	*remote = gate_env(r, "REMOTE_ADDR");
	const char	*xff = gate_env(r, "HTTP_X_FORWARDED_FOR"), *last;
	size_t		 i;

	for (i = 0; i < r->conf->ntrusted_proxies; i++)
		if (strcmp(remote, r->conf->trusted_proxies[i]) == 0)
			break;
	if (i == r->conf->ntrusted_proxies || *xff == '\0')
		return remote;
	last = strrchr(xff, ',');
	last = last != NULL ? last + 1 : xff;
	while (*last == ' ')
		last++;
	return arena_strndup(r->a, last, strcspn(last, " "));
}

/* Whether the body is an upload's, read by the page as it streams
 * (docupload.h): a multipart body to a route that takes uploads.  Any
 * other body to it is an ordinary form, its token checked here. */
static bool
streamed(struct req *r)
{
	return r->page->upload && strncasecmp(gate_env(r, "CONTENT_TYPE"),
	    "multipart/form-data", 19) == 0;
}

/* Reads an urlencoded body of CONTENT_LENGTH bytes: 0, or an error status. */
static int
read_body(struct req *r, struct kvlist *out)
{
	const char	*cl = gate_env(r, "CONTENT_LENGTH");
	const char	*ct = gate_env(r, "CONTENT_TYPE");
	size_t		 len = 0, max = (size_t)r->conf->max_body_kb * 1024;
	struct parse_limits lim = parse_default_limits;
	char		*body;
	long		 got;
	size_t		 have = 0;

	for (; *cl != '\0'; cl++) {
		if (*cl < '0' || *cl > '9' || len > max)
			return len > max ? 413 : 400;
		len = len * 10 + (size_t)(*cl - '0');
	}
	if (len > max)
		return 413;
	if (len > 0 && strncasecmp(ct, "application/x-www-form-urlencoded",
	    33) != 0)
		return 400;
	body = arena_alloc(r->a, len + 1);
	while (have < len) {
		if ((got = r->io->read(r->io, body + have, len - have)) <= 0)
			return 400;
		have += (size_t)got;
	}
	lim.max_total = max;
	return parse_urlencoded(r->a, body, len, &lim, out) == PARSE_OK ?
	    0 : 400;
}

/* Fills r->fields from the declared fields: 0, or an error status. */
static int
read_fields(struct req *r, const struct kvlist *in)
{
	const struct page	*pg = r->page;
	const struct kv		*kv;
	size_t			 i, max;

	r->fields = arena_alloc(r->a, (pg->nfields + 1) * sizeof(*r->fields));
	for (i = 0; i < pg->nfields; i++) {
		const struct field *f = &pg->fields[i];

		if ((kv = kv_find(in, f->name)) == NULL) {
			if (f->flags & FIELD_REQUIRED)
				return 400;
			continue;
		}
		max = f->max ? f->max : FIELD_DEFAULT_MAX;
		r->fields[i].val = kv->val;
		r->fields[i].len = kv->vlen;
		if (f->flags & (FIELD_TRIM | FIELD_LOWER)) {
			char *t = arena_strndup(r->a, kv->val, kv->vlen);

			if (f->flags & FIELD_TRIM)
				r->fields[i].len = trim(t, kv->vlen);
			if (f->flags & FIELD_LOWER)
				lower(t);
			r->fields[i].val = t;
		}
		if (has_control(r->fields[i].val, r->fields[i].len,
		    f->flags & FIELD_MULTILINE))
			return 400;
		r->fields[i].ok = r->fields[i].len <= max &&
		    f->valid(r->fields[i].val, r->fields[i].len);
		if (!r->fields[i].ok && (f->flags & FIELD_STRICT))
			return 400;
	}
	return 0;
}

/* Parses query or body and cookies: 0, or an error status.  On POST
 * routes the loop keeps the form's "csrf" field for itself: pages never
 * declare it, so none can forget it. */
int
gate_input(struct req *r, const struct gate_route *rt, struct input *inp)
{
	struct kvlist	 in = { NULL, 0 };
	const char	*q = gate_env(r, "QUERY_STRING"), *c = gate_env(r, "HTTP_COOKIE");
	int		 st;

	if (parse_cookies(r->a, c, strlen(c), &parse_default_limits,
	    &inp->cookies) != PARSE_OK)
		return 400;
	if (parse_urlencoded(r->a, q, strlen(q), &parse_default_limits,
	    &in) != PARSE_OK)
		return 400;
	if (strcmp(r->method, "POST") == 0 && strcmp(rt->method, "POST") == 0 &&
	    !streamed(r)) {
		in.n = 0;
		if ((st = read_body(r, &in)) != 0)
			return st;
		inp->csrf = kv_find(&in, "csrf");
	}
	return read_fields(r, &in);
}

/* Percent-encodes everything but RFC 3986 unreserved characters. */
static void
urlencode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c) != NULL)
			buf_putc(b, (char)c);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

/* ------------------------------------------------------ session and CSRF */

/* Team pages (member pages and anything under /team) use the team cookie,
 * all others the customer's, so each side only ever sees its own kind. */
static bool
team_side(const struct req *r, const struct gate_route *rt)
{
	return r->page->need == NEED_MEMBER ||
	    strcmp(rt->path, "/team") == 0 ||
	    strncmp(rt->path, "/team/", 6) == 0;
}

static enum db_rc
read_session(struct req *r, const struct gate_route *rt,
    const struct kvlist *cookies, bool *touch)
{
	bool			 team = team_side(r, rt);
	const struct kv		*kv = kv_find(cookies, team ? COOKIE_TEAM :
				    COOKIE_SESSION);
	struct session_limits	 lim = session_limits_of(r->conf);
	enum db_rc		 rc;

	*touch = false;
	if (kv == NULL || !valid_token(kv->val, kv->vlen))
		return DB_NOTFOUND;
	rc = session_lookup(r->db, r->a, kv->val, r->now, &lim, &r->who,
	    &r->csrf, touch);
	/* a session of the other kind under this cookie is no session */
	if (rc == DB_OK && (r->who.kind == PRINCIPAL_MEMBER) != team) {
		memset(&r->who, 0, sizeof(r->who));
		r->csrf = NULL;
		*touch = false;
		return DB_NOTFOUND;
	}
	if (rc == DB_OK)
		r->session = kv->val;
	return rc;
}

/* Without a session, forms carry the pre-session token of a __Host-
 * cookie (double submit); one is issued when missing. */
static void
presession(struct req *r, const struct kvlist *cookies)
{
	const struct kv	*kv = kv_find(cookies, COOKIE_PRESESSION);

	if (kv != NULL && valid_token(kv->val, kv->vlen)) {
		r->csrf = kv->val;
		return;
	}
	r->csrf = crypto_token_new(r->a);
	if (strcmp(r->method, "POST") != 0)
		page_cookie(r, COOKIE_PRESESSION, r->csrf, -1);
}

/* True when `origin` is this portal's: its configured origin, or the
 * same scheme with the Host it was reached by (an alias). */
static bool
origin_is_ours(struct req *r, const char *origin)
{
	const char	*want = r->portal->origin;
	const char	*scheme_end = strstr(want, "://");

	return strcmp(origin, want) == 0 ||
	    strcmp(origin, arena_printf(r->a, "%.*s://%s",
	    (int)(scheme_end - want), want, gate_env(r, "HTTP_HOST"))) == 0;
}

/*
 * A POST must positively come from this portal's own pages.  Browsers say
 * so in Sec-Fetch-Site (which pages cannot set) and usually in Origin; but
 * under "Referrer-Policy: no-referrer" a form POST carries "Origin: null",
 * so that value alone proves nothing either way.  A signal that points
 * elsewhere refuses; no signal at all refuses too, unless an old browser
 * sent a Referer of ours.  The CSRF token is checked on top of this.
 */
static bool
origin_ok(struct req *r)
{
	const char	*site = gate_env(r, "HTTP_SEC_FETCH_SITE");
	const char	*origin = gate_env(r, "HTTP_ORIGIN");
	const char	*ref = gate_env(r, "HTTP_REFERER");
	size_t		 n = strlen(r->portal->origin);
	bool		 vouched = false;

	if (*site != '\0') {
		if (strcmp(site, "same-origin") != 0)
			return false;
		vouched = true;
	}
	if (*origin != '\0' && strcmp(origin, "null") != 0) {
		if (!origin_is_ours(r, origin))
			return false;
		vouched = true;
	}
	if (!vouched && *ref != '\0')
		vouched = strncmp(ref, r->portal->origin, n) == 0 &&
		    (ref[n] == '/' || ref[n] == '\0');
	return vouched;
}

static int
check_csrf(struct req *r, const struct gate_route *rt,
    const struct input *inp)
{
	if (strcmp(r->method, "POST") != 0 || strcmp(rt->method, "POST") != 0)
		return 0;
	/* an upload's token is in its multipart body: docupload.h checks it
	 * before it stores a byte */
	if (streamed(r))
		return origin_ok(r) ? 0 : 403;
	if (!origin_ok(r) || inp->csrf == NULL || r->csrf == NULL ||
	    !crypto_equal(inp->csrf->val, inp->csrf->vlen, r->csrf,
	    strlen(r->csrf)))
		return 403;
	return 0;
}

/* Sign-in redirect or 403 when the page's capability is not met: 0 if met.
 * A feature the office's plan does not include is 403 for anyone.
 * A member below the page's role, or without a permission it declares, is
 * signed in, so gets 403, not a form. */
static int
check_need(struct req *r)
{
	const char	*q = gate_env(r, "QUERY_STRING"), *next;
	struct buf	 loc;

	/* what the office's plan leaves out is refused to everyone */
	if (!page_has(r, r->page->features))
		return 403;
	if (r->page->need == NEED_MEMBER && r->who.kind == PRINCIPAL_MEMBER)
		return r->who.role >= r->page->role &&
		    member_may(&r->who, r->page->perms) ? 0 : 403;
	if (r->page->need == NEED_PUBLIC ||
	    (r->page->need == NEED_CUSTOMER && r->who.kind == PRINCIPAL_CUSTOMER))
		return 0;
	if (strcmp(r->method, "POST") == 0)
		return 403;
	next = *q == '\0' ? r->path : arena_printf(r->a, "%s?%s", r->path, q);
	buf_init(&loc, r->a);
	buf_puts(&loc, r->page->need == NEED_MEMBER ? "/team/login?next=" :
	    "/login?next=");
	urlencode(&loc, next);
	page_redirect(r, buf_cstr(&loc));
	return 303;
}

enum db_rc
gate_session(struct req *r, const struct gate_route *rt,
    const struct input *inp, bool *touch)
{
	enum db_rc	 rc;

	rc = read_session(r, rt, &inp->cookies, touch);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return rc;
	if (r->session == NULL)
		presession(r, &inp->cookies);
	return DB_OK;
}

int
gate_check(struct req *r, const struct gate_route *rt,
    const struct input *inp)
{
	int	 st;

	if ((st = check_need(r)) != 0)
		return st;
	return check_csrf(r, rt, inp);
}
