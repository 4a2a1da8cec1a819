/*
 * email-confirm-save: POST /account/email/confirm
 * Uses an e-mail confirmation link once and makes its address the
 * customer's.  The address is checked again here: another customer may
 * have taken it since the link was sent, and then nothing changes.
 * Sessions stay: they name the customer, not the address.  Every other
 * e-mail or reset link of the customer stops working.
 * 303 to /portal/account when signed in as that customer, else to /login
 * | 410 malformed, unknown, used or expired token, or the address taken
 */
#include "customer.h"
#include "linktoken.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "t", valid_token, 0, 0 },
};

/* Links sent before the change went to addresses that are no longer the
 * account's, or name another new address: none may act any more. */
static enum db_rc
revoke_all(struct req *r, int64_t customer_id)
{
	enum db_rc	 rc;

	if ((rc = linktoken_revoke(r->db, customer_id, LINK_EMAIL,
	    r->now)) != DB_OK)
		return rc;
	return linktoken_revoke(r->db, customer_id, LINK_RESET, r->now);
}

static enum page_rc
save(struct req *r)
{
	const char		*t = page_field(r, 0);
	struct linktoken	 tok;
	enum db_rc		 rc;

	rc = t == NULL ? DB_NOTFOUND :
	    linktoken_consume(r->db, r->a, t, LINK_EMAIL, r->now, &tok);
	if (rc == DB_OK)
		rc = customer_set_email(r->db, tok.customer_id, tok.data);
	if (rc == DB_OK)
		rc = revoke_all(r, tok.customer_id);
	if (rc == DB_NOTFOUND)
		return page_link_invalid(r, LINK_EMAIL, false);
	if (rc == DB_CONFLICT)
		return page_link_invalid(r, LINK_EMAIL, true);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (r->who.kind == PRINCIPAL_CUSTOMER && r->who.id == tok.customer_id)
		return page_redirect(r, "/portal/account");
	return page_redirect(r, "/login");
}

static const struct page PAGE = {
	.route = "POST /account/email/confirm",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = save,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
