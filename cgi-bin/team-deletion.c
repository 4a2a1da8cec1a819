/*
 * team-deletion: GET /team/deletions/{id}
 * One deletion request for the team: when it was made, its status, the
 * customer's name and e-mail address while they exist, and once done,
 * when and by whom it was carried out.  Admins get the button that
 * carries out an open request (team-deletion-process).  An unknown id
 * is 404.  Members without portal access get 403 from the loop.
 * 200 | 403 | 404 | 303 to /team/login when signed out
 */
#include <string.h>

#include "deletion.h"
#include "page.h"
#include "tmpl.h"
#include "view.h"

static enum page_rc
team_deletion(struct req *r)
{
	struct deletion	 d;
	bool		 open;
	enum db_rc	 rc;

	if ((rc = deletion_get(r->db, r->a, page_param(r, 0), &d)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	open = strcmp(d.status, "open") == 0;
	view_deletion(r, r->tv, &d);
	tval_bool(r->tv, "can_process", open && r->who.role >= ROLE_ADMIN);
	return page_render(r, "team-deletion");
}

static const struct page PAGE = {
	.route = "GET /team/deletions/{id}",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_PORTAL,
	.run = team_deletion,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
