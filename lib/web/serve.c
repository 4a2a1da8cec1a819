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
#include "gate.h"
#include "http.h"
#include "log.h"
#include "member.h"
#include "page.h"
#include "ratelimit.h"
#include "session.h"
#include "tenant.h"
#include "tmpl.h"
#include "util.h"

#define ARENA_FIRST		(256 * 1024)
#define MAX_WORKERS		64

static const char *const need_names[NEED__MAX] = {
	"public", "customer", "member",
};

/* The security headers, around the one value a page may set: the sites
 * that may frame it (page_embed), 'none' for every other page, which
 * X-Frame-Options says again for browsers without CSP. */
static const char csp_head[] =
    "Content-Security-Policy: default-src 'none'; script-src 'self'; "
    "style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors ";
static const char csp_tail[] =
    "; base-uri 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: no-referrer\r\n";
static const char frame_deny[] = "X-Frame-Options: DENY\r\n";
static const char security_rest[] =
    "Cross-Origin-Opener-Policy: same-origin\r\n"
    "Cache-Control: no-store\r\n";

static struct {
	const struct page	*page;
	const char		*prog;
	const char		*conf_path;
	struct config		*conf;
	struct tmpl_set		*tmpl;
	struct arena		*arena;
	char			 method[8];	/* of the route */
	struct gate_route	 route;
} P;

static volatile sig_atomic_t	 stopping;


/* -------------------------------------------------------------- routing */

