/*
 * team-login: GET /team/login[?next=/team/...][?signed_out=1]
 * The team's sign-in page: e-mail address and password (with a link to
 * choose a new one when it is forgotten), and a form that e-mails a
 * sign-in link, each where the office's team_signin offers it.  Team
 * members never sign in through the customers' form, and the other way
 * round.  A member who is signed in already goes where signing in would
 * have taken them.  signed_out=1, where signing out lands, says so.
 * 200 | 303 to next (under /team) or /team when signed in
 */
#include "page.h"
#include "team.h"
#include "tmpl.h"
#include "util.h"

enum { F_NEXT, F_SIGNED_OUT };

static const struct field fields[] = {
	[F_NEXT] = { "next", valid_local_path, 0, 512 },
	[F_SIGNED_OUT] = { "signed_out", valid_flag, 0, 1 },
};

static enum page_rc
team_login(struct req *r)
{
	const char	*next = page_field(r, F_NEXT);

	if (page_land_if_signed_in(r, team_landing(next)))
		return PAGE_OK;
	if (page_field(r, F_SIGNED_OUT) != NULL)
		page_flash(r, FLASH_SIGNED_OUT);
	return team_login_page(r, 200, next, "", false, false);
}

static const struct page PAGE = {
	.route = "GET /team/login",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_login,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
