/*
 * team-appointment-cancel: POST /team/appointments/{id}/cancel
 * An agent or admin cancels an open appointment, with an optional reason
 * (field reason, kept with the appointment).  It takes a confirming step:
 * without confirm=yes the answer is a page that says what will happen,
 * with the reason field and the button that does it.  The audit log
 * records it ("appointment-cancelled", the customer's public id, the
 * appointment's), which the customer's timeline shows.  An appointment
 * that can no longer change (cancelled, completed, no-show) is 409 and
 * stays as it was; a reason longer than the form allows is 400.  Viewers, and members without portal access, get 403
 * from the loop.
 * 303 to /team/appointments/{id}?done=cancelled | 200 the confirming
 * step | 400 | 403 | 404 | 409
 */
#include "appointment.h"
#include "apptmail.h"
#include "apptview.h"
#include "audit.h"
#include "page.h"
#include "reqview.h"
#include "tmpl.h"
#include "util.h"

enum { F_CONFIRM, F_REASON };

static const struct field fields[] = {
	[F_CONFIRM] = { "confirm", valid_word, 0, 8 },
	/* the form's maxlength counts characters: room for 4 bytes each */
	[F_REASON] = { "reason", valid_any, FIELD_MULTILINE | FIELD_TRIM |
	    FIELD_STRICT, APPOINTMENT_REASON_MAX * 4 },
};

static enum page_rc
cancel(struct req *r)
{
	struct appointment	 ap;
	const char		*reason = page_field(r, F_REASON);
	enum db_rc		 rc;

	if (!apptview_load(r, &ap))
		return PAGE_OK;		/* answered */
	if (!appointment_changeable(&ap, &r->who, r->now))
		return apptview_conflict(r, &ap, false);
	if (!page_confirmed(r, F_CONFIRM)) {
		apptview_values(r, r->tv, &ap);
		tval_str(r->tv, "reason_typed", reason != NULL ? reason : "");
		return page_render(r, "team-appointment-cancel");
	}
	if ((rc = appointment_cancel(r->db, &r->who, &ap, reason, r->now)) ==
	    DB_CONFLICT)
		return apptview_conflict(r, &ap, false);
	if (rc != DB_OK || (rc = audit_add(r->db, &r->who,
	    "appointment-cancelled", ap.customer_pid, ap.pid, r->now)) != DB_OK ||
	    (rc = reqview_freed(r, &ap)) != DB_OK ||
	    (rc = apptmail_after(r, &r->who, ap.pid, APPTMAIL_CANCELLED, 0,
	    NULL)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/appointments/%s?done=cancelled", ap.pid));
}

static const struct page PAGE = {
	.route = "POST /team/appointments/{id}/cancel",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = cancel,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
