/*
 * page: what a run function calls: its fields and path parameters, the
 * responses (rendered pages, error pages, redirects, headers, cookies),
 * signing in and out, and queueing mail.
 *
 * Everything here writes into the request's buffers; nothing is sent until
 * the main loop (serve.c) has decided the transaction's fate.  Error pages
 * come from templates/error.html; when even that fails, a fixed minimal
 * page with the request id is the last resort, so a client always gets HTML.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "crypto.h"
#include "cursor.h"
#include "customer.h"
#include "http.h"
#include "keyset.h"
#include "linktoken.h"
#include "log.h"
#include "mail.h"
#include "member.h"
#include "page.h"
#include "password.h"
#include "ratelimit.h"
#include "session.h"
#include "tmpl.h"
#include "tz.h"
#include "util.h"

/* ------------------------------------------------------------ templates */

struct tmpl_set *
page_templates_load(const struct config *c, char *err, size_t errlen)
{
	struct tmpl_set	*set;

	set = tmpl_set_load_langs(c->templates_dir, c->locale_dir,
	    config_lang_codes, LANG__MAX, err, errlen);
	if (set != NULL && !page_langs_loaded(c, set, err, errlen)) {
		tmpl_set_free(set);
		return NULL;
	}
	return set;
}

bool
page_langs_loaded(const struct config *c, const struct tmpl_set *set,
    char *err, size_t errlen)
{
	const struct portal	*p;
	size_t			 i;

	for (i = 0; i < c->nportals; i++) {
		p = &c->portals[i];
		if (tmpl_set_has_lang(set, p->language))
			continue;
		snprintf(err, errlen, "[portal %s] language: no catalog %s/%s.mo",
		    p->id, c->locale_dir, config_lang_codes[p->language]);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------ responses */

const char *
page_field(const struct req *r, size_t i)
{
	return r->fields[i].ok ? r->fields[i].val : NULL;
}

bool
page_field_ok(const struct req *r, size_t i)
{
	return r->fields[i].ok;
}

bool
page_keyset(const struct req *r, size_t i, size_t max, struct keyset *ks)
{
	const char	*after = page_field(r, i), *before = page_field(r, i + 1);
	const char	*at = after != NULL ? after : before;

	*ks = keyset_first(max);
	if (at == NULL)
		return true;
	if (after != NULL && before != NULL)
		return false;
	ks->dir = after != NULL ? KEYSET_AFTER : KEYSET_BEFORE;
	/* the field's validator accepted it, so this cannot fail */
	return cursor_decode(at, strlen(at), &ks->at);
}

const char *
page_param(const struct req *r, size_t i)
{
	return i < r->nparams ? r->params[i] : NULL;
}

bool
page_header(struct req *r, const char *name, const char *value)
{
	if (strpbrk(name, "\r\n:") != NULL || strpbrk(value, "\r\n") != NULL) {
		log_err("refused header %s with a line break", name);
		return false;
	}
	buf_printf(&r->headers, "%s: %s\r\n", name, value);
	return true;
}

void
page_cookie(struct req *r, const char *name, const char *value,
    int64_t max_age)
{
	char	 age[48] = "";

	if (max_age >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%lld", (long long)max_age);
	buf_printf(&r->headers,
	    "Set-Cookie: %s=%s; Path=/; Secure; HttpOnly; SameSite=Lax%s\r\n",
	    name, value, age);
}

static enum page_rc
render_fallback(struct req *r)
{
	buf_clear(&r->body);
	buf_printf(&r->body, "<!doctype html><title>Error</title>"
	    "<p>Something went wrong (request %s).</p>\n", r->id);
	return PAGE_OK;
}

/* The page's title comes from the text template title/<name>, so page
 * text stays in templates; the layout escapes it like any value. */
static void
set_title(struct req *r, const char *name)
{
	const char	*tname = arena_printf(r->a, "title/%s", name);
	struct buf	 t;
	char		*s;

	buf_init(&t, r->a);
	if (tmpl_exists(r->tmpl, tname))
		(void)tmpl_render(r->tmpl, tname, r->tv, &t);
	s = arena_strdup(r->a, buf_cstr(&t));
	s[trim(s, strlen(s))] = '\0';
	tval_str(r->tv, "title", s);
}

/*
 * The layout's navigation: which entry is the page's own, one row per
 * entry.  An entry is current for its path and the paths below it, or
 * for its path alone when `exact`.
 */
static const struct nav_entry {
	const char	*key;
	const char	*path;
	bool		 exact;
} nav_entries[] = {
	{ "here_team_home", "/team", true },
	{ "here_inbox", "/team/inbox", false },
	{ "here_customers", "/team/customers", false },
	{ "here_deletions", "/team/deletions", false },
	{ "here_appointments", "/team/appointments", false },
	{ "here_requests", "/team/requests", false },
	{ "here_documents", "/team/documents", false },
	{ "here_agendas", "/team/agendas", false },
	{ "here_projects", "/team/projects", false },
	{ "here_members", "/team/members", false },
	{ "here_audit", "/team/audit", false },
	{ "here_webhooks", "/team/webhooks", false },
	{ "here_dashboard", "/portal", true },
	{ "here_appointments", "/portal/appointments", false },
	{ "here_requests", "/portal/requests", false },
	{ "here_documents", "/portal/documents", false },
	{ "here_account", "/portal/account", false },
};

/* Whether `path` is `base` or below it. */
static bool
path_under(const char *path, const char *base, bool exact)
{
	size_t	 n = strlen(base);

	if (strncmp(path, base, n) != 0)
		return false;
	return path[n] == '\0' || (!exact && path[n] == '/');
}

/* The office's contact details, "" where porch.conf gives none. */
static void
contact(struct req *r)
{
	const struct office	*o = r->office;
	const char		*phone = "", *email = "", *address = "";

	if (o != NULL) {
		phone = o->phone != NULL ? o->phone : "";
		email = o->email != NULL ? o->email : "";
		address = o->address != NULL ? o->address : "";
	}
	tval_str(r->tv, "office_phone", phone);
	tval_str(r->tv, "office_email", email);
	tval_str(r->tv, "office_address", address);
	tval_bool(r->tv, "office_contact", *phone != '\0' || *email != '\0' ||
	    *address != '\0');
}

/* What the office's plan includes, for pages that hide what it leaves
 * out (the server refuses it too: struct page's .features). */
static void
features(struct req *r)
{
	static const struct {
		const char	*name;
		unsigned	 bit;
	} f[] = {
		{ "has_booking_links", FEATURE_BOOKING_LINKS },
		{ "has_time_proposals", FEATURE_TIME_PROPOSALS },
		{ "has_multi_slot", FEATURE_MULTI_SLOT },
		{ "has_calendar_sync", FEATURE_CALENDAR_SYNC },
		{ "has_uploads", FEATURE_UPLOADS },
	};
	size_t	 i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		tval_bool(r->tv, f[i].name, page_has(r, f[i].bit));
}

bool
page_has(const struct req *r, unsigned features)
{
	return features == 0 || (r->office != NULL &&
	    (r->office->features & features) == features);
}

/* The values every layout reads: the side (the team's under /team, for
 * the team's own error pages too), the current navigation entry, and
 * whether the member is an admin. */
static void
set_layout_values(struct req *r)
{
	const char	*path = r->path != NULL ? r->path : "";
	bool		 team = path_under(path, "/team", false);
	size_t		 i;

	tval_str(r->tv, "side", team ? "team" : "customer");
	tval_bool(r->tv, "team_side", team);
	tval_bool(r->tv, "team_admin", r->who.kind == PRINCIPAL_MEMBER &&
	    r->who.role == ROLE_ADMIN);
	contact(r);
	features(r);
	for (i = 0; i < sizeof(nav_entries) / sizeof(nav_entries[0]); i++)
		tval_bool(r->tv, nav_entries[i].key, path_under(path,
		    nav_entries[i].path, nav_entries[i].exact));
}

enum page_rc
page_render_status(struct req *r, int status, const char *name)
{
	r->status = status;
	buf_clear(&r->body);
	set_title(r, name);
	set_layout_values(r);
	if (tmpl_render_layout(r->tmpl, r->frame_ancestors != NULL ?
	    "layout-embed" : "layout", name, r->tv, &r->body) == TMPL_OK)
		return PAGE_OK;
	if (strcmp(name, "error") == 0) {
		r->status = 500;
		return render_fallback(r);
	}
	return page_status(r, 500);
}

bool
page_embed(struct req *r)
{
	struct buf	 list;
	size_t		 i;

	if (r->portal == NULL || r->portal->nembed_origins == 0)
		return false;
	buf_init(&list, r->a);
	for (i = 0; i < r->portal->nembed_origins; i++)
		buf_printf(&list, "%s%s", i > 0 ? " " : "",
		    r->portal->embed_origins[i]);
	r->frame_ancestors = buf_cstr(&list);
	tval_bool(r->tv, "embedded", true);
	return true;
}

enum page_rc
page_render(struct req *r, const char *name)
{
	return page_render_status(r, r->status ? r->status : 200, name);
}

enum page_rc
page_status(struct req *r, int status)
{
	static const int codes[] = {
		400, 403, 404, 405, 410, 413, 422, 429, 500, 503,
	};
	char	 key[8];
	size_t	 i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		snprintf(key, sizeof(key), "e%d", codes[i]);
		tval_bool(r->tv, arena_strdup(r->a, key), codes[i] == status);
	}
	tval_int(r->tv, "status", status);
	return page_render_status(r, status, "error");
}

enum page_rc
page_db_fail(struct req *r, enum db_rc rc)
{
	return page_status(r, rc == DB_BUSY ? 503 : 500);
}

enum page_rc
page_redirect(struct req *r, const char *path)
{
	if (!valid_local_path(path, strlen(path)))
		path = "/";
	r->status = 303;
	buf_clear(&r->body);
	page_header(r, "Location", path);
	return PAGE_OK;
}

const char *
page_cookie_value(const struct req *r, const char *name)
{
	const struct kv	*kv;

	if (r->cookies == NULL || (kv = kv_find(r->cookies, name)) == NULL)
		return NULL;
	return kv->val;
}

void
page_tx_pause(struct req *r)
{
	if (db_commit(r->db) == DB_OK)
		r->nhits = 0;	/* committed: keep_hits must not count them twice */
	else
		db_rollback(r->db);
}

enum db_rc
page_tx_resume(struct req *r)
{
	return db_begin(r->db, true);
}

const char *
page_env(const struct req *r, const char *name)
{
	if (strncmp(name, "PORCH_", 6) != 0)
		return NULL;
	return r->io->getenv(r->io, name);
}

const char *
page_request_header(const struct req *r, const char *name)
{
	const char	*v;

	if (strcmp(name, "CONTENT_TYPE") != 0 && strcmp(name, "HTTP_RANGE") != 0)
		return "";
	v = r->io->getenv(r->io, name);
	return v != NULL ? v : "";
}

/* ------------------------------------------------------- signing in/out */

static void
set_principal_values(struct req *r)
{
	bool	 customer = r->who.kind == PRINCIPAL_CUSTOMER;
	bool	 member = r->who.kind == PRINCIPAL_MEMBER;

	tval_bool(r->tv, "signed_in", customer);
	tval_str(r->tv, "customer_name", customer ? r->who.name : "");
	tval_bool(r->tv, "team_signed_in", member);
	tval_str(r->tv, "member_name", member ? r->who.name : "");
	tval_bool(r->tv, "team_portal", member_may(&r->who, PERM_PORTAL));
	tval_str(r->tv, "csrf", r->csrf ? r->csrf : "");
}

enum page_rc
page_sign_in(struct req *r, const struct principal *who)
{
	const char	*token, *csrf;
	enum db_rc	 rc;

	if (r->session != NULL)
		session_delete(r->db, r->session);
	rc = session_create(r->db, r->a, who, r->user_agent, r->now, &token,
	    &csrf);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	page_cookie(r, who->kind == PRINCIPAL_MEMBER ? COOKIE_TEAM :
	    COOKIE_SESSION, token, (int64_t)r->conf->session_max_hours * 3600);
	page_cookie(r, COOKIE_PRESESSION, "", 0);
	r->who = *who;
	r->session = token;
	r->csrf = csrf;
	set_principal_values(r);
	return PAGE_OK;
}

enum page_rc
page_sign_in_to(struct req *r, const struct principal *who, const char *next)
{
	if (page_sign_in(r, who) != PAGE_OK || r->status >= 400)
		return PAGE_OK;
	return page_land(r, next);
}

enum page_rc
page_land(struct req *r, const char *next)
{
	size_t	 n = next != NULL ? strcspn(next, "?") : 0;

	if (n == 0 || (strlen(r->path) == n && strncmp(next, r->path, n) == 0))
		next = r->who.kind == PRINCIPAL_MEMBER ? "/team" : "/portal";
	return page_redirect(r, next);
}

bool
page_land_if_signed_in(struct req *r, const char *next)
{
	if (r->who.kind == PRINCIPAL_NONE)
		return false;
	page_land(r, next);
	return true;
}

enum db_rc
page_account_by_email(struct req *r, enum principal_kind kind,
    const char *email, struct principal *out)
{
	struct customer	 c;
	enum db_rc	 rc;

	if (kind == PRINCIPAL_MEMBER)
		return member_by_email(r->db, r->a, email, out);
	if ((rc = customer_by_email(r->db, r->a, email, &c)) == DB_OK)
		*out = customer_principal(&c);
	return rc;
}

enum db_rc
page_account_set_password(struct req *r, const struct principal *who,
    const char *hash)
{
	if (who->kind == PRINCIPAL_MEMBER)
		return member_set_password(r->db, who->id, hash);
	return customer_set_password(r->db, who->id, hash);
}

/* The account and its password hash (NULL when none is set). */
static enum db_rc
find_account(struct req *r, enum principal_kind kind, const char *email,
    struct principal *who, const char **hash)
{
	enum db_rc	 rc;

	*hash = NULL;
	if ((rc = page_account_by_email(r, kind, email, who)) != DB_OK)
		return rc;
	if (kind == PRINCIPAL_MEMBER)
		return member_password(r->db, r->a, who->id, hash);
	return customer_password(r->db, r->a, who->id, hash);
}

enum db_rc
page_password_sign_in(struct req *r, enum principal_kind kind,
    const char *action, const char *email, const char *pw, size_t len)
{
	struct principal who;
	const char	*hash, *fresh;
	enum db_rc	 rc;

	if (page_throttled(r, action, email))
		return DB_ERR;
	rc = find_account(r, kind, email, &who, &hash);
	if (rc != DB_OK && rc != DB_NOTFOUND) {
		page_db_fail(r, rc);
		return rc;
	}
	if (hash == NULL) {
		password_verify_dummy(pw, len);
		return DB_NOTFOUND;
	}
	if (!password_verify(hash, pw, len))
		return DB_NOTFOUND;
	if (password_needs_rehash(hash) &&
	    (fresh = password_hash(r->a, pw, len)) != NULL &&
	    (rc = page_account_set_password(r, &who, fresh)) != DB_OK) {
		page_db_fail(r, rc);
		return rc;
	}
	page_sign_in(r, &who);
	return r->status >= 400 ? DB_ERR : DB_OK;
}

enum page_rc
page_sign_out(struct req *r)
{
	enum db_rc	 rc;

	if (r->session != NULL &&
	    (rc = session_delete(r->db, r->session)) != DB_OK &&
	    rc != DB_NOTFOUND)
		return page_db_fail(r, rc);
	page_cookie(r, r->who.kind == PRINCIPAL_MEMBER ? COOKIE_TEAM :
	    COOKIE_SESSION, "", 0);
	r->session = NULL;
	memset(&r->who, 0, sizeof(r->who));
	set_principal_values(r);
	return PAGE_OK;
}

void
page_flash(struct req *r, enum page_flash which)
{
	static const char *const names[FLASH__MAX] = {
		[FLASH_NONE] = "flash",
		[FLASH_SIGNED_OUT] = "flash_signed_out",
		[FLASH_PASSWORD_RESET] = "flash_password_reset",
		[FLASH_SESSION_ENDED] = "flash_session_ended",
	};
	size_t	 i;

	for (i = FLASH_NONE + 1; i < FLASH__MAX; i++)
		tval_bool(r->tv, names[i], i == which);
	tval_bool(r->tv, names[FLASH_NONE], which > FLASH_NONE &&
	    which < FLASH__MAX);
}

enum db_rc
page_mail(struct req *r, const char *name, const char *to, struct tval *tv)
{
	return mail_queue(r->db, r->tmpl, r->a, r->portal, name, to, tv,
	    r->now);
}

enum db_rc
page_mail_attached(struct req *r, const char *name, const char *to,
    struct tval *tv, const struct smtp_attachment *att)
{
	return mail_queue_attached(r->db, r->tmpl, r->a, r->portal, name, to,
	    tv, att, r->now);
}

/* ------------------------------------------------------------ helpers */

#define THROTTLE_WINDOW		(15 * 60)
#define THROTTLE_PER_ADDRESS	5
#define THROTTLE_PER_CLIENT	20

static bool
throttle_one(struct req *r, const char *key, int64_t max)
{
	bool		 allowed;
	int64_t		 retry;
	enum db_rc	 rc;
	char		 secs[24];

	if (r->nhits < sizeof(r->hits) / sizeof(r->hits[0]))
		r->hits[r->nhits++] = (struct req_hit){ key, THROTTLE_WINDOW, max };
	rc = ratelimit_hit(r->db, key, THROTTLE_WINDOW, max, r->now, &allowed,
	    &retry);
	if (rc != DB_OK) {
		page_db_fail(r, rc);
		return true;
	}
	if (allowed)
		return false;
	snprintf(secs, sizeof(secs), "%lld", (long long)retry);
	page_header(r, "Retry-After", secs);
	tval_int(r->tv, "retry_minutes", (retry + 59) / 60);
	page_status(r, 429);
	return true;
}

bool
page_throttled(struct req *r, const char *action, const char *address)
{
	uint8_t	 h[TOKEN_HASH_LEN];
	char	 hex[2 * 16 + 1];

	if (address != NULL) {
		/* The key holds a hash, so the table never lists addresses. */
		crypto_token_hash(address, strlen(address), h);
		hex_encode(h, 16, hex);
		if (throttle_one(r, arena_printf(r->a, "%s:addr:%s", action,
		    hex), THROTTLE_PER_ADDRESS))
			return true;
	}
	return throttle_one(r, arena_printf(r->a, "%s:client:%s", action,
	    r->client), THROTTLE_PER_CLIENT);
}

enum db_rc
page_mail_link(struct req *r, const char *mail, const struct customer *c,
    const char *next, int64_t ttl)
{
	struct principal	 who = customer_principal(c);

	return page_mail_signin_link(r, mail, &who, next, ttl);
}

/* The names in the long form are English msgids (what strftime writes in
 * the C locale, so English pages stay as they were), translated by the
 * portal's catalog: no system locale is needed.  templates/time/names.txt
 * lists them, so the catalogs carry them. */
static const char *const day_names[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const month_names[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

const char *
page_decimal(struct arena *a, int64_t n)
{
	char	*s = arena_alloc(a, 24);

	decimal_put(s, n, 1);
	return s;
}

static char *
put_text(char *p, const char *s)
{
	size_t	 n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/* "Mon 7 Dec 2026" at p; returns the end. */
static char *
put_day(char *p, const char *day, const char *month, const struct tm *tm)
{
	p = put_text(p, day);
	*p++ = ' ';
	p = decimal_put(p, tm->tm_mday, 1);
	*p++ = ' ';
	p = put_text(p, month);
	*p++ = ' ';
	return decimal_put(p, tm->tm_year + 1900L, 1);
}

/* "14:30" at p; returns the end. */
static char *
put_clock(char *p, const struct tm *tm)
{
	p = two_digits(p, tm->tm_hour);
	*p++ = ':';
	return two_digits(p, tm->tm_min);
}

/* "2026-12-07" at p; returns the end. */
static char *
put_date(char *p, const struct tm *tm)
{
	p = decimal_put(p, tm->tm_year + 1900L, 4);
	*p++ = '-';
	p = two_digits(p, tm->tm_mon + 1);
	*p++ = '-';
	return two_digits(p, tm->tm_mday);
}

const char *
page_time_wall(struct arena *a, int64_t wall, int64_t off,
    enum page_time_form form)
{
	struct tm	 tm;
	int64_t		 day = day_of(wall), sec = wall - day * 86400;
	char		*s;

	memset(&tm, 0, sizeof(tm));
	tm.tm_hour = (int)(sec / 3600);
	tm.tm_min = (int)(sec % 3600 / 60);
	if (form == PAGE_TIME_CLOCK) {
		/* the most of a week of slots: no date, no general form */
		s = arena_alloc(a, 6);
		put_clock(s, &tm);
		return s;
	}
	day_civil(day, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_gmtoff = off;
	return page_time_form(a, NULL, &tm, form == PAGE_TIME_DATE ? form :
	    PAGE_TIME_ISO);
}

/*
 * Written by hand rather than with strftime and printf, which cost more
 * than the rest of a list item: what %Y-%m-%dT%H:%M%z, %H:%M, %Z and
 * %Y-%m-%d write in the C locale, and the long forms with the names
 * translated.
 */
const char *
page_time_form(struct arena *a, const struct tmpl_set *t, const struct tm *tm,
    enum page_time_form form)
{
	const char	*day = "", *month = "", *zone;
	char		*s, *p;
	size_t		 n = 64;	/* digits and separators */
	long		 off;

	zone = tm->tm_zone != NULL ? tm->tm_zone : "";
	if (form == PAGE_TIME_LONG || form == PAGE_TIME_DAY) {
		day = tmpl_gettext(t, day_names[tm->tm_wday % 7]);
		month = tmpl_gettext(t, month_names[tm->tm_mon % 12]);
		n += strlen(day) + strlen(month);
	} else if (form == PAGE_TIME_ZONE)
		n += strlen(zone);
	p = s = arena_alloc(a, n);
	switch (form) {
	case PAGE_TIME_ISO:
		p = put_date(p, tm);
		*p++ = 'T';
		p = put_clock(p, tm);
		off = tm->tm_gmtoff / 60;
		*p++ = off < 0 ? '-' : '+';
		off = off < 0 ? -off : off;
		p = two_digits(p, (int)(off / 60 % 100));
		p = two_digits(p, (int)(off % 60));
		break;
	case PAGE_TIME_CLOCK:
		p = put_clock(p, tm);
		break;
	case PAGE_TIME_ZONE:
		p = put_text(p, zone);
		break;
	case PAGE_TIME_DATE:
		p = put_date(p, tm);
		break;
	case PAGE_TIME_DAY:
		p = put_day(p, day, month, tm);
		break;
	default:
		p = put_day(p, day, month, tm);
		*p++ = ',';
		*p++ = ' ';
		p = put_clock(p, tm);
		break;
	}
	*p = '\0';
	return s;
}

const char *
page_time_text(struct arena *a, const struct tmpl_set *t, int64_t when,
    const char *zone, enum page_time_form form)
{
	struct tm	 tm;

	tz_local(zone, when, &tm);
	return page_time_form(a, t, &tm, form);
}

const char *
page_time_in(struct req *r, int64_t t, const char *zone,
    enum page_time_form form)
{
	return page_time_text(r->a, r->tmpl, t, zone, form);
}

bool
page_confirmed(const struct req *r, size_t i)
{
	const char	*v = page_field(r, i);

	return v != NULL && strcmp(v, "yes") == 0;
}

const char *
page_time(struct req *r, int64_t t)
{
	return page_time_in(r, t, NULL, PAGE_TIME_LONG);
}

const char *
page_time_clock(struct req *r, int64_t t)
{
	return page_time_in(r, t, NULL, PAGE_TIME_CLOCK);
}

const char *
page_time_zone(struct req *r, int64_t t)
{
	return page_time_in(r, t, NULL, PAGE_TIME_ZONE);
}

const char *
page_time_iso(struct req *r, int64_t t)
{
	return page_time_in(r, t, NULL, PAGE_TIME_ISO);
}

void
page_password_rule(struct req *r, enum password_rule rule)
{
	tval_bool(r->tv, "pw_too_short", rule == PASSWORD_TOO_SHORT);
	tval_bool(r->tv, "pw_too_long", rule == PASSWORD_TOO_LONG);
	tval_bool(r->tv, "pw_bad_text", rule == PASSWORD_BAD_TEXT);
	tval_bool(r->tv, "pw_common", rule == PASSWORD_COMMON);
	tval_bool(r->tv, "pw_is_email", rule == PASSWORD_IS_EMAIL);
}

enum page_rc
page_link_invalid(struct req *r, enum link_purpose purpose, bool taken)
{
	tval_bool(r->tv, "for_reset", purpose == LINK_RESET);
	tval_bool(r->tv, "address_taken", taken);
	return page_render_status(r, 410, "link-invalid");
}

enum page_rc
page_attachment(struct req *r, const char *content_type, const char *filename)
{
	const char	*f;

	for (f = filename; *f != '\0'; f++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789._-", *f) == NULL)
			return page_status(r, 500);
	r->status = 200;
	r->content_type = content_type;
	buf_clear(&r->body);
	page_header(r, "Content-Disposition",
	    arena_printf(r->a, "attachment; filename=\"%s\"", filename));
	return PAGE_OK;
}

enum page_rc
page_stream(struct req *r, uint64_t len,
    bool (*fn)(struct req *, void *, bool), void *arg)
{
	if (r->status == 0)
		r->status = 200;
	buf_clear(&r->body);
	r->stream = fn;
	r->stream_arg = arg;
	r->stream_len = len;
	return PAGE_OK;
}

bool
page_stream_write(struct req *r, const void *p, size_t n)
{
	return r->io->write(r->io, p, n);
}

bool
page_csrf_ok(const struct req *r, const char *tok, size_t len)
{
	return r->csrf != NULL && crypto_equal(tok, len, r->csrf,
	    strlen(r->csrf));
}
