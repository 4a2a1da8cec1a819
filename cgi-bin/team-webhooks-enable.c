/*
 * team-webhooks-enable: POST /team/webhooks/enable
 * An admin enables the office's webhook endpoint again after it answered
 * 410 Gone: porch-hooks resumes on its next pass, starting with the
 * events that waited.  The audit log records it ("webhook-enabled").
 * Enabling an endpoint that is not disabled changes nothing.  Agents and
 * viewers get 403 from the loop.
 * 303 to /team/webhooks?enabled=1 | 403
 */
#include "audit.h"
#include "page.h"
#include "webhook.h"

static enum page_rc
enable(struct req *r)
{
	enum db_rc	 rc;

	if ((rc = webhook_enable(r->db)) != DB_OK ||
	    (rc = audit_add(r->db, &r->who, "webhook-enabled", "", NULL,
	    r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, "/team/webhooks?enabled=1");
}

static const struct page PAGE = {
	.route = "POST /team/webhooks/enable",
	.need = NEED_MEMBER,
	.role = ROLE_ADMIN,
	.run = enable,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
