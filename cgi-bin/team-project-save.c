/*
 * team-project-save: POST /team/projects/{id}
 * A member with agenda edit access saves a project from the project form
 * (projectform.h): title, address, description, booking, bidding,
 * archived.  A field that cannot be used shows the page again with 422,
 * everything as typed and a message beside it, and saves nothing.  The
 * audit log records it ("project-saved", the project's public id).
 * Members without agenda edit access get 403 from the loop.
 * 303 to /team/projects/{id}?saved=saved | 403 | 404 | 422
 */
#include "audit.h"
#include "page.h"
#include "project.h"
#include "projectform.h"
#include "util.h"

static enum page_rc
save(struct req *r)
{
	struct project		 p;
	struct projectform	 f;
	enum db_rc		 rc;

	if ((rc = project_by_pid(r->db, r->a, page_param(r, 0), &p)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (!projectform_read(r, &p, &f))
		return projectform_render(r, 422, &p, &f, NULL,
		    NULL);
	if ((rc = project_save(r->db, r->a, &f.p, r->now)) != DB_OK ||
	    (rc = audit_add(r->db, &r->who, "project-saved", p.pid, NULL,
	    r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/projects/%s?saved=saved", p.pid));
}

static const struct page PAGE = {
	.route = "POST /team/projects/{id}",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_AGENDA,
	.fields = projectform_fields,
	.nfields = PROJECTFORM__MAX,
	.run = save,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
