/*
 * team-login: GET /team/login[?next=/team/...]
 * The team's sign-in form: e-mail address and password.  Team members
 * never sign in through the customers' form, and the other way round.
 * 200
 */
#include "page.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "next", valid_local_path, 0, 512 },
};

static enum page_rc
team_login(struct req *r)
{
	const char	*next = page_field(r, 0);

	tval_str(r->tv, "next", next != NULL ? next : "");
	tval_str(r->tv, "email", "");
	tval_bool(r->tv, "err_login", false);
	return page_render(r, "team-login");
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
