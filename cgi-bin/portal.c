/*
 * portal: GET /portal
 * The signed-in customer's dashboard: their open invitations to book,
 * their own upcoming appointments (or, with none, what they can book),
 * their open requests, and the sections for offers, documents and tickets.
 * 200 | 303 to /login when signed out
 */
#include "appointment.h"
#include "invite.h"
#include "booking.h"
#include "page.h"
#include "reqview.h"
#include "request.h"
#include "view.h"
#include "tmpl.h"

#define UPCOMING_MAX	10
#define REQUESTS_MAX	5

static enum page_rc
dashboard(struct req *r)
{
	struct appointment	*ap;
	struct request		*rq;
	struct tval		*list;
	size_t			 i, n;
	enum db_rc		 rc;

	rc = appointment_upcoming(r->db, r->a, &r->who, r->now, UPCOMING_MAX,
	    &ap, &n);
	if (rc == DB_OK && n == 0)
		rc = booking_offers(r);
	else
		tval_list(r->tv, "bookable");
	if (rc == DB_OK)
		rc = invite_list(r);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	list = tval_list(r->tv, "appointments");
	for (i = 0; i < n; i++)
		view_appointment(r, list, &ap[i]);
	if ((rc = request_open_of(r->db, r->a, &r->who, REQUESTS_MAX, &rq,
	    &n)) != DB_OK)
		return page_db_fail(r, rc);
	list = tval_list(r->tv, "requests");
	for (i = 0; i < n; i++)
		reqview_values(r, tval_push(list), &rq[i]);
	return page_render(r, "portal");
}

static const struct page PAGE = {
	.route = "GET /portal",
	.need = NEED_CUSTOMER,
	.run = dashboard,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
