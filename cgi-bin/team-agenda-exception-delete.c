/*
 * team-agenda-exception-delete: POST /team/agendas/{id}/exceptions/{xid}/delete
 * A member with agenda edit access deletes one of an agenda's exceptions,
 * so its day has the weekly hours again.  The audit log records it
 * ("agenda-exception-deleted", the agenda's public id, the exception's).
 * An exception that is not this agenda's is 404.  Members without agenda
 * edit access get 403 from the loop.
 * 303 to /team/agendas/{id}?saved=deleted | 403 | 404
 */
#include "agenda.h"
#include "audit.h"
#include "page.h"
#include "util.h"

static enum page_rc
delete(struct req *r)
{
	struct agenda	 g;
	enum db_rc	 rc;

	if ((rc = agenda_by_pid(r->db, r->a, page_param(r, 0), &g)) == DB_OK)
		rc = agenda_exception_delete(r->db, g.id, page_param(r, 1));
	if (rc == DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK || (rc = audit_add(r->db, &r->who,
	    "agenda-exception-deleted", g.pid, page_param(r, 1), r->now)) !=
	    DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/agendas/%s?saved=deleted", g.pid));
}

static const struct page PAGE = {
	.route = "POST /team/agendas/{id}/exceptions/{xid}/delete",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_AGENDA,
	.run = delete,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
