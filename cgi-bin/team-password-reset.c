/*
 * team-password-reset: GET /team/password/reset?t=TOKEN
 * Where a team member's reset link lands: the form for the new password
 * (reset.c, the same as the customers').  Mail scanners open links before
 * people do, so this page changes nothing; the form's POST
 * (team-password-reset-save) uses the token.
 * 200 the form | 404 passwords not offered | 410 malformed, unknown, used
 * or expired token
 */
#include "page.h"
#include "reset.h"

static enum page_rc
reset_form(struct req *r)
{
	return reset_link_form(r, PRINCIPAL_MEMBER);
}

static const struct page PAGE = {
	.route = "GET /team/password/reset",
	.need = NEED_PUBLIC,
	.fields = reset_link_fields,
	.nfields = sizeof(reset_link_fields) / sizeof(reset_link_fields[0]),
	.run = reset_form,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
