/*
 * team-deletions: GET /team/deletions[?page=N]
 * The office's deletion requests for its team: open ones first, then
 * those already carried out, newest first, 25 a page, each with when it
 * was made, its status and the customer while they exist, linking to
 * the request's page.  Cancelled requests are not listed.  A page past
 * the end is empty, with a link back.  Members without portal access get
 * 403 from the loop.
 * 200 | 400 bad page | 403 | 303 to /team/login when signed out
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "deletion.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

#define PER_PAGE	25

static const struct field fields[] = {
	{ "page", valid_page_number, FIELD_STRICT, 4 },
};

static enum page_rc
team_deletions(struct req *r)
{
	struct deletion	*d;
	struct tval	*list;
	long		 page;
	size_t		 i, n;
	enum db_rc	 rc;

	page = page_number(r, 0);
	/* one more than a page says whether there is a next one */
	if ((rc = deletion_list(r->db, r->a, NULL, (size_t)(page - 1) *
	    PER_PAGE, PER_PAGE + 1, &d, &n)) != DB_OK)
		return page_db_fail(r, rc);
	tval_int(r->tv, "page", page);
	tval_str(r->tv, "prev", page > 1 ? arena_printf(r->a,
	    "/team/deletions?page=%ld", page - 1) : "");
	tval_str(r->tv, "next", n > PER_PAGE ? arena_printf(r->a,
	    "/team/deletions?page=%ld", page + 1) : "");
	list = tval_list(r->tv, "deletions");
	for (i = 0; i < n && i < PER_PAGE; i++)
		view_deletion(r, tval_push(list), &d[i]);
	return page_render(r, "team-deletions");
}

static const struct page PAGE = {
	.route = "GET /team/deletions",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_deletions,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
