/*
 * account: GET /portal/account[?saved=1][?sent=1][?password=1][?ended=1]
 * The signed-in customer's own details (name and phone in a form, the
 * e-mail address shown read-only), their password (set or changed, the
 * current one asked for only when there is one) and the devices signed in
 * as them (templates/partials/account-sessions.html), each with its
 * browser, when it signed in and was last active, this one marked and
 * every other with a button that signs it out (account-session-end), and
 * one button that signs out everywhere; which kinds of e-mail
 * they want (account-notifications) and a link to download their data
 * (account-export); a card that asks for the personal data to be deleted
 * or shows and cancels the open request (account-deletion).  A form asks
 * for a new e-mail address (account-email).  saved=1 says a save just
 * succeeded, sent=1 that a confirmation link went to a new address,
 * password=1 that the password was set or changed, ended=1 that another
 * device was signed out.
 * 200 | 303 to /login when signed out
 */
#include "account.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

enum { F_SAVED, F_SENT, F_PASSWORD, F_ENDED };

static const struct field fields[] = {
	[F_SAVED] = { "saved", valid_flag, 0, 1 },
	[F_SENT] = { "sent", valid_flag, 0, 1 },
	[F_PASSWORD] = { "password", valid_flag, 0, 1 },
	[F_ENDED] = { "ended", valid_flag, 0, 1 },
};

static enum page_rc
account(struct req *r)
{
	const struct session_limits lim = session_limits_of(r->conf);
	struct customer_account	 acct;
	enum db_rc		 rc;

	if ((rc = customer_account(r->db, r->a, &r->who, r->session, r->now,
	    &lim, &acct)) != DB_OK)
		return page_db_fail(r, rc);
	view_account(r, &acct);
	tval_bool(r->tv, "saved", page_field(r, F_SAVED) != NULL);
	tval_bool(r->tv, "sent", page_field(r, F_SENT) != NULL);
	tval_bool(r->tv, "password_saved", page_field(r, F_PASSWORD) != NULL);
	if (page_field(r, F_ENDED) != NULL)
		page_flash(r, FLASH_SESSION_ENDED);
	return page_render(r, "account");
}

static const struct page PAGE = {
	.route = "GET /portal/account",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = account,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
