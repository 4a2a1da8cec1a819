/*
 * team-agenda-save: POST /team/agendas/{id}
 * A member with agenda edit access saves an agenda's rules and weekly
 * hours from the agenda form (agendaform.h), archived and connected
 * included.  A field that cannot be used shows the page again with 422,
 * everything as typed and a message beside it, and saves nothing.
 * Appointments already booked stay where they are.  The audit log
 * records it ("agenda-saved", the agenda's public id).  Members without
 * agenda edit access get 403 from the loop.
 * 303 to /team/agendas/{id}?saved=rules | 403 | 404 | 422
 */
#include "agenda.h"
#include "agendaform.h"
#include "audit.h"
#include "page.h"
#include "slotweek.h"
#include "util.h"

static enum page_rc
save(struct req *r)
{
	struct agenda		 g;
	struct agendaform	 f;
	enum db_rc		 rc;

	if ((rc = agenda_by_pid(r->db, r->a, page_param(r, 0), &g)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (!agendaform_read(r, &g, &f))
		return agendaform_render(r, 422, &g, &f, NULL,
		    slotweek_first(r, NULL), NULL);
	if ((rc = agenda_save(r->db, r->a, &f.g, r->now)) != DB_OK ||
	    (rc = agenda_set_hours(r->db, g.id, f.hours, f.nhours)) != DB_OK ||
	    (rc = audit_add(r->db, &r->who, "agenda-saved", g.pid, NULL,
	    r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/agendas/%s?saved=rules", g.pid));
}

static const struct page PAGE = {
	.route = "POST /team/agendas/{id}",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_AGENDA,
	.fields = agendaform_fields,
	.nfields = AGENDAFORM__MAX,
	.run = save,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
