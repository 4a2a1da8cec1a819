/*
 * requests: GET /portal/requests[?after=C|?before=C][&done=W]
 * The signed-in customer's own appointment requests and waiting-list
 * entries, newest first, 20 a page, each with its status; an open one
 * can be cancelled (a confirming step), and a waiting-list entry that
 * holds a freed time links to it.  done= names what just happened
 * (asked, waiting, cancelled) for the notice.
 * 200 | 400 bad cursor | 303 to /login when signed out
 */
#include <string.h>

#include "booking.h"
#include "page.h"
#include "reqview.h"
#include "request.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

#define PER_PAGE	20

enum { F_AFTER, F_BEFORE, F_DONE };

static const struct field fields[] = {
	PAGE_PAGER_FIELDS(F_AFTER),
	[F_DONE] = { "done", valid_word, 0, 16 },
};

static enum page_rc
requests(struct req *r)
{
	static const char *const done[] = { "asked", "waiting", "cancelled" };
	struct request		*rq;
	struct keyset		 ks;
	struct keyset_page	 pg;
	struct tval		*list;
	const char		*d = page_field(r, F_DONE);
	size_t			 i, n;
	enum db_rc		 rc;

	if (!page_keyset(r, F_AFTER, PER_PAGE, &ks))
		return page_status(r, 400);
	if ((rc = request_of_customer(r->db, r->a, &r->who, &ks, &rq, &n,
	    &pg)) != DB_OK || (rc = booking_offers(r)) != DB_OK)
		return page_db_fail(r, rc);
	list = tval_list(r->tv, "requests");
	for (i = 0; i < n; i++)
		reqview_values(r, tval_push(list), &rq[i]);
	for (i = 0; i < sizeof(done) / sizeof(done[0]); i++)
		tval_bool(r->tv, arena_printf(r->a, "done_%s", done[i]),
		    d != NULL && strcmp(d, done[i]) == 0);
	view_pager(r, "/portal/requests", &pg, NULL);
	return page_render(r, "requests");
}

static const struct page PAGE = {
	.route = "GET /portal/requests",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = requests,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
