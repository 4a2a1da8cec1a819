/*
 * team-customer-book: GET /team/customers/{id}/book[?agenda=ID]
 *     [&project=ID][&week=DAY]
 * An agent or admin books an appointment for a customer: choose an agenda
 * (and, if it is for one, a project), then one of the agenda's free times
 * in the week from DAY; the form posts to the same path (see
 * team-customer-book-save).  The choosing form sends project empty for
 * none.  An unknown or archived agenda or project is 400, as is a
 * malformed day.  Viewers, and members without portal
 * access, get 403 from the loop.
 * 200 | 400 | 403 | 404 | 303 to /team/login when signed out
 */
#include "agenda.h"
#include "apptview.h"
#include "customer.h"
#include "page.h"
#include "project.h"
#include "slotweek.h"
#include "teambook.h"
#include "util.h"

enum { F_AGENDA, F_PROJECT, F_WEEK };

static const struct field fields[] = {
	[F_AGENDA] = { "agenda", apptview_valid_id_or_none, FIELD_STRICT, 22 },
	[F_PROJECT] = { "project", apptview_valid_id_or_none, FIELD_STRICT, 22 },
	[F_WEEK] = { "week", valid_day, FIELD_STRICT, 10 },
};

static enum page_rc
book_page(struct req *r)
{
	struct customer	 c;
	struct agenda	 g;
	struct project	 p;
	const char	*gid = page_field(r, F_AGENDA);
	const char	*pid = page_field(r, F_PROJECT);
	enum db_rc	 rc;

	gid = gid != NULL && *gid != '\0' ? gid : NULL;
	pid = pid != NULL && *pid != '\0' ? pid : NULL;
	if ((rc = customer_by_pid(r->db, r->a, page_param(r, 0), &c)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (gid != NULL && (rc = agenda_by_pid(r->db, r->a, gid, &g)) != DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 400) :
		    page_db_fail(r, rc);
	if (pid != NULL && (rc = project_by_pid(r->db, r->a, pid, &p)) !=
	    DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 400) :
		    page_db_fail(r, rc);
	if ((gid != NULL && g.archived) || (pid != NULL && p.archived))
		return page_status(r, 400);
	return teambook_render(r, 200, &c, gid != NULL ? &g : NULL,
	    pid != NULL ? &p : NULL, slotweek_first(r, page_field(r, F_WEEK)),
	    false);
}

static const struct page PAGE = {
	.route = "GET /team/customers/{id}/book",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = book_page,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
