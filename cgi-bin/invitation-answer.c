/*
 * invitation-answer: POST /portal/invitations/{id}
 * The signed-in customer books the time `at` of their open invitation:
 * one of its proposed times, or any free time of its agenda when it
 * proposes none.  The confirmed appointment (source portal) and the
 * invitation marked answered are written in the one transaction, and the
 * confirmation mail with its calendar file goes with them.  A time taken
 * meanwhile shows the page again with 409 and fresh times, and writes
 * nothing; so does an invitation no longer open.  A time it does not
 * offer is 400; another customer's invitation is 404.
 * 303 to /portal/appointments/{new id}?done=booked | 400 | 404 | 409
 */
#include "apptmail.h"
#include "invitation.h"
#include "invite.h"
#include "page.h"
#include "util.h"

enum { F_AT };

static const struct field fields[] = {
	[F_AT] = { "at", valid_number, 0, 12 },
};

static enum page_rc
answer(struct req *r)
{
	struct invitation	 iv;
	const char		*appt;
	int64_t			 at;
	enum db_rc		 rc;

	if ((rc = invitation_get(r->db, r->a, &r->who, page_param(r, 0),
	    &iv)) != DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 404) :
		    page_db_fail(r, rc);
	if (!num_parse(page_field(r, F_AT), &at) || !invitation_offers(&iv,
	    at))
		return page_status(r, 400);
	if ((rc = invitation_answer(r->db, r->a, &r->who, &iv, at, r->now,
	    &appt)) == DB_CONFLICT)
		return invite_page(r, &iv, NULL, 409);
	if (rc != DB_OK || (rc = apptmail_after(r, &r->who, appt,
	    APPTMAIL_CONFIRMED, 0, NULL)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/portal/appointments/%s?done=booked", appt));
}

static const struct page PAGE = {
	.route = "POST /portal/invitations/{id}",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = answer,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
