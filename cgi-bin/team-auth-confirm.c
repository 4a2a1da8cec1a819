/*
 * team-auth-confirm: POST /team/auth
 * Uses a team member's sign-in link once, on the portal it was asked on:
 * starts a new team session for the member and lands on the team page the
 * link was made for, or /team.  Offices that do not offer team sign-in
 * links answer 404 and the link stays unused.
 * 303 signed in | 404 links not offered | 410 malformed, unknown, used,
 * expired or another portal's
 */
#include "page.h"
#include "team.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "t", valid_token, 0, 0 },
};

static enum page_rc
sign_in(struct req *r)
{
	const char	*next;
	enum db_rc	 rc;

	if (!team_offers(r, SIGNIN_MAGIC_LINK))
		return page_status(r, 404);
	rc = page_signin_link_use(r, PRINCIPAL_MEMBER, page_field(r, 0), &next);
	if (rc == DB_NOTFOUND)
		return team_link_invalid(r, false);
	if (rc != DB_OK)
		return PAGE_OK;		/* the error page, built */
	return page_redirect(r, team_landing(next));
}

static const struct page PAGE = {
	.route = "POST /team/auth",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = sign_in,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
