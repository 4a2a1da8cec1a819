/*
 * team-project-document-upload: POST /team/projects/{id}/documents
 * (multipart: csrf first, then up to ten "file" parts)
 * A member with agenda edit access uploads documents to a project (a
 * brochure, a floor plan): each is sealed into the office's store as it
 * streams in under a key of its own that the project's key wraps, its
 * type read from its bytes and, where porch.conf names clamd, scanned.
 * A new document is the team's only until it is shared.  The audit log
 * records each ("project-document-uploaded", the project's public id,
 * the document's).  Members without agenda edit access get 403 from the
 * loop.
 * 303 to /team/projects/{id}?saved=uploaded | 403 | 404 | 413 too large |
 * 422 the project page with why (type, malware, nothing chosen) | 503
 * scanner unavailable, try again
 */
#include "audit.h"
#include "docview.h"
#include "page.h"
#include "project.h"
#include "projectform.h"

static enum page_rc
upload(struct req *r)
{
	struct project		 p;
	struct docupload	 u;
	struct projectform_docs	 docs = { .u = &u };
	size_t			 i;
	enum db_rc		 rc;
	int			 st;

	if ((rc = project_by_pid(r->db, r->a, page_param(r, 0), &p)) != DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 404) :
		    page_db_fail(r, rc);
	if ((docs.why = docview_store_project(r, p.id, &u, &st)) !=
	    DOCUPLOAD_OK)
		return st == 422 || st == 503 ?
		    projectform_render(r, st, &p, NULL, NULL, &docs) :
		    page_status(r, st);
	for (i = 0; i < u.nfiles; i++)
		if ((rc = audit_add(r->db, &r->who, "project-document-uploaded",
		    p.pid, u.files[i].doc_pid, r->now)) != DB_OK)
			return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/projects/%s?saved=uploaded", p.pid));
}

static const struct page PAGE = {
	.route = "POST /team/projects/{id}/documents",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_AGENDA,
	.upload = true,
	.run = upload,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
