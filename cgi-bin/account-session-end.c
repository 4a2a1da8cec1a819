/*
 * account-session-end: POST /portal/account/sessions/{id}/end
 * Signs out one other device of the signed-in customer: the session whose
 * public id is {id} ends, if it is theirs and not this device's own
 * (signing out does that).  Another customer's id is not found, exactly
 * like one that does not exist.  That device finds out at its next
 * request, which goes to the sign-in page.
 * 303 to /portal/account?ended=1 | 404 no such other session of theirs
 */
#include "page.h"
#include "session.h"

static enum page_rc
end_session(struct req *r)
{
	enum db_rc	 rc;

	rc = session_end(r->db, &r->who, page_param(r, 0), r->session);
	if (rc == DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, "/portal/account?ended=1");
}

static const struct page PAGE = {
	.route = "POST /portal/account/sessions/{id}/end",
	.need = NEED_CUSTOMER,
	.run = end_session,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
