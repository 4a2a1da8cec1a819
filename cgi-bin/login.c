/*
 * login: GET /login[?next=/path]
 * The sign-in form: the customer asks for a magic link by e-mail, and
 * where the portal offers passwords, a second form signs in with one.
 * A customer who is signed in already goes where signing in would have
 * taken them.
 * 200 | 303 to next or /portal when signed in
 */
#include "page.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

static const struct field fields[] = {
	{ "next", valid_local_path, 0, 512 },
};

static enum page_rc
login(struct req *r)
{
	if (page_land_if_signed_in(r, page_field(r, 0)))
		return PAGE_OK;
	view_login_form(r, page_field(r, 0), NULL, false, NULL, false);
	return page_render(r, "login");
}

static const struct page PAGE = {
	.route = "GET /login",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = login,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
