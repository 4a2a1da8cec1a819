/*
 * password-reset: GET /password/reset?t=TOKEN
 * Where a reset link lands: the form for the new password (reset.c, the
 * same as the team's).  Mail scanners open links before people do, so
 * this page changes nothing; the form's POST (password-reset-save) uses
 * the token.
 * 200 the form | 404 on a portal without passwords | 410 malformed,
 * unknown, used or expired token, or an inactive customer's
 */
#include "page.h"
#include "reset.h"

static enum page_rc
reset_form(struct req *r)
{
	return reset_link_form(r, PRINCIPAL_CUSTOMER);
}

static const struct page PAGE = {
	.route = "GET /password/reset",
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
