/*
 * appointment-reschedule-save: POST /portal/appointments/{id}/reschedule
 * Moves one of the signed-in customer's own appointments to the free
 * time at= in the same agenda: the same appointment, its SEQUENCE bumped,
 * for as many slots as before.  The customer gets a mail with the new
 * time.  Refused after the agenda's cut-off.
 * 303 to the appointment | 400 no time given | 404 absent or not theirs |
 * 409 too late to change, or the time was just taken (the week again)
 */
#include "agenda.h"
#include "appointment.h"
#include "booking.h"
#include "page.h"
#include "reqview.h"
#include "util.h"

enum { F_AT };

static const struct field fields[] = {
	[F_AT] = { "at", valid_number, 0, 12 },
};

static enum page_rc
move(struct req *r)
{
	struct appointment	 ap;
	struct agenda		 g;
	int64_t			 at;
	enum db_rc		 rc;

	rc = appointment_get(r->db, r->a, &r->who, page_param(r, 0), &ap);
	if (rc == DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (!appointment_changeable(&ap, &r->who, r->now) ||
	    (rc = agenda_by_id(r->db, r->a, ap.agenda_id, &g)) == DB_NOTFOUND)
		return booking_reschedule_page(r, &ap, NULL, 409);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (!num_parse(page_field(r, F_AT), &at))
		return page_status(r, 400);
	rc = appointment_reschedule(r->db, r->a, &r->who, &ap, &g, at, r->now);
	if (rc == DB_CONFLICT)
		return booking_reschedule_page(r, &ap, NULL, 409);
	if (rc != DB_OK || (rc = reqview_freed(r, &ap)) != DB_OK ||
	    (rc = booking_notify(r, APPTMAIL_UPDATED,
	    &r->who, ap.pid, &ap)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/portal/appointments/%s?done=moved", ap.pid));
}

static const struct page PAGE = {
	.route = "POST /portal/appointments/{id}/reschedule",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = move,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
