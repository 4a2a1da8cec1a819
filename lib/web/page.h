/*
 * page: the page program's declaration and the main loop that runs it.
 *
 * A program in cgi-bin/ declares one route, who may call it, the fields it
 * reads and its run function, then hands itself to page_main().  The loop
 * owns the whole pipeline, so no page repeats it:
 *
 *   accept -> reset the arena -> find the portal by Host -> bounded parse
 *   -> method and path check (405 / 404) -> session -> capability check
 *   (sign-in redirect or 403) -> CSRF and Origin check on POST (403: every
 *   POST form carries a "csrf" field that the loop reads and checks itself,
 *   so pages never declare it)
 *   -> run inside one transaction (IMMEDIATE for POST) -> commit on a
 *   status below 400, else roll back -> send -> one log line.
 *
 * The same binary runs three ways: as a FastCGI responder on a socket passed
 * as fd 0 (spawn-fcgi, systemd, mod_fcgid), as a FastCGI server on a socket
 * it opens itself (--listen PATH [--workers N]), and as plain CGI when fd 0
 * is not a socket.  `--describe` prints "METHOD PATH NEED PROGRAM" and exits:
 * the build collects these into the routes table that the nginx and Apache
 * configuration and the route-wide tests are generated from.
 *
 * Routes are "GET /portal" or "POST /portal/appointments/{id}/cancel";
 * a {name} segment matches one public id and is read with page_param().
 * A [name] segment, which may end in a literal suffix ("[token].ics"),
 * matches a secret token (valid_token) followed by that suffix, and
 * page_param() gives the token alone; the path is then a secret that the
 * access log leaves out (tools/porch-routes).
 *
 * A team page declares the least role (.role) and the permissions beside
 * it (.perms, enum member_perm bits in principal.h; 0 asks for none) that a
 * signed-in member needs, else 403.  Admins hold every permission
 * implicitly.  PERM_PORTAL is declared by every team page and action that
 * shows or changes customers' interactions or records (inbox, customers,
 * activation links, deletion requests, appointments); pages about the
 * team itself (home, members, audit log, sign-in) declare none.
 * PERM_AGENDA is declared by every page and action that changes an agenda
 * or a project (and by the forms for new ones); the pages that show them
 * declare none and show a member without it the same page read-only.
 * Permissions are not part of the --describe line, whose format tools and
 * tests parse.
 *
 * This header brings what every page needs: principal.h (r->who) and db.h
 * (what data functions return), and linktoken.h for the purpose the link
 * helpers below take.  It is not a way to every noun: a program includes
 * the header of each noun it calls (customer.h, session.h, ...).
 */
#ifndef PORCH_PAGE_H
#define PORCH_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "config.h"
#include "cursor.h"
#include "db.h"
#include "keyset.h"
#include "linktoken.h"
#include "parse.h"
#include "password.h"
#include "principal.h"

struct tm;

struct customer;
struct logintoken;
struct smtp_attachment;
struct tval;
struct tmpl_set;

enum need {
	NEED_PUBLIC,	/* anyone; a session is still read if present */
	NEED_CUSTOMER,	/* a signed-in customer, else 303 to /login?next= */
	NEED_MEMBER,	/* a signed-in team member, else 303 to /team/login */
	NEED__MAX
};

enum field_flags {
	FIELD_REQUIRED = 1 << 0,	/* missing: 400 (for fields every real form sends) */
	FIELD_MULTILINE = 1 << 1,	/* allows tab, CR and LF */
	FIELD_TRIM = 1 << 2,		/* white space around the value is dropped
					   before the limit and validator apply */
	FIELD_STRICT = 1 << 3,		/* present but invalid: 400 (query
					   parameters only links make) */
	FIELD_LOWER = 1 << 4,		/* ASCII letters lower-cased (e-mail
					   addresses, which are stored so) */
	FIELD_SECRET = 1 << 5,		/* a secret in the query string (a
					   token, an authorization code): the
					   routes table says so and the web
					   server's access log leaves it out;
					   a field validated by valid_token is
					   secret without saying so */
};

