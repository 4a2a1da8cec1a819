/*
 * book-request-save: POST /book/{id}/request
 * The signed-in customer asks for a visit to the project (kind=visit:
 * preferred times in words or as days with a part of the day, at least
 * one of them, and an optional message) or joins its waiting list
 * (kind=waitlist).  The request shows in the customer's portal, the
 * team's inbox and the customer's timeline.
 * 303 to /portal/requests | 400 no kind | 404 no project to book there |
 * 409 on the waiting list already: the form again | 422 the form again
 * with messages
 */
#include <string.h>

#include "booking.h"
#include "page.h"
#include "reqview.h"
#include "request.h"
#include "util.h"

enum { F_KIND, F_PREFERRED, F_MESSAGE, F_DAY1, F_PART1, F_DAY2, F_PART2,
    F_DAY3, F_PART3 };

static const struct field fields[] = {
	[F_KIND] = { "kind", request_kind_valid, 0, 8 },
	[F_PREFERRED] = { "preferred", valid_any, FIELD_TRIM |
	    FIELD_MULTILINE, REQUEST_PREFERRED_MAX },
	[F_MESSAGE] = { "message", valid_any, FIELD_TRIM | FIELD_MULTILINE,
	    REQUEST_MESSAGE_MAX },
	[F_DAY1] = { "day1", valid_day, 0, 10 },
	[F_PART1] = { "part1", reqview_valid_part, 0, 10 },
	[F_DAY2] = { "day2", valid_day, 0, 10 },
	[F_PART2] = { "part2", reqview_valid_part, 0, 10 },
	[F_DAY3] = { "day3", valid_day, 0, 10 },
	[F_PART3] = { "part3", reqview_valid_part, 0, 10 },
};

static void
form_of(struct req *r, struct reqview_form *f)
{
	size_t	 i;

	f->preferred = r->fields[F_PREFERRED].val;
	f->message = r->fields[F_MESSAGE].val;
	for (i = 0; i < REQVIEW_CHOICES; i++) {
		f->day[i] = page_field(r, F_DAY1 + 2 * i);
		f->part[i] = page_field(r, F_PART1 + 2 * i);
	}
	f->err_long = (f->preferred != NULL && !page_field_ok(r,
	    F_PREFERRED)) || (f->message != NULL && !page_field_ok(r,
	    F_MESSAGE));
}

static enum page_rc
ask_save(struct req *r)
{
	struct reqview_form	 f = { 0 };
	struct booking_place	 pl;
	struct request_new	 n = { 0 };
	enum db_rc		 rc;

	if ((rc = booking_place_find(r, page_param(r, 0), NULL, &pl)) !=
	    DB_OK || !pl.is_project)
		return rc == DB_OK || rc == DB_NOTFOUND ? page_status(r, 404) :
		    page_db_fail(r, rc);
	if (page_field(r, F_KIND) == NULL)
		return page_status(r, 400);
	form_of(r, &f);
	n.project_id = pl.project.id;
	n.agenda_id = pl.agenda->id;
	n.waitlist = strcmp(page_field(r, F_KIND), "waitlist") == 0;
	n.preferred = n.waitlist ? "" : reqview_preferred(r, &f);
	n.message = page_field(r, F_MESSAGE);
	f.err_preferred = !n.waitlist && *n.preferred == '\0';
	if (f.err_long || f.err_preferred)
		return reqview_ask_page(r, page_param(r, 0), &f, 422);
	rc = request_add(r->db, r->a, &r->who, &n, r->now, NULL);
	if (rc == DB_CONFLICT) {
		f.waiting = true;
		return reqview_ask_page(r, page_param(r, 0), &f, 409);
	}
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, n.waitlist ? "/portal/requests?done=waiting" :
	    "/portal/requests?done=asked");
}

static const struct page PAGE = {
	.route = "POST /book/{id}/request",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = ask_save,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
