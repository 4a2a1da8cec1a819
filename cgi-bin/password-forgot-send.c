/*
 * password-forgot-send: POST /password/forgot
 * Mails a link to choose a new password, valid 30 minutes, to the address
 * given when it belongs to an active customer (reset.c, the same as the
 * team's).  The answer is the same either way, so the form does not tell
 * who is a customer; asking is rate limited per address and per client.
 * Nothing about the account changes here: the old password keeps working
 * until the link is used.
 * 200 "check your e-mail" | 404 on a portal without passwords | 422
 * invalid address | 429 too many requests
 */
#include "page.h"
#include "reset.h"

static enum page_rc
forgot(struct req *r)
{
	return reset_ask(r, PRINCIPAL_CUSTOMER);
}

static const struct page PAGE = {
	.route = "POST /password/forgot",
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
