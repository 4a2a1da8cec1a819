/*
 * view: the template values of records, forms and pagers that more than
 * one page shows (see view.h).  Times are formatted here, once, the way
 * the portal shows them; pager links are built here, their values
 * percent-encoded, so no page writes a query string by hand.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "appointment.h"
#include "cursor.h"
#include "customer.h"
#include "deletion.h"
#include "inbox.h"
#include "keyset.h"
#include "page.h"
#include "session.h"
#include "timeline.h"
#include "tmpl.h"
#include "tz.h"
#include "util.h"
#include "view.h"
#include "webhook.h"

/*
 * Every status a record shows, one row each: the badge's label is in
 * templates/partials/status-label.html (one label per status, the same on
 * both sides, chosen with {{#is status "..."}}) and its tone (the colour)
 * here.  A status missing from the table shows as it is stored, in a
 * neutral badge.
 */
static const struct status_row {
	const char	*key;		/* as stored */
	const char	*tone;		/* badge-<tone> */
} statuses[] = {
	{ "invited", "warn" },
	{ "requested", "warn" },
	{ "confirmed", "good" },
	{ "cancelled", "muted" },
	{ "completed", "info" },
	{ "no_show", "bad" },
	{ "active", "good" },
	{ "open", "warn" },
	{ "done", "good" },
	{ "joined", "good" },
	{ "current", "info" },
	{ "pending", "warn" },
	{ "delivered", "good" },
	{ "failed", "bad" },
	{ "answered", "good" },
	{ "booked", "good" },
	{ "expired", "muted" },
	{ "new", "warn" },
	{ "accepted", "good" },
	{ "rejected", "bad" },
};

void
view_status(struct tval *v, const char *status)
{
	const char	*tone = NULL;
	size_t		 i;

	if (status == NULL)
		status = "";
	for (i = 0; tone == NULL && i < sizeof(statuses) / sizeof(statuses[0]);
	    i++)
		if (status[0] == statuses[i].key[0] &&
		    strcmp(status, statuses[i].key) == 0)
			tone = statuses[i].tone;
	tval_str(v, "status", status);
	tval_bool(v, "st_other", tone == NULL && *status != '\0');
	tval_str(v, "status_tone", tone != NULL ? tone : "neutral");
}

void
view_appointment(struct req *r, struct tval *list,
    const struct appointment *ap)
{
	view_appointment_map(r, tval_push(list), ap);
}

void
view_appointment_map(struct req *r, struct tval *v,
    const struct appointment *ap)
{
	struct tm	 s, e;

	/* each time converted to the agenda's zone once */
	tz_local(ap->zone, ap->starts, &s);
	tz_local(ap->zone, ap->ends, &e);
	tval_str(v, "id", ap->pid);
	tval_str(v, "project", ap->project);
	tval_str(v, "agenda", ap->agenda);
	tval_str(v, "customer", ap->customer);
	tval_str(v, "customer_id", ap->customer_pid);
	tval_str(v, "when", page_time_form(r->a, r->tmpl, &s, PAGE_TIME_LONG));
	tval_str(v, "when_iso", page_time_form(r->a, r->tmpl, &s,
	    PAGE_TIME_ISO));
	tval_str(v, "until", page_time_form(r->a, r->tmpl, &e, PAGE_TIME_LONG));
	tval_str(v, "until_time", page_time_form(r->a, r->tmpl, &e,
	    PAGE_TIME_CLOCK));
	tval_str(v, "zone", page_time_form(r->a, r->tmpl, &s, PAGE_TIME_ZONE));
	tval_str(v, "day", page_time_form(r->a, r->tmpl, &s, PAGE_TIME_DAY));
	tval_str(v, "clock", page_time_form(r->a, r->tmpl, &s,
	    PAGE_TIME_CLOCK));
	tval_str(v, "location", ap->location);
	tval_str(v, "meeting_url", ap->meeting_url);
	tval_str(v, "member", ap->member);
	tval_str(v, "reason", ap->cancel_reason);
	view_status(v, ap->status);
	tval_bool(v, "invited", strcmp(ap->status, "invited") == 0);
	tval_bool(v, "requested", strcmp(ap->status, "requested") == 0);
	tval_bool(v, "changeable", appointment_changeable(ap, &r->who,
	    r->now));
}

