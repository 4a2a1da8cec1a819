/*
 * team-member-permissions: POST /team/members/{id}/permissions
 * An admin sets which permissions one of the office's members holds
 * beside the role (checkboxes portal_access and agenda_edit, "1" when
 * ticked; a box left unticked sends nothing, so an absent field takes the
 * permission away).  The audit log records it ("member-permissions", the
 * member's public id, "portal->portal,agenda") in the same transaction.
 * Setting what a member already holds changes and records nothing.  An
 * admin holds every permission whatever is stored; what is set here
 * applies once their role is another.  Agents and viewers get 403 from
 * the loop, and member_set_perms checks the admin again.
 * 303 to /team/members | 400 a box with any other value | 403 | 404
 */
#include "audit.h"
#include "member.h"
#include "page.h"
#include "team.h"
#include "util.h"

enum { F_PORTAL, F_AGENDA };

static const struct field fields[] = {
	[F_PORTAL] = { "portal_access", valid_flag, 0, 1 },
	[F_AGENDA] = { "agenda_edit", valid_flag, 0, 1 },
};

static enum page_rc
set_perms(struct req *r)
{
	struct principal	 m;
	unsigned		 perms;
	enum db_rc		 rc;

	if (!team_perms_field(r, F_PORTAL, F_AGENDA, &perms))
		return page_status(r, 400);
	if ((rc = member_by_pid(r->db, r->a, page_param(r, 0), &m)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (perms == m.perms)
		return page_redirect(r, "/team/members");
	if ((rc = member_set_perms(r->db, &r->who, m.id, perms)) ==
	    DB_NOTFOUND)
		return page_status(r, 403);
	if (rc != DB_OK || (rc = audit_add(r->db, &r->who,
	    "member-permissions", m.pid, arena_printf(r->a, "%s->%s",
	    member_perms_text(m.perms), member_perms_text(perms)),
	    r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, "/team/members");
}

static const struct page PAGE = {
	.route = "POST /team/members/{id}/permissions",
	.need = NEED_MEMBER,
	.role = ROLE_ADMIN,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = set_perms,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
