/*
 * team-members: GET /team/members[?invited=1][&after=C|&before=C]
 * The office's team, 50 a page by name: each member's name, e-mail
 * address, role and permissions (portal access, agenda edit access; an
 * admin holds both), and whether they have chosen a password yet.  Admins also get
 * forms per member to change the role (POST /team/members/{id}/role) and
 * the permissions (POST /team/members/{id}/permissions), a button that
 * sends the invitation again to a member without a password (POST
 * /team/members/{id}/invite), and the form that invites someone new (POST
 * /team/members/invite); invited=1 says an invitation just went out.
 * Others only read.  A cursor that is not one is 400.
 * 200 | 400 | 303 to /team/login when signed out
 */
#include <stdbool.h>
#include <stdint.h>

#include "member.h"
#include "page.h"
#include "team.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

#define PER_PAGE	50

enum { F_INVITED, F_AFTER, F_BEFORE };

static const struct field fields[] = {
	[F_INVITED] = { "invited", valid_flag, 0, 1 },
	PAGE_PAGER_FIELDS(F_AFTER),
};

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
	struct member_entry	*m;
	struct tval		*list;
	struct keyset		 ks;
	struct keyset_page	 pg;
	size_t			 i, n, admins;
	enum db_rc		 rc;

	if (!page_keyset(r, F_AFTER, PER_PAGE, &ks))
		return page_status(r, 400);
	if ((rc = member_list(r->db, r->a, &ks, &m, &n, &pg)) != DB_OK ||
	    (rc = member_count_admins(r->db, &admins)) != DB_OK)
		return page_db_fail(r, rc);
	view_pager(r, "/team/members", &pg, NULL);
	tval_bool(r->tv, "can_change", r->who.role >= ROLE_ADMIN);
	tval_bool(r->tv, "invited", page_field(r, F_INVITED) != NULL);
	team_invite_values(r, NULL, NULL, NULL, 0);
	team_invite_perms(r, PERM_DEFAULT);
	list = tval_list(r->tv, "members");
	for (i = 0; i < n; i++)
		member_values(r, list, &m[i].who, m[i].pending,
		    m[i].who.role == ROLE_ADMIN && admins == 1);
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
