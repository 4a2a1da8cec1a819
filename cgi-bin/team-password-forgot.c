/*
 * team-password-forgot: GET /team/password/forgot
 * The team's form that asks for a password reset link by e-mail, linked
 * from /team/login (reset.c, the same as the customers').  Only offices
 * whose team_signin offers passwords have it.
 * 200 | 404 passwords not offered
 */
#include "page.h"
#include "reset.h"

static enum page_rc
forgot(struct req *r)
{
	return reset_ask_form(r, PRINCIPAL_MEMBER);
}

static const struct page PAGE = {
	.route = "GET /team/password/forgot",
	.need = NEED_PUBLIC,
	.run = forgot,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