/* An inbox filter link: the kind and the status, each when set. */
static const char *
inbox_href(struct req *r, const char *kind, const char *status)
{
	if (*kind == '\0' && *status == '\0')
		return "/team/inbox";
	if (*kind == '\0' || *status == '\0')
		return arena_cat(r->a, *kind != '\0' ? "/team/inbox?kind=" :
		    "/team/inbox?status=", *kind != '\0' ? kind : status, NULL);
	return arena_cat(r->a, "/team/inbox?kind=", kind, "&status=", status,
	    NULL);
}

void
view_inbox_filters(struct req *r, const char *kind, const char *status)
{
	struct tval	*list, *v;
	const char	*k, *st;
	size_t		 i;

	tval_bool(r->tv, "all", *kind == '\0');
	tval_str(r->tv, "all_href", inbox_href(r, "", status));
	for (i = 0; (k = inbox_kind_name(i)) != NULL; i++) {
		tval_bool(r->tv, arena_cat(r->a, "only_", k, NULL),
		    strcmp(k, kind) == 0);
		tval_str(r->tv, arena_cat(r->a, k, "_href", NULL), inbox_href(r,
		    k, inbox_status_fits(k, status) ? status : ""));
	}
	tval_str(r->tv, "any_status_href", inbox_href(r, kind, ""));
	tval_bool(r->tv, "any_status", *status == '\0');
	list = tval_list(r->tv, "statuses");
	for (i = 0; (st = inbox_status_of(kind, i)) != NULL; i++) {
		v = tval_push(list);
		view_status(v, st);
		tval_bool(v, "current", strcmp(st, status) == 0);
		tval_str(v, "href", inbox_href(r, kind, st));
	}
}

void
view_inbox_item(struct req *r, struct tval *list, const struct inbox_item *it)
{
	struct tval	*v = tval_push(list);
	struct tm	 tm;

	tval_str(v, "kind", it->kind);
	tz_local(NULL, it->at, &tm);
	tval_str(v, "when", page_time_form(r->a, r->tmpl, &tm, PAGE_TIME_LONG));
	tval_str(v, "when_iso", page_time_form(r->a, r->tmpl, &tm,
	    PAGE_TIME_ISO));
	tval_str(v, "title", it->title);
	tval_str(v, "customer", it->customer_name);
	/* the customer's page, unless the item's own link goes there */
	tval_str(v, "customer_id", strncmp(it->link, "/team/customers/", 16) ==
	    0 ? "" : it->customer_pid);
	view_status(v, it->status);
	tval_str(v, "link", it->link);
}

void
view_customer(struct tval *v, const struct customer *c)
{
	tval_str(v, "pid", c->pid);
	tval_str(v, "name", c->name);
	tval_str(v, "email", c->email);
	tval_str(v, "phone", c->phone);
	tval_bool(v, "active", c->active);
	view_status(v, c->active ? "active" : "invited");
}

void
view_timeline_entry(struct req *r, struct tval *list,
    const struct timeline_entry *e)
{
	struct tval	*v = tval_push(list);
	struct tm	 tm;

	tval_str(v, "kind", e->kind);
	tz_local(NULL, e->at, &tm);
	tval_str(v, "when", page_time_form(r->a, r->tmpl, &tm, PAGE_TIME_LONG));
	tval_str(v, "when_iso", page_time_form(r->a, r->tmpl, &tm,
	    PAGE_TIME_ISO));
	tval_bool(v, "by_customer", e->actor == PRINCIPAL_CUSTOMER);
	tval_bool(v, "by_member", e->actor == PRINCIPAL_MEMBER);
	tval_bool(v, "by_system", e->actor == PRINCIPAL_NONE);
	tval_str(v, "actor", e->actor_name);
	tval_str(v, "title", e->title);
	view_status(v, e->status);
	tval_str(v, "pid", e->pid);
	if (e->about != 0)
		tz_local(NULL, e->about, &tm);
	tval_str(v, "about", e->about != 0 ? page_time_form(r->a, r->tmpl, &tm,
	    PAGE_TIME_LONG) : "");
	tval_str(v, "about_iso", e->about != 0 ? page_time_form(r->a, r->tmpl,
	    &tm, PAGE_TIME_ISO) : "");
}

/* "path?<keep>key=<cursor>", or "" when the cursor cannot be written. */
static const char *
pager_link(struct req *r, const char *path, const char *keep,
    const char *key, const struct cursor *c)
{
	const char	*v;

	if ((v = cursor_encode(r->a, c)) == NULL)
		return "";
	return arena_printf(r->a, "%s?%s%s=%s", path, keep, key, v);
}

