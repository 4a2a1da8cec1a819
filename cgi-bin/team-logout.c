/*
 * team-logout: POST /team/logout
 * Ends the team member's session: the row is deleted and the team cookie
 * cleared.  It changes nothing but the member's own session, so every role
 * may do it, a viewer included.
 * 303 to /team/login, which says the browser signed out
 */
#include "page.h"

static enum page_rc
team_sign_out(struct req *r)
{
	page_sign_out(r);
	if (r->status >= 400)
		return PAGE_OK;
	return page_redirect(r, "/team/login?signed_out=1");
}

static const struct page PAGE = {
	.route = "POST /team/logout",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.run = team_sign_out,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
