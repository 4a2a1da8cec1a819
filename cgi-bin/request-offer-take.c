/*
 * request-offer-take: POST /portal/requests/{id}/offer
 * The waiting customer takes the freed time their entry was offered: it
 * is booked for them in this request's write transaction and their
 * waiting-list entry becomes booked, with the confirmation mail.  When
 * several were told at once, the first to confirm gets it; the others
 * find it taken (409, nothing written) and stay on the list.
 * 303 to the appointment | 404 absent or not theirs | 409 taken, or the
 * offer ran out
 */
#include "agenda.h"
#include "appointment.h"
#include "booking.h"
#include "page.h"
#include "reqview.h"
#include "request.h"
#include "tmpl.h"

static enum page_rc
take(struct req *r)
{
	struct request	 rq;
	struct agenda	 g;
	struct project	 p;
	struct booking	 b = { .nslots = 1, .source = SOURCE_PORTAL };
	struct appointment ap;
	const char	*pid;
	bool		 fits = false;
	enum db_rc	 rc;

	if ((rc = request_get(r->db, r->a, &r->who, page_param(r, 0), &rq)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK || ((rc = reqview_offer(r, &rq, &g, &fits)) != DB_OK &&
	    rc != DB_NOTFOUND) || (rc = project_by_id(r->db, r->a,
	    rq.project_id, &p)) != DB_OK)
		return page_db_fail(r, rc);
	reqview_values(r, r->tv, &rq);
	tval_bool(r->tv, "can_take", false);
	tval_bool(r->tv, "taken", true);
	if (!fits)
		return page_render_status(r, 409, "request-offer");
	b.customer_id = r->who.id;
	b.project = &p;
	b.agenda = &g;
	b.starts = rq.offer_starts;
	if ((rc = appointment_book(r->db, r->a, &b, r->now, &pid)) ==
	    DB_CONFLICT)
		return page_render_status(r, 409, "request-offer");
	if (rc != DB_OK || (rc = booking_notify(r, APPTMAIL_CONFIRMED, &r->who,
	    pid, &ap)) != DB_OK || (rc = request_booked(r->db, &rq, ap.id,
	    r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/portal/appointments/%s?done=booked", pid));
}

static const struct page PAGE = {
	.route = "POST /portal/requests/{id}/offer",
	.need = NEED_CUSTOMER,
	.run = take,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