struct field {
	const char	*name;
	bool		(*valid)(const char *, size_t);
	unsigned	 flags;
	size_t		 max;		/* bytes; 0 means the default (1024) */
};

enum page_rc {
	PAGE_OK,	/* the response in r is complete */
	PAGE_FAIL,	/* internal error, already logged: the loop answers 500 (or 503 when busy) */
};

struct req;

struct page {
	const char	*route;		/* "GET /portal" */
	enum need	 need;
	enum member_role role;		/* NEED_MEMBER: the least role, else 403 */
	unsigned	 perms;		/* NEED_MEMBER: enum member_perm bits the
					   member must hold (admins hold all),
					   else 403; 0 for none */
	unsigned	 features;	/* enum feature bits the office's plan
					   must include, else 403 for anyone */
	const struct field *fields;	/* read from the query on GET, the body on POST */
	size_t		 nfields;
	enum page_rc	(*run)(struct req *);
	/* POST: the body is multipart/form-data that the page streams
	 * itself with docupload.h, which checks the form's CSRF token (the
	 * loop checks the origin); such a page declares no fields */
	bool		 upload;
};

struct fieldval {
	const char	*val;		/* NULL when absent; trimmed with FIELD_TRIM */
	size_t		 len;
	bool		 ok;		/* present and passed its validator */
};

struct http_io;

struct req {
	struct arena		*a;
	struct http_io		*io;
	const struct page	*page;
	const struct config	*conf;
	const struct tmpl_set	*tmpl;
	const struct portal	*portal;
	const struct office	*office;
	struct db		*db;
	int64_t			 now;
	const char		*id;		/* request id, for logs and the 500 page */

	const char		*method;
	const char		*path;
	const char		*client;	/* client address (proxy-aware) */
	const char		*user_agent;
	const char		*params[4];	/* {name} segments in route order */
	size_t			 nparams;
	struct fieldval		*fields;	/* one per declared field */

	struct principal	 who;
	const struct kvlist	*cookies;	/* as the browser sent them */
	const char		*session;	/* the session token, or NULL */
	const char		*csrf;		/* the CSRF token forms must carry */

	/* Rate-limit hits counted by this request: they stand even when the
	 * request ends in an error and its transaction rolls back. */
	struct req_hit {
		const char	*key;
		int64_t		 window;
		int64_t		 max;
	}			 hits[4];
	size_t			 nhits;

	int			 status;
	const char		*content_type;	/* NULL: text/html; charset=utf-8 */
	struct buf		 headers;	/* "Name: value\r\n" lines */
	struct buf		 body;
	struct tval		*tv;		/* template values, common ones preset */
	enum lang		 lang;		/* the portal's; LANG_EN without one */
	/* page_embed: the sites that may frame the response (a
	 * frame-ancestors source list), and the layout without the portal's
	 * header; NULL for every other page (frame-ancestors 'none') */
	const char		*frame_ancestors;
	/* page_stream: the body is written after the headers by stream(),
	 * stream_len bytes of it, instead of from r->body */
	bool			(*stream)(struct req *, void *arg, bool write);
	void			*stream_arg;
	uint64_t		 stream_len;
	bool			 sandbox;	/* CSP sandbox: a downloaded file */
};

int		 page_main(const struct page *, int argc, char *argv[]);
/* Whether the office's plan includes every one of the enum feature bits
 * (templates read has_booking_links, has_multi_slot, ...). */
bool		 page_has(const struct req *, unsigned features);

/* The templates with the catalog of every language in
 * <locale_dir>/<code>.mo; NULL with err set when they do not load or a
 * portal's language has no catalog.  Caller owns the set. */
struct tmpl_set	*page_templates_load(const struct config *, char *err,
		    size_t errlen);
/* True when every portal's language is among the set's; else false with
 * "[portal id] language: ..." in err. */
