/*
 * team-inbox: GET /team/inbox[?kind=KIND][&status=STATUS][&after=C|&before=C]
 * The office's interactions for its team, newest first: 25 a page, each
 * with its kind, time, title, customer and status, linking to the
 * customer's page, and how many (up to 1,000+).  ?kind= keeps one kind and
 * ?status= one status (an unknown one is 400); the statuses offered are
 * the chosen kind's, and the filter and pager links keep both where they
 * fit.  A cursor that is not one is 400.  Members without portal
 * access get 403 from the loop.
 * 200 | 400 | 403 | 303 to /team/login when signed out
 */
#include <string.h>

#include "inbox.h"
#include "page.h"
#include "view.h"
#include "tmpl.h"

#define PER_PAGE	25

enum { F_KIND, F_STATUS, F_AFTER, F_BEFORE };

static const struct field fields[] = {
	[F_KIND] = { "kind", inbox_kind_valid, FIELD_STRICT, 32 },
	[F_STATUS] = { "status", inbox_status_valid, FIELD_STRICT, 32 },
	PAGE_PAGER_FIELDS(F_AFTER),
};

static enum page_rc
team_inbox(struct req *r)
{
	struct inbox_item	*it;
	struct tval		*list;
	struct keyset		 ks;
	struct keyset_page	 pg;
	const char		*kind, *status;
	size_t			 i, n;
	enum db_rc		 rc;

	if (!page_keyset(r, F_AFTER, PER_PAGE, &ks))
		return page_status(r, 400);
	kind = page_field(r, F_KIND) != NULL ? page_field(r, F_KIND) : "";
	status = page_field(r, F_STATUS) != NULL ? page_field(r, F_STATUS) : "";
	if ((rc = inbox_list(r->db, r->a, kind, status, &ks, &it, &n,
	    &pg)) != DB_OK || (rc = inbox_count(r->db, kind, status, &pg)) !=
	    DB_OK)
		return page_db_fail(r, rc);
	view_inbox_filters(r, kind, status);
	view_pager(r, "/team/inbox", &pg, "kind", kind, "status", status, NULL);
	list = tval_list(r->tv, "items");
	for (i = 0; i < n; i++)
		view_inbox_item(r, list, &it[i]);
	return page_render(r, "team-inbox");
}

static const struct page PAGE = {
	.route = "GET /team/inbox",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_inbox,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