/* n with the language's separator between thousands: 1,000 or 1.000. */
static const char *
thousands(struct arena *a, size_t n, char sep)
{
	if (n < 1000)
		return arena_printf(a, "%zu", n);
	return arena_printf(a, "%s%c%03zu", thousands(a, n / 1000, sep), sep,
	    n % 1000);
}

const char *
view_count(struct req *r, const struct keyset_page *pg)
{
	/* the separator of each language, by enum lang */
	static const char	 sep[LANG__MAX] = { ',', '.' };
	char			 c = r->lang < LANG__MAX ? sep[r->lang] : ',';

	if (!pg->exact && pg->total > KEYSET_COUNT_MAX)
		return arena_printf(r->a, "%s+", thousands(r->a,
		    KEYSET_COUNT_MAX, c));
	return thousands(r->a, pg->total, c);
}

void
view_pager(struct req *r, const char *path, const struct keyset_page *pg,
    ...)
{
	struct tval	*v = tval_submap(r->tv, "pager");
	struct cursor	 end;
	struct buf	 keep;
	const char	*key, *value;
	va_list		 ap;

	buf_init(&keep, r->a);
	va_start(ap, pg);
	while ((key = va_arg(ap, const char *)) != NULL)
		if ((value = va_arg(ap, const char *)) != NULL &&
		    *value != '\0')
			buf_printf(&keep, "%s=%s&", key, url_encode(r->a, value));
	va_end(ap);
	memset(&end, 0, sizeof(end));
	end.end = true;
	tval_bool(v, "by_name", pg->by_name);
	tval_str(v, "first", !pg->more_before ? "" : keep.len == 0 ? path :
	    arena_printf(r->a, "%s?%.*s", path, (int)keep.len - 1,
	    buf_cstr(&keep)));
	tval_str(v, "prev", pg->more_before && pg->n > 0 ?
	    pager_link(r, path, buf_cstr(&keep), "before", &pg->head) : "");
	tval_str(v, "next", pg->more_after && pg->n > 0 ?
	    pager_link(r, path, buf_cstr(&keep), "after", &pg->tail) : "");
	tval_str(v, "last", pg->more_after ?
	    pager_link(r, path, buf_cstr(&keep), "before", &end) : "");
	if (pg->counted)
		tval_str(r->tv, "total", view_count(r, pg));
}

/*
 * The portal's OpenID providers as links that start a sign-in (GET: a
 * form's POST answered by a redirect to the provider would fall foul of
 * the form-action 'self' policy), each carrying next.
 */
static void
providers(struct req *r, const char *next)
{
	const struct oidc_provider	*p;
	struct tval			*list, *v;
	const char			*tail = "";
	size_t				 i;

	if (next != NULL && *next != '\0')
		tail = arena_printf(r->a, "&next=%s", url_encode(r->a, next));
	list = tval_list(r->tv, "providers");
	for (i = 0; i < r->portal->noidc; i++) {
		p = r->portal->oidc[i];
		v = tval_push(list);
		tval_str(v, "name", p->name);
		tval_str(v, "href", arena_printf(r->a,
		    "/auth/oidc?provider=%s%s", url_encode(r->a, p->id), tail));
	}
}

void
view_login_form(struct req *r, const char *next, const char *email,
    bool err_email, const char *pw_email, bool err_password)
{
	tval_str(r->tv, "next", next != NULL ? next : "");
	tval_str(r->tv, "email", email != NULL ? email : "");
	tval_bool(r->tv, "err_email", err_email);
	tval_bool(r->tv, "password_signin",
	    (r->portal->signin & SIGNIN_PASSWORD) != 0);
	tval_str(r->tv, "pw_email", pw_email != NULL ? pw_email : "");
	tval_bool(r->tv, "err_password", err_password);
	tval_bool(r->tv, "signup_open", r->portal->signup == SIGNUP_OPEN);
	providers(r, next);
}

void
view_signup_form(struct req *r, const char *name, const char *email,
    bool err_name, bool err_email, enum password_rule rule)
{
	providers(r, NULL);
	tval_str(r->tv, "name", name != NULL ? name : "");
	tval_str(r->tv, "email", email != NULL ? email : "");
	tval_bool(r->tv, "err_name", err_name);
	tval_bool(r->tv, "err_email", err_email);
	tval_bool(r->tv, "password_signin",
	    (r->portal->signin & SIGNIN_PASSWORD) != 0);
	tval_bool(r->tv, "err_password", rule != PASSWORD_OK);
	page_password_rule(r, rule);
}

