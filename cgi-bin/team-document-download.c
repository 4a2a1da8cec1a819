/*
 * team-document-download: GET /team/documents/{id}/download
 * A member asks for a document: a link of a few minutes, bound to them,
 * is made now, and the audit log records the download
 * ("document-downloaded", the customer's or the project's public id, the
 * document's).
 * Members without portal access get 403 from the loop.
 * 303 to /team/documents/{id}/file?exp=..&sig=.. | 403 | 404
 */
#include "audit.h"
#include "document.h"
#include "docview.h"
#include "page.h"

static enum page_rc
download(struct req *r)
{
	struct document	 d;
	enum db_rc	 rc;

	if (!docview_team_load(r, &d))
		return PAGE_OK;		/* answered */
	/* a GET reads: the audit line needs a writing transaction (the
	 * file program authorizes the document again when the link is used) */
	page_tx_pause(r);
	if ((rc = page_tx_resume(r)) != DB_OK || (rc = audit_add(r->db, &r->who, "document-downloaded",
	    d.project_id != 0 ? d.project_pid : d.customer_pid, d.pid,
	    r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return docview_link(r, &d, "/team/documents");
}

static const struct page PAGE = {
	.route = "GET /team/documents/{id}/download",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_PORTAL,
	.run = download,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
