/*
 * serve: page_main, the loop every page program runs.
 *
 * It owns the request pipeline so no page repeats it: accept, reset the
 * arena, find the portal by Host, match method and path, parse the declared
 * fields within limits, read the session, check the capability the page
 * declared, check CSRF and Origin on POST, run the page inside one
 * transaction (IMMEDIATE for POST), commit below status 400 and roll back
 * otherwise, send the response once, log one line.
 *
 * Process-lifetime state (config, templates, open databases, the arena) is
 * made once; a request only borrows it.  Library code never exits; this file
 * exits only at start-up errors and at shutdown.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "crypto.h"
#include "http.h"
#include "log.h"
#include "page.h"
#include "tenant.h"
#include "tmpl.h"
#include "util.h"

#define ARENA_FIRST		(256 * 1024)
#define FIELD_DEFAULT_MAX	1024
#define MAX_WORKERS		64

static const char *const need_names[NEED__MAX] = {
	"public", "customer", "member",
};

static const char security_headers[] =
    "Content-Security-Policy: default-src 'none'; script-src 'self'; "
    "style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "X-Frame-Options: DENY\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n"
    "Cache-Control: no-store\r\n";

static struct {
	const struct page	*page;
	const char		*prog;
	const char		*conf_path;
	struct config		*conf;
	struct tmpl_set		*tmpl;
	struct arena		*arena;
	time_t			 conf_checked;
	char			 method[8];	/* of the route */
	const char		*route_path;
} P;

static volatile sig_atomic_t	 stopping;

/* What the loop itself reads from a request, beside the declared fields. */
struct input {
	struct kvlist	 cookies;
	const struct kv	*csrf;		/* the form's "csrf", on POST routes */
};

/* -------------------------------------------------------------- routing */

/* Splits "GET /a/{id}" into P.method and P.route_path. */
static int
route_split(const struct page *pg)
{
	const char	*sp = strchr(pg->route, ' ');

	if (sp == NULL || (size_t)(sp - pg->route) >= sizeof(P.method))
		return -1;
	memcpy(P.method, pg->route, (size_t)(sp - pg->route));
	P.method[sp - pg->route] = '\0';
	P.route_path = sp + 1;
	return 0;
}

static bool
method_ok(const char *m)
{
	if (strcmp(P.method, "ANY") == 0)
		return true;
	if (strcmp(P.method, m) == 0)
		return true;
	return strcmp(P.method, "GET") == 0 && strcmp(m, "HEAD") == 0;
}

/* Matches path against the route, collecting {name} segments. */
static bool
path_match(struct req *r, const char *path)
{
	const char	*pat = P.route_path, *pe, *se;
	size_t		 plen, slen;

	if (strcmp(pat, "*") == 0)
		return true;
	while (*pat == '/' && *path == '/') {
		pat++, path++;
		pe = strchrnul(pat, '/');
		se = strchrnul(path, '/');
		plen = (size_t)(pe - pat);
		slen = (size_t)(se - path);
		if (plen > 2 && pat[0] == '{' && pat[plen - 1] == '}') {
			if (!valid_public_id(path, slen) ||
			    r->nparams == sizeof(r->params) / sizeof(r->params[0]))
				return false;
			r->params[r->nparams++] = arena_strndup(r->a, path, slen);
		} else if (plen != slen || memcmp(pat, path, plen) != 0)
			return false;
		pat = pe, path = se;
	}
	return *pat == '\0' && *path == '\0';
}

/* ---------------------------------------------------------------- input */

static const char *
env(struct req *r, const char *name)
{
	const char	*v = r->io->getenv(r->io, name);

	return v != NULL ? v : "";
}

/* The client address: REMOTE_ADDR, or the last X-Forwarded-For hop when
 * REMOTE_ADDR is a proxy the config trusts. */
static const char *
client_addr(struct req *r)
{
	const char	*remote = env(r, "REMOTE_ADDR");
	const char	*xff = env(r, "HTTP_X_FORWARDED_FOR"), *last;
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

/* Reads an urlencoded body of CONTENT_LENGTH bytes: 0, or an error status. */
static int
read_body(struct req *r, struct kvlist *out)
{
	const char	*cl = env(r, "CONTENT_LENGTH");
	const char	*ct = env(r, "CONTENT_TYPE");
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
		if (f->flags & FIELD_TRIM) {
			char *t = arena_strndup(r->a, kv->val, kv->vlen);

			r->fields[i].len = trim(t, kv->vlen);
			r->fields[i].val = t;
		}
		if (has_control(r->fields[i].val, r->fields[i].len,
		    f->flags & FIELD_MULTILINE))
			return 400;
		r->fields[i].ok = r->fields[i].len <= max &&
		    f->valid(r->fields[i].val, r->fields[i].len);
	}
	return 0;
}

