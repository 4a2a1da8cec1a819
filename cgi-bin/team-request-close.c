/*
 * team-request-close: POST /team/requests/{id}/close
 * An agent or admin declines an open appointment request, or takes a
 * customer off a waiting list: the request is cancelled, naming the
 * member, and the audit log records it ("request-closed", the customer's
 * public id, the request's).  It takes a confirming step: without
 * confirm=yes the answer is the page that says what will happen, with
 * the button that does it.  One that is no longer open changes nothing.
 * Viewers, and members without portal access, get 403 from the loop.
 * 303 to /team/requests/{id} | 200 the confirming step | 403 | 404
 */
#include <string.h>

#include "audit.h"
#include "page.h"
#include "reqview.h"
#include "request.h"
#include "util.h"

static const struct field fields[] = {
	{ "confirm", valid_word, 0, 8 },
};

static enum page_rc
close_request(struct req *r)
{
	struct request	 rq;
	enum db_rc	 rc;

	if ((rc = request_get(r->db, r->a, &r->who, page_param(r, 0), &rq)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (strcmp(rq.status, "open") != 0)
		return page_redirect(r, arena_printf(r->a,
		    "/team/requests/%s", rq.pid));
	if (!page_confirmed(r, 0)) {
		reqview_values(r, r->tv, &rq);
		return page_render(r, "team-request-close");
	}
	if ((rc = request_cancel(r->db, &r->who, &rq, r->now)) != DB_OK ||
	    (rc = audit_add(r->db, &r->who, "request-closed", rq.customer_pid,
	    rq.pid, r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a, "/team/requests/%s",
	    rq.pid));
}

static const struct page PAGE = {
	.route = "POST /team/requests/{id}/close",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = close_request,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
