/*
 * booking: the booking pages' shared parts (booking.h).
 *
 * Slots come from slot_list in the agenda's zone and are shown in it, with
 * the zone's abbreviation, grouped by the agenda's local day (a week as
 * slotweek.c lays it out for every page that picks a time); a page of
 * slots is BOOKING_DAYS days from a day the link names, so the pages move
 * by weeks with plain links and work without JavaScript.  The mails carry
 * a sign-in link that lands on the appointment's page: a visitor who
 * booked without an account signs in with it, and that first sign-in
 * activates the account the booking made.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "agenda.h"
#include "apptmail.h"
#include "appointment.h"
#include "booking.h"
#include "customer.h"
#include "document.h"
#include "docview.h"
#include "page.h"
#include "project.h"
#include "slot.h"
#include "slotweek.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

/* A mailed link to an appointment lasts as long as an invitation: the
 * confirmation may be read days later, and it is the account's first way
 * in when the booking made one. */
#define BOOKING_LINK_DAYS	7
#define BOOKING_DOCUMENTS_MAX	20	/* shared documents on a project's page */

static const struct agenda *
agenda_of(const struct booking_place *pl, const char *agenda_pid)
{
	size_t	 i;

	if (agenda_pid == NULL || *agenda_pid == '\0')
		return &pl->agendas[0];
	for (i = 0; i < pl->nagendas; i++)
		if (strcmp(pl->agendas[i].pid, agenda_pid) == 0)
			return &pl->agendas[i];
	return NULL;
}

enum db_rc
booking_place_find(struct req *r, const char *pid, const char *agenda_pid,
    struct booking_place *pl)
{
	enum db_rc	 rc;

	memset(pl, 0, sizeof(*pl));
	pl->pid = pid;
	if ((rc = project_by_pid(r->db, r->a, pid, &pl->project)) == DB_OK) {
		if (!pl->project.booking || pl->project.archived)
			return DB_NOTFOUND;
		pl->is_project = true;
		rc = agenda_for_project(r->db, r->a, pl->project.id,
		    &pl->agendas, &pl->nagendas);
	} else if (rc == DB_NOTFOUND) {
		pl->agendas = arena_alloc(r->a, sizeof(*pl->agendas));
		if ((rc = agenda_by_pid(r->db, r->a, pid, pl->agendas)) ==
		    DB_OK && !pl->agendas->archived)
			pl->nagendas = 1;
	}
	if (rc != DB_OK)
		return rc;
	if (pl->nagendas == 0 ||
	    (pl->agenda = agenda_of(pl, agenda_pid)) == NULL)
		return DB_NOTFOUND;
	return DB_OK;
}

void
booking_place_values(struct req *r, const struct booking_place *pl)
{
	const struct project	*p = &pl->project;
	struct tval		*list, *v;
	size_t			 i;

	tval_str(r->tv, "book_pid", pl->pid);
	tval_bool(r->tv, "is_project", pl->is_project);
	tval_str(r->tv, "place_title", pl->is_project ? p->title :
	    pl->agenda->name);
	tval_str(r->tv, "address", pl->is_project && *p->address != '\0' ?
	    p->address : pl->agenda->location);
	tval_str(r->tv, "description", pl->is_project ? p->description : "");
	tval_str(r->tv, "agenda", pl->agenda->name);
	tval_str(r->tv, "agenda_pid", pl->agenda->pid);
	tval_bool(r->tv, "online", *pl->agenda->meeting_url != '\0');
	list = tval_list(r->tv, "agendas");
	for (i = 0; pl->nagendas > 1 && i < pl->nagendas; i++) {
		v = tval_push(list);
		tval_str(v, "name", pl->agendas[i].name);
		tval_str(v, "pid", pl->agendas[i].pid);
		tval_bool(v, "current", &pl->agendas[i] == pl->agenda);
	}
}

int64_t
booking_first_day(const struct agenda *g, const char *day, int64_t now)
{
	int64_t	 today = slot_today(g, now), n;
	int	 y, m, d;

	if (day == NULL || !day_parse(day, strlen(day), &y, &m, &d))
		return today;
	n = day_number(y, m, d);
	return n < today ? today : n;
}

enum db_rc
booking_week(struct req *r, const struct agenda *g, int64_t first_day,
    int64_t ignore)
{
	int64_t		 today = slot_today(g, r->now), at;
	size_t		 n;
	enum db_rc	 rc;

	if ((rc = slotweek_days(r, r->tv, g, first_day, ignore, &n,
	    &at)) != DB_OK)
		return rc;
	tval_str(r->tv, "zone_name", g->zone);
	tval_str(r->tv, "week_from", slotweek_day_text(r->a, first_day));
	tval_str(r->tv, "prev_day", first_day > today ? slotweek_day_text(r->a,
	    first_day - BOOKING_DAYS < today ? today :
	    first_day - BOOKING_DAYS) : "");
	tval_str(r->tv, "next_day", first_day + BOOKING_DAYS <= today +
	    g->horizon_days ? slotweek_day_text(r->a, first_day +
	    BOOKING_DAYS) : "");
	return DB_OK;
}

