/*
 * team-webhook-retry: POST /team/webhooks/{id}/retry
 * An admin sends a webhook event that was not delivered again: a failed
 * one (out of attempts) or a pending one, scheduled now with a new round
 * of attempts; porch-hooks posts it on its next pass.  The audit log
 * records it ("webhook-retried", the event's public id).  A delivered
 * event is left as it is.  Agents and viewers get 403 from the loop.
 * 303 to /team/webhooks?retried=1 | 403 | 404
 */
#include "audit.h"
#include "page.h"
#include "webhook.h"

static enum page_rc
retry(struct req *r)
{
	struct webhook_event	 e;
	enum db_rc		 rc;

	if ((rc = webhook_get(r->db, r->a, page_param(r, 0), &e)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (e.delivered != 0)
		return page_redirect(r, "/team/webhooks");
	if ((rc = webhook_retry(r->db, e.event_id, r->now)) != DB_OK ||
	    (rc = audit_add(r->db, &r->who, "webhook-retried", e.event_id,
	    NULL, r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, "/team/webhooks?retried=1");
}

static const struct page PAGE = {
	.route = "POST /team/webhooks/{id}/retry",
	.need = NEED_MEMBER,
	.role = ROLE_ADMIN,
	.run = retry,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
