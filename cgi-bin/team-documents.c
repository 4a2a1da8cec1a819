/*
 * team-documents: GET /team/documents[?status=S][&customer=ID]
 *     [&project=ID][&after=C|&before=C][&done=deleted]
 * The office's documents for its team, newest first, 20 a page: the
 * file's name (linked to its page), the customer (linked) or the
 * project, the request it answers, its status and when it came.
 * Filters: one status (new, accepted, rejected), one customer, or one
 * project, which shows the project's own documents instead (they have
 * no status); the form sends every field, an empty one meaning "any".
 * An unknown customer or project, a status that is none, a malformed
 * cursor is 400.  done=deleted says a document was just deleted.
 * Members without portal access get 403 from the loop.
 * 200 | 400 | 403 | 303 to /team/login when signed out
 */
#include <string.h>

#include "apptview.h"
#include "customer.h"
#include "document.h"
#include "docview.h"
#include "page.h"
#include "project.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

#define PER_PAGE	20

enum { F_STATUS, F_CUSTOMER, F_PROJECT, F_DONE, F_AFTER, F_BEFORE };

static const struct field fields[] = {
	[F_STATUS] = { "status", docview_valid_status_or_any,
	    FIELD_STRICT, 16 },
	[F_CUSTOMER] = { "customer", apptview_valid_id_or_none, FIELD_STRICT,
	    22 },
	[F_PROJECT] = { "project", apptview_valid_id_or_none, FIELD_STRICT,
	    22 },
	[F_DONE] = { "done", valid_word, 0, 16 },
	PAGE_PAGER_FIELDS(F_AFTER),
};

static enum page_rc
team_documents(struct req *r)
{
	struct document		*d;
	struct customer		 c = { 0 };
	struct project		 p = { 0 }, *pj;
	struct keyset		 ks;
	struct keyset_page	 pg;
	struct tval		*list, *v;
	const char		*status, *cust, *proj, *st;
	size_t			 i, n, npj;
	enum db_rc		 rc;

	if (!page_keyset(r, F_AFTER, PER_PAGE, &ks))
		return page_status(r, 400);
	status = page_field(r, F_STATUS) != NULL ? page_field(r, F_STATUS) : "";
	cust = page_field(r, F_CUSTOMER) != NULL ? page_field(r, F_CUSTOMER) :
	    "";
	proj = page_field(r, F_PROJECT) != NULL ? page_field(r, F_PROJECT) :
	    "";
	if ((*cust != '\0' && (rc = customer_by_pid(r->db, r->a, cust,
	    &c)) != DB_OK) || (*proj != '\0' && (rc = project_by_pid(r->db,
	    r->a, proj, &p)) != DB_OK))
		return rc == DB_NOTFOUND ? page_status(r, 400) :
		    page_db_fail(r, rc);
	if ((rc = p.id != 0 ? document_of_project(r->db, r->a, p.id, &ks, &d,
	    &n, &pg) : document_list(r->db, r->a, status, c.id, &ks, &d, &n,
	    &pg)) != DB_OK || (rc = project_list(r->db, r->a, false, &pj,
	    &npj)) != DB_OK)
		return page_db_fail(r, rc);
	list = tval_list(r->tv, "statuses");
	for (i = 0; (st = document_status_name(i)) != NULL; i++) {
		v = tval_push(list);
		view_status(v, st);
		tval_bool(v, "selected", strcmp(st, status) == 0);
	}
	list = tval_list(r->tv, "projects");
	for (i = 0; i < npj; i++) {
		v = tval_push(list);
		tval_str(v, "pid", pj[i].pid);
		tval_str(v, "title", pj[i].title);
		tval_bool(v, "selected", pj[i].id == p.id);
	}
	tval_bool(r->tv, "project_filter", p.id != 0);
	tval_str(r->tv, "project_filter_name", p.id != 0 ? p.title : "");
	tval_str(r->tv, "customer_filter", cust);
	tval_str(r->tv, "customer_filter_name", c.id != 0 ? c.name : "");
	tval_bool(r->tv, "done_deleted", page_field(r, F_DONE) != NULL &&
	    strcmp(page_field(r, F_DONE), "deleted") == 0);
	tval_bool(r->tv, "filtered", *status != '\0' || *cust != '\0' ||
	    p.id != 0);
	list = tval_list(r->tv, "documents");
	for (i = 0; i < n; i++)
		docview_values(r, tval_push(list), &d[i]);
	view_pager(r, "/team/documents", &pg, "status", status, "customer",
	    cust, "project", proj, NULL);
	return page_render(r, "team-documents");
}

static const struct page PAGE = {
	.route = "GET /team/documents",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_documents,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