/* Parses query or body and cookies: 0, or an error status.  On POST
 * routes the loop keeps the form's "csrf" field for itself: pages never
 * declare it, so none can forget it. */
static int
read_input(struct req *r, struct input *inp)
{
	struct kvlist	 in = { NULL, 0 };
	const char	*q = env(r, "QUERY_STRING"), *c = env(r, "HTTP_COOKIE");
	int		 st;

	if (parse_cookies(r->a, c, strlen(c), &parse_default_limits,
	    &inp->cookies) != PARSE_OK)
		return 400;
	if (parse_urlencoded(r->a, q, strlen(q), &parse_default_limits,
	    &in) != PARSE_OK)
		return 400;
	if (strcmp(r->method, "POST") == 0 && strcmp(P.method, "POST") == 0) {
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
team_side(const struct req *r)
{
	return r->page->need == NEED_MEMBER ||
	    strcmp(P.route_path, "/team") == 0 ||
	    strncmp(P.route_path, "/team/", 6) == 0;
}

static enum db_rc
read_session(struct req *r, const struct kvlist *cookies, bool *touch)
{
	bool			 team = team_side(r);
	const struct kv		*kv = kv_find(cookies, team ? COOKIE_TEAM :
				    COOKIE_SESSION);
	struct session_limits	 lim = {
		(int64_t)r->conf->session_idle_minutes * 60,
		(int64_t)r->conf->session_max_hours * 3600,
	};
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
	    (int)(scheme_end - want), want, env(r, "HTTP_HOST"))) == 0;
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
	const char	*site = env(r, "HTTP_SEC_FETCH_SITE");
	const char	*origin = env(r, "HTTP_ORIGIN");
	const char	*ref = env(r, "HTTP_REFERER");
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
check_csrf(struct req *r, const struct input *inp)
{
	if (strcmp(r->method, "POST") != 0 || strcmp(P.method, "POST") != 0)
		return 0;
	if (!origin_ok(r) || inp->csrf == NULL || r->csrf == NULL ||
	    !crypto_equal(inp->csrf->val, inp->csrf->vlen, r->csrf,
	    strlen(r->csrf)))
		return 403;
	return 0;
}

/* Sign-in redirect or 403 when the page's capability is not met: 0 if met.
 * A member below the page's role is signed in, so gets 403, not a form. */
static int
check_need(struct req *r)
{
	const char	*q = env(r, "QUERY_STRING"), *next;
	struct buf	 loc;

	if (r->page->need == NEED_MEMBER && r->who.kind == PRINCIPAL_MEMBER)
		return r->who.role >= r->page->role ? 0 : 403;
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

/* ------------------------------------------------------------- pipeline */

static void
common_values(struct req *r)
{
	r->tv = tval_map(r->a);
	tval_str(r->tv, "portal_name", r->portal ? r->portal->name : "Porch");
	tval_str(r->tv, "request_id", r->id);
	tval_str(r->tv, "path", r->path);
	tval_bool(r->tv, "signed_in", false);
	tval_str(r->tv, "customer_name", "");
	tval_bool(r->tv, "team_signed_in", false);
	tval_str(r->tv, "member_name", "");
	tval_str(r->tv, "csrf", "");
}

static void
init_req(struct req *r, struct http_io *io)
{
	const char	*uri;

	memset(r, 0, sizeof(*r));
	r->a = P.arena;
	r->io = io;
	r->page = P.page;
	r->conf = P.conf;
	r->tmpl = P.tmpl;
	r->now = (int64_t)time(NULL);
	buf_init(&r->headers, r->a);
	buf_init(&r->body, r->a);
	r->id = *env(r, "REQUEST_ID") != '\0' ?
	    arena_strndup(r->a, env(r, "REQUEST_ID"), 64) :
	    arena_strndup(r->a, crypto_token_new(r->a), 16);
	r->method = env(r, "REQUEST_METHOD");
	uri = env(r, "DOCUMENT_URI");
	if (*uri == '\0') {
		uri = env(r, "REQUEST_URI");
		uri = arena_strndup(r->a, uri, strcspn(uri, "?"));
	}
	r->path = *uri != '\0' ? uri : "/";
	r->client = client_addr(r);
	r->user_agent = arena_strndup(r->a, env(r, "HTTP_USER_AGENT"), 200);
	r->portal = config_portal_by_host(r->conf, env(r, "HTTP_HOST"));
	if (r->portal != NULL)
		r->office = r->portal->office;
	common_values(r);
}

/* A request that failed was rolled back whole, but its rate-limit hits
 * must count (else wrong passwords could be tried forever): they are
 * recorded again in a transaction of their own. */
static void
keep_hits(struct req *r)
{
	bool		 allowed;
	int64_t		 retry;
	size_t		 i;

	if (r->nhits == 0 || db_begin(r->db, true) != DB_OK)
		return;
	for (i = 0; i < r->nhits; i++)
		if (ratelimit_hit(r->db, r->hits[i].key, r->hits[i].window,
		    r->hits[i].max, r->now, &allowed, &retry) != DB_OK) {
			db_rollback(r->db);
			return;
		}
	if (db_commit(r->db) != DB_OK)
		db_rollback(r->db);
}

/* Runs the page inside its transaction; returns with the response built. */
static void
run_in_tx(struct req *r, const struct input *inp)
{
	bool		 write = strcmp(P.method, "POST") == 0, touch = false;
	enum db_rc	 rc;
	int		 st;

	if ((rc = db_begin(r->db, write)) != DB_OK) {
		page_db_fail(r, rc);
		return;
	}
	rc = read_session(r, &inp->cookies, &touch);
	if (rc != DB_OK && rc != DB_NOTFOUND) {
		db_rollback(r->db);
		page_db_fail(r, rc);
		return;
	}
	if (r->session == NULL)
		presession(r, &inp->cookies);
	tval_str(r->tv, "csrf", r->csrf);
	tval_bool(r->tv, "signed_in", r->who.kind == PRINCIPAL_CUSTOMER);
	tval_str(r->tv, "customer_name",
	    r->who.kind == PRINCIPAL_CUSTOMER ? r->who.name : "");
	tval_bool(r->tv, "team_signed_in", r->who.kind == PRINCIPAL_MEMBER);
	tval_str(r->tv, "member_name",
	    r->who.kind == PRINCIPAL_MEMBER ? r->who.name : "");
	if ((st = check_need(r)) != 0 || (st = check_csrf(r, inp)) != 0) {
		if (st != 303)
			page_status(r, st);
	} else if (r->page->run(r) != PAGE_OK)
		page_status(r, 500);
	if (r->status < 400 && db_in_tx(r->db) &&
	    (rc = db_commit(r->db)) != DB_OK) {
		db_rollback(r->db);
		page_db_fail(r, rc);
	} else if (r->status >= 400) {
		db_rollback(r->db);
		keep_hits(r);
	}
	if (touch && r->session != NULL && r->status < 500)
		session_touch(r->db, r->session, r->now);
}

static void
handle(struct req *r)
{
	struct input	 inp;
	int		 st;

	memset(&inp, 0, sizeof(inp));
	if (r->portal == NULL)
		page_status(r, 404);
	else if (!method_ok(r->method)) {
		page_header(r, "Allow", strcmp(P.method, "GET") == 0 ?
		    "GET, HEAD" : P.method);
		page_status(r, 405);
	} else if (!path_match(r, r->path))
		page_status(r, 404);
	else if ((st = read_input(r, &inp)) != 0)
		page_status(r, st);
	else if ((r->db = tenant_db(r->office)) == NULL)
		page_status(r, 500);
	else
		run_in_tx(r, &inp);
}

static void
send_response(struct req *r)
{
	struct buf	 out;
	bool		 head = strcmp(r->method, "HEAD") == 0;

	if (r->status == 0)
		r->status = 200;
	buf_init(&out, r->a);
	buf_printf(&out, "Status: %d %s\r\n", r->status, http_reason(r->status));
	buf_add(&out, r->headers.data, r->headers.len);
	buf_puts(&out, security_headers);
	if (r->status != 303)
		buf_puts(&out, "Content-Type: text/html; charset=utf-8\r\n");
	buf_printf(&out, "Content-Length: %zu\r\n\r\n", r->body.len);
	if (!head)
		buf_add(&out, r->body.data, r->body.len);
	if (!r->io->write(r->io, out.data, out.len))
		log_warn("client went away before the response was sent");
}

static void
log_request(const struct req *r, const struct timespec *t0)
{
	struct timespec	 t1;
	double		 ms;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
	log_info("method=%s path=%s status=%d principal=%s%s ms=%.2f",
	    r->method, r->path, r->status,
	    r->who.kind == PRINCIPAL_CUSTOMER ? "customer:" :
	    r->who.kind == PRINCIPAL_MEMBER ? "member:" : "-",
	    r->who.pid != NULL ? r->who.pid : "", ms);
}

static void
reload_config(void)
{
	struct config	*c;
	char		 err[512];
	time_t		 now = time(NULL);

	if (now == P.conf_checked)
		return;
	P.conf_checked = now;
	if (!config_changed(P.conf))
		return;
	if ((c = config_load(P.conf_path, err, sizeof(err))) == NULL) {
		log_err("config not reloaded: %s", err);
		return;
	}
	tenant_close_all();
	config_free(P.conf);
	P.conf = c;
	log_info("config reloaded");
}

static void
serve_one(struct http_io *io)
{
	struct req	 r;
	struct timespec	 t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	arena_reset(P.arena);
	reload_config();
	init_req(&r, io);
	log_set_request(r.id, r.office ? r.office->id : NULL);
	handle(&r);
	send_response(&r);
	log_request(&r, &t0);
	log_set_request(NULL, NULL);
}

/* ------------------------------------------------------------ processes */

static void
on_term(int sig)
{
	stopping = 1;
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;	/* no SA_RESTART: accept must return */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void
fcgi_loop(int fd)
{
	struct http_io	 io;

	while (!stopping && http_fcgi_accept(fd, &io)) {
		serve_one(&io);
		http_fcgi_finish(&io);
	}
}

static void	 stop(void);

static pid_t
spawn_worker(int fd)
{
	pid_t	 pid = fork();

	if (pid == 0) {
		/* exit, not _exit: the leak checker runs at exit and must see
		 * a worker that freed everything it made. */
		fcgi_loop(fd);
		stop();
		exit(0);
	}
	if (pid < 0)
		log_err("fork: %s", strerror(errno));
	return pid;
}

/* The supervisor: keeps n workers accepting on fd until told to stop. */
static int
supervise(int fd, int n)
{
	pid_t	 kids[MAX_WORKERS];
	pid_t	 pid;
	int	 i, status;

	for (i = 0; i < n; i++)
		kids[i] = spawn_worker(fd);
	while (!stopping) {
		if ((pid = wait(&status)) < 0)
			continue;
		for (i = 0; i < n; i++)
			if (kids[i] == pid && !stopping) {
				log_warn("worker %d ended (status %d); restarting",
				    (int)pid, status);
				sleep(1);
				kids[i] = spawn_worker(fd);
			}
	}
	for (i = 0; i < n; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGTERM);
	while (wait(&status) > 0 || errno == EINTR)
		;
	return 0;
}

static int
usage(void)
{
	fprintf(stderr, "usage: %s [-c porch.conf] [--describe] "
	    "[--listen PATH --workers N]\n", P.prog);
	return 2;
}

static int
start(void)
{
	char	 err[512];

	if (!crypto_init())
		return -1;
	if ((P.conf = config_load(P.conf_path, err, sizeof(err))) == NULL) {
		log_err("%s", err);
		return -1;
	}
	if ((P.tmpl = tmpl_set_load(P.conf->templates_dir, err,
	    sizeof(err))) == NULL) {
		log_err("templates: %s", err);
		return -1;
	}
	P.arena = arena_new(ARENA_FIRST);
	return 0;
}

static void
stop(void)
{
	tenant_close_all();
	tmpl_set_free(P.tmpl);
	config_free(P.conf);
	arena_free(P.arena);
}

int
page_main(const struct page *pg, int argc, char *argv[])
{
	const char	*listen = NULL;
	int		 i, workers = 1, fd, rc = 0;
	struct http_io	 io;

	P.page = pg;
	P.prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	log_set_program(P.prog);
	if (route_split(pg) != 0 || pg->need >= NEED__MAX || pg->run == NULL ||
	    (unsigned)pg->role >= ROLE__MAX)
		return usage();
	P.conf_path = config_default_path();
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--describe") == 0) {
			printf("%s %s %s %s\n", P.method, P.route_path,
			    need_names[pg->need], P.prog);
			return 0;
		} else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			P.conf_path = argv[++i];
		else if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc)
			listen = argv[++i];
		else if (strcmp(argv[i], "--workers") == 0 && i + 1 < argc) {
			workers = atoi(argv[++i]);
			if (workers < 1 || workers > MAX_WORKERS)
				return usage();
		} else
			return usage();
	}
	if (start() != 0)
		return 1;
	catch_signals();
	if (listen != NULL) {
		if (listen[0] == '/')
			unlink(listen);
		if ((fd = http_listen(listen, 128)) < 0) {
			log_err("cannot listen on %s", listen);
			rc = 1;
		} else
			rc = supervise(fd, workers);
	} else if (http_is_fastcgi())
		fcgi_loop(0);
	else {
		http_cgi_init(&io);
		serve_one(&io);
	}
	stop();
	return rc;
}
