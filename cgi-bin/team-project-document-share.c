/*
 * team-project-document-share: POST /team/projects/{id}/documents/{did}/share
 * A member with agenda edit access says who sees a project document:
 * share=team (the team only), share=project (every signed-in customer
 * with an appointment or a request on the project) or share=customer
 * with email= (that one customer alone).  It takes effect at once: a
 * download link made before no longer opens the file for someone who
 * lost it.  The audit log records it ("project-document-shared", the
 * project's public id, the document's and with whom).  An address no
 * customer has shows the page again with a message.  Members without
 * agenda edit access get 403 from the loop.
 * 303 to /team/projects/{id}?saved=shared | 400 | 403 | 404 | 422
 */
#include <string.h>

#include "audit.h"
#include "customer.h"
#include "document.h"
#include "page.h"
#include "project.h"
#include "projectform.h"
#include "util.h"

enum { F_SHARE, F_EMAIL };

static const struct field fields[] = {
	[F_SHARE] = { "share", valid_word, 0, 16 },
	[F_EMAIL] = { "email", valid_any, FIELD_TRIM | FIELD_LOWER, 254 },
};

static enum page_rc
share(struct req *r)
{
	const char		*how = page_field(r, F_SHARE);
	const char		*email = page_field(r, F_EMAIL);
	struct projectform_docs	 docs = { .unknown = true };
	struct project		 p;
	struct document		 d;
	struct customer		 c = { .id = 0 };
	enum db_rc		 rc;

	if ((rc = project_by_pid(r->db, r->a, page_param(r, 0), &p)) != DB_OK ||
	    (rc = document_of_project_get(r->db, r->a, &r->who, p.id,
	    page_param(r, 1), &d)) != DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 404) :
		    page_db_fail(r, rc);
	if (how == NULL || (strcmp(how, "team") != 0 &&
	    strcmp(how, "project") != 0 && strcmp(how, "customer") != 0))
		return page_status(r, 400);
	if (strcmp(how, "customer") == 0 && (email == NULL ||
	    (rc = customer_by_email(r->db, r->a, email, &c)) == DB_NOTFOUND))
		return projectform_render(r, 422, &p, NULL, NULL, &docs);
	if (strcmp(how, "customer") == 0 && rc != DB_OK)
		return page_db_fail(r, rc);
	if ((rc = document_share(r->db, &d, strcmp(how, "project") == 0, c.id,
	    r->now)) != DB_OK || (rc = audit_add(r->db, &r->who,
	    "project-document-shared", p.pid, arena_printf(r->a, "%s %s", d.pid,
	    c.id != 0 ? c.pid : how), r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/projects/%s?saved=shared", p.pid));
}

static const struct page PAGE = {
	.route = "POST /team/projects/{id}/documents/{did}/share",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_AGENDA,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = share,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
