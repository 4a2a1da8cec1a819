/*
 * team-members: GET /team/members
 * The office's team: every member's name, e-mail address and role, by
 * name.  Admins also get a form per member to change the role (POST
 * /team/members/{id}/role); others only read.
 * 200 | 303 to /team/login when signed out
 */
#include <stdbool.h>

#include "page.h"
#include "tmpl.h"

static void
member_values(struct req *r, struct tval *list, const struct principal *m)
{
	struct tval	*v = tval_push(list);
	size_t		 i;

	tval_str(v, "pid", m->pid);
	tval_str(v, "name", m->name);
	tval_str(v, "email", m->email);
	tval_str(v, "role", member_role_name(m->role));
	tval_bool(v, "me", m->id == r->who.id);
	/* one flag per role, for the selected option */
	for (i = 0; i < ROLE__MAX; i++)
		tval_bool(v, arena_printf(r->a, "role_%s",
		    member_role_name((enum member_role)i)), m->role == i);
}

static enum page_rc
team_members(struct req *r)
{
	struct principal	*m;
	struct tval		*list;
	size_t			 i, n;
	enum db_rc		 rc;

	if ((rc = member_list(r->db, r->a, &m, &n)) != DB_OK)
		return page_db_fail(r, rc);
	tval_bool(r->tv, "can_change", r->who.role >= ROLE_ADMIN);
	list = tval_list(r->tv, "members");
	for (i = 0; i < n; i++)
		member_values(r, list, &m[i]);
	return page_render(r, "team-members");
}

static const struct page PAGE = {
	.route = "GET /team/members",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.run = team_members,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
