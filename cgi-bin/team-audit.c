/*
 * team-audit: GET /team/audit[?after=C|?before=C]
 * The office's audit log for its admins: newest first, 50 entries a page,
 * each with when, which member, the action, its subject and detail.  An
 * older page starts after the last entry shown, so entries added
 * meanwhile never shift a page.  A cursor that is not one is 400.  Agents
 * and viewers get 403 from the loop.
 * 200 | 400 | 403 | 303 to /team/login when signed out
 */
#include "audit.h"
#include "page.h"
#include "tmpl.h"
#include "view.h"

#define PER_PAGE	50

static const struct field fields[] = {
	PAGE_PAGER_FIELDS(0),
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
	struct keyset		 ks;
	struct keyset_page	 pg;
	size_t			 i, n;
	enum db_rc		 rc;

	if (!page_keyset(r, 0, PER_PAGE, &ks))
		return page_status(r, 400);
	if ((rc = audit_list(r->db, r->a, &ks, &e, &n, &pg)) != DB_OK)
		return page_db_fail(r, rc);
	list = tval_list(r->tv, "entries");
	for (i = 0; i < n; i++)
		entry_values(r, list, &e[i]);
	view_pager(r, "/team/audit", &pg, NULL);
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
