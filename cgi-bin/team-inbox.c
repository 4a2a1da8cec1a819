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

/* Whether the kind (or every kind, "") has the status. */
static bool
kind_has(const char *kind, const char *status)
{
	const char	*st;
	size_t		 i;

	for (i = 0; (st = inbox_status_of(kind, i)) != NULL; i++)
		if (strcmp(st, status) == 0)
			return true;
	return false;
}

/* A filter link: the kind and the status, each when set. */
static const char *
href(struct req *r, const char *kind, const char *status)
{
	if (*kind == '\0' && *status == '\0')
		return "/team/inbox";
	if (*kind == '\0' || *status == '\0')
		return arena_printf(r->a, "/team/inbox?%s=%s", *kind != '\0' ?
		    "kind" : "status", *kind != '\0' ? kind : status);
	return arena_printf(r->a, "/team/inbox?kind=%s&status=%s", kind,
	    status);
}

/* The filters: which kind and status are on, and links that change one
 * and keep the other where it fits: a kind's link keeps the status only
 * when that kind has it, and the statuses offered are the chosen kind's. */
static void
filters(struct req *r, const char *kind, const char *status)
{
	struct tval	*list, *v;
	const char	*k, *st;
	size_t		 i;

	tval_bool(r->tv, "all", *kind == '\0');
	tval_str(r->tv, "all_href", href(r, "", status));
	for (i = 0; (k = inbox_kind_name(i)) != NULL; i++) {
		tval_bool(r->tv, arena_printf(r->a, "only_%s", k),
		    strcmp(k, kind) == 0);
		tval_str(r->tv, arena_printf(r->a, "%s_href", k), href(r, k,
		    kind_has(k, status) ? status : ""));
	}
	tval_str(r->tv, "any_status_href", href(r, kind, ""));
	tval_bool(r->tv, "any_status", *status == '\0');
	list = tval_list(r->tv, "statuses");
	for (i = 0; (st = inbox_status_of(kind, i)) != NULL; i++) {
		v = tval_push(list);
		view_status(v, st);
		tval_bool(v, "current", strcmp(st, status) == 0);
		tval_str(v, "href", href(r, kind, st));
	}
}

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
	filters(r, kind, status);
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
