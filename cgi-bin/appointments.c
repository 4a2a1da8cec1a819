/*
 * appointments: GET /portal/appointments
 * The signed-in customer's own appointments: those to come (on the first
 * page of the list) and their history, newest first, a page at a time by
 * the pager, and above them their open invitations to book.  With no
 * appointment at all, the page points to what can be booked.
 * 200 | 400 an edited pager link | 303 to /login when signed out
 */
#include "appointment.h"
#include "booking.h"
#include "invite.h"
#include "page.h"
#include "tmpl.h"
#include "view.h"

#define UPCOMING_MAX	50

static const struct field fields[] = {
	PAGE_PAGER_FIELDS(0),
};

static enum page_rc
appointments(struct req *r)
{
	struct appointment	*up = NULL, *past;
	struct keyset		 ks;
	struct keyset_page	 pg;
	struct tval		*list;
	size_t			 i, nup = 0, n;
	enum db_rc		 rc;

	if (!page_keyset(r, 0, APPOINTMENT_PAGE, &ks))
		return page_status(r, 400);
	if ((ks.dir == KEYSET_FIRST && (rc = appointment_upcoming(r->db, r->a,
	    &r->who, r->now, UPCOMING_MAX, &up, &nup)) != DB_OK) ||
	    (rc = appointment_history(r->db, r->a, &r->who, r->now, &ks, &past,
	    &n, &pg)) != DB_OK ||
	    (nup == 0 && n == 0 && (rc = booking_offers(r)) != DB_OK) ||
	    (rc = invite_list(r)) != DB_OK)
		return page_db_fail(r, rc);
	list = tval_list(r->tv, "upcoming");
	for (i = 0; i < nup; i++)
		view_appointment(r, list, &up[i]);
	list = tval_list(r->tv, "history");
	for (i = 0; i < n; i++)
		view_appointment(r, list, &past[i]);
	tval_bool(r->tv, "first_page", ks.dir == KEYSET_FIRST);
	tval_bool(r->tv, "none", nup == 0 && n == 0 &&
	    ks.dir == KEYSET_FIRST);
	view_pager(r, "/portal/appointments", &pg, NULL);
	return page_render(r, "appointments");
}

static const struct page PAGE = {
	.route = "GET /portal/appointments",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = appointments,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
