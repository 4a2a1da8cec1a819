/*
 * team-agenda-new: GET /team/agendas/new
 * The form for a new agenda (agendaform.h), with the defaults filled in:
 * UTC, 30-minute slots, one appointment a slot, two hours' notice, 60
 * days ahead, cancellable until 24 hours before, and no opening hours
 * yet.  It posts to /team/agendas.  Members without agenda edit access
 * get 403 from the loop.
 * 200 | 403 | 303 to /team/login when signed out
 */
#include "agenda.h"
#include "agendaform.h"
#include "page.h"

static enum page_rc
new_agenda(struct req *r)
{
	struct agenda	 g;

	agenda_defaults(&g);
	return agendaform_render(r, 200, &g, NULL, NULL, 0, NULL);
}

static const struct page PAGE = {
	.route = "GET /team/agendas/new",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_AGENDA,
	.run = new_agenda,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
