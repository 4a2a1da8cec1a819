/*
 * team-login: GET /team/login[?next=/team/...]
 * The team's sign-in page: e-mail address and password, and a form that
 * e-mails a sign-in link, each where the office's team_signin offers it.
 * Team members never sign in through the customers' form, and the other
 * way round.
 * 200
 */
#include "page.h"
#include "team.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "next", valid_local_path, 0, 512 },
};

static enum page_rc
team_login(struct req *r)
{
	return team_login_page(r, 200, page_field(r, 0), "", false, false);
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
