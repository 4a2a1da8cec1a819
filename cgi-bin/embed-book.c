/*
 * embed-book: GET /embed/book/{id}
 * The booking page in a bare layout for a frame on the office's own site:
 * the sites the portal names in embed_origins may frame it (its
 * Content-Security-Policy frame-ancestors), no other.  Picking a time
 * opens the confirming step of /book at the top of the window, where the
 * portal's own cookies guard the form as on every other page (a framed
 * page on another site gets no cookies to pair a form token with); the
 * booking is then recorded as made from the embedded page.
 * 200 | 404 nothing to book there, or no site may frame it
 */
#include "booking.h"
#include "page.h"
#include "util.h"

enum { F_AGENDA, F_DAY };

static const struct field fields[] = {
	[F_AGENDA] = { "agenda", valid_public_id, 0, 22 },
	[F_DAY] = { "day", valid_day, 0, 10 },
};

static enum page_rc
embed_book(struct req *r)
{
	struct booking_form	 f = {
		.agenda = page_field(r, F_AGENDA),
		.day = page_field(r, F_DAY),
		.via_embed = true,
	};

	if (!page_embed(r))
		return page_status(r, 404);
	return booking_page(r, page_param(r, 0), &f, 0);
}

static const struct page PAGE = {
	.route = "GET /embed/book/{id}",
	.need = NEED_PUBLIC,
	.features = FEATURE_BOOKING_LINKS,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = embed_book,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