bool		 page_langs_loaded(const struct config *,
		    const struct tmpl_set *, char *err, size_t errlen);

/* The validated value of declared field i, or NULL when absent or invalid. */
const char	*page_field(const struct req *, size_t i);
bool		 page_field_ok(const struct req *, size_t i);
/* The two fields a list page declares for its pager, at i and i + 1 of
 * its fields: the cursor of the row its page starts after, or ends
 * before (view_pager makes the links). */
#define PAGE_PAGER_FIELDS(i)						\
	[i] = { "after", valid_cursor, FIELD_STRICT, CURSOR_LEN_MAX },	\
	[(i) + 1] = { "before", valid_cursor, FIELD_STRICT, CURSOR_LEN_MAX }
/* Which page of `max` rows the pager's fields (PAGE_PAGER_FIELDS(i)) ask
 * for: the first when neither is given.  False when both are (the page
 * answers 400). */
bool		 page_keyset(const struct req *, size_t i, size_t max,
		    struct keyset *);
/* The {name} path parameter i. */
const char	*page_param(const struct req *, size_t i);

/* Makes the response a page another site may show in a frame: the
 * portal's embed_origins become its frame-ancestors (no X-Frame-Options)
 * and pages render in the bare layout "layout-embed".  False, and
 * nothing changed, when the portal names no such site: the page answers
 * 404. */
bool		 page_embed(struct req *);

/* Responses.  Each returns PAGE_OK so a run function can end with it. */
/* 200 (or r->status if set) with template `name` in the layout. */
enum page_rc	 page_render(struct req *, const char *name);
/* Form re-render: status 422 with the page's template. */
enum page_rc	 page_render_status(struct req *, int status, const char *name);
/* An error page from templates/error.html: 400, 403, 404, 405, 413, 422,
 * 429, 500, 503. */
enum page_rc	 page_status(struct req *, int status);
/* The error page for a failed data function: 503 "try again" when the
 * database stayed busy, else 500. */
enum page_rc	 page_db_fail(struct req *, enum db_rc);
/* Makes the response a file to save (200, Content-Disposition:
 * attachment) of the given type; the caller writes r->body itself.
 * `filename` is [A-Za-z0-9._-] only. */
enum page_rc	 page_attachment(struct req *, const char *content_type,
		    const char *filename);
/* Makes the response `len` bytes that fn writes with page_stream_write
 * once the headers are out (a document, decrypted as it goes): the
 * status and headers are the caller's.  fn is called once whatever
 * happens, with `write` false when the body is not to be sent (HEAD, or
 * an error replaced the response), so it can free what it holds; it
 * returns false when it could not write it all (the response is then
 * cut short). */
enum page_rc	 page_stream(struct req *, uint64_t len,
		    bool (*fn)(struct req *, void *arg, bool write), void *arg);
bool		 page_stream_write(struct req *, const void *, size_t);
/* Whether tok is the request's CSRF token (for docupload.h, which reads
 * it from a multipart body). */
bool		 page_csrf_ok(const struct req *, const char *tok, size_t len);
/* 303 See Other to a local path. */
enum page_rc	 page_redirect(struct req *, const char *path);
/* 303 See Other to an absolute address elsewhere that Porch made itself
 * (an OpenID provider's authorization endpoint): https, or http to a
 * loopback host, else the 500 page. */
enum page_rc	 page_redirect_away(struct req *, const char *url);
/* The value of the request's cookie `name`, or NULL. */
const char	*page_cookie_value(const struct req *, const char *name);
/* For the rare page that must wait on another server: ends the request's
 * transaction, which must not have written anything yet, so no lock is
 * held while waiting; page_tx_resume() then begins a writing one for the
 * rest of the request (the loop commits it as usual). */
