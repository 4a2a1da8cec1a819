/*
 * appointment-reschedule: GET /portal/appointments/{id}/reschedule
 * The free times of the agenda of one of the signed-in customer's own
 * appointments, a week at a time (day=), its own place counted free: each
 * a button that moves the appointment there.  After the agenda's cut-off
 * it says that it can no longer be changed.
 * 200 | 404 absent or not theirs | 409 too late to change
 */
#include "appointment.h"
#include "booking.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

enum { F_DAY };

static const struct field fields[] = {
	[F_DAY] = { "day", valid_day, 0, 10 },
};

static enum page_rc
reschedule(struct req *r)
{
	struct appointment	 ap;
	enum db_rc		 rc;

	rc = appointment_get(r->db, r->a, &r->who, page_param(r, 0), &ap);
	if (rc == DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	return booking_reschedule_page(r, &ap, page_field(r, F_DAY), 0);
}

static const struct page PAGE = {
	.route = "GET /portal/appointments/{id}/reschedule",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = reschedule,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
