/*
 * team-deletions: GET /team/deletions[?after=C|?before=C]
 * The office's deletion requests for its team: open ones first, then
 * those already carried out, newest first, 25 a page, each with when it
 * was made, its status and the customer while they exist, linking to
 * the request's page.  Cancelled requests are not listed.  A cursor that
 * is not one is 400; one past the end shows an empty page with a link to
 * the newest.  Members without portal access get 403 from the loop.
 * 200 | 400 bad cursor | 403 | 303 to /team/login when signed out
 */
#include <stdbool.h>
#include <string.h>

#include "deletion.h"
#include "page.h"
#include "tmpl.h"
#include "view.h"

#define PER_PAGE	25

static const struct field fields[] = {
	PAGE_PAGER_FIELDS(0),
};

static enum page_rc
team_deletions(struct req *r)
{
	struct deletion		*d;
	struct tval		*list;
	struct keyset		 ks;
	struct keyset_page	 pg;
	size_t			 i, n;
	enum db_rc		 rc;

	if (!page_keyset(r, 0, PER_PAGE, &ks))
		return page_status(r, 400);
	if ((rc = deletion_list(r->db, r->a, &ks, &d, &n, &pg)) != DB_OK)
		return page_db_fail(r, rc);
	view_pager(r, "/team/deletions", &pg, NULL);
	list = tval_list(r->tv, "deletions");
	for (i = 0; i < n; i++)
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
