/*
 * team-appointment-status: POST /team/appointments/{id}/status
 * An agent or admin marks a confirmed appointment completed or no-show
 * (field status: completed or no_show; anything else is 400).  The audit
 * log records it ("appointment-marked", the customer's public id, the
 * appointment's and the new status).  From any other status it is 409
 * and nothing changes.  Viewers, and members without portal access, get
 * 403 from the loop.
 * 303 to /team/appointments/{id}?done=marked | 400 | 403 | 404 | 409
 * (status is not FIELD_REQUIRED: a stranger meets 403, and an unknown
 * appointment 404, before the form is judged)
 */
#include <string.h>

#include "appointment.h"
#include "apptview.h"
#include "audit.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "status", appointment_status_valid, 0, 16 },
};

static enum page_rc
mark(struct req *r)
{
	struct appointment	 ap;
	const char		*st = page_field(r, 0);
	enum db_rc		 rc;

	if (!apptview_load(r, &ap))
		return PAGE_OK;		/* answered */
	if (st == NULL || (strcmp(st, "completed") != 0 &&
	    strcmp(st, "no_show") != 0))
		return page_status(r, 400);
	if ((rc = appointment_mark(r->db, &ap, st, r->now)) == DB_CONFLICT)
		return apptview_conflict(r, &ap, false);
	if (rc != DB_OK || (rc = audit_add(r->db, &r->who,
	    "appointment-marked", ap.customer_pid, arena_printf(r->a,
	    "%s %s->%s", ap.pid, ap.status, st), r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/appointments/%s?done=marked", ap.pid));
}

static const struct page PAGE = {
	.route = "POST /team/appointments/{id}/status",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = mark,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
