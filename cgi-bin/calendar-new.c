/*
 * calendar-new: POST /portal/calendar/new
 * Makes the signed-in customer a new calendar feed, revoking the old one,
 * and shows its secret address this once (like an API key: only its hash
 * is kept), for the customer to copy into their calendar application.
 * The page is the answer to the POST rather than a redirect, since the
 * address cannot be shown again; sending it again makes another feed.
 * 200 the page with the address | 303 to /login when signed out
 */
#include "calfeed.h"
#include "page.h"
#include "tmpl.h"

static enum page_rc
create(struct req *r)
{
	const char	*token;
	enum db_rc	 rc;

	if ((rc = calfeed_create(r->db, r->a, &r->who, r->now, &token)) !=
	    DB_OK)
		return page_db_fail(r, rc);
	tval_bool(r->tv, "has_feed", true);
	tval_str(r->tv, "created", page_time(r, r->now));
	tval_str(r->tv, "feed_url", arena_printf(r->a, "%s/calendar/%s.ics",
	    r->portal->url, token));
	tval_bool(r->tv, "confirm_revoke", false);
	return page_render(r, "calendar");
}

static const struct page PAGE = {
	.route = "POST /portal/calendar/new",
	.need = NEED_CUSTOMER,
	.run = create,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
