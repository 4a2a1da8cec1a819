/*
 * team-agenda-exception-add: POST /team/agendas/{id}/exceptions
 * A member with agenda edit access adds a dated exception to an agenda:
 * a day (or hours of it, from and to) closed, or hours added (open, from
 * and to needed), with an optional note.  A field that cannot be used,
 * or an agenda that holds as many exceptions as it may, shows the page
 * again with 422, the exception as typed.  The audit log records it
 * ("agenda-exception-added", the agenda's public id, the day).  Members
 * without agenda edit access get 403 from the loop.
 * 303 to /team/agendas/{id}?saved=exception | 403 | 404 | 422
 */
#include "agenda.h"
#include "agendaform.h"
#include "audit.h"
#include "page.h"
#include "slotweek.h"
#include "util.h"

static enum page_rc
add(struct req *r)
{
	struct agenda		 g;
	struct agendaform_x	 x;
	enum db_rc		 rc;

	if ((rc = agenda_by_pid(r->db, r->a, page_param(r, 0), &g)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (!agendaform_x_read(r, &x) || (rc = agenda_exception_add(r->db,
	    r->a, g.id, &x.x)) == DB_CONFLICT) {
		x.errs |= x.errs == 0 ? 1U << AGENDAFORM_X_DAY : 0;
		return agendaform_render(r, 422, &g, NULL, &x,
		    slotweek_first(r, NULL), NULL);
	}
	if (rc != DB_OK || (rc = audit_add(r->db, &r->who,
	    "agenda-exception-added", g.pid, x.x.day, r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/agendas/%s?saved=exception", g.pid));
}

static const struct page PAGE = {
	.route = "POST /team/agendas/{id}/exceptions",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_AGENDA,
	.fields = agendaform_exc_fields,
	.nfields = AGENDAFORM_X__MAX,
	.run = add,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
