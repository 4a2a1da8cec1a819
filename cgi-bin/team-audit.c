/*
 * team-audit: GET /team/audit[?before=ID]
 * The office's audit log for its admins: newest first, 50 entries a page,
 * each with when, which member, the action, its subject and detail.  The
 * next (older) page starts below the last id shown, so entries added
 * meanwhile never shift a page.  Agents and viewers get 403 from the loop.
 * 200 | 403 | 303 to /team/login when signed out
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "audit.h"
#include "page.h"
#include "util.h"
#include "tmpl.h"

#define PER_PAGE	50

static const struct field fields[] = {
	{ "before", valid_row_id, FIELD_STRICT, 18 },
};

static void
entry_values(struct req *r, struct tval *list, const struct audit_entry *e)
{
	struct tval	*v = tval_push(list);

	tval_str(v, "at", page_time(r, e->at));
	tval_str(v, "at_iso", page_time_iso(r, e->at));
	tval_str(v, "member", *e->member_name != '\0' ? e->member_name :
	    e->member_email);
	tval_str(v, "action", e->action);
	tval_str(v, "subject", e->subject);
	tval_str(v, "detail", e->detail);
}

static enum page_rc
team_audit(struct req *r)
{
	struct audit_entry	*e;
	struct tval		*list;
	int64_t			 before = 0;
	size_t			 i, n;
	enum db_rc		 rc;

	if (page_field(r, 0) != NULL)
		before = strtoll(page_field(r, 0), NULL, 10);
	if ((rc = audit_list(r->db, r->a, before, PER_PAGE, &e, &n)) != DB_OK)
		return page_db_fail(r, rc);
	list = tval_list(r->tv, "entries");
	for (i = 0; i < n; i++)
		entry_values(r, list, &e[i]);
	tval_bool(r->tv, "older_pages", before != 0);
	/* a full page may have older entries behind it */
	tval_str(r->tv, "older", n == PER_PAGE ? arena_printf(r->a,
	    "/team/audit?before=%lld", (long long)e[n - 1].id) : "");
	return page_render(r, "team-audit");
}

static const struct page PAGE = {
	.route = "GET /team/audit",
	.need = NEED_MEMBER,
	.role = ROLE_ADMIN,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_audit,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
