/*
 * team-agenda: GET /team/agendas/{id}[?week=DAY][&saved=WHAT]
 * One agenda for the team: its rules and weekly hours as a form, its
 * exceptions from today with a form to add one, its public booking link,
 * and the free slots it offers in the week from DAY (default today), as a
 * customer would be offered them now.  Members with agenda edit access
 * can change it; the others see the same page read-only.  saved= says
 * which change just succeeded.
 * 200 | 400 a malformed day | 404 | 303 to /team/login when signed out
 */
#include "agenda.h"
#include "agendaform.h"
#include "page.h"
#include "slotweek.h"
#include "util.h"

enum { F_WEEK, F_SAVED };

static const struct field fields[] = {
	[F_WEEK] = { "week", valid_day, FIELD_STRICT, 10 },
	[F_SAVED] = { "saved", valid_word, 0, 16 },
};

static enum page_rc
team_agenda(struct req *r)
{
	struct agenda	 g;
	enum db_rc	 rc;

	if ((rc = agenda_by_pid(r->db, r->a, page_param(r, 0), &g)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	return agendaform_render(r, 200, &g, NULL, NULL,
	    slotweek_first(r, page_field(r, F_WEEK)), page_field(r, F_SAVED));
}

static const struct page PAGE = {
	.route = "GET /team/agendas/{id}",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_agenda,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
