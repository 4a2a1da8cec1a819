/*
 * team-customer-document-request: GET /team/customers/{id}/document-request
 * An agent or admin asks a customer for a document: the form of its
 * title and an optional explanation, which team-customer-document-
 * request-save sends.  An id that is not a customer of this office is
 * 404.  Viewers, and members without portal access, get 403 from the
 * loop.
 * 200 | 403 | 404 | 303 to /team/login when signed out
 */
#include "customer.h"
#include "docview.h"
#include "page.h"

static enum page_rc
request_form(struct req *r)
{
	struct customer	 c;
	enum db_rc	 rc;

	if ((rc = customer_by_pid(r->db, r->a, page_param(r, 0), &c)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	return docview_request_form(r, &c, 200, NULL, NULL, false);
}

static const struct page PAGE = {
	.route = "GET /team/customers/{id}/document-request",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.run = request_form,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
