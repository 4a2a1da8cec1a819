/*
 * team-password-forgot-send: POST /team/password/forgot
 * Mails a link to choose a new password, valid 30 minutes
 * (mail/team-password-reset.txt), to the address given when it belongs to
 * a member of the team (reset.c, the same as the customers').  The answer
 * is the same either way, so the form does not tell who is on the team;
 * asking is rate limited per address and per client.  Nothing about the
 * member changes here: the old password keeps working until the link is
 * used.
 * 200 "check your e-mail" | 404 passwords not offered | 422 invalid
 * address | 429 too many requests
 */
#include "page.h"
#include "reset.h"

static enum page_rc
forgot(struct req *r)
{
	return reset_ask(r, PRINCIPAL_MEMBER);
}

static const struct page PAGE = {
	.route = "POST /team/password/forgot",
	.need = NEED_PUBLIC,
	.fields = reset_ask_fields,
	.nfields = sizeof(reset_ask_fields) / sizeof(reset_ask_fields[0]),
	.run = forgot,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
