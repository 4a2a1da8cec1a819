/*
 * book: GET /book/{id}
 * The public booking page of a project or an agenda: a week of its free
 * slots in the agenda's time zone (day= moves by weeks, agenda= picks
 * among a project's agendas), and with at= the confirming step for that
 * slot, where a visitor gives a name and address and a signed-in customer
 * just confirms.  Works without JavaScript: every choice is a link.
 * 200 | 404 nothing to book there
 */
#include <string.h>

#include "booking.h"
#include "page.h"
#include "util.h"

enum { F_AGENDA, F_DAY, F_AT, F_LENGTH, F_VIA };

static const struct field fields[] = {
	[F_AGENDA] = { "agenda", valid_public_id, 0, 22 },
	[F_DAY] = { "day", valid_day, 0, 10 },
	[F_AT] = { "at", valid_number, 0, 12 },
	[F_LENGTH] = { "length", valid_number, 0, 2 },
	[F_VIA] = { "via", valid_word, 0, 8 },
};

static enum page_rc
book(struct req *r)
{
	const char		*via = page_field(r, F_VIA);
	struct booking_form	 f = {
		.agenda = page_field(r, F_AGENDA),
		.day = page_field(r, F_DAY),
		.at = page_field(r, F_AT),
		.length = page_field(r, F_LENGTH),
		.via_embed = via != NULL && strcmp(via, "embed") == 0,
	};

	return booking_page(r, page_param(r, 0), &f, 0);
}

static const struct page PAGE = {
	.route = "GET /book/{id}",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = book,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
