/*
 * team-customer-document-request-save:
 * POST /team/customers/{id}/document-request
 * An agent or admin asks the customer for a document: a title (at most
 * DOCUMENT_TITLE_MAX bytes) and an optional explanation (at most
 * DOCUMENT_EXPLAIN_MAX).  The request opens on the customer's documents
 * page and in their timeline; the audit log records it
 * ("document-requested", the customer's public id, the request's); the
 * customer gets an e-mail whose link leads, through sign-in, to the
 * request's page, when they want news (their notification preferences).
 * A missing or too long title, or too long an explanation, shows the
 * form again with 422 and everything as typed.  Viewers, and members
 * without portal access, get 403 from the loop.
 * 303 to /team/customers/{id}?requested=1 | 403 | 404 | 422
 */
#include <string.h>

#include "audit.h"
#include "customer.h"
#include "document.h"
#include "docview.h"
#include "page.h"
#include "util.h"

enum { F_TITLE, F_EXPLANATION };

static const struct field fields[] = {
	/* the form's maxlength counts characters: room for 4 bytes each */
	[F_TITLE] = { "title", valid_any, FIELD_TRIM | FIELD_STRICT,
	    DOCUMENT_TITLE_MAX * 4 },
	[F_EXPLANATION] = { "explanation", valid_any, FIELD_MULTILINE |
	    FIELD_TRIM | FIELD_STRICT, DOCUMENT_EXPLAIN_MAX * 4 },
};

static enum page_rc
request_save(struct req *r)
{
	struct customer		 c;
	struct document_request	 q;
	const char		*title = page_field(r, F_TITLE);
	const char		*expl = page_field(r, F_EXPLANATION);
	const char		*pid;
	enum db_rc		 rc;

	if ((rc = customer_by_pid(r->db, r->a, page_param(r, 0), &c)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (expl == NULL)
		expl = "";
	if (title == NULL || *title == '\0' ||
	    strlen(title) > DOCUMENT_TITLE_MAX ||
	    strlen(expl) > DOCUMENT_EXPLAIN_MAX)
		return docview_request_form(r, &c, 422, title, expl,
		    title == NULL || *title == '\0' ||
		    strlen(title) > DOCUMENT_TITLE_MAX);
	if ((rc = document_request_add(r->db, r->a, &r->who, c.id, title,
	    expl, r->now, &pid)) != DB_OK ||
	    (rc = document_request_get(r->db, r->a, &r->who, pid, &q)) !=
	    DB_OK ||
	    (rc = audit_add(r->db, &r->who, "document-requested", c.pid, pid,
	    r->now)) != DB_OK ||
	    (rc = docview_request_mail(r, &q)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/customers/%s?requested=1", c.pid));
}

static const struct page PAGE = {
	.route = "POST /team/customers/{id}/document-request",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = request_save,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
