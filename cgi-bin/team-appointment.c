/*
 * team-appointment: GET /team/appointments/{id}[?done=WHAT]
 * One appointment for the team: the customer (linked), project, agenda,
 * when (in the agenda's zone), where or the meeting link, status, where
 * the booking came from and who booked it, why it was cancelled, when it
 * was made and last changed.  Agents and admins also get its actions
 * while they are possible: cancel (a confirming step), mark completed or
 * no-show (a confirmed one), and move (another time, or another connected
 * agenda).  done= says which action just succeeded (booked, moved,
 * cancelled, marked); any other word shows nothing.
 * Members without portal access get 403 from the loop.
 * 200 | 403 | 404 | 303 to /team/login when signed out
 */
#include <string.h>

#include "appointment.h"
#include "apptview.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

static const char *const notices[] = { "booked", "moved", "cancelled",
    "marked" };

static const struct field fields[] = {
	{ "done", valid_word, 0, 16 },
};

static enum page_rc
team_appointment(struct req *r)
{
	struct appointment	 ap;
	const char		*done = page_field(r, 0);
	size_t			 i;

	if (!apptview_load(r, &ap))
		return PAGE_OK;		/* answered */
	apptview_values(r, r->tv, &ap);
	for (i = 0; i < sizeof(notices) / sizeof(notices[0]); i++)
		tval_bool(r->tv, arena_printf(r->a, "done_%s", notices[i]),
		    done != NULL && strcmp(done, notices[i]) == 0);
	return page_render(r, "team-appointment");
}

static const struct page PAGE = {
	.route = "GET /team/appointments/{id}",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_appointment,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
