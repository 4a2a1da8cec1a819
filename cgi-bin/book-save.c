/*
 * book-save: POST /book/{id}
 * Books the slot at= (length= slots) in the chosen agenda of a project or
 * agenda, as confirmed, in the request's write transaction.  A signed-in
 * customer books for themselves.  A visitor gives a name and an address:
 * the address's customer is found or made (booking_visitor), and the
 * answer is the same page either way, so it never tells whether the
 * address was known.  The mail carries a sign-in link to the appointment.
 * Visitors are rate limited per address and per client.
 * 303 to the appointment (signed in) | 200 "booked" (visitor) | 404 |
 * 409 the time was taken meanwhile: the week again, nothing written |
 * 422 the form again | 429
 */
#include <string.h>

#include "appointment.h"
#include "booking.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

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
	struct booking_place	 pl;
	struct booking		 b = { .source = source(r) };
	struct principal	 who = r->who;
	struct appointment	 ap;
	const char		*pid;
	int64_t			 len = 1;
	enum db_rc		 rc;

	if (!booking_open_to(r))
		return page_status(r, 403);
	if ((rc = booking_place_find(r, page_param(r, 0), f.agenda, &pl)) !=
	    DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 404) :
		    page_db_fail(r, rc);
	if (!num_parse(f.at, &b.starts) || (f.length != NULL &&
	    !num_parse(f.length, &len)) || len < 1 ||
	    len > booking_max_slots(r, pl.agenda))
		return page_status(r, 400);
	if (b.source != SOURCE_PORTAL) {
		f.err_name = page_field(r, F_NAME) == NULL;
		f.err_email = page_field(r, F_EMAIL) == NULL;
		if (f.err_name || f.err_email)
			return booking_page(r, page_param(r, 0), &f, 422);
		if (page_throttled(r, "book", page_field(r, F_EMAIL)))
			return PAGE_OK;
		if ((rc = booking_visitor(r, page_field(r, F_EMAIL),
		    page_field(r, F_NAME), &who)) != DB_OK)
			return page_db_fail(r, rc);
	}
	b.customer_id = who.id;
	b.project = pl.is_project ? &pl.project : NULL;
	b.agenda = pl.agenda;
	b.nslots = (int)len;
	rc = appointment_book(r->db, r->a, &b, r->now, &pid);
	if (rc == DB_CONFLICT) {
		f.taken = true;
		return booking_page(r, page_param(r, 0), &f, 409);
	}
	if (rc != DB_OK || (rc = booking_notify(r, APPTMAIL_CONFIRMED, &who,
	    pid, &ap)) != DB_OK)
		return page_db_fail(r, rc);
	if (b.source == SOURCE_PORTAL)
		return page_redirect(r, arena_printf(r->a,
		    "/portal/appointments/%s?done=booked", pid));
	view_appointment_map(r, r->tv, &ap);
	tval_str(r->tv, "email", who.email);
	return page_render(r, "book-done");
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
