/*
 * team-project-agenda: POST /team/projects/{id}/agendas
 * A member with agenda edit access makes agenda `agenda` serve the
 * project (serve=1) or stop serving it (serve absent): customers booking
 * the project are offered the agendas that serve it.  Appointments
 * already booked stay.  The audit log records it ("project-agenda", the
 * project's public id, "+AGENDA" or "-AGENDA").  An unknown agenda is
 * 400.  Members without agenda edit access get 403 from the loop.
 * 303 to /team/projects/{id}?saved=agendas | 400 | 403 | 404
 */
#include <stdbool.h>

#include "agenda.h"
#include "audit.h"
#include "page.h"
#include "project.h"
#include "util.h"

enum { F_AGENDA, F_SERVE };

static const struct field fields[] = {
	[F_AGENDA] = { "agenda", valid_public_id, 0, 22 },
	[F_SERVE] = { "serve", valid_flag, 0, 1 },
};

static enum page_rc
link_agenda(struct req *r)
{
	struct project	 p;
	struct agenda	 g;
	bool		 on = page_field(r, F_SERVE) != NULL;
	enum db_rc	 rc;

	if ((rc = project_by_pid(r->db, r->a, page_param(r, 0), &p)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (page_field(r, F_AGENDA) == NULL || (rc = agenda_by_pid(r->db,
	    r->a, page_field(r, F_AGENDA), &g)) == DB_NOTFOUND)
		return page_status(r, 400);
	if (rc != DB_OK || (rc = project_link_agenda(r->db, p.id, g.id,
	    on)) != DB_OK || (rc = audit_add(r->db, &r->who,
	    "project-agenda", p.pid, arena_printf(r->a, "%c%s", on ? '+' :
	    '-', g.pid), r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/projects/%s?saved=agendas", p.pid));
}

static const struct page PAGE = {
	.route = "POST /team/projects/{id}/agendas",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_AGENDA,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = link_agenda,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
