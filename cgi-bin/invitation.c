/*
 * invitation: GET /portal/invitations/{id}[?day=DAY]
 * The signed-in customer's invitation to book: what it is for, the
 * team's message, and either the times proposed that are still free or,
 * when it proposes none, a week of the agenda's free times from DAY; each
 * time is a button that books it (invitation-answer).  Answered or
 * cancelled ones say so.  The link in the invitation's e-mail leads here
 * through sign-in; opening it changes nothing.  Another customer's
 * invitation is 404, like one that does not exist.
 * 200 | 400 a malformed day | 404 | 303 to /login when signed out
 */
#include "invitation.h"
#include "invite.h"
#include "page.h"
#include "util.h"

enum { F_DAY };

static const struct field fields[] = {
	[F_DAY] = { "day", valid_day, FIELD_STRICT, 10 },
};

static enum page_rc
invitation(struct req *r)
{
	struct invitation	 iv;
	enum db_rc		 rc;

	if ((rc = invitation_get(r->db, r->a, &r->who, page_param(r, 0),
	    &iv)) != DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 404) :
		    page_db_fail(r, rc);
	return invite_page(r, &iv, page_field(r, F_DAY), 0);
}

static const struct page PAGE = {
	.route = "GET /portal/invitations/{id}",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = invitation,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