/* Splits "GET /a/{id}" into P.route's method and path. */
static int
route_split(const struct page *pg)
{
	const char	*sp = strchr(pg->route, ' ');

	if (sp == NULL || (size_t)(sp - pg->route) >= sizeof(P.method))
		return -1;
	memcpy(P.method, pg->route, (size_t)(sp - pg->route));
	P.method[sp - pg->route] = '\0';
	P.route.method = P.method;
	P.route.path = sp + 1;
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

/* The [name]suffix segment pat (plen bytes) against the path's segment:
 * a token followed by the suffix.  The token's length, or 0. */
static size_t
secret_match(const char *pat, size_t plen, const char *seg, size_t slen)
{
	const char	*close;
	size_t		 suffix;

	if ((close = memchr(pat, ']', plen)) == NULL)
		return 0;
	suffix = plen - (size_t)(close + 1 - pat);
	if (slen <= suffix ||
	    memcmp(seg + slen - suffix, close + 1, suffix) != 0 ||
	    !valid_token(seg, slen - suffix))
		return 0;
	return slen - suffix;
}

/* Matches path against the route, collecting {name} segments (a public
 * id) and [name] segments (a token, before the segment's suffix). */
static bool
path_match(struct req *r, const char *path)
{
	const char	*pat = P.route.path, *pe, *se;
	size_t		 plen, slen, tlen;
	bool		 full;

	if (strcmp(pat, "*") == 0)
		return true;
	while (*pat == '/' && *path == '/') {
		pat++, path++;
		pe = strchrnul(pat, '/');
		se = strchrnul(path, '/');
		plen = (size_t)(pe - pat);
		slen = (size_t)(se - path);
		full = r->nparams == sizeof(r->params) / sizeof(r->params[0]);
		if (plen > 2 && pat[0] == '{' && pat[plen - 1] == '}') {
			if (!valid_public_id(path, slen) || full)
				return false;
			r->params[r->nparams++] = arena_strndup(r->a, path, slen);
		} else if (plen > 2 && pat[0] == '[') {
			if ((tlen = secret_match(pat, plen, path, slen)) == 0 ||
			    full)
				return false;
			r->params[r->nparams++] = arena_strndup(r->a, path, tlen);
		} else if (plen != slen || memcmp(pat, path, plen) != 0)
			return false;
		pat = pe, path = se;
	}
	return *pat == '\0' && *path == '\0';
}

/* ------------------------------------------------------------- pipeline */

static void
common_values(struct req *r)
{
	r->tv = tval_map(r->a);
	tval_str(r->tv, "portal_name", r->portal ? r->portal->name : "Porch");
	tval_str(r->tv, "request_id", r->id);
	tval_str(r->tv, "lang", config_lang_codes[r->lang]);
	tval_str(r->tv, "path", r->path);
	tval_bool(r->tv, "signed_in", false);
	tval_str(r->tv, "customer_name", "");
	tval_bool(r->tv, "team_signed_in", false);
	tval_str(r->tv, "member_name", "");
	tval_bool(r->tv, "team_portal", false);
	tval_bool(r->tv, "embedded", false);
	tval_str(r->tv, "csrf", "");
	/* the pages both sides share (a password reset) read which side's
	 * paths to link to */
	tval_bool(r->tv, "team_side", strcmp(r->path, "/team") == 0 ||
	    strncmp(r->path, "/team/", 6) == 0);
	page_flash(r, FLASH_NONE);
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
	r->id = *gate_env(r, "REQUEST_ID") != '\0' ?
	    arena_strndup(r->a, gate_env(r, "REQUEST_ID"), 64) :
	    arena_strndup(r->a, crypto_token_new(r->a), 16);
	r->method = gate_env(r, "REQUEST_METHOD");
	uri = gate_env(r, "DOCUMENT_URI");
	if (*uri == '\0') {
		uri = gate_env(r, "REQUEST_URI");
		uri = arena_strndup(r->a, uri, strcspn(uri, "?"));
	}
	r->path = *uri != '\0' ? uri : "/";
	r->client = gate_client(r);
	r->user_agent = arena_strndup(r->a, gate_env(r, "HTTP_USER_AGENT"), 200);
	r->portal = config_portal_by_host(r->conf, gate_env(r, "HTTP_HOST"));
	if (r->portal != NULL) {
		r->office = r->portal->office;
		r->lang = r->portal->language;
		r->tmpl = tmpl_set_lang(P.tmpl, r->lang);
	}
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
	if ((rc = gate_session(r, &P.route, inp, &touch)) != DB_OK) {
		db_rollback(r->db);
		page_db_fail(r, rc);
		return;
	}
	tval_str(r->tv, "csrf", r->csrf);
	tval_bool(r->tv, "signed_in", r->who.kind == PRINCIPAL_CUSTOMER);
	tval_str(r->tv, "customer_name",
	    r->who.kind == PRINCIPAL_CUSTOMER ? r->who.name : "");
	tval_bool(r->tv, "team_signed_in", r->who.kind == PRINCIPAL_MEMBER);
	tval_str(r->tv, "member_name",
	    r->who.kind == PRINCIPAL_MEMBER ? r->who.name : "");
	/* the layout links to the customers' pages only for those who may */
	tval_bool(r->tv, "team_portal", member_may(&r->who, PERM_PORTAL));
	if ((st = gate_check(r, &P.route, inp)) != 0) {
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
	r->cookies = &inp.cookies;	/* filled by gate_input, gone with inp */
	if (r->portal == NULL)
		page_status(r, 404);
	else if (!method_ok(r->method)) {
		page_header(r, "Allow", strcmp(P.method, "GET") == 0 ?
		    "GET, HEAD" : P.method);
		page_status(r, 405);
	} else if (!path_match(r, r->path))
		page_status(r, 404);
	else if ((st = gate_input(r, &P.route, &inp)) != 0)
		page_status(r, st);
	else if ((r->db = tenant_db(r->office)) == NULL)
		page_status(r, 500);
	else
		run_in_tx(r, &inp);
}

/* n in decimal at the end of out. */
static void
put_decimal(struct buf *out, int64_t n)
{
	char	 num[24];

	buf_add(out, num, (size_t)(decimal_put(num, n, 1) - num));
}

/* "Content-Length: N" and the blank line that ends the header. */
static void
put_length(struct buf *out, unsigned long long n)
{
	buf_puts(out, "Content-Length: ");
	put_decimal(out, (int64_t)n);
	buf_puts(out, "\r\n\r\n");
}

/* The header and the body go out in one write, the end of the request
 * with them (write_last), unless the body is streamed. */
static void
send_response(struct req *r)
{
	struct buf	 out;
	bool		 head = strcmp(r->method, "HEAD") == 0;

	buf_init(&out, r->a);
	buf_reserve(&out, 2048 + (head ? 0 : r->body.len));
	buf_puts(&out, "Status: ");
	put_decimal(&out, r->status);
	buf_putc(&out, ' ');
	buf_puts(&out, http_reason(r->status));
	buf_puts(&out, "\r\n");
	buf_add(&out, r->headers.data, r->headers.len);
	buf_puts(&out, csp_head);
	buf_puts(&out, r->frame_ancestors != NULL ? r->frame_ancestors :
	    "'none'");
	if (r->sandbox)
		buf_puts(&out, "; sandbox");
	buf_puts(&out, csp_tail);
	if (r->frame_ancestors == NULL)
		buf_puts(&out, frame_deny);
	buf_puts(&out, security_rest);
	if (r->status != 303) {
		buf_puts(&out, "Content-Type: ");
		buf_puts(&out, r->content_type != NULL && r->status < 400 ?
		    r->content_type : "text/html; charset=utf-8");
		buf_puts(&out, "\r\n");
	}
	if (r->stream != NULL && r->status < 400) {
		put_length(&out, (unsigned long long)r->stream_len);
		if (!r->io->write(r->io, out.data, out.len)) {
			head = true;
			log_warn("client went away before the response was sent");
		}
		if (!r->stream(r, r->stream_arg, !head))
			log_warn("the response was cut short");
		return;
	}
	if (r->stream != NULL)
		(void)r->stream(r, r->stream_arg, false);
	put_length(&out, r->body.len);
	if (!head)
		buf_add(&out, r->body.data, r->body.len);
	if (!r->io->write_last(r->io, out.data, out.len))
		log_warn("client went away before the response was sent");
}

/* The path as the log line writes it: a segment holding a run of a
 * token's length of base64url characters (a calendar feed's token, or
 * one sent to the wrong program) is "[secret]".  Public ids are shorter
 * and stay. */
static const char *
log_path(const struct req *r)
{
	static const char	 b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789-_";
	struct buf		 out;
	const char		*p = r->path, *end, *q;
	size_t			 run;
	bool			 secret;

	if (p == NULL)
		return "-";
	buf_init(&out, r->a);
	while (*p != '\0') {
		end = strchrnul(p + 1, '/');
		secret = false;
		for (q = p; q < end && !secret; q += run > 0 ? run : 1) {
			run = strspn(q, b64url);
			if (q + run > end)
				run = (size_t)(end - q);
			secret = run >= TOKEN_LEN;
		}
		if (secret)
			buf_puts(&out, *p == '/' ? "/[secret]" : "[secret]");
		else
			buf_add(&out, p, (size_t)(end - p));
		p = end;
	}
	return buf_cstr(&out);
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
	    r->method, log_path(r), r->status,
	    r->who.kind == PRINCIPAL_CUSTOMER ? "customer:" :
	    r->who.kind == PRINCIPAL_MEMBER ? "member:" : "-",
	    r->who.pid != NULL ? r->who.pid : "", ms);
}

/* Before each request: porch.conf again when it changed on disk (a stat,
 * a microsecond), so what porchctl writes holds from the next request. */
static void
reload_config(void)
{
	struct config	*c;
	char		 err[512];

	if (!config_changed(P.conf))
		return;
	if ((c = config_load(P.conf_path, err, sizeof(err))) == NULL ||
	    !page_langs_loaded(c, P.tmpl, err, sizeof(err))) {
		log_err("config not reloaded: %s", err);
		config_free(c);
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
	if (r.status == 0)
		r.status = 200;
	/* A page's response ends the request: the line is in the log
	 * before the client has the answer.  A streamed body is logged once
	 * sent, its time with it. */
	if (r.stream == NULL)
		log_request(&r, &t0);
	send_response(&r);
	if (r.stream != NULL)
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

/* The routes table's line: "METHOD PATH NEED PROGRAM", and for a GET
 * route whose query carries a secret, " secret=NAME[,NAME...]"; for an
 * upload route, " upload" (the web server allows it a larger body). */
static void
describe(const struct page *pg)
{
	const char	*sep = " secret=";
	size_t		 i;

	printf("%s %s %s %s", P.method, P.route.path, need_names[pg->need],
	    P.prog);
	if (pg->upload && strcmp(P.method, "POST") == 0)
		printf(" upload");
	for (i = 0; strcmp(P.method, "GET") == 0 && i < pg->nfields; i++)
		if ((pg->fields[i].flags & FIELD_SECRET) != 0 ||
		    pg->fields[i].valid == valid_token) {
			printf("%s%s", sep, pg->fields[i].name);
			sep = ",";
		}
	putchar('\n');
}

static int
usage(void)
{
	fprintf(stderr, "usage: %s [-c porch.conf] [--describe] "
	    "[--listen PATH] [--workers N]\n", P.prog);
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
	if ((P.tmpl = page_templates_load(P.conf, err, sizeof(err))) ==
	    NULL) {
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
	int		 i, workers = 0, fd, rc = 0;
	struct http_io	 io;

	P.page = pg;
	P.prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	log_set_program(P.prog);
	if (route_split(pg) != 0 || pg->need >= NEED__MAX || pg->run == NULL ||
	    (unsigned)pg->role >= ROLE__MAX || (pg->perms & ~PERM_ALL) != 0 ||
	    (pg->perms != 0 && pg->need != NEED_MEMBER))
		return usage();
	P.conf_path = config_default_path();
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--describe") == 0) {
			describe(pg);
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
			rc = supervise(fd, workers > 0 ? workers : 1);
	} else if (http_is_fastcgi() && workers > 0)
		rc = supervise(0, workers);	/* handed a listening socket */
	else if (http_is_fastcgi())
		fcgi_loop(0);
	else {
		http_cgi_init(&io);
		serve_one(&io);
	}
	stop();
	return rc;
}
