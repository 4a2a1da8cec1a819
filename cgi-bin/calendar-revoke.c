/*
 * calendar-revoke: POST /portal/calendar/revoke
 * Revokes the signed-in customer's calendar feed: its address answers 404
 * from then on, like one that never existed.  It takes a confirming step:
 * without confirm=yes the answer is the calendar page asking whether to.
 * Revoking with no feed changes nothing and lands on the same page.
 * 303 to /portal/calendar | 200 the confirming step
 */
#include "calfeed.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

enum { F_CONFIRM };

static const struct field fields[] = {
	[F_CONFIRM] = { "confirm", valid_word, 0, 8 },
};

static enum page_rc
revoke(struct req *r)
{
	enum db_rc	 rc;

	if (!page_confirmed(r, F_CONFIRM)) {
		tval_bool(r->tv, "has_feed", true);
		tval_str(r->tv, "created", "");
		tval_str(r->tv, "feed_url", "");
		tval_bool(r->tv, "confirm_revoke", true);
		return page_render(r, "calendar");
	}
	rc = calfeed_revoke(r->db, &r->who, r->now);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return page_db_fail(r, rc);
	return page_redirect(r, "/portal/calendar");
}

static const struct page PAGE = {
	.route = "POST /portal/calendar/revoke",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = revoke,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