enum db_rc
booking_slot_values(struct req *r, const struct agenda *g, int64_t at,
    int nslots, bool *fits)
{
	struct tval	*list, *v;
	int64_t		 ends, e;
	bool		 ok;
	int		 k;
	enum db_rc	 rc;

	if ((rc = slot_fits(r->db, r->a, g, at, nslots, r->now, 0, false,
	    fits, &ends)) != DB_OK || !*fits)
		return rc;
	tval_str(r->tv, "at", arena_printf(r->a, "%lld", (long long)at));
	tval_str(r->tv, "slot_when", page_time_in(r, at, g->zone,
	    PAGE_TIME_LONG));
	tval_str(r->tv, "slot_iso", page_time_in(r, at, g->zone,
	    PAGE_TIME_ISO));
	tval_str(r->tv, "slot_until", page_time_in(r, ends, g->zone,
	    PAGE_TIME_CLOCK));
	tval_str(r->tv, "zone", page_time_in(r, at, g->zone, PAGE_TIME_ZONE));
	list = tval_list(r->tv, "lengths");
	for (k = 1; booking_max_slots(r, g) > 1 && k <= booking_max_slots(r,
	    g); k++) {
		if ((rc = slot_fits(r->db, r->a, g, at, k, r->now, 0, false,
		    &ok, &e)) != DB_OK)
			return rc;
		if (!ok)
			break;
		v = tval_push(list);
		tval_int(v, "n", k);
		tval_int(v, "minutes", (e - at) / 60);
		tval_bool(v, "selected", k == nslots);
	}
	return DB_OK;
}

enum db_rc
booking_offers(struct req *r)
{
	struct project	*p;
	struct tval	*list, *v;
	size_t		 i, n;
	enum db_rc	 rc;

	list = tval_list(r->tv, "bookable");
	if ((rc = project_bookable(r->db, r->a, BOOKING_OFFERS_MAX, &p,
	    &n)) != DB_OK)
		return rc;
	for (i = 0; i < n; i++) {
		v = tval_push(list);
		tval_str(v, "title", p[i].title);
		tval_str(v, "href", arena_printf(r->a, "/book/%s", p[i].pid));
	}
	return DB_OK;
}

/* The confirming step's values: who books, and what was typed. */
static void
form_values(struct req *r, const struct booking_form *f)
{
	tval_bool(r->tv, "as_customer", r->who.kind == PRINCIPAL_CUSTOMER);
	tval_str(r->tv, "name", f->name != NULL ? f->name : "");
	tval_str(r->tv, "email", f->email != NULL ? f->email : "");
	tval_bool(r->tv, "err_name", f->err_name);
	tval_bool(r->tv, "err_email", f->err_email);
}

bool
booking_open_to(const struct req *r)
{
	return r->who.kind == PRINCIPAL_CUSTOMER ||
	    page_has(r, FEATURE_BOOKING_LINKS);
}

int
booking_max_slots(const struct req *r, const struct agenda *g)
{
	return page_has(r, FEATURE_MULTI_SLOT) ? g->max_slots : 1;
}

/* The project documents shared with the signed-in customer, on a
 * project's page (none for a visitor, an agenda, or an embedded page). */
static enum db_rc
shared_documents(struct req *r, const struct booking_place *pl)
{
	struct document	*d;
	struct tval	*list = tval_list(r->tv, "project_documents");
	size_t		 i, n;
	enum db_rc	 rc;

	if (!pl->is_project || r->frame_ancestors != NULL)
		return DB_OK;
	if ((rc = document_shared_with(r->db, r->a, &r->who, pl->project.id,
	    BOOKING_DOCUMENTS_MAX, &d, &n)) != DB_OK)
		return rc;
	for (i = 0; i < n; i++)
		docview_values(r, tval_push(list), &d[i]);
	return DB_OK;
}

enum page_rc
booking_page(struct req *r, const char *pid, const struct booking_form *f,
    int status)
{
	struct booking_place	 pl;
	int64_t			 at, len = 1, first;
	bool			 fits = false;
	enum db_rc		 rc;

	if (!booking_open_to(r))
		return page_status(r, 403);
	if ((rc = booking_place_find(r, pid, f->agenda, &pl)) != DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 404) :
		    page_db_fail(r, rc);
	booking_place_values(r, &pl);
	if ((rc = shared_documents(r, &pl)) != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "week_path", arena_printf(r->a, "%s/book/%s",
	    r->frame_ancestors != NULL ? "/embed" : "", pid));
	tval_str(r->tv, "week_keep", arena_printf(r->a, "agenda=%s&",
	    pl.agenda->pid));
	tval_bool(r->tv, "via_embed", f->via_embed);
	tval_bool(r->tv, "taken", f->taken);
	form_values(r, f);
	if (f->length != NULL && (!num_parse(f->length, &len) || len < 1 ||
	    len > booking_max_slots(r, pl.agenda)))
		len = 1;
	if (!f->taken && num_parse(f->at, &at) && (rc = booking_slot_values(r,
	    pl.agenda, at, (int)len, &fits)) != DB_OK)
		return page_db_fail(r, rc);
	tval_bool(r->tv, "gone", f->at != NULL && !fits && !f->taken);
	if (fits) {
		r->status = status;
		return page_render(r, "book-confirm");
	}
	first = booking_first_day(pl.agenda, f->day, r->now);
	if ((rc = booking_week(r, pl.agenda, first, 0)) != DB_OK)
		return page_db_fail(r, rc);
	r->status = f->taken ? 409 : status;
	return page_render(r, "book");
}

