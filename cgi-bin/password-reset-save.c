/*
 * password-reset-save: POST /password/reset
 * Uses a reset link once (reset.c, the same as the team's): the new
 * password must meet password_check's rules (else the form again, the
 * token still unused), then it is stored, every session of the customer
 * ends, so whoever had the old password is out, and this browser is
 * signed in afresh.  Other reset links sent before this one stop working.
 * The password is never written back into a form.
 * 303 to /portal | 404 on a portal without passwords | 410 malformed,
 * unknown, used or expired token, or an inactive customer | 422 the form
 * again with the rule that was not met
 */
#include "page.h"
#include "reset.h"

static enum page_rc
save(struct req *r)
{
	return reset_use(r, PRINCIPAL_CUSTOMER);
}

static const struct page PAGE = {
	.route = "POST /password/reset",
	.need = NEED_PUBLIC,
	.fields = reset_use_fields,
	.nfields = RESET_F__MAX,
	.run = save,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
