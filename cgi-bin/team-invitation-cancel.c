/*
 * team-invitation-cancel: POST /team/invitations/{id}/cancel
 * An agent or admin withdraws an open invitation: the customer can no
 * longer book through it.  It takes a confirming step: without
 * confirm=yes the answer is a page that says what will happen, with the
 * button that does it.  The audit log records it ("invitation-cancelled",
 * the customer's public id, the invitation's).  One no longer open (the
 * customer booked, or it was cancelled) is 409 and stays as it was.
 * Viewers, and members without portal access, get 403 from the loop.
 * 303 to /team/customers/{customer} | 200 the confirming step | 403 |
 * 404 | 409
 */
#include <string.h>

#include "audit.h"
#include "invitation.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

enum { F_CONFIRM };

static const struct field fields[] = {
	[F_CONFIRM] = { "confirm", valid_word, 0, 8 },
};

static enum page_rc
cancel(struct req *r)
{
	struct invitation	 iv;
	enum db_rc		 rc;

	if ((rc = invitation_get(r->db, r->a, &r->who, page_param(r, 0),
	    &iv)) != DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 404) :
		    page_db_fail(r, rc);
	tval_str(r->tv, "id", iv.pid);
	tval_str(r->tv, "customer", iv.customer);
	tval_str(r->tv, "customer_id", iv.customer_pid);
	tval_str(r->tv, "agenda", iv.agenda);
	tval_str(r->tv, "project", iv.project);
	tval_bool(r->tv, "closed", strcmp(iv.status, "open") != 0);
	if (strcmp(iv.status, "open") != 0)
		return page_render_status(r, 409, "team-invitation-cancel");
	if (!page_confirmed(r, F_CONFIRM))
		return page_render(r, "team-invitation-cancel");
	if ((rc = invitation_cancel(r->db, &iv, r->now)) == DB_CONFLICT) {
		tval_bool(r->tv, "closed", true);
		return page_render_status(r, 409, "team-invitation-cancel");
	}
	if (rc != DB_OK || (rc = audit_add(r->db, &r->who,
	    "invitation-cancelled", iv.customer_pid, iv.pid, r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a, "/team/customers/%s",
	    iv.customer_pid));
}

static const struct page PAGE = {
	.route = "POST /team/invitations/{id}/cancel",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = cancel,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
