/*
 * request-offer: GET /portal/requests/{id}/offer
 * The page a waiting customer's e-mail links to when a place freed up:
 * the time offered, with the button that books it (request-offer-take).
 * It changes nothing.  When the time was taken meanwhile, or the offer
 * ran out or is no longer theirs to take, the page says so.
 * 200 | 404 absent or not theirs | 303 to /login when signed out
 */
#include "agenda.h"
#include "page.h"
#include "reqview.h"
#include "request.h"
#include "tmpl.h"

static enum page_rc
offer(struct req *r)
{
	struct request	 rq;
	struct agenda	 g;
	bool		 fits = false;
	enum db_rc	 rc;

	if ((rc = request_get(r->db, r->a, &r->who, page_param(r, 0), &rq)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK || ((rc = reqview_offer(r, &rq, &g, &fits)) != DB_OK &&
	    rc != DB_NOTFOUND))
		return page_db_fail(r, rc);
	reqview_values(r, r->tv, &rq);
	tval_bool(r->tv, "can_take", fits);
	tval_bool(r->tv, "taken", false);
	return page_render(r, "request-offer");
}

static const struct page PAGE = {
	.route = "GET /portal/requests/{id}/offer",
	.need = NEED_CUSTOMER,
	.run = offer,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