void		 page_tx_pause(struct req *);
enum db_rc	 page_tx_resume(struct req *);
/* Adds a response header; refuses (logs, returns false) CR/LF in either. */
bool		 page_header(struct req *, const char *name, const char *value);
/* Sets the __Host- cookie `name` (HttpOnly, Secure, SameSite=Lax, Path=/);
 * max_age 0 deletes it, -1 makes it a browser-session cookie. */
void		 page_cookie(struct req *, const char *name, const char *value,
		    int64_t max_age);

/* Sign the current request in as `who`: a new session (fresh token),
 * cookie set, r->who and r->csrf updated. */
enum page_rc	 page_sign_in(struct req *, const struct principal *who);
/* page_sign_in, then page_land. */
enum page_rc	 page_sign_in_to(struct req *, const struct principal *who,
		    const char *next);
/* 303 to next (a local path) for the signed-in principal: NULL, "" or
 * the requested page itself (a sign-in page cannot send a browser back
 * to itself) lands on their home, /portal or /team for a member. */
enum page_rc	 page_land(struct req *, const char *next);
/* For a page with a sign-in or sign-up form: true when the request is
 * signed in already on the page's side, the page_land to next built, so
 * the form is not shown again. */
bool		 page_land_if_signed_in(struct req *, const char *next);
/* The customer (active) or team member (kind) with that address (lower
 * case), as a principal; DB_NOTFOUND otherwise. */
enum db_rc	 page_account_by_email(struct req *, enum principal_kind,
		    const char *email, struct principal *out);
/* Stores a hash made by password_hash() as who's password, a customer's
 * or a team member's. */
enum db_rc	 page_account_set_password(struct req *,
		    const struct principal *who, const char *hash);
/* Signs in the customer or team member (kind) whose e-mail address (lower
 * case) and password these are, the attempt throttled under `action`
 * (page_throttled).  DB_OK: signed in.  DB_NOTFOUND: no match (unknown
 * address, no password set, wrong password), after the same hashing work
 * whichever it was, so timing tells nothing.  Anything else: the response
 * is already built (429 when throttled, else the error page).  A hash made
 * with older parameters is replaced. */
enum db_rc	 page_password_sign_in(struct req *, enum principal_kind,
		    const char *action, const char *email, const char *pw,
		    size_t len);
/* Ends the current session and clears the cookie. */
enum page_rc	 page_sign_out(struct req *);

/* The notices templates/partials/flash.html shows after an action, at
 * most one a page.  The text is the template's: a page only says which,
 * setting "flash" and the notice's boolean (flash_signed_out, ...).
 * FLASH_NONE, every page's default, sets them all false. */
enum page_flash {
	FLASH_NONE,
	FLASH_SIGNED_OUT,	/* the browser signed out */
	FLASH_PASSWORD_RESET,	/* a reset link set a new password */
	FLASH_SESSION_ENDED,	/* one other device was signed out */
	FLASH__MAX
};
void		 page_flash(struct req *, enum page_flash);

/* Queues mail "mail/<name>" (its text and HTML parts, mail.h) to `to`
 * with values `tv` in the request's transaction.  Common values (portal
 * name, portal url) are set. */
enum db_rc	 page_mail(struct req *, const char *name, const char *to,
		    struct tval *tv);
/* page_mail with a file attached (NULL for none), sent as a part of its
 * own after the text and HTML (mail.h, smtp.h). */
enum db_rc	 page_mail_attached(struct req *, const char *name,
		    const char *to, struct tval *tv,
		    const struct smtp_attachment *);

/* A server variable the web server passes to Porch (names "PORCH_*"
 * only: PORCH_STATUS, PORCH_ALLOW), or NULL. */
const char	*page_env(const struct req *, const char *name);

/* The request's CONTENT_TYPE or HTTP_RANGE (the two a page that reads a
 * body or serves a file needs), "" when absent or another name. */
const char	*page_request_header(const struct req *, const char *name);

/* Counts one attempt at `action` ("login") for the e-mail address (may be
 * NULL) and for the client address.  True when either went over its limit
 * (5 per address, 20 per client in 15 minutes): the 429 page with
 * Retry-After is then already built, or an error page if the count failed.
 * The count stands even if the request later fails (a wrong password's
 * 422 rolls the page back; the main loop records the hits again). */
