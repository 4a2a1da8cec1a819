/*
 * reqview: the request pages' shared parts (reqview.h).
 *
 * An offer stands until the freed time starts when every waiting customer
 * is told at once: the first to confirm books it, in their request's
 * write transaction, and the others find it taken.  Told in turn, the
 * first waiting customer (in the order they joined) who holds no other
 * offer has it for REQUEST_OFFER_HOURS; porchctl sweep offers it to the
 * next after them when that runs out (reqview_offer_next), while the
 * time is still free and to come.  The customer whose appointment freed the
 * place is not told of it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "agenda.h"
#include "appointment.h"
#include "apptmail.h"
#include "booking.h"
#include "logintoken.h"
#include "mail.h"
#include "config.h"
#include "page.h"
#include "reqview.h"
#include "request.h"
#include "slot.h"
#include "tmpl.h"
#include "view.h"

void
reqview_values(struct req *r, struct tval *v, const struct request *rq)
{
	tval_str(v, "pid", rq->pid);
	tval_str(v, "kind", rq->kind);
	tval_bool(v, "visit", strcmp(rq->kind, "visit") == 0);
	tval_bool(v, "waitlist", strcmp(rq->kind, "waitlist") == 0);
	tval_str(v, "project", rq->project);
	tval_str(v, "project_pid", rq->project_pid);
	tval_str(v, "preferred", rq->preferred);
	tval_str(v, "message", rq->message);
	tval_str(v, "created", page_time(r, rq->created));
	tval_str(v, "created_iso", page_time_iso(r, rq->created));
	tval_str(v, "updated", page_time(r, rq->updated));
	tval_str(v, "updated_iso", page_time_iso(r, rq->updated));
	tval_str(v, "customer", rq->customer);
	tval_str(v, "customer_pid", rq->customer_pid);
	tval_str(v, "customer_email", rq->customer_email);
	tval_str(v, "appointment_pid", rq->appointment_pid);
	tval_str(v, "closed_by", rq->closed_by);
	tval_bool(v, "open", strcmp(rq->status, "open") == 0);
	tval_bool(v, "has_offer", request_has_offer(rq, r->now));
	tval_str(v, "notified", page_time(r, rq->notified_at));
	tval_str(v, "notified_iso", page_time_iso(r, rq->notified_at));
	view_status(v, rq->status);
}

/* The freed time an offer is about. */
struct freed {
	int64_t		 agenda_id;
	const char	*agenda;	/* its name */
	const char	*zone;
	int64_t		 starts;
};

/* Offers the freed time to one waiting customer and mails them a
 * single-use sign-in link to the offer's page, from a page or the
 * sweep. */
static enum db_rc
offer(const struct apptmail_from *f, const struct request *w,
    const struct freed *fr, bool in_turn)
{
	struct tval	*tv;
	const char	*token, *next;
	int64_t		 expires = fr->starts;
	enum db_rc	 rc;

	if (in_turn && f->now + REQUEST_OFFER_HOURS * 3600 < expires)
		expires = f->now + REQUEST_OFFER_HOURS * 3600;
	next = arena_printf(f->a, "/portal/requests/%s/offer", w->pid);
	if ((rc = request_offer(f->db, w, fr->agenda_id, fr->starts, expires,
	    f->now)) != DB_OK ||
	    (rc = logintoken_create_for(f->db, f->a, PRINCIPAL_CUSTOMER,
	    w->customer_id, f->portal->id, next, f->now, expires - f->now,
	    &token)) != DB_OK)
		return rc;
	tv = tval_map(f->a);
	tval_str(tv, "name", w->customer);
	tval_str(tv, "link", arena_printf(f->a, "%s/auth?t=%s",
	    f->portal->url, token));
	tval_str(tv, "project", w->project);
	tval_str(tv, "agenda", fr->agenda);
	tval_str(tv, "when", page_time_text(f->a, f->tmpl, fr->starts,
	    fr->zone, PAGE_TIME_LONG));
	tval_str(tv, "zone", page_time_text(f->a, f->tmpl, fr->starts,
	    fr->zone, PAGE_TIME_ZONE));
	tval_bool(tv, "in_turn", in_turn);
	tval_str(tv, "until", page_time_text(f->a, f->tmpl, expires, fr->zone,
	    PAGE_TIME_LONG));
	return mail_queue(f->db, f->tmpl, f->a, f->portal, "waitlist-offer",
	    w->customer_email, tv, f->now);
}

