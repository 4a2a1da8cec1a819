/*
 * documents: GET /portal/documents[?after=C|?before=C][&done=W]
 * The signed-in customer's documents: their own uploads with each one's
 * status, the reason of a rejection and the day it will be removed, the
 * project documents shared with them, the document requests waiting for
 * an answer, and the upload form when the office's plan has uploads.
 * done= names what just happened (uploaded) for the notice.
 * 200 | 400 bad cursor | 303 to /login when signed out
 */
#include <string.h>

#include "docview.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

#define PER_PAGE	20

enum { F_AFTER, F_BEFORE, F_DONE };

static const struct field fields[] = {
	PAGE_PAGER_FIELDS(F_AFTER),
	[F_DONE] = { "done", valid_word, 0, 16 },
};

static enum page_rc
documents(struct req *r)
{
	struct keyset	 ks;
	const char	*d = page_field(r, F_DONE);

	if (!page_keyset(r, F_AFTER, PER_PAGE, &ks))
		return page_status(r, 400);
	tval_bool(r->tv, "done_uploaded", d != NULL &&
	    strcmp(d, "uploaded") == 0);
	return docview_portal(r, &ks, 200, DOCUPLOAD_OK, NULL);
}

static const struct page PAGE = {
	.route = "GET /portal/documents",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = documents,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