enum page_rc
booking_reschedule_page(struct req *r, const struct appointment *ap,
    const char *day, int status)
{
	struct agenda	 g;
	enum db_rc	 rc;

	view_appointment_map(r, r->tv, ap);
	tval_int(r->tv, "cancel_hours", ap->cancel_hours);
	if (!appointment_changeable(ap, &r->who, r->now))
		return page_render_status(r, 409, "appointment-refused");
	if ((rc = agenda_by_id(r->db, r->a, ap->agenda_id, &g)) ==
	    DB_NOTFOUND)
		return page_render_status(r, 409, "appointment-refused");
	if (rc != DB_OK || (rc = booking_week(r, &g, booking_first_day(&g, day,
	    r->now), ap->id)) != DB_OK)
		return page_db_fail(r, rc);
	tval_bool(r->tv, "taken", status == 409);
	tval_str(r->tv, "agenda", g.name);
	tval_str(r->tv, "week_path", arena_printf(r->a,
	    "/portal/appointments/%s/reschedule", ap->pid));
	tval_str(r->tv, "week_keep", "");
	return page_render_status(r, status != 0 ? status : 200,
	    "appointment-reschedule");
}

enum db_rc
booking_visitor(struct req *r, const char *email, const char *name,
    struct principal *who)
{
	struct customer	 c;
	enum db_rc	 rc;

	rc = customer_by_email_any(r->db, r->a, email, &c);
	if (rc == DB_NOTFOUND)
		rc = customer_add_inactive(r->db, r->a, email, name, r->now, &c);
	if (rc == DB_OK)
		*who = customer_principal(&c);
	return rc;
}

enum db_rc
booking_notify(struct req *r, enum apptmail_kind kind,
    const struct principal *who, const char *pid, struct appointment *ap)
{
	return apptmail_after(r, who, pid, kind, BOOKING_LINK_DAYS, ap);
}

/* Whom a booking is for: the signed-in customer, or the customer of a
 * visitor's address.  False when the page has answered instead (the
 * form again with 422, the throttled page, a database error) with *done
 * its outcome. */
static bool
booking_for(struct req *r, const char *pid, const struct booking_save *s,
    struct booking_form *f, struct principal *who, enum page_rc *done)
{
	enum db_rc	 rc;

	*who = r->who;
	*done = PAGE_OK;
	if (s->source == SOURCE_PORTAL)
		return true;
	f->err_name = s->name == NULL;
	f->err_email = s->email == NULL;
	if (f->err_name || f->err_email)
		*done = booking_page(r, pid, f, 422);
	else if (page_throttled(r, "book", s->email))
		*done = PAGE_OK;
	else if ((rc = booking_visitor(r, s->email, s->name, who)) != DB_OK)
		*done = page_db_fail(r, rc);
	else
		return true;
	return false;
}

enum page_rc
booking_book(struct req *r, const char *pid, struct booking_form *f,
    const struct booking_save *s)
{
	struct booking_place	 pl;
	struct booking		 b = { .source = s->source };
	struct principal	 who;
	struct appointment	 ap;
	const char		*apid;
	int64_t			 len = 1;
	enum page_rc		 prc;
	enum db_rc		 rc;

	if (!booking_open_to(r))
		return page_status(r, 403);
	if ((rc = booking_place_find(r, pid, f->agenda, &pl)) != DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 404) :
		    page_db_fail(r, rc);
	if (!num_parse(f->at, &b.starts) || (f->length != NULL &&
	    !num_parse(f->length, &len)) || len < 1 ||
	    len > booking_max_slots(r, pl.agenda))
		return page_status(r, 400);
	if (!booking_for(r, pid, s, f, &who, &prc))
		return prc;
	b.customer_id = who.id;
	b.project = pl.is_project ? &pl.project : NULL;
	b.agenda = pl.agenda;
	b.nslots = (int)len;
	if ((rc = appointment_book(r->db, r->a, &b, r->now, &apid)) ==
	    DB_CONFLICT) {
		f->taken = true;
		return booking_page(r, pid, f, 409);
	}
	if (rc != DB_OK || (rc = booking_notify(r, APPTMAIL_CONFIRMED, &who,
	    apid, &ap)) != DB_OK)
		return page_db_fail(r, rc);
	if (b.source == SOURCE_PORTAL)
		return page_redirect(r, arena_printf(r->a,
		    "/portal/appointments/%s?done=booked", apid));
	view_appointment_map(r, r->tv, &ap);
	tval_str(r->tv, "email", who.email);
	return page_render(r, "book-done");
}
