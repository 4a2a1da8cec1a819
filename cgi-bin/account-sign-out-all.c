/*
 * account-sign-out-all: POST /portal/account/sign-out-everywhere
 * Ends every session of the signed-in customer, on every device and this
 * one included, and clears this browser's cookie.  Another device finds
 * out at its next request, which goes to the sign-in page.
 * 303 to /login
 */
#include "page.h"
#include "session.h"

static enum page_rc
sign_out_all(struct req *r)
{
	enum db_rc	 rc;

	if ((rc = session_delete_all(r->db, &r->who)) != DB_OK)
		return page_db_fail(r, rc);
	/* this row is gone too: page_sign_out only clears the cookie */
	page_sign_out(r);
	if (r->status >= 400)
		return PAGE_OK;
	return page_redirect(r, "/login");
}

static const struct page PAGE = {
	.route = "POST /portal/account/sign-out-everywhere",
	.need = NEED_CUSTOMER,
	.run = sign_out_all,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
