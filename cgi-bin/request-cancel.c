/*
 * request-cancel: POST /portal/requests/{id}/cancel
 * The signed-in customer cancels one of their own open appointment
 * requests, or leaves a waiting list.  It takes a confirming step:
 * without confirm=yes the answer is the page that says what will happen,
 * with the button that does it.  One that is no longer open changes
 * nothing and goes back to the list.
 * 303 to /portal/requests | 200 the confirming step | 404 absent or not
 * theirs
 */
#include <string.h>

#include "page.h"
#include "reqview.h"
#include "request.h"
#include "util.h"

static const struct field fields[] = {
	{ "confirm", valid_word, 0, 8 },
};

static enum page_rc
cancel(struct req *r)
{
	struct request	 rq;
	enum db_rc	 rc;

	if ((rc = request_get(r->db, r->a, &r->who, page_param(r, 0), &rq)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (strcmp(rq.status, "open") != 0)
		return page_redirect(r, "/portal/requests");
	if (!page_confirmed(r, 0)) {
		reqview_values(r, r->tv, &rq);
		return page_render(r, "request-cancel");
	}
	if ((rc = request_cancel(r->db, &r->who, &rq, r->now)) != DB_OK &&
	    rc != DB_CONFLICT)
		return page_db_fail(r, rc);
	return page_redirect(r, "/portal/requests?done=cancelled");
}

static const struct page PAGE = {
	.route = "POST /portal/requests/{id}/cancel",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = cancel,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