bool		 page_throttled(struct req *, const char *action,
		    const char *address);
/* Makes a single-use sign-in link for the customer that lands on `next`
 * (a valid local path, or NULL for the dashboard) and lasts `ttl` seconds
 * (0: the configured magic_link_minutes), and queues the e-mail template
 * "mail/<mail>" to them with the values name, link, minutes and days. */
enum db_rc	 page_mail_link(struct req *, const char *mail,
		    const struct customer *, const char *next, int64_t ttl);

/* page-link.c: the same links for either side, who->kind choosing the
 * side.  A sign-in link for a customer lands on /auth, for a team member
 * on /team/auth (`next` NULL: their home); otherwise as page_mail_link. */
enum db_rc	 page_mail_signin_link(struct req *, const char *mail,
		    const struct principal *who, const char *next, int64_t ttl);
/* Makes the single-use sign-in link alone, valid `ttl` seconds (0: the
 * configured lifetime), into *link: for a mail made elsewhere
 * (apptmail.h). */
enum db_rc	 page_signin_link(struct req *, const struct principal *who,
		    const char *next, int64_t ttl, const char **link);
/* The same with more values for the mail in tv (NULL for none): a mail
 * that says something beside the link. */
enum db_rc	 page_mail_signin_link_tv(struct req *, const char *mail,
		    const struct principal *who, const char *next, int64_t ttl,
		    struct tval *tv);
/* Makes a single-use account link of `purpose` for who, valid `ttl`
 * seconds, to the page at `path` ("/team/welcome"), and queues
 * "mail/<mail>" to them with the values of tv (NULL for none) and name,
 * link, minutes and days. */
enum db_rc	 page_mail_account_link(struct req *, const char *mail,
		    const struct principal *who, enum link_purpose,
		    const char *path, int64_t ttl, struct tval *tv);
/* Records a sign-up for `email` (no customer has it) with the name and
 * password hash (NULL: none) its form gave, replacing any earlier one for
 * the address, and queues "mail/signup-confirm" with a link that makes
 * the account (signup.h). */
enum db_rc	 page_mail_signup_link(struct req *, const char *email,
		    const char *name, const char *hash, const char *next);
/* The sign-in link `token` (NULL: none was given) of `kind` when it can be
 * used here and now: DB_OK and *out (a customer's may be a sign-up's, with
 * customer_id 0; out->activates tells either).  DB_NOTFOUND when it is unknown,
 * used, expired or another portal's; else the database's failure (the
 * caller builds the error page).  Changes nothing. */
enum db_rc	 page_signin_link_peek(struct req *, enum principal_kind,
		    const char *token, struct logintoken *out);
/* Uses the sign-in link once and signs its owner in (a customer who was
 * not active yet is activated, and a sign-up's link makes its account:
 * the link proved the address).  DB_OK:
 * signed in, *next the path the link was made for ("" for none).
 * DB_NOTFOUND: no usable link, nothing changed.  Else the error page is
 * built. */
enum db_rc	 page_signin_link_use(struct req *, enum principal_kind,
		    const char *token, const char **next);
/* The account link `token` (NULL: none) of `kind` and `purpose` when it is
 * unused and unexpired: DB_OK and *out; DB_NOTFOUND otherwise; else the
 * database's failure.  Changes nothing. */
enum db_rc	 page_account_link_peek(struct req *, enum principal_kind,
		    enum link_purpose, const char *token,
		    struct linktoken *out);
/* Whether the confirming step of a destructive action was taken: the
 * declared field `i` (named "confirm") says "yes".  Without it the page
 * renders its confirming step instead of acting. */
bool		 page_confirmed(const struct req *, size_t i);
/* A time as the portal shows it ("Mon 7 Dec 2026, 14:30"), and as an
 * ISO 8601 value for <time datetime>. */
