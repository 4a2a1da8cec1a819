/*
 * team-password-reset-save: POST /team/password/reset
 * Uses a team member's reset link once (reset.c, the same as the
 * customers'): the new password must meet password_check's rules (else
 * the form again, the token still unused), then it is stored, every
 * session of the member ends, other reset links sent before this one stop
 * working, the audit log records it ("member-password-reset", by the
 * member) and this browser is signed in on the team side afresh.  The
 * password is never written back into a form.
 * 303 to /team?password=1 | 404 passwords not offered | 410 malformed,
 * unknown, used or expired token | 422 the form again with the rule that
 * was not met
 */
#include "page.h"
#include "reset.h"

static enum page_rc
save(struct req *r)
{
	return reset_use(r, PRINCIPAL_MEMBER);
}

static const struct page PAGE = {
	.route = "POST /team/password/reset",
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
