/*
 * team-auth: GET /team/auth?t=TOKEN
 * Where a team member's sign-in link lands.  Mail scanners open links
 * before people do, so this page changes nothing: it shows one "Sign in"
 * button whose POST (team-auth-confirm) uses the token.  Offices that do
 * not offer team sign-in links answer 404, even for a link sent before
 * they stopped.
 * 200 the button | 404 links not offered | 410 malformed, unknown, used,
 * expired or another portal's
 */
#include "logintoken.h"
#include "page.h"
#include "team.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "t", valid_token, 0, 0 },
};

static enum page_rc
confirm(struct req *r)
{
	struct logintoken	 tok;
	enum db_rc		 rc;

	if (!team_offers(r, SIGNIN_MAGIC_LINK))
		return page_status(r, 404);
	rc = page_signin_link_peek(r, PRINCIPAL_MEMBER, page_field(r, 0), &tok);
	if (rc == DB_NOTFOUND)
		return team_link_invalid(r, false);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "token", page_field(r, 0));
	return page_render(r, "team-auth");
}

static const struct page PAGE = {
	.route = "GET /team/auth",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = confirm,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
