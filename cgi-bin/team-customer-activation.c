/*
 * team-customer-activation: POST /team/customers/{id}/activation
 * An agent or admin e-mails one of the office's customers a single-use
 * sign-in link (mail/activation.txt), active or only invited: opening it
 * signs them in and proves the address.  The audit log records who sent
 * it ("activation-sent", the customer's public id); mail and record are
 * in one transaction, so neither exists without the other.  Viewers, and
 * members without portal access, may not send (403 from the loop).
 * 303 to /team/customers/{id}?sent=1 | 403 | 404
 */
#include "audit.h"
#include "customer.h"
#include "logintoken.h"
#include "page.h"
#include "tmpl.h"

static enum page_rc
send_activation(struct req *r)
{
	struct customer	 c;
	enum db_rc	 rc;

	if ((rc = customer_by_pid(r->db, r->a, page_param(r, 0), &c)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	/* the audit row names the customer by public id only: it outlives
	 * a deletion of their personal data */
	if (rc != DB_OK ||
	    (rc = page_mail_link(r, "activation", &c, NULL,
	    ACTIVATION_TTL)) != DB_OK ||
	    (rc = audit_add(r->db, &r->who, "activation-sent", c.pid, "",
	    r->now)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a, "/team/customers/%s?sent=1",
	    c.pid));
}

static const struct page PAGE = {
	.route = "POST /team/customers/{id}/activation",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.run = send_activation,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
