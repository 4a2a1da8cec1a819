/*
 * team-appointment-move-save: POST /team/appointments/{id}/move
 * An agent or admin moves an open appointment to the start `start` (a
 * slot's, seconds since 1970) in agenda `agenda` (its own, or another
 * connected one): the same appointment, updated (appointment_reschedule),
 * never cancelled and booked again, so the customer's timeline keeps one
 * entry.  The audit log records it ("appointment-moved", the customer's
 * public id, the appointment's with the old and new agenda and start).
 * A time with no place left, an agenda that is not connected (or
 * archived, or unknown) and an appointment that can no longer change are
 * 409, and nothing changes.  Viewers, and members without portal access,
 * get 403 from the loop.
 * 303 to /team/appointments/{id}?done=moved | 400 | 403 | 404 | 409
 * (the fields are not FIELD_REQUIRED: a stranger meets 403, and an
 * unknown appointment 404, before the form is judged)
 */
#include "agenda.h"
#include "appointment.h"
#include "apptmail.h"
#include "apptview.h"
#include "audit.h"
#include "page.h"
#include "reqview.h"
#include "slotweek.h"
#include "tmpl.h"
#include "util.h"

enum { F_AGENDA, F_START };

static const struct field fields[] = {
	[F_AGENDA] = { "agenda", valid_public_id, 0, 22 },
	[F_START] = { "start", slotweek_valid_start, 0, SLOTWEEK_START_MAX },
};

static enum page_rc
move(struct req *r)
{
	struct appointment	 ap;
	struct agenda		 to;
	int64_t			 starts = slotweek_start(page_field(r, F_START));
	enum db_rc		 rc;

	if (!apptview_load(r, &ap))
		return PAGE_OK;		/* answered */
	if (page_field(r, F_AGENDA) == NULL || starts == 0)
		return page_status(r, 400);
	if ((rc = agenda_by_pid(r->db, r->a, page_field(r, F_AGENDA), &to)) ==
	    DB_NOTFOUND)
		return apptview_conflict(r, &ap, true);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if ((rc = appointment_reschedule(r->db, r->a, &r->who, &ap, &to,
	    starts, r->now)) == DB_CONFLICT)
		return apptview_conflict(r, &ap,
		    appointment_changeable(&ap, &r->who, r->now));
	if (rc != DB_OK || (rc = audit_add(r->db, &r->who,
	    "appointment-moved", ap.customer_pid, arena_printf(r->a,
	    "%s %s %s->%s %s", ap.pid, ap.agenda_pid, page_time_in(r,
	    ap.starts, ap.zone, PAGE_TIME_ISO), to.pid, page_time_in(r, starts,
	    to.zone, PAGE_TIME_ISO)), r->now)) != DB_OK ||
	    (rc = reqview_freed(r, &ap)) != DB_OK ||
	    (rc = apptmail_after(r, &r->who, ap.pid, APPTMAIL_UPDATED, 0,
	    NULL)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/appointments/%s?done=moved", ap.pid));
}

static const struct page PAGE = {
	.route = "POST /team/appointments/{id}/move",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = move,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
