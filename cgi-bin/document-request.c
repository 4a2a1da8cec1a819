/*
 * document-request: GET /portal/documents/requests/{id}[?done=uploaded]
 * The signed-in customer's document request: what the office asks for
 * and why, its status, and while it is open a single upload field that
 * answers it (whatever the plan says about uploads).  done=uploaded says
 * the document just went in.
 * 200 | 404 absent or not theirs | 303 to /login when signed out
 */
#include <string.h>

#include "document.h"
#include "docview.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "done", valid_word, 0, 16 },
};

static enum page_rc
request(struct req *r)
{
	struct document_request	 rq;
	const char		*done = page_field(r, 0);
	enum db_rc		 rc;

	if ((rc = document_request_get(r->db, r->a, &r->who, page_param(r, 0),
	    &rq)) == DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	tval_bool(r->tv, "done_uploaded", done != NULL &&
	    strcmp(done, "uploaded") == 0);
	return docview_request_page(r, &rq, 200, DOCUPLOAD_OK, NULL);
}

static const struct page PAGE = {
	.route = "GET /portal/documents/requests/{id}",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = request,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
