/*
 * calendar: GET /portal/calendar
 * The signed-in customer's calendar feed: whether they have one and since
 * when, with the buttons that make a new one or revoke it.  The feed's
 * address is never shown here: only its hash is stored, so the address is
 * shown once, by calendar-new, when it is made.
 * 200 | 303 to /login when signed out
 */
#include "calfeed.h"
#include "page.h"
#include "tmpl.h"

static enum page_rc
calendar(struct req *r)
{
	int64_t		 created;
	enum db_rc	 rc;

	rc = calfeed_created(r->db, &r->who, &created);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return page_db_fail(r, rc);
	tval_bool(r->tv, "has_feed", rc == DB_OK);
	tval_str(r->tv, "created", rc == DB_OK ? page_time(r, created) : "");
	tval_str(r->tv, "feed_url", "");
	tval_bool(r->tv, "confirm_revoke", false);
	return page_render(r, "calendar");
}

static const struct page PAGE = {
	.route = "GET /portal/calendar",
	.need = NEED_CUSTOMER,
	.run = calendar,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
