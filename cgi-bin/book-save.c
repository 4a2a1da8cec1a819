/*
 * book-save: POST /book/{id}
 * Books the slot at= (length= slots) in the chosen agenda of a project or
 * agenda, as confirmed, in the request's write transaction.  A signed-in
 * customer books for themselves.  A visitor gives a name and an address:
 * the address's customer is found or made (booking_visitor), and the
 * answer is the same page either way, so it never tells whether the
 * address was known.  The mail carries a sign-in link to the appointment.
 * Visitors are rate limited per address and per client.
 * The booking itself is booking_book's.
 * 303 to the appointment (signed in) | 200 "booked" (visitor) | 404 |
 * 409 the time was taken meanwhile: the week again, nothing written |
 * 422 the form again | 429
 */
#include <string.h>

#include "appointment.h"
#include "booking.h"
#include "page.h"
#include "util.h"

enum { F_AGENDA, F_AT, F_LENGTH, F_NAME, F_EMAIL, F_VIA };

static const struct field fields[] = {
	[F_AGENDA] = { "agenda", valid_public_id, 0, 22 },
	[F_AT] = { "at", valid_number, 0, 12 },
	[F_LENGTH] = { "length", valid_number, 0, 2 },
	[F_NAME] = { "name", valid_name, FIELD_TRIM, 200 * 4 },
	[F_EMAIL] = { "email", valid_email, FIELD_TRIM | FIELD_LOWER, 254 },
	[F_VIA] = { "via", valid_word, 0, 8 },
};

static enum appointment_source
source(const struct req *r)
{
	const char	*via = page_field(r, F_VIA);

	if (r->who.kind == PRINCIPAL_CUSTOMER)
		return SOURCE_PORTAL;
	return via != NULL && strcmp(via, "embed") == 0 &&
	    r->portal->nembed_origins > 0 ? SOURCE_EMBED : SOURCE_LINK;
}

static enum page_rc
book_save(struct req *r)
{
	struct booking_form	 f = {
		.agenda = page_field(r, F_AGENDA),
		.at = page_field(r, F_AT),
		.length = page_field(r, F_LENGTH),
		.name = r->fields[F_NAME].val,
		.email = r->fields[F_EMAIL].val,
		.via_embed = source(r) == SOURCE_EMBED,
	};
	struct booking_save	 s = {
		.source = source(r),
		.name = page_field(r, F_NAME),
		.email = page_field(r, F_EMAIL),
	};

	return booking_book(r, page_param(r, 0), &f, &s);
}

static const struct page PAGE = {
	.route = "POST /book/{id}",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = book_save,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
