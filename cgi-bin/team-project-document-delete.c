/*
 * team-project-document-delete:
 *     POST /team/projects/{id}/documents/{did}/delete
 * A member with agenda edit access deletes a project document for good.
 * It takes a confirming step: without confirm=yes the answer is a page
 * that says what will happen, with the button that does it.  The row
 * goes with the document's key, so the stored bytes can never be read
 * again (the store's sweep removes the file), and whoever it was shared
 * with loses it at once.  The audit log records it ("document-deleted",
 * the project's public id, the document's).  Members without agenda
 * edit access get 403 from the loop.
 * 303 to /team/projects/{id}?saved=deleted | 200 the confirming step |
 * 403 | 404
 */
#include "document.h"
#include "docview.h"
#include "page.h"
#include "project.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "confirm", valid_word, 0, 8 },
};

static enum page_rc
delete(struct req *r)
{
	struct project	 p;
	struct document	 d;
	enum db_rc	 rc;

	if ((rc = project_by_pid(r->db, r->a, page_param(r, 0), &p)) != DB_OK ||
	    (rc = document_of_project_get(r->db, r->a, &r->who, p.id,
	    page_param(r, 1), &d)) != DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 404) :
		    page_db_fail(r, rc);
	if (!page_confirmed(r, 0)) {
		docview_values(r, r->tv, &d);
		return page_render(r, "team-project-document-delete");
	}
	if ((rc = docview_delete(r, &d)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/projects/%s?saved=deleted", p.pid));
}

static const struct page PAGE = {
	.route = "POST /team/projects/{id}/documents/{did}/delete",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_AGENDA,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = delete,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
