/*
 * team-home: GET /team
 * The team member's start page: who is signed in, with which role,
 * links to the team pages they may open (the audit log for admins, the
 * customers' pages for members with portal access), and for those with
 * portal access the newest 10 items of the inbox with a link to the whole
 * of it; the others are told what they lack instead.
 * 200
 */
#include <stdbool.h>
#include <string.h>

#include "inbox.h"
#include "member.h"
#include "page.h"
#include "view.h"
#include "tmpl.h"

#define NEWEST	10

static enum page_rc
team_home(struct req *r)
{
	struct inbox_item	*it = NULL;
	struct tval		*list;
	struct keyset		 ks = keyset_first(NEWEST);
	struct keyset_page	 pg = { .more_after = false };
	size_t			 i, n = 0;
	bool			 portal = member_may(&r->who, PERM_PORTAL);
	enum db_rc		 rc;

	if (portal && (rc = inbox_list(r->db, r->a, NULL, NULL, &ks, &it, &n,
	    &pg)) != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "name", r->who.name);
	tval_str(r->tv, "role", member_role_name(r->who.role));
	tval_bool(r->tv, "is_admin", r->who.role >= ROLE_ADMIN);
	tval_bool(r->tv, "portal", portal);
	tval_bool(r->tv, "more", pg.more_after);
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
