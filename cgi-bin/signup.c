/*
 * signup: GET /signup
 * The sign-up form, on portals whose porch.conf says signup = open: name,
 * e-mail address and, where the portal offers passwords, an optional
 * password.  Invite-only portals have no such page.  A customer who is
 * signed in already goes to their dashboard.
 * 200 | 303 to /portal when signed in | 404 sign-up not open here
 */
#include "page.h"
#include "view.h"

static enum page_rc
signup(struct req *r)
{
	if (r->portal->signup != SIGNUP_OPEN)
		return page_status(r, 404);
	if (page_land_if_signed_in(r, NULL))
		return PAGE_OK;
	view_signup_form(r, NULL, NULL, false, false, PASSWORD_OK);
	return page_render(r, "signup");
}

static const struct page PAGE = {
	.route = "GET /signup",
	.need = NEED_PUBLIC,
	.run = signup,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
