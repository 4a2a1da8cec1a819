/*
 * team-member-invite: POST /team/members/invite
 * An admin invites someone to the team (fields email, name, role and the
 * permission checkboxes portal_access and agenda_edit, "1" when ticked,
 * the form ticking portal access to begin with): a new member with that
 * role and those permissions and no password, mailed a single-use link to
 * /team/welcome (mail/team-invite.txt) valid ACTIVATION_TTL, where they
 * choose their password and are signed in.  The audit log records it
 * ("member-invited", the new member's public id, the role) in the same
 * transaction, and permissions other than the defaults as a change from
 * them ("member-permissions", "portal->agenda").  An address already on
 * the team, or a field that cannot be used, changes nothing and gets the
 * form again with a message at the field.  Agents and viewers get 403
 * from the loop.
 * 303 to /team/members?invited=1 | 400 a box with any other value | 403 |
 * 422 the form again
 * (no field is FIELD_REQUIRED: a stranger must meet 403 before a 400)
 */
#include "member.h"
#include "page.h"
#include "team.h"
#include "tmpl.h"
#include "util.h"

enum { F_EMAIL, F_NAME, F_ROLE, F_PORTAL, F_AGENDA };

static const struct field fields[] = {
	[F_EMAIL] = { "email", valid_email, FIELD_TRIM | FIELD_LOWER, 254 },
	[F_NAME] = { "name", valid_name, FIELD_TRIM, 200 * 4 },
	[F_ROLE] = { "role", valid_role, 0, 16 },
	[F_PORTAL] = { "portal_access", valid_flag, 0, 1 },
	[F_AGENDA] = { "agenda_edit", valid_flag, 0, 1 },
};

static enum page_rc
form_again(struct req *r, unsigned perms, unsigned errs)
{
	team_invite_values(r, r->fields[F_EMAIL].val, r->fields[F_NAME].val,
	    page_field(r, F_ROLE), errs);
	team_invite_perms(r, perms);
	return page_render_status(r, 422, "team-member-invite");
}

static unsigned
problems(const struct req *r)
{
	unsigned	 errs = 0;

	if (page_field(r, F_EMAIL) == NULL)
		errs |= TEAM_INVITE_EMAIL;
	if (page_field(r, F_NAME) == NULL)
		errs |= TEAM_INVITE_NAME;
	if (page_field(r, F_ROLE) == NULL)
		errs |= TEAM_INVITE_ROLE;
	return errs;
}

static enum page_rc
invite(struct req *r)
{
	struct principal	 m;
	enum member_role	 role;
	unsigned		 errs, perms;
	enum db_rc		 rc;

	if (!team_perms_field(r, F_PORTAL, F_AGENDA, &perms))
		return page_status(r, 400);
	if ((errs = problems(r)) != 0 ||
	    !member_role_parse(page_field(r, F_ROLE), &role))
		return form_again(r, perms, errs);
	if ((rc = member_invite(r->db, r->a, &r->who, page_field(r, F_EMAIL),
	    page_field(r, F_NAME), role, perms, r->now, &m)) == DB_CONFLICT)
		return form_again(r, perms, TEAM_INVITE_TAKEN);
	if (rc != DB_OK || (rc = team_mail_invite(r, &m)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, "/team/members?invited=1");
}

static const struct page PAGE = {
	.route = "POST /team/members/invite",
	.need = NEED_MEMBER,
	.role = ROLE_ADMIN,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = invite,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
