/*
 * document-upload: POST /portal/documents/upload (multipart: csrf first,
 * then up to ten "file" parts)
 * The signed-in customer uploads documents of their own: each is sealed
 * into the office's store as it streams in, its type read from its bytes
 * and, where porch.conf names clamd, scanned; then recorded as new.
 * Only when the office's plan has uploads.
 * 303 to /portal/documents?done=uploaded | 403 plan without uploads, bad
 * token | 413 too large | 422 the page with why (type, quota, malware,
 * nothing chosen) | 503 scanner unavailable, try again
 */
#include "docview.h"
#include "page.h"
#include "tmpl.h"

static enum page_rc
upload(struct req *r)
{
	struct docupload	 u;
	struct keyset		 ks = keyset_first(20);
	enum docupload_rc	 rc;
	int			 st;

	if ((rc = docview_store(r, NULL, &u, &st)) == DOCUPLOAD_OK)
		return page_redirect(r, "/portal/documents?done=uploaded");
	if (st == 422 || st == 503) {
		tval_bool(r->tv, "done_uploaded", false);
		return docview_portal(r, &ks, st, rc, &u);
	}
	return page_status(r, st);
}

static const struct page PAGE = {
	.route = "POST /portal/documents/upload",
	.need = NEED_CUSTOMER,
	.features = FEATURE_UPLOADS,
	.upload = true,
	.run = upload,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
