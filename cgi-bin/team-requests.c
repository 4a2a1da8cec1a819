/*
 * team-requests: GET /team/requests[?kind=K][&status=S][&after=C|&before=C]
 * The office's appointment requests and waiting-list entries for its
 * team, newest first, 25 a page, each with the project, the customer, the
 * kind, when and its status, linking to the request's page.  kind= keeps
 * visits or waiting-list entries, status= one status ("" for any; an
 * unknown one is 400), and the pager keeps both.  Members without portal
 * access get 403 from the loop.
 * 200 | 400 | 403 | 303 to /team/login when signed out
 */
#include <string.h>

#include "page.h"
#include "reqview.h"
#include "request.h"
#include "tmpl.h"
#include "view.h"

#define PER_PAGE	25

enum { F_KIND, F_STATUS, F_AFTER, F_BEFORE };

static const struct field fields[] = {
	[F_KIND] = { "kind", reqview_valid_kind_or_any, FIELD_STRICT, 16 },
	[F_STATUS] = { "status", reqview_valid_status_or_any, FIELD_STRICT,
	    16 },
	PAGE_PAGER_FIELDS(F_AFTER),
};

/* The filter's choices: "kinds" and "statuses" (status, is_<word>,
 * selected). */
static void
choices(struct req *r, const char *name, const char *(*word)(size_t),
    const char *current)
{
	struct tval	*list, *v;
	const char	*w;
	size_t		 i, j;

	list = tval_list(r->tv, name);
	for (i = 0; (w = word(i)) != NULL; i++) {
		v = tval_push(list);
		view_status(v, w);
		tval_bool(v, "selected", strcmp(w, current) == 0);
		for (j = 0; word(j) != NULL; j++)
			tval_bool(v, arena_printf(r->a, "is_%s", word(j)),
			    j == i);
	}
}

static enum page_rc
team_requests(struct req *r)
{
	struct request		*rq;
	struct keyset		 ks;
	struct keyset_page	 pg;
	struct tval		*list;
	const char		*kind, *status;
	size_t			 i, n;
	enum db_rc		 rc;

	if (!page_keyset(r, F_AFTER, PER_PAGE, &ks))
		return page_status(r, 400);
	kind = page_field(r, F_KIND) != NULL ? page_field(r, F_KIND) : "";
	status = page_field(r, F_STATUS) != NULL ? page_field(r, F_STATUS) : "";
	if ((rc = request_list(r->db, r->a, kind, status, &ks, &rq, &n,
	    &pg)) != DB_OK)
		return page_db_fail(r, rc);
	choices(r, "kinds", request_kind_name, kind);
	choices(r, "statuses", request_status_name, status);
	tval_bool(r->tv, "filtered", *kind != '\0' || *status != '\0');
	list = tval_list(r->tv, "requests");
	for (i = 0; i < n; i++)
		reqview_values(r, tval_push(list), &rq[i]);
	view_pager(r, "/team/requests", &pg, "kind", kind, "status", status,
	    NULL);
	return page_render(r, "team-requests");
}

static const struct page PAGE = {
	.route = "GET /team/requests",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_requests,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
