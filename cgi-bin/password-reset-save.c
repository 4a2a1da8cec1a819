/*
 * password-reset-save: POST /password/reset
 * Uses a reset link once: the new password must meet password_check's
 * rules (else the form again, the token still unused), then it is stored,
 * every session of the customer ends, so whoever had the old password is
 * out, and this browser is signed in afresh.  Other reset links sent
 * before this one stop working.  The password is never
 * written back into a form.
 * 303 to /portal | 404 on a portal without passwords | 410 malformed,
 * unknown, used or expired token, or an inactive customer | 422 the form
 * again with the rule that was not met
 */
#include "customer.h"
#include "linktoken.h"
#include "page.h"
#include "password.h"
#include "session.h"
#include "tmpl.h"
#include "util.h"

enum { F_TOKEN, F_PASSWORD };

static const struct field fields[] = {
	[F_TOKEN] = { "t", valid_token, 0, 0 },
	[F_PASSWORD] = { "password", valid_password, 0, 0 },
};

/* The customer of a usable token, or DB_NOTFOUND. */
static enum db_rc
token_customer(struct req *r, const char *t, struct customer *c)
{
	struct linktoken	 tok;
	enum db_rc		 rc;

	if (t == NULL)
		return DB_NOTFOUND;
	if ((rc = linktoken_peek(r->db, r->a, t, LINK_RESET, &tok)) != DB_OK)
		return rc;
	if (tok.used != 0 || tok.expires <= r->now)
		return DB_NOTFOUND;
	if ((rc = customer_by_id(r->db, r->a, tok.customer_id, c)) != DB_OK)
		return rc;
	return c->active ? DB_OK : DB_NOTFOUND;
}

static enum page_rc
save(struct req *r)
{
	const struct fieldval	*pw = &r->fields[F_PASSWORD];
	const char		*t = page_field(r, F_TOKEN), *hash;
	struct customer		 c;
	struct linktoken	 tok;
	struct principal	 who;
	enum password_rule	 rule;
	enum db_rc		 rc;

	if ((r->portal->signin & SIGNIN_PASSWORD) == 0)
		return page_status(r, 404);
	if ((rc = token_customer(r, t, &c)) == DB_NOTFOUND)
		return page_link_invalid(r, LINK_RESET, false);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	rule = pw->val == NULL ? PASSWORD_TOO_SHORT :
	    password_check(pw->val, pw->len, c.email);
	if (rule != PASSWORD_OK) {
		tval_str(r->tv, "token", t);
		tval_bool(r->tv, "err_password", true);
		page_password_rule(r, rule);
		return page_render_status(r, 422, "password-reset");
	}
	if ((hash = password_hash(r->a, pw->val, pw->len)) == NULL)
		return PAGE_FAIL;
	who = customer_principal(&c);
	rc = linktoken_consume(r->db, r->a, t, LINK_RESET, r->now, &tok);
	if (rc == DB_NOTFOUND)
		return page_link_invalid(r, LINK_RESET, false);
	if (rc != DB_OK ||
	    (rc = customer_set_password(r->db, c.id, hash)) != DB_OK ||
	    (rc = linktoken_revoke(r->db, c.id, LINK_RESET, r->now)) != DB_OK ||
	    (rc = session_delete_all(r->db, &who)) != DB_OK)
		return page_db_fail(r, rc);
	return page_sign_in_to(r, &who, NULL);
}

static const struct page PAGE = {
	.route = "POST /password/reset",
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
