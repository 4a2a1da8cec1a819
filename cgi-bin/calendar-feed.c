/*
 * calendar-feed: GET /calendar/[token].ics
 * A customer's private calendar feed, for calendar applications: their
 * appointments that end from 90 days ago on, cancelled ones included with
 * STATUS:CANCELLED, as iCalendar (METHOD:PUBLISH).  The token in the path
 * is the only credential, so the access log leaves the path out and the
 * answer is never stored by a cache.  An unknown, revoked or malformed
 * token gets the same 404 as any page that does not exist.
 * 200 text/calendar | 404
 */
#include <string.h>

#include "appointment.h"
#include "calfeed.h"
#include "ics.h"
#include "page.h"

#define FEED_PAST	(90 * 86400)
#define FEED_MAX	1000

static enum page_rc
feed(struct req *r)
{
	struct principal	 owner;
	struct appointment	*ap;
	struct ics_origin	 o;
	const char		*token = page_param(r, 0), *text, *host;
	size_t			 n;
	enum db_rc		 rc;

	rc = calfeed_open(r->db, r->a, token, strlen(token), &owner);
	if (rc == DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK || (rc = appointment_since(r->db, r->a, &owner,
	    r->now - FEED_PAST, FEED_MAX, &ap, &n)) != DB_OK)
		return page_db_fail(r, rc);
	host = strstr(r->portal->url, "://") + 3;
	o.host = arena_strndup(r->a, host, strcspn(host, ":/"));
	o.url = r->portal->url;
	o.name = r->office->name;
	o.organizer = r->office->email;
	if ((text = ics_calendar(r->a, &o, ICS_PUBLISH, ap, n, r->now)) ==
	    NULL)
		return PAGE_FAIL;
	r->status = 200;
	r->content_type = "text/calendar; charset=utf-8";
	buf_clear(&r->body);
	buf_puts(&r->body, text);
	return PAGE_OK;
}

static const struct page PAGE = {
	.route = "GET /calendar/[token].ics",
	.need = NEED_PUBLIC,
	.run = feed,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
