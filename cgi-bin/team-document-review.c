/*
 * team-document-review: POST /team/documents/{id}/review
 * An agent or admin accepts or rejects a customer's document (field
 * status: accepted or rejected; anything else is 400), a rejection with
 * an optional reason (field reason) the customer sees.  The audit log
 * records it ("document-accepted" or "document-rejected", the
 * customer's public id, the document's), and the customer gets an e-mail
 * when they want news (their notification preferences).  A project
 * document has no review: 409.  Viewers, and members without portal
 * access, get 403 from the loop.
 * 303 to /team/documents/{id}?done=accepted|rejected | 400 | 403 | 404 |
 * 409
 * (status is not FIELD_REQUIRED: a stranger meets 403, and an unknown
 * document 404, before the form is judged)
 */
#include <string.h>

#include "audit.h"
#include "document.h"
#include "docview.h"
#include "page.h"
#include "util.h"

enum { F_STATUS, F_REASON };

static const struct field fields[] = {
	[F_STATUS] = { "status", document_status_valid, 0, 16 },
	/* the form's maxlength counts characters: room for 4 bytes each */
	[F_REASON] = { "reason", valid_any, FIELD_MULTILINE | FIELD_TRIM |
	    FIELD_STRICT, DOCUMENT_REASON_MAX * 4 },
};

static enum page_rc
review(struct req *r)
{
	struct document	 d;
	const char	*st = page_field(r, F_STATUS);
	const char	*reason = page_field(r, F_REASON);
	bool		 changed;
	enum db_rc	 rc;

	if (!docview_team_load(r, &d))
		return PAGE_OK;		/* answered */
	if (st == NULL || strcmp(st, "new") == 0)
		return page_status(r, 400);
	if (reason == NULL || strcmp(st, "rejected") != 0)
		reason = "";
	if (strlen(reason) > DOCUMENT_REASON_MAX)
		return page_status(r, 400);
	changed = strcmp(d.status, st) != 0 || strcmp(d.reason, reason) != 0;
	if ((rc = document_review(r->db, &r->who, &d, st, reason, r->now)) ==
	    DB_CONFLICT)
		return page_status(r, 409);
	d.status = st;
	d.reason = reason;
	if (rc != DB_OK || (rc = audit_add(r->db, &r->who,
	    strcmp(st, "accepted") == 0 ? "document-accepted" :
	    "document-rejected", d.customer_pid, d.pid, r->now)) != DB_OK ||
	    (changed && (rc = docview_review_mail(r, &d)) != DB_OK))
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/documents/%s?done=%s", d.pid, st));
}

static const struct page PAGE = {
	.route = "POST /team/documents/{id}/review",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = review,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
