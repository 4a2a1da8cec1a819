/*
 * auth-confirm: POST /auth
 * Uses a magic-link token once: starts a new session for its customer and
 * lands on the path the link was made for, or the dashboard.  A link made
 * for a customer who is not active yet (sign-up, invitation) proves they
 * own the address, so using it activates them in the same transaction.
 * 303 signed in | 410 malformed, unknown, used, expired or another portal's
 */
#include "page.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "t", valid_token, 0, 0 },
};

static enum page_rc
sign_in(struct req *r)
{
	const char		*t = page_field(r, 0);
	struct logintoken	 tok;
	struct customer		 c;
	struct principal	 who;
	enum db_rc		 rc;

	rc = t == NULL ? DB_NOTFOUND :
	    logintoken_consume(r->db, r->a, t, r->portal->id, r->now, &tok);
	if (rc == DB_OK)
		rc = customer_by_id(r->db, r->a, tok.customer_id, &c);
	if (rc == DB_OK && !c.active && (rc = customer_activate(r->db,
	    c.id)) == DB_OK)
		c.active = true;
	if (rc == DB_NOTFOUND)
		return page_render_status(r, 410, "auth-invalid");
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	who = (struct principal){ PRINCIPAL_CUSTOMER, c.id, c.pid, c.email,
	    c.name, ROLE_VIEWER };
	if (page_sign_in(r, &who) != PAGE_OK || r->status >= 400)
		return PAGE_OK;
	return page_redirect(r, tok.next[0] != '\0' ? tok.next : "/portal");
}

static const struct page PAGE = {
	.route = "POST /auth",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = sign_in,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
