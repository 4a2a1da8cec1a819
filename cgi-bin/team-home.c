/*
 * team-home: GET /team
 * The team member's start page: who is signed in, with which role,
 * links to the customers (and, for admins, the audit log), and the inbox
 * of new interactions (empty until interactions exist).
 * 200
 */
#include "page.h"
#include "tmpl.h"

static enum page_rc
team_home(struct req *r)
{
	tval_str(r->tv, "name", r->who.name);
	tval_str(r->tv, "role", member_role_name(r->who.role));
	tval_bool(r->tv, "inbox", false);
	tval_bool(r->tv, "is_admin", r->who.role >= ROLE_ADMIN);
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
