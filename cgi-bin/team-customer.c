/*
 * team-customer: GET /team/customers/{id}[?sent=1|invited=1][&after=C|&before=C]
 * One customer of the office for its team: name, e-mail address, phone,
 * whether they are active or only invited, their next 5 upcoming
 * appointments (a summary: every appointment is also in the timeline)
 * and their timeline, everything that happened with them newest first,
 * 10 a page, each entry with when, what and who (the customer, a team
 * member or the system).
 * Agents and admins also get a button that e-mails the customer a
 * single-use link: the activation link of one who never signed in, a
 * sign-in link for one who has; sent=1 says one just went out.  Its open invitations to book, each with a button that
 * withdraws it, and invited=1 says one was just sent.  Their newest
 * documents, each with its status, linked to the team's documents page
 * filtered to them.  Their newest document requests, open, fulfilled
 * (linked to the document that answered it) or cancelled; agents and
 * admins get a link to ask for a document (team-customer-document-
 * request) and a button that cancels an open request; requested=1 and
 * cancelled=1 say one was just sent or cancelled.  An
 * id that is not a customer of this office is 404, like any other unknown
 * page; a cursor that is not one is 400, and one past the end (or another
 * customer's) only moves the position in this customer's timeline.
 * Members without portal access get 403 from the loop.
 * 200 | 400 bad cursor | 403 | 404 | 303 to /team/login when signed out
 */
#include "appointment.h"
#include "customer.h"
#include "document.h"
#include "docview.h"
#include "invitation.h"
#include "invite.h"
#include "page.h"
#include "timeline.h"
#include "view.h"
#include "tmpl.h"
#include "util.h"

#define UPCOMING_MAX	5
#define PER_PAGE	10
#define DOCUMENTS_MAX	5
#define DOC_REQUESTS_MAX 5

enum { F_SENT, F_INVITED, F_REQUESTED, F_CANCELLED, F_AFTER, F_BEFORE };

static const struct field fields[] = {
	[F_SENT] = { "sent", valid_flag, 0, 1 },
	[F_INVITED] = { "invited", valid_flag, 0, 1 },
	[F_REQUESTED] = { "requested", valid_flag, 0, 1 },
	[F_CANCELLED] = { "cancelled", valid_flag, 0, 1 },
	PAGE_PAGER_FIELDS(F_AFTER),
};

static enum page_rc
team_customer(struct req *r)
{
	struct customer		 c;
	struct appointment	*ap;
	struct invitation	*iv;
	struct timeline_entry	*te;
	struct document		*d;
	struct document_request	*q;
	struct tval		*list;
	struct keyset		 ks, dks = keyset_first(DOCUMENTS_MAX);
	struct keyset		 qks = keyset_first(DOC_REQUESTS_MAX);
	struct keyset_page	 pg, dpg, qpg;
	size_t			 i, n, nte, niv, nd, nq;
	enum db_rc		 rc;

	if (!page_keyset(r, F_AFTER, PER_PAGE, &ks))
		return page_status(r, 400);
	if ((rc = customer_by_pid(r->db, r->a, page_param(r, 0), &c)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK || (rc = appointment_for_customer(r->db, r->a, c.id,
	    r->now, UPCOMING_MAX, &ap, &n)) != DB_OK ||
	    (rc = invitation_for_customer(r->db, r->a, c.id,
	    INVITATION_LIST_MAX, &iv, &niv)) != DB_OK ||
	    (rc = timeline_of_customer(r->db, r->a, c.id, &ks, &te, &nte,
	    &pg)) != DB_OK || (rc = document_list(r->db, r->a, "", c.id, &dks,
	    &d, &nd, &dpg)) != DB_OK ||
	    (rc = document_request_of_customer(r->db, r->a, c.id, &qks, &q,
	    &nq, &qpg)) != DB_OK)
		return page_db_fail(r, rc);
	view_customer(r->tv, &c);
	tval_bool(r->tv, "sent", page_field(r, F_SENT) != NULL);
	tval_bool(r->tv, "invited", page_field(r, F_INVITED) != NULL);
	tval_bool(r->tv, "requested", page_field(r, F_REQUESTED) != NULL);
	tval_bool(r->tv, "cancelled", page_field(r, F_CANCELLED) != NULL);
	tval_bool(r->tv, "can_send", r->who.role >= ROLE_AGENT);
	list = tval_list(r->tv, "appointments");
	for (i = 0; i < n; i++)
		view_appointment(r, list, &ap[i]);
	list = tval_list(r->tv, "invitations");
	for (i = 0; i < niv; i++)
		invite_item(r, list, &iv[i]);
	list = tval_list(r->tv, "documents");
	for (i = 0; i < nd; i++)
		docview_values(r, tval_push(list), &d[i]);
	list = tval_list(r->tv, "doc_requests");
	for (i = 0; i < nq; i++)
		docview_request_values(r, tval_push(list), &q[i]);
	list = tval_list(r->tv, "timeline");
	for (i = 0; i < nte; i++)
		view_timeline_entry(r, list, &te[i]);
	view_pager(r, arena_printf(r->a, "/team/customers/%s", c.pid), &pg,
	    NULL);
	return page_render(r, "team-customer");
}

static const struct page PAGE = {
	.route = "GET /team/customers/{id}",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_customer,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
