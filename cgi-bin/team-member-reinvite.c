/*
 * team-member-reinvite: POST /team/members/{id}/invite
 * An admin sends the invitation again to a member who has not chosen a
 * password yet (the first mail went astray, or its week passed).  Only the
 * newest invitation works; the audit log records it ("invite-resent", the
 * member's public id).  A member who already has a password needs no
 * invitation: the page says so and nothing is sent.  Agents and viewers
 * get 403 from the loop.
 * 303 to /team/members?invited=1 | 403 | 404 | 422 already joined
 */
#include "audit.h"
#include "member.h"
#include "page.h"
#include "team.h"
#include "tmpl.h"

static enum page_rc
reinvite(struct req *r)
{
	struct principal	 m;
	const char		*hash;
	enum db_rc		 rc;

	if ((rc = member_by_pid(r->db, r->a, page_param(r, 0), &m)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if ((rc = member_password(r->db, r->a, m.id, &hash)) == DB_OK) {
		tval_str(r->tv, "name", m.name);
		tval_str(r->tv, "email", m.email);
		return page_render_status(r, 422, "team-member-reinvite");
	}
	if (rc != DB_NOTFOUND || (rc = team_mail_invite(r, &m)) != DB_OK ||
	    (rc = audit_add(r->db, &r->who, "invite-resent", m.pid, NULL,
	    r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, "/team/members?invited=1");
}

static const struct page PAGE = {
	.route = "POST /team/members/{id}/invite",
	.need = NEED_MEMBER,
	.role = ROLE_ADMIN,
	.run = reinvite,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
