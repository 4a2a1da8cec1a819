/*
 * appointment-cancel: POST /portal/appointments/{id}/cancel
 * The signed-in customer cancels one of their own appointments, with an
 * optional reason.  Cancelling takes a confirming step: without
 * confirm=yes the answer is the page that says what will happen, where
 * the reason is written, with the button that cancels.  After the
 * agenda's cut-off (or once it is cancelled or over) it is refused with a
 * page that says so.  The customer gets a mail that confirms it.
 * 303 to the appointment | 200 the confirming step | 404 absent or not
 * theirs | 409 too late to cancel | 422 reason too long
 */
#include "appointment.h"
#include "booking.h"
#include "page.h"
#include "reqview.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

enum { F_REASON, F_CONFIRM };

static const struct field fields[] = {
	[F_REASON] = { "reason", valid_any, FIELD_TRIM | FIELD_MULTILINE,
	    APPOINTMENT_REASON_MAX },
	[F_CONFIRM] = { "confirm", valid_word, 0, 8 },
};

static enum page_rc
cancel(struct req *r)
{
	const struct fieldval	*reason = &r->fields[F_REASON];
	struct appointment	 ap;
	enum db_rc		 rc;

	rc = appointment_get(r->db, r->a, &r->who, page_param(r, 0), &ap);
	if (rc == DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	view_appointment_map(r, r->tv, &ap);
	tval_int(r->tv, "cancel_hours", ap.cancel_hours);
	if (!appointment_changeable(&ap, &r->who, r->now))
		return page_render_status(r, 409, "appointment-refused");
	tval_str(r->tv, "reason", reason->val != NULL ? reason->val : "");
	tval_bool(r->tv, "err_reason", reason->val != NULL && !reason->ok);
	if (reason->val != NULL && !reason->ok)
		return page_render_status(r, 422, "appointment-cancel");
	if (!page_confirmed(r, F_CONFIRM))
		return page_render(r, "appointment-cancel");
	if ((rc = appointment_cancel(r->db, &r->who, &ap,
	    page_field(r, F_REASON), r->now)) == DB_CONFLICT)
		return page_render_status(r, 409, "appointment-refused");
	if (rc != DB_OK || (rc = reqview_freed(r, &ap)) != DB_OK ||
	    (rc = booking_notify(r, APPTMAIL_CANCELLED,
	    &r->who, ap.pid, &ap)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/portal/appointments/%s?done=cancelled", ap.pid));
}

static const struct page PAGE = {
	.route = "POST /portal/appointments/{id}/cancel",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = cancel,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
