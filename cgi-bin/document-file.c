/*
 * document-file: GET /portal/documents/{id}/file?exp=T&sig=S
 * The file behind a download link, for the signed-in customer it was
 * made for: authorized again now, decrypted as it streams, as an
 * attachment; a Range asks for a part.
 * 200 | 206 | 416 | 404 absent, not theirs, or a link not theirs or
 * edited | 410 the link expired | 303 to /login when signed out
 */
#include "document.h"
#include "docview.h"
#include "page.h"
#include "util.h"

enum { F_EXP, F_SIG };

static const struct field fields[] = {
	DOCVIEW_LINK_FIELDS(F_EXP),
};

static enum page_rc
file(struct req *r)
{
	struct document	 d;
	enum db_rc	 rc;

	if ((rc = document_get(r->db, r->a, &r->who, page_param(r, 0), &d)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	return docview_serve(r, &d, page_field(r, F_EXP),
	    page_field(r, F_SIG));
}

static const struct page PAGE = {
	.route = "GET /portal/documents/{id}/file",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = file,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
