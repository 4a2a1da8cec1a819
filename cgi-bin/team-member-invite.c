/*
 * team-member-invite: POST /team/members/invite
 * An admin invites someone to the team (fields email, name, role): a new
 * member with that role and no password, mailed a single-use link to
 * /team/welcome (mail/team-invite.txt) valid ACTIVATION_TTL, where they
 * choose their password and are signed in.  The audit log records it
 * ("member-invited", the new member's public id, the role) in the same
 * transaction.  An address already on the team, or a field that cannot be
 * used, changes nothing and gets the form again with a message at the
 * field.  Agents and viewers get 403 from the loop.
 * 303 to /team/members?invited=1 | 403 | 422 the form again
 * (no field is FIELD_REQUIRED: a stranger must meet 403 before a 400)
 */
#include "page.h"
#include "team.h"
#include "tmpl.h"
#include "util.h"

enum { F_EMAIL, F_NAME, F_ROLE };

static const struct field fields[] = {
	[F_EMAIL] = { "email", valid_email, FIELD_TRIM | FIELD_LOWER, 254 },
	[F_NAME] = { "name", valid_name, FIELD_TRIM, 200 * 4 },
	[F_ROLE] = { "role", valid_role, 0, 16 },
};

static enum page_rc
form_again(struct req *r, unsigned errs)
{
	team_invite_values(r, r->fields[F_EMAIL].val, r->fields[F_NAME].val,
	    page_field(r, F_ROLE), errs);
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

/* Adds the member; DB_CONFLICT when the address is on the team already. */
static enum db_rc
add(struct req *r, enum member_role role, struct principal *m)
{
	const char	*email = page_field(r, F_EMAIL);
	int64_t		 id;
	enum db_rc	 rc;

	if ((rc = member_by_email(r->db, r->a, email, m)) != DB_NOTFOUND)
		return rc == DB_OK ? DB_CONFLICT : rc;
	rc = member_add(r->db, r->a, email, page_field(r, F_NAME), role,
	    r->now, &id);
	if (rc != DB_OK)
		return rc;
	return member_by_id(r->db, r->a, id, m);
}

static enum page_rc
invite(struct req *r)
{
	struct principal	 m;
	enum member_role	 role;
	unsigned		 errs;
	enum db_rc		 rc;

	if ((errs = problems(r)) != 0 ||
	    !member_role_parse(page_field(r, F_ROLE), &role))
		return form_again(r, errs);
	if ((rc = add(r, role, &m)) == DB_CONFLICT)
		return form_again(r, TEAM_INVITE_TAKEN);
	if (rc != DB_OK || (rc = team_mail_invite(r, &m)) != DB_OK ||
	    (rc = audit_add(r->db, &r->who, "member-invited", m.pid,
	    member_role_name(role), r->now)) != DB_OK)
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
