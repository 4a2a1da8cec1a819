/*
 * team-request: GET /team/requests/{id}
 * One appointment request or waiting-list entry for the team: the
 * customer, the project, the times they prefer and their message, its
 * status and what ended it.  While it is open, an agent or admin books
 * it (the book-on-behalf page with the project chosen; that booking
 * makes the request booked) or closes it (team-request-close).  Members
 * without portal access get 403 from the loop.
 * 200 | 403 | 404 | 303 to /team/login when signed out
 */
#include <string.h>

#include "page.h"
#include "reqview.h"
#include "request.h"
#include "tmpl.h"

static enum page_rc
team_request(struct req *r)
{
	struct request	 rq;
	enum db_rc	 rc;

	if ((rc = request_get(r->db, r->a, &r->who, page_param(r, 0), &rq)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	reqview_values(r, r->tv, &rq);
	tval_bool(r->tv, "can_act", strcmp(rq.status, "open") == 0 &&
	    r->who.role >= ROLE_AGENT);
	return page_render(r, "team-request");
}

static const struct page PAGE = {
	.route = "GET /team/requests/{id}",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_PORTAL,
	.run = team_request,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
