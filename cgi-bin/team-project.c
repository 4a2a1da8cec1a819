/*
 * team-project: GET /team/projects/{id}[?saved=WHAT]
 * One project for the team: its title, address, description, whether
 * customers may book and bid on it and whether it is archived, as a form;
 * the agendas that serve it, each with a button to add or remove it; and
 * its public booking link while it takes bookings.  Members with agenda
 * edit access can change it; the others see the same page read-only.
 * Below, the project's documents, 20 a page, each with whom it is shared
 * (the team only, the project's customers, or one customer); members
 * with agenda edit access upload, share and delete them there.
 * saved= says which change just succeeded.
 * 200 | 400 a malformed cursor | 404 | 303 to /team/login when signed out
 */
#include "page.h"
#include "project.h"
#include "projectform.h"
#include "util.h"

enum { F_SAVED, F_AFTER, F_BEFORE };

static const struct field fields[] = {
	[F_SAVED] = { "saved", valid_word, 0, 16 },
	PAGE_PAGER_FIELDS(F_AFTER),
};

static enum page_rc
team_project(struct req *r)
{
	struct project		 p;
	struct projectform_docs	 docs = { .why = DOCUPLOAD_OK };
	struct keyset		 ks;
	enum db_rc		 rc;

	if (!page_keyset(r, F_AFTER, 20, &ks))
		return page_status(r, 400);
	docs.ks = &ks;
	if ((rc = project_by_pid(r->db, r->a, page_param(r, 0), &p)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	return projectform_render(r, 200, &p, NULL, page_field(r, F_SAVED),
	    &docs);
}

static const struct page PAGE = {
	.route = "GET /team/projects/{id}",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_project,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
