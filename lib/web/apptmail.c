/*
 * apptmail: an appointment's mail with its invitation attached.
 *
 * The values come from the appointment as stored and go through the
 * templates, which escape them in the HTML part; the calendar is made by
 * ics.c.  Times are shown in the agenda's zone (page_time_in), whatever
 * zone the portal's pages use, as the invitation carries them.  The
 * customer's preference is read for the appointment's own customer,
 * whoever caused the mail (the customer or a member of the team).
 */
#include <stdbool.h>
#include <string.h>

#include "appointment.h"
#include "apptmail.h"
#include "config.h"
#include "customer.h"
#include "ics.h"
#include "log.h"
#include "mail.h"
#include "page.h"
#include "smtp.h"
#include "tmpl.h"

#define INVITE_NAME	"invite.ics"
#define LIST_PATH	"/portal/appointments"

static const char *const mail_names[APPTMAIL__MAX] = {
	[APPTMAIL_CONFIRMED] = "appointment-confirmed",
	[APPTMAIL_UPDATED] = "appointment-updated",
	[APPTMAIL_CANCELLED] = "appointment-cancelled",
	[APPTMAIL_REMINDER] = "appointment-reminder",
};

/* The portal's host name: its url without scheme and port. */
static const char *
portal_host(const struct apptmail_from *f)
{
	const char	*h = f->portal->url, *p;

	if ((p = strstr(h, "://")) != NULL)
		h = p + 3;
	return arena_strndup(f->a, h, strcspn(h, ":/"));
}

/* Whether the customer wants mail of this kind. */
static enum db_rc
wanted(const struct apptmail_from *f, const struct appointment *ap,
    enum apptmail_kind kind, bool *yes)
{
	struct principal	 owner;
	struct customer_prefs	 prefs;
	enum db_rc		 rc;

	*yes = true;
	if (kind == APPTMAIL_CONFIRMED || kind == APPTMAIL_CANCELLED)
		return DB_OK;
	memset(&owner, 0, sizeof(owner));
	owner.kind = PRINCIPAL_CUSTOMER;
	owner.id = ap->customer_id;
	if ((rc = customer_notifications(f->db, &owner, &prefs)) != DB_OK)
		return rc;
	*yes = prefs.appointments;
	return DB_OK;
}

static const char *
when(const struct apptmail_from *f, int64_t t, const char *zone,
    enum page_time_form form)
{
	return page_time_text(f->a, f->tmpl, t, zone, form);
}

static void
values(const struct apptmail_from *f, struct tval *tv,
    const struct appointment *ap, enum apptmail_kind kind,
    const char *signin_link)
{
	const char	*z = ap->zone, *link;

	if (signin_link != NULL && *signin_link != '\0')
		link = signin_link;
	else if (kind == APPTMAIL_CANCELLED)
		link = arena_printf(f->a, "%s" LIST_PATH, f->portal->url);
	else
		link = arena_printf(f->a, "%s" LIST_PATH "/%s", f->portal->url,
		    ap->pid);
	tval_str(tv, "name", ap->customer);
	if (*ap->project != '\0' && *ap->agenda != '\0')
		tval_str(tv, "what", arena_printf(f->a, "%s — %s",
		    ap->project, ap->agenda));
	else
		tval_str(tv, "what", *ap->project != '\0' ? ap->project :
		    ap->agenda);
	tval_str(tv, "when", when(f, ap->starts, z, PAGE_TIME_LONG));
	tval_str(tv, "until_time", when(f, ap->ends, z, PAGE_TIME_CLOCK));
	tval_str(tv, "zone", when(f, ap->starts, z, PAGE_TIME_ZONE));
	tval_str(tv, "where", *ap->location != '\0' ? ap->location :
	    ap->project_address);
	tval_str(tv, "meeting_url", ap->meeting_url);
	tval_str(tv, "reason", ap->cancel_reason);
	tval_str(tv, "link", link);
}

enum db_rc
apptmail_queue_from(const struct apptmail_from *f,
    const struct appointment *ap, enum apptmail_kind kind,
    const char *signin_link)
{
	struct ics_origin	 o;
	struct smtp_attachment	 att;
	enum ics_method		 m;
	struct tval		*tv;
	const char		*ics;
	enum db_rc		 rc;
	bool			 yes;

	if (kind >= APPTMAIL__MAX || *ap->customer_email == '\0') {
		log_err("apptmail: appointment %s: no kind or no address",
		    ap->pid);
		return DB_ERR;
	}
	if ((rc = wanted(f, ap, kind, &yes)) != DB_OK || !yes)
		return rc;
	o.host = portal_host(f);
	o.url = f->portal->url;
	o.name = f->office->name;
	o.organizer = f->office->email;
	m = kind == APPTMAIL_CANCELLED ? ICS_CANCEL : ICS_REQUEST;
	if ((ics = ics_calendar(f->a, &o, m, ap, 1, f->now)) == NULL)
		return DB_ERR;
	att.name = INVITE_NAME;
	att.type = arena_printf(f->a, "text/calendar; charset=utf-8; "
	    "method=%s", ics_method_name(m));
	att.data = ics;
	att.len = strlen(ics);
	tv = tval_map(f->a);
	values(f, tv, ap, kind, signin_link);
	return mail_queue_attached(f->db, f->tmpl, f->a, f->portal,
	    mail_names[kind], ap->customer_email, tv, &att, f->now);
}

enum db_rc
apptmail_queue(struct req *r, const struct appointment *ap,
    enum apptmail_kind kind, const char *signin_link)
{
	const struct apptmail_from	 f = { r->db, r->a, r->tmpl, r->portal,
	    r->office, r->now };

	return apptmail_queue_from(&f, ap, kind, signin_link);
}

enum db_rc
apptmail_after(struct req *r, const struct principal *reader,
    const char *pid, enum apptmail_kind kind, int signin_days,
    struct appointment *out)
{
	struct appointment	 ap;
	const char		*link = NULL;
	enum db_rc		 rc;

	if ((rc = appointment_get(r->db, r->a, reader, pid, &ap)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_ERR : rc;
	if (signin_days > 0 && (rc = page_signin_link(r, reader,
	    kind == APPTMAIL_CANCELLED ? LIST_PATH : arena_printf(r->a,
	    LIST_PATH "/%s", ap.pid), signin_days * 86400LL, &link)) != DB_OK)
		return rc;
	if (out != NULL)
		*out = ap;
	return apptmail_queue(r, &ap, kind, link);
}
