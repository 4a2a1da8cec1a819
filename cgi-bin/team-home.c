/*
 * team-home: GET /team
 * The team member's start page: who is signed in, with which role,
 * links to the team pages (the audit log for admins only), and the
 * newest 10 items of the inbox with a link to the whole of it.
 * 200
 */
#include <string.h>

#include "page.h"
#include "view.h"
#include "tmpl.h"

#define NEWEST	10

static enum page_rc
team_home(struct req *r)
{
	struct inbox_item	*it;
	struct tval		*list;
	size_t			 i, n, total;
	enum db_rc		 rc;

	if ((rc = inbox_list(r->db, r->a, NULL, 0, NEWEST, &it, &n,
	    &total)) != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "name", r->who.name);
	tval_str(r->tv, "role", member_role_name(r->who.role));
	tval_bool(r->tv, "is_admin", r->who.role >= ROLE_ADMIN);
	tval_bool(r->tv, "more", total > n);
	list = tval_list(r->tv, "items");
	for (i = 0; i < n; i++)
		view_inbox_item(r, list, &it[i]);
	return page_render(r, "team-home");
}

static const struct page PAGE = {
	.route = "GET /team",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.run = team_home,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
