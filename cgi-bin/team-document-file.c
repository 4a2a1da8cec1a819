/*
 * team-document-file: GET /team/documents/{id}/file?exp=T&sig=S
 * The file behind a member's download link, for the member it was made
 * for: authorized again now, decrypted as it streams, as an attachment;
 * a Range asks for a part.
 * Members without portal access get 403 from the loop.
 * 200 | 206 | 416 | 403 | 404 absent, or a link not theirs or edited |
 * 410 the link expired | 303 to /team/login when signed out
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

	if (!docview_team_load(r, &d))
		return PAGE_OK;		/* answered */
	return docview_serve(r, &d, page_field(r, F_EXP),
	    page_field(r, F_SIG));
}

static const struct page PAGE = {
	.route = "GET /team/documents/{id}/file",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = file,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
