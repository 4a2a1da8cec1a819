/*
 * team-members: GET /team/members[?invited=1]
 * The office's team: every member's name, e-mail address, role and
 * permissions (portal access, agenda edit access; an admin holds both),
 * by name, and whether they have chosen a password yet.  Admins also get
 * forms per member to change the role (POST /team/members/{id}/role) and
 * the permissions (POST /team/members/{id}/permissions), a button that
 * sends the invitation again to a member without a password (POST
 * /team/members/{id}/invite), and the form that invites someone new (POST
 * /team/members/invite); invited=1 says an invitation just went out.
 * Others only read.
 * 200 | 303 to /team/login when signed out
 */
#include <stdbool.h>
#include <stdint.h>

#include "member.h"
#include "page.h"
#include "team.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

static const struct field fields[] = {
	{ "invited", valid_flag, 0, 1 },
};

static bool
in(const int64_t *ids, size_t n, int64_t id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* One member's row.  `sole_admin`: the office's only admin, whose role
 * the server will not change (an office never loses its last admin), so
 * no change is offered. */
static void
member_values(struct req *r, struct tval *list, const struct principal *m,
    bool pending, bool sole_admin)
{
	struct tval	*v = tval_push(list);
	size_t		 i;

	tval_str(v, "pid", m->pid);
	tval_str(v, "name", m->name);
	tval_str(v, "email", m->email);
	tval_str(v, "role", team_role_label(r, m->role));
	tval_bool(v, "me", m->id == r->who.id);
	tval_bool(v, "pending", pending);
	view_status(v, pending ? "invited" : "joined");
	tval_bool(v, "sole_admin", sole_admin);
	tval_bool(v, "admin", m->role == ROLE_ADMIN);
	tval_bool(v, "perm_portal", (m->perms & PERM_PORTAL) != 0);
	tval_bool(v, "perm_agenda", (m->perms & PERM_AGENDA) != 0);
	tval_bool(v, "perm_both", m->perms == PERM_ALL);
	tval_bool(v, "perm_none", m->perms == 0);
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
	int64_t			*pending;
	size_t			 i, n, npending, admins;
	enum db_rc		 rc;

	if ((rc = member_list(r->db, r->a, &m, &n)) != DB_OK ||
	    (rc = member_pending(r->db, r->a, &pending, &npending)) != DB_OK)
		return page_db_fail(r, rc);
	tval_bool(r->tv, "can_change", r->who.role >= ROLE_ADMIN);
	tval_bool(r->tv, "invited", page_field(r, 0) != NULL);
	team_invite_values(r, NULL, NULL, NULL, 0);
	team_invite_perms(r, PERM_DEFAULT);
	for (i = admins = 0; i < n; i++)
		admins += m[i].role == ROLE_ADMIN;
	list = tval_list(r->tv, "members");
	for (i = 0; i < n; i++)
		member_values(r, list, &m[i], in(pending, npending, m[i].id),
		    m[i].role == ROLE_ADMIN && admins == 1);
	return page_render(r, "team-members");
}

static const struct page PAGE = {
	.route = "GET /team/members",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_members,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