/* Whether the freed time is still free in its agenda; *g gets it. */
static enum db_rc
still_free(const struct apptmail_from *f, int64_t agenda_id, int64_t starts,
    struct agenda *g, bool *fits)
{
	int64_t		 ends;
	enum db_rc	 rc;

	*fits = false;
	if ((rc = agenda_by_id(f->db, f->a, agenda_id, g)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_OK : rc;
	return slot_fits(f->db, f->a, g, starts, 1, f->now, 0, false, fits,
	    &ends);
}

/* Whether w comes after x in the waiting list's order. */
static bool
after(const struct request *w, const struct request *x)
{
	return w->created > x->created || (w->created == x->created &&
	    w->id > x->id);
}

/* Whether the appointment held a place: open, and still to come. */
static bool
held_place(const struct appointment *was, int64_t now)
{
	return was->agenda_id != 0 && was->starts > now &&
	    (strcmp(was->status, "confirmed") == 0 ||
	    strcmp(was->status, "requested") == 0 ||
	    strcmp(was->status, "invited") == 0);
}

enum db_rc
reqview_freed(struct req *r, const struct appointment *was)
{
	const struct apptmail_from	 f = { r->db, r->a, r->tmpl, r->portal,
	    r->office, r->now };
	struct freed			 fr = { was->agenda_id, was->agenda,
	    was->zone, was->starts };
	struct request			*w;
	struct agenda			 g;
	size_t				 i, n;
	bool				 in_turn, fits;
	enum db_rc			 rc;

	if (!held_place(was, r->now))
		return DB_OK;
	/* moved within its own slot, or the place taken again: not free */
	if ((rc = still_free(&f, was->agenda_id, was->starts, &g, &fits)) !=
	    DB_OK || !fits)
		return rc;
	in_turn = r->office != NULL && r->office->waitlist == WAITLIST_IN_TURN;
	if ((rc = request_waiting_for_agenda(r->db, r->a, was->agenda_id,
	    REQVIEW_WAITING_MAX, &w, &n)) != DB_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if (w[i].customer_id == was->customer_id ||
		    (in_turn && request_has_offer(&w[i], r->now)))
			continue;
		if ((rc = offer(&f, &w[i], &fr, in_turn)) != DB_OK)
			return rc;
		if (in_turn)
			break;
	}
	return DB_OK;
}

enum db_rc
reqview_offer_next(const struct apptmail_from *f, const struct request *x)
{
	struct freed	 fr = { x->offer_agenda_id, "", "", x->offer_starts };
	struct request	*w;
	struct agenda	 g;
	size_t		 i, n;
	bool		 fits;
	enum db_rc	 rc;

	if ((rc = request_offer_end(f->db, x)) != DB_OK)
		return rc;
	if (f->office == NULL || f->office->waitlist != WAITLIST_IN_TURN ||
	    x->offer_agenda_id == 0 || x->offer_starts <= f->now)
		return DB_OK;
	if ((rc = still_free(f, x->offer_agenda_id, x->offer_starts, &g,
	    &fits)) != DB_OK || !fits)
		return rc;
	fr.agenda = g.name;
	fr.zone = g.zone;
	if ((rc = request_waiting_for_agenda(f->db, f->a, x->offer_agenda_id,
	    REQVIEW_WAITING_MAX, &w, &n)) != DB_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (after(&w[i], x) && !request_has_offer(&w[i], f->now))
			return offer(f, &w[i], &fr, true);
	return DB_OK;
}

enum db_rc
reqview_offer(struct req *r, const struct request *rq, struct agenda *g,
    bool *fits)
{
	int64_t		 ends;
	enum db_rc	 rc;

	*fits = false;
	if (!request_has_offer(rq, r->now))
		return DB_NOTFOUND;
	if ((rc = agenda_by_id(r->db, r->a, rq->offer_agenda_id, g)) != DB_OK)
		return rc;
	if (g->archived)
		return DB_NOTFOUND;
	if ((rc = slot_fits(r->db, r->a, g, rq->offer_starts, 1, r->now, 0,
	    false, fits, &ends)) != DB_OK)
		return rc;
	tval_str(r->tv, "agenda", g->name);
	tval_str(r->tv, "offer_when", page_time_in(r, rq->offer_starts,
	    g->zone, PAGE_TIME_LONG));
	tval_str(r->tv, "offer_iso", page_time_in(r, rq->offer_starts,
	    g->zone, PAGE_TIME_ISO));
	tval_str(r->tv, "offer_until", page_time_in(r, ends, g->zone,
	    PAGE_TIME_CLOCK));
	tval_str(r->tv, "zone", page_time_in(r, rq->offer_starts, g->zone,
	    PAGE_TIME_ZONE));
	return DB_OK;
}

static const char *const parts[] = { "morning", "afternoon", "evening",
    NULL };

bool
reqview_valid_part(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; parts[i] != NULL; i++)
		if (strlen(parts[i]) == len && memcmp(parts[i], s, len) == 0)
			return true;
	return false;
}

bool
reqview_valid_kind_or_any(const char *s, size_t len)
{
	return len == 0 || request_kind_valid(s, len);
}

bool
reqview_valid_status_or_any(const char *s, size_t len)
{
	return len == 0 || request_status_valid(s, len);
}

const char *
reqview_preferred(struct req *r, const struct reqview_form *f)
{
	const char	*text = f->preferred != NULL ? f->preferred : "";
	size_t		 i;

	for (i = 0; i < REQVIEW_CHOICES; i++) {
		if (f->day[i] == NULL || *f->day[i] == '\0')
			continue;
		text = arena_printf(r->a, "%s%s%s%s%s", text,
		    *text != '\0' ? "\n" : "", f->day[i],
		    f->part[i] != NULL ? " " : "",
		    f->part[i] != NULL ? f->part[i] : "");
	}
	return text;
}

/* The form's choices again: "choices" (n, day, morning, afternoon,
 * evening). */
static void
choice_values(struct req *r, const struct reqview_form *f)
{
	struct tval	*list, *v;
	size_t		 i, k;

	list = tval_list(r->tv, "choices");
	for (i = 0; i < REQVIEW_CHOICES; i++) {
		v = tval_push(list);
		tval_int(v, "n", (int64_t)i + 1);
		tval_str(v, "day", f->day[i] != NULL ? f->day[i] : "");
		for (k = 0; parts[k] != NULL; k++)
			tval_bool(v, parts[k], f->part[i] != NULL &&
			    strcmp(f->part[i], parts[k]) == 0);
	}
}

enum page_rc
reqview_ask_page(struct req *r, const char *pid, const struct reqview_form *f,
    int status)
{
	struct booking_place	 pl;
	enum db_rc		 rc;

	if ((rc = booking_place_find(r, pid, NULL, &pl)) != DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 404) :
		    page_db_fail(r, rc);
	if (!pl.is_project)
		return page_status(r, 404);
	booking_place_values(r, &pl);
	tval_str(r->tv, "preferred", f->preferred != NULL ? f->preferred : "");
	tval_str(r->tv, "message", f->message != NULL ? f->message : "");
	tval_bool(r->tv, "err_preferred", f->err_preferred);
	tval_bool(r->tv, "err_long", f->err_long);
	tval_bool(r->tv, "waiting", f->waiting);
	tval_str(r->tv, "today", page_time_in(r, r->now, pl.agenda->zone,
	    PAGE_TIME_DATE));
	choice_values(r, f);
	return page_render_status(r, status != 0 ? status : 200,
	    "book-request");
}
