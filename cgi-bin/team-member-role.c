/*
 * team-member-role: POST /team/members/{id}/role
 * An admin gives one of the office's members another role (field role:
 * admin, agent or viewer).  The audit log records it ("role-changed",
 * the member's public id, "agent->admin") in the same transaction.  The
 * office always keeps an admin: demoting the last one is refused with a
 * page that says so.  Giving the role a member already has changes and
 * records nothing.  Agents and viewers get 403 from the loop.
 * 303 to /team/members | 400 | 403 | 404 | 422
 * (role is not FIELD_REQUIRED: a stranger must meet 403 before a 400,
 * and an unknown member is 404 whatever the form says)
 */
#include <stdbool.h>

#include "audit.h"
#include "member.h"
#include "page.h"
#include "tmpl.h"

enum { F_ROLE };

static const struct field fields[] = {
	[F_ROLE] = { "role", valid_role, 0, 16 },
};

static enum page_rc
set_role(struct req *r)
{
	struct principal	 m;
	enum member_role	 role;
	size_t			 admins;
	enum db_rc		 rc;

	if ((rc = member_by_pid(r->db, r->a, page_param(r, 0), &m)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (!member_role_parse(page_field(r, F_ROLE), &role))
		return page_status(r, 400);
	if ((rc = member_count_admins(r->db, &admins)) != DB_OK)
		return page_db_fail(r, rc);
	if (role == m.role)
		return page_redirect(r, "/team/members");
	if (m.role == ROLE_ADMIN && admins <= 1) {
		tval_bool(r->tv, "me", m.id == r->who.id);
		return page_render_status(r, 422, "team-member-role");
	}
	if ((rc = member_set_role(r->db, m.id, role)) != DB_OK ||
	    (rc = audit_add(r->db, &r->who, "role-changed", m.pid,
	    arena_printf(r->a, "%s->%s", member_role_name(m.role),
	    member_role_name(role)), r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, "/team/members");
}

static const struct page PAGE = {
	.route = "POST /team/members/{id}/role",
	.need = NEED_MEMBER,
	.role = ROLE_ADMIN,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = set_role,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
