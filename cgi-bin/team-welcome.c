/*
 * team-welcome: GET /team/welcome?t=TOKEN
 * Where a team invitation lands: who is invited, with which role, and the
 * form to choose a password (where the office offers passwords; else one
 * button).  Mail scanners open links before people do, so this page
 * changes nothing; the form's POST (team-welcome-save) uses the token.
 * 200 the form | 410 malformed, unknown, used or expired invitation
 */
#include "linktoken.h"
#include "member.h"
#include "page.h"
#include "password.h"
#include "team.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "t", valid_token, 0, 0 },
};

static enum page_rc
welcome(struct req *r)
{
	const char		*t = page_field(r, 0);
	struct linktoken	 tok;
	struct principal	 m;
	enum db_rc		 rc;

	rc = page_account_link_peek(r, PRINCIPAL_MEMBER, LINK_INVITE, t, &tok);
	if (rc == DB_OK)
		rc = member_by_id(r->db, r->a, tok.member_id, &m);
	if (rc == DB_NOTFOUND)
		return team_link_invalid(r, true);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	return team_welcome_page(r, 200, &m, t, PASSWORD_OK);
}

static const struct page PAGE = {
	.route = "GET /team/welcome",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = welcome,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