const char	*page_time(struct req *, int64_t);
const char	*page_time_iso(struct req *, int64_t);
/* The time of day alone ("14:30"), and the time zone's abbreviation at
 * that time ("UTC", "CEST"). */
const char	*page_time_clock(struct req *, int64_t);
const char	*page_time_zone(struct req *, int64_t);
/* Any of those forms in a named zone (an agenda's; NULL or "" for the
 * process's own): the functions above are this with NULL. */
enum page_time_form {
	PAGE_TIME_LONG,		/* "Mon 7 Dec 2026, 14:30" */
	PAGE_TIME_ISO,		/* "2026-12-07T14:30+0100" */
	PAGE_TIME_CLOCK,	/* "14:30" */
	PAGE_TIME_ZONE,		/* "CET" */
	PAGE_TIME_DAY,		/* "Mon 7 Dec 2026" */
	PAGE_TIME_DATE,		/* "2026-12-07" */
};
const char	*page_time_in(struct req *, int64_t, const char *zone,
		    enum page_time_form);
/* The same outside a request (a mail the sweep sends), with the
 * portal's templates for the names of days and months. */
const char	*page_time_text(struct arena *, const struct tmpl_set *,
		    int64_t, const char *zone, enum page_time_form);
/* n in decimal, written without printf: a week of slots writes one a
 * slot. */
const char	*page_decimal(struct arena *, int64_t);
/* One form of a time already in its zone (tz_local): a list item that
 * shows a time several ways converts it once. */
const char	*page_time_form(struct arena *, const struct tmpl_set *,
		    const struct tm *, enum page_time_form);
/* PAGE_TIME_ISO, _CLOCK or _DATE of a wall clock in seconds (tz_wall)
 * whose zone is `off` seconds ahead of UTC: times of one zone by the
 * dozen without a struct tm each. */
const char	*page_time_wall(struct arena *, int64_t wall, int64_t off,
		    enum page_time_form);

/* Says which password rule a new password broke, for the message in
 * templates/partials/password-rule.html (PASSWORD_OK: none). */
void		 page_password_rule(struct req *, enum password_rule);

/* The 410 page for an account link (reset, e-mail change) that cannot be
 * used; `taken` when the new address went to another account meanwhile. */
enum page_rc	 page_link_invalid(struct req *, enum link_purpose, bool taken);

/* oidcpage.c: the way back from an OpenID provider. */
enum page_oidc {
	PAGE_OIDC_OK,		/* identity verified */
	PAGE_OIDC_CANCELLED,	/* the user turned back at the provider */
	PAGE_OIDC_INVALID,	/* no such flow for this browser and portal */
	PAGE_OIDC_UNVERIFIED,	/* the provider vouches for no address */
	PAGE_OIDC_FAILED,	/* the provider failed (logged) */
	PAGE_OIDC_DB,		/* the database failed: the response is built */
};
struct oidcflow;
struct oidc_identity;
struct oidc_provider;
/* Ends the flow this browser began on this portal (the state in the URL
 * must be its cookie's; an iss parameter must be the provider's) and,
 * unless the user cancelled, trades the code for the identity (*p is the
 * provider, f the flow).  The flow ends once: a replay is INVALID. */
enum page_oidc	 page_oidc_back(struct req *, const char *state,
		    const char *code, const char *error, const char *iss,
		    struct oidcflow *f, const struct oidc_provider **p,
		    struct oidc_identity *id);

/* Cookie names. */
#define COOKIE_SESSION		"__Host-porch"
#define COOKIE_PRESESSION	"__Host-porch-pre"
/* Team sessions: pages under /team and member pages read only this one, all
 * others only COOKIE_SESSION, so neither kind of session reaches the other
 * side. */
#define COOKIE_TEAM		"__Host-porch-team"
/* The state of a sign-in with an OpenID provider, for the way back. */
#define COOKIE_OIDC		"__Host-porch-oidc"

#endif
