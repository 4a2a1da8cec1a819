/*
 * password-forgot: GET /password/forgot
 * The form that asks for a password reset link by e-mail.  Only portals
 * that offer passwords have it.
 * 200 | 404 on a portal without passwords
 */
#include "page.h"
#include "tmpl.h"
#include "util.h"

static enum page_rc
forgot(struct req *r)
{
	if ((r->portal->signin & SIGNIN_PASSWORD) == 0)
		return page_status(r, 404);
	tval_str(r->tv, "email", "");
	tval_bool(r->tv, "err_email", false);
	return page_render(r, "password-forgot");
}

static const struct page PAGE = {
	.route = "GET /password/forgot",
	.need = NEED_PUBLIC,
	.run = forgot,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
