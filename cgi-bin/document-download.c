/*
 * document-download: GET /portal/documents/{id}/download
 * The signed-in customer asks for one of their documents (or a project
 * document shared with them): a link of a few minutes, bound to them,
 * is made now.
 * 303 to /portal/documents/{id}/file?exp=..&sig=.. | 404 absent or not
 * theirs
 */
#include "document.h"
#include "docview.h"
#include "page.h"

static enum page_rc
download(struct req *r)
{
	struct document	 d;
	enum db_rc	 rc;

	if ((rc = document_get(r->db, r->a, &r->who, page_param(r, 0), &d)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	return docview_link(r, &d, "/portal/documents");
}

static const struct page PAGE = {
	.route = "GET /portal/documents/{id}/download",
	.need = NEED_CUSTOMER,
	.run = download,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
