/*
 * password-forgot: GET /password/forgot
 * The form that asks for a password reset link by e-mail (reset.c, the
 * same as the team's).  Only portals that offer passwords have it.
 * 200 | 404 on a portal without passwords
 */
#include "page.h"
#include "reset.h"

static enum page_rc
forgot(struct req *r)
{
	return reset_ask_form(r, PRINCIPAL_CUSTOMER);
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