static void
session_values(struct req *r, struct tval *list, const struct session_info *si)
{
	struct tval	*v = tval_push(list);

	tval_str(v, "pid", si->pid);
	tval_str(v, "agent", si->agent);
	tval_str(v, "created", page_time(r, si->created));
	tval_str(v, "created_iso", page_time_iso(r, si->created));
	tval_str(v, "last_seen", page_time(r, si->last_seen));
	tval_str(v, "last_seen_iso", page_time_iso(r, si->last_seen));
	tval_bool(v, "current", si->current);
	view_status(v, si->current ? "current" : "");
}

void
view_deletion(struct req *r, struct tval *v, const struct deletion *d)
{
	tval_str(v, "pid", d->pid);
	tval_str(v, "created", page_time(r, d->created));
	tval_str(v, "created_iso", page_time_iso(r, d->created));
	tval_bool(v, "open", strcmp(d->status, "open") == 0);
	tval_bool(v, "done", strcmp(d->status, "done") == 0);
	view_status(v, d->status);
	tval_str(v, "name", d->name);
	tval_str(v, "email", d->email);
	tval_str(v, "customer_pid", d->customer_pid);
	tval_str(v, "processed", page_time(r, d->processed));
	tval_str(v, "processed_iso", page_time_iso(r, d->processed));
	tval_str(v, "processed_by", d->processed_by);
}

/* The deletion card: the open request's date, if there is one. */
static void
deletion_values(struct req *r, const struct customer_account *acct)
{
	const struct deletion	*d = &acct->deletion;
	bool			 open;

	open = acct->has_deletion && strcmp(d->status, "open") == 0;
	tval_bool(r->tv, "deletion_open", open);
	tval_str(r->tv, "deletion_created",
	    open ? page_time(r, d->created) : "");
	tval_str(r->tv, "deletion_created_iso",
	    open ? page_time_iso(r, d->created) : "");
}

void
view_account(struct req *r, const struct customer_account *acct)
{
	struct tval	*list;
	size_t		 i;

	tval_str(r->tv, "name", acct->c.name);
	tval_str(r->tv, "email", acct->c.email);
	tval_str(r->tv, "phone", acct->c.phone);
	tval_bool(r->tv, "err_name", false);
	tval_bool(r->tv, "err_phone", false);
	tval_str(r->tv, "new_email", "");
	tval_bool(r->tv, "err_new_email", false);
	tval_bool(r->tv, "has_password", acct->has_password);
	tval_bool(r->tv, "password_signin",
	    (r->portal->signin & SIGNIN_PASSWORD) != 0);
	tval_bool(r->tv, "err_current", false);
	tval_bool(r->tv, "err_password", false);
	page_password_rule(r, PASSWORD_OK);
	tval_bool(r->tv, "notify_appointments", acct->prefs.appointments);
	tval_bool(r->tv, "notify_updates", acct->prefs.updates);
	deletion_values(r, acct);
	list = tval_list(r->tv, "sessions");
	for (i = 0; i < acct->nsessions; i++)
		session_values(r, list, &acct->sessions[i]);
}

void
view_webhook_event(struct req *r, struct tval *list,
    const struct webhook_event *e)
{
	struct tval	*v = tval_push(list);
	bool		 pending = e->delivered == 0 && e->failed == 0;

	tval_str(v, "id", e->event_id);
	tval_str(v, "type", e->type);
	tval_str(v, "created", page_time(r, e->created));
	tval_str(v, "created_iso", page_time_iso(r, e->created));
	view_status(v, e->delivered ? "delivered" : e->failed ? "failed" :
	    "pending");
	tval_int(v, "attempts", e->attempts);
	tval_str(v, "last_status", e->last_status != 0 ?
	    arena_printf(r->a, "%lld", (long long)e->last_status) : "");
	tval_str(v, "last_error", e->last_error);
	tval_bool(v, "pending", pending && e->attempts > 0);
	tval_str(v, "next", pending ? page_time(r, e->next_attempt) : "");
	tval_bool(v, "can_retry", e->delivered == 0);
}

enum db_rc
view_webhook_endpoint(struct req *r)
{
	struct webhook_endpoint	 ep;
	enum db_rc		 rc;
	bool			 off;

	if ((rc = webhook_endpoint_get(r->db, r->a, &ep)) != DB_OK)
		return rc;
	off = webhook_disabled(&ep, r->office->webhook_url);
	tval_bool(r->tv, "configured", *r->office->webhook_url != '\0');
	tval_str(r->tv, "url", r->office->webhook_url);
	tval_bool(r->tv, "disabled", off);
	tval_str(r->tv, "disabled_at", off ? page_time(r, ep.disabled) : "");
	return DB_OK;
}
