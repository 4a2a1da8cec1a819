/*
 * team-document-request-cancel: POST /team/document-requests/{id}/cancel
 * An agent or admin cancels a customer's open document request: it takes
 * no more uploads, and the customer's page of it says so.  The audit log
 * records it ("document-request-cancelled", the customer's public id,
 * the request's), which their timeline shows.  A request already
 * fulfilled or cancelled is 409.  Viewers, and members without portal
 * access, get 403 from the loop.
 * 303 to /team/customers/{customer}?cancelled=1 | 403 | 404 | 409
 */
#include "audit.h"
#include "document.h"
#include "page.h"
#include "util.h"

static enum page_rc
request_cancel(struct req *r)
{
	struct document_request	 q;
	enum db_rc		 rc;

	if ((rc = document_request_get(r->db, r->a, &r->who,
	    page_param(r, 0), &q)) == DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if ((rc = document_request_cancel(r->db, &r->who, &q, r->now)) ==
	    DB_CONFLICT)
		return page_status(r, 409);
	if (rc != DB_OK || (rc = audit_add(r->db, &r->who,
	    "document-request-cancelled", q.customer_pid, q.pid, r->now)) !=
	    DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/customers/%s?cancelled=1", q.customer_pid));
}

static const struct page PAGE = {
	.route = "POST /team/document-requests/{id}/cancel",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.run = request_cancel,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
