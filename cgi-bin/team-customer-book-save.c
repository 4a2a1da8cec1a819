/*
 * team-customer-book-save: POST /team/customers/{id}/book
 * An agent or admin books the customer into agenda `agenda` at `start`
 * (a free slot's start, seconds since 1970), for project `project` if
 * given (one the agenda serves): a confirmed appointment whose source is
 * the team, naming the member who booked it (the customer's timeline
 * shows them).  The audit log records it ("appointment-booked", the
 * customer's public id, the appointment's).  A time that has no place
 * (any more) shows the page again with 409 and books nothing; an unknown
 * or archived agenda or project, or one the agenda does not serve, is
 * 400.  Viewers, and members without portal access, get 403 from the
 * loop.  The customer's open appointment requests and waiting-list
 * entries for the project become booked by this appointment.
 * 303 to /team/appointments/{new id}?done=booked | 400 | 403 | 404 | 409
 */
#include "agenda.h"
#include "apptview.h"
#include "appointment.h"
#include "apptmail.h"
#include "audit.h"
#include "customer.h"
#include "page.h"
#include "project.h"
#include "request.h"
#include "slotweek.h"
#include "teambook.h"
#include "util.h"

enum { F_AGENDA, F_PROJECT, F_START };

static const struct field fields[] = {
	[F_AGENDA] = { "agenda", valid_public_id, 0, 22 },
	[F_PROJECT] = { "project", apptview_valid_id_or_none, 0, 22 },
	[F_START] = { "start", slotweek_valid_start, 0, SLOTWEEK_START_MAX },
};

/* The customer's open requests for the project are booked by it. */
static enum db_rc
book_requests(struct req *r, const struct customer *c,
    const struct project *p, const char *apid)
{
	struct appointment	 ap;
	enum db_rc		 rc;

	if ((rc = appointment_get(r->db, r->a, &r->who, apid, &ap)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_ERR : rc;
	return request_booked_for(r->db, c->id, p->id, ap.id, r->now);
}

static enum page_rc
book(struct req *r)
{
	struct customer	 c;
	struct agenda	 g;
	struct project	 p;
	struct booking	 b = { .nslots = 1, .source = SOURCE_TEAM };
	const char	*pid = page_field(r, F_PROJECT), *apid;
	bool		 served = true;
	enum db_rc	 rc;

	if (pid != NULL && *pid == '\0')
		pid = NULL;
	if ((rc = customer_by_pid(r->db, r->a, page_param(r, 0), &c)) !=
	    DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 404) :
		    page_db_fail(r, rc);
	if (page_field(r, F_AGENDA) == NULL || page_field(r, F_START) == NULL ||
	    (rc = agenda_by_pid(r->db, r->a, page_field(r, F_AGENDA), &g)) ==
	    DB_NOTFOUND || (rc == DB_OK && pid != NULL &&
	    (rc = project_by_pid(r->db, r->a, pid, &p)) == DB_NOTFOUND))
		return page_status(r, 400);
	if (rc != DB_OK || (pid != NULL && (rc = project_served_by(r->db,
	    p.id, g.id, &served)) != DB_OK))
		return page_db_fail(r, rc);
	if (g.archived || !served || (pid != NULL && p.archived))
		return page_status(r, 400);
	b.customer_id = c.id;
	b.agenda = &g;
	b.project = pid != NULL ? &p : NULL;
	b.starts = slotweek_start(page_field(r, F_START));
	b.member_id = r->who.id;
	if ((rc = appointment_book(r->db, r->a, &b, r->now, &apid)) ==
	    DB_CONFLICT)
		return teambook_render(r, 409, &c, &g, b.project,
		    slotweek_first(r, NULL), true);
	if (rc != DB_OK || (rc = audit_add(r->db, &r->who,
	    "appointment-booked", c.pid, apid, r->now)) != DB_OK ||
	    (pid != NULL && (rc = book_requests(r, &c, &p, apid)) != DB_OK) ||
	    (rc = apptmail_after(r, &r->who, apid, APPTMAIL_CONFIRMED, 0,
	    NULL)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/appointments/%s?done=booked", apid));
}

static const struct page PAGE = {
	.route = "POST /team/customers/{id}/book",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = book,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
