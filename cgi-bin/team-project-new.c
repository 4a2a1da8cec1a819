/*
 * team-project-new: GET /team/projects/new
 * The form for a new project (projectform.h): title, address,
 * description, and whether customers may book and bid on it (booking on,
 * bidding off to begin with).  It posts to /team/projects; the agendas
 * that serve it are chosen on its page once it exists.  Members without
 * agenda edit access get 403 from the loop.
 * 200 | 403 | 303 to /team/login when signed out
 */
#include "page.h"
#include "project.h"
#include "projectform.h"

static enum page_rc
new_project(struct req *r)
{
	struct project	 p;

	project_defaults(&p);
	return projectform_render(r, 200, &p, NULL, NULL, NULL);
}

static const struct page PAGE = {
	.route = "GET /team/projects/new",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_AGENDA,
	.run = new_project,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
