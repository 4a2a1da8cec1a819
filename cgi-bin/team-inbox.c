/*
 * team-inbox: GET /team/inbox[?kind=KIND][&page=N]
 * The office's interactions for its team, newest first: 25 a page, each
 * with its kind, time, title, customer and status, linking to the
 * customer's page.  ?kind= keeps one kind (an unknown kind is 400);
 * previous and next links keep it.  A page past the end is empty with a
 * link back, never an error.  Members without portal access get 403
 * from the loop.
 * 200 | 400 | 403 | 303 to /team/login when signed out
 */
#include <string.h>

#include "page.h"
#include "view.h"
#include "tmpl.h"
#include "util.h"

#define PER_PAGE	25

enum { F_KIND, F_PAGE };

static const struct field fields[] = {
	[F_KIND] = { "kind", inbox_kind_valid, FIELD_STRICT, 32 },
	[F_PAGE] = { "page", valid_page_number, FIELD_STRICT, 4 },
};

static enum page_rc
team_inbox(struct req *r)
{
	struct inbox_item	*it;
	struct tval		*list;
	const char		*kind, *k;
	long			 page;
	size_t			 i, n, total;
	enum db_rc		 rc;

	page = page_number(r, F_PAGE);
	kind = page_field(r, F_KIND) != NULL ? page_field(r, F_KIND) : "";
	if ((rc = inbox_list(r->db, r->a, kind, (size_t)(page - 1) * PER_PAGE,
	    PER_PAGE, &it, &n, &total)) != DB_OK)
		return page_db_fail(r, rc);
	tval_bool(r->tv, "all", *kind == '\0');
	for (i = 0; (k = inbox_kind_name(i)) != NULL; i++)
		tval_bool(r->tv, arena_printf(r->a, "only_%s", k),
		    strcmp(k, kind) == 0);
	view_pager(r, "/team/inbox", "kind", kind, page, PER_PAGE, total);
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
