/*
 * team-document-delete: POST /team/documents/{id}/delete
 * An agent or admin deletes a document for good.  It takes a confirming
 * step: without confirm=yes the answer is a page that says what will
 * happen, with the button that does it.  The row goes with the
 * document's key, so the stored bytes can never be read again (the
 * store's sweep removes the file).  The audit log records it
 * ("document-deleted", the customer's or the project's public id, the
 * document's).  Viewers, and members without portal access, get 403
 * from the loop; a project document also needs agenda edit access, as
 * on the project's page.
 * 303 to /team/documents?done=deleted | 200 the confirming step | 403 |
 * 404
 */
#include "document.h"
#include "docview.h"
#include "member.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "confirm", valid_word, 0, 8 },
};

static enum page_rc
delete(struct req *r)
{
	struct document	 d;
	enum db_rc	 rc;

	if (!docview_team_load(r, &d))
		return PAGE_OK;		/* answered */
	if (d.project_id != 0 && !member_may(&r->who, PERM_AGENDA))
		return page_status(r, 403);
	if (!page_confirmed(r, 0)) {
		docview_values(r, r->tv, &d);
		return page_render(r, "team-document-delete");
	}
	if ((rc = docview_delete(r, &d)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, "/team/documents?done=deleted");
}

static const struct page PAGE = {
	.route = "POST /team/documents/{id}/delete",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = delete,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
