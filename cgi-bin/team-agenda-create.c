/*
 * team-agenda-create: POST /team/agendas
 * A member with agenda edit access creates an agenda from the agenda form
 * (agendaform.h): its rules and weekly hours.  A field that cannot be
 * used shows the form again with 422, everything as typed and a message
 * beside it.  The audit log records it ("agenda-created", the agenda's
 * public id).  Members without agenda edit access get 403 from the loop.
 * 303 to /team/agendas/{id}?saved=created | 403 | 422
 */
#include "agenda.h"
#include "agendaform.h"
#include "audit.h"
#include "page.h"
#include "util.h"

static enum page_rc
create(struct req *r)
{
	struct agenda		 g;
	struct agendaform	 f;
	enum db_rc		 rc;

	agenda_defaults(&g);
	if (!agendaform_read(r, &g, &f))
		return agendaform_render(r, 422, &g, &f, NULL, 0, NULL);
	if ((rc = agenda_save(r->db, r->a, &f.g, r->now)) != DB_OK ||
	    (rc = agenda_set_hours(r->db, f.g.id, f.hours, f.nhours)) !=
	    DB_OK || (rc = audit_add(r->db, &r->who, "agenda-created",
	    f.g.pid, f.g.name, r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/agendas/%s?saved=created", f.g.pid));
}

static const struct page PAGE = {
	.route = "POST /team/agendas",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_AGENDA,
	.fields = agendaform_fields,
	.nfields = AGENDAFORM__MAX,
	.run = create,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
