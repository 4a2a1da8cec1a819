/*
 * document-request-upload: POST /portal/documents/requests/{id}/upload
 * (multipart: csrf first, then one "file" part)
 * The signed-in customer answers their open document request with one
 * document, whatever the plan says about uploads: it is sealed into the
 * office's store as it streams in (type from its bytes, clamd where
 * porch.conf names one), recorded as theirs and the request's, and the
 * request is fulfilled.  A fulfilled or cancelled request takes no more.
 * 303 to /portal/documents/requests/{id}?done=uploaded | 403 bad token |
 * 404 absent or not theirs | 409 not open | 413 too large | 422 the page
 * with why | 503 scanner unavailable, try again
 */
#include <string.h>

#include "document.h"
#include "docview.h"
#include "page.h"
#include "tmpl.h"

static enum page_rc
upload(struct req *r)
{
	struct document_request	 rq;
	struct docupload	 u;
	enum docupload_rc	 rc;
	enum db_rc		 drc;
	int			 st;

	if ((drc = document_request_get(r->db, r->a, &r->who,
	    page_param(r, 0), &rq)) == DB_NOTFOUND)
		return page_status(r, 404);
	if (drc != DB_OK)
		return page_db_fail(r, drc);
	tval_bool(r->tv, "done_uploaded", false);
	if (strcmp(rq.status, "open") != 0)
		return docview_request_page(r, &rq, 409, DOCUPLOAD_OK, NULL);
	if ((rc = docview_store(r, &rq, &u, &st)) == DOCUPLOAD_OK)
		return page_redirect(r, arena_printf(r->a,
		    "/portal/documents/requests/%s?done=uploaded", rq.pid));
	if (st == 422 || st == 503)
		return docview_request_page(r, &rq, st, rc, &u);
	return page_status(r, st);
}

static const struct page PAGE = {
	.route = "POST /portal/documents/requests/{id}/upload",
	.need = NEED_CUSTOMER,
	.upload = true,
	.run = upload,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
