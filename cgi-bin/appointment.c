/*
 * appointment: GET /portal/appointments/{id}
 * One of the signed-in customer's own appointments: project, agenda, date
 * and time in the agenda's zone, address or meeting link, status, and
 * while the agenda's cut-off allows, the ways to reschedule or cancel it.
 * done= names what just happened (booked, moved, cancelled) for the notice.
 * 200 | 404 absent or another customer's
 */
#include <string.h>

#include "appointment.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

enum { F_DONE };

static const struct field fields[] = {
	[F_DONE] = { "done", valid_word, 0, 16 },
};

static void
done_values(struct req *r, const char *done)
{
	static const char *const flags[] = { "booked", "moved", "cancelled" };
	size_t			 i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		tval_bool(r->tv, arena_printf(r->a, "done_%s", flags[i]),
		    done != NULL && strcmp(done, flags[i]) == 0);
}

static enum page_rc
appointment(struct req *r)
{
	struct appointment	 ap;
	enum db_rc		 rc;

	rc = appointment_get(r->db, r->a, &r->who, page_param(r, 0), &ap);
	if (rc == DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	view_appointment_map(r, r->tv, &ap);
	tval_int(r->tv, "cancel_hours", ap.cancel_hours);
	done_values(r, page_field(r, F_DONE));
	return page_render(r, "appointment");
}

static const struct page PAGE = {
	.route = "GET /portal/appointments/{id}",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = appointment,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
