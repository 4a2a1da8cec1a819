/*
 * team-project-create: POST /team/projects
 * A member with agenda edit access creates a project from the project
 * form (projectform.h).  A field that cannot be used shows the form again
 * with 422, everything as typed and a message beside it.  The audit log
 * records it ("project-created", the project's public id).  Members
 * without agenda edit access get 403 from the loop.
 * 303 to /team/projects/{id}?saved=created | 403 | 422
 */
#include "audit.h"
#include "page.h"
#include "project.h"
#include "projectform.h"
#include "util.h"

static enum page_rc
create(struct req *r)
{
	struct project		 p;
	struct projectform	 f;
	enum db_rc		 rc;

	project_defaults(&p);
	if (!projectform_read(r, &p, &f))
		return projectform_render(r, 422, &p, &f, NULL,
		    NULL);
	if ((rc = project_save(r->db, r->a, &f.p, r->now)) != DB_OK ||
	    (rc = audit_add(r->db, &r->who, "project-created", f.p.pid,
	    f.p.title, r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/projects/%s?saved=created", f.p.pid));
}

static const struct page PAGE = {
	.route = "POST /team/projects",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_AGENDA,
	.fields = projectform_fields,
	.nfields = PROJECTFORM__MAX,
	.run = create,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
