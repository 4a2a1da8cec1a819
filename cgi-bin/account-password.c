/*
 * account-password: POST /portal/account/password
 * Sets or changes the signed-in customer's password.  When one is set, the
 * current password must be given and must verify; the new one must meet
 * the rules of password_check.  A change ends every other session of the
 * customer, so whoever knew the old password is signed out, while this
 * device stays signed in.  Passwords are never written back into a form.
 * A portal that does not offer password sign-in offers no password here.
 * 303 to /portal/account?password=1 | 422 the form again with a message at
 * each field that could not be used | 404 no password sign-in here
 */
#include <stddef.h>

#include "config.h"
#include "customer.h"
#include "page.h"
#include "password.h"
#include "session.h"
#include "tmpl.h"
#include "util.h"

enum { F_CURRENT, F_NEW };

/* No validator limit below the default: password_check says what is wrong
 * with a value that is too long or not text, in words. */
static const struct field fields[] = {
	[F_CURRENT] = { "current", valid_password, 0, 0 },
	[F_NEW] = { "password", valid_password, 0, 0 },
};

static enum page_rc
form_again(struct req *r, bool has_password, bool current_ok,
    enum password_rule rule)
{
	tval_bool(r->tv, "has_password", has_password);
	tval_bool(r->tv, "err_current", !current_ok);
	tval_bool(r->tv, "err_password", rule != PASSWORD_OK);
	page_password_rule(r, rule);
	return page_render_status(r, 422, "account-password");
}

static enum page_rc
change(struct req *r)
{
	const struct fieldval	*cur = &r->fields[F_CURRENT];
	const struct fieldval	*nw = &r->fields[F_NEW];
	const char		*hash, *fresh;
	enum password_rule	 rule;
	enum db_rc		 rc;
	bool			 current_ok = true;

	/* a portal without password sign-in offers no password to set */
	if ((r->portal->signin & SIGNIN_PASSWORD) == 0)
		return page_status(r, 404);
	rc = customer_password(r->db, r->a, r->who.id, &hash);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return page_db_fail(r, rc);
	if (hash != NULL)
		current_ok = cur->ok && password_verify(hash, cur->val, cur->len);
	rule = nw->val == NULL ? PASSWORD_TOO_SHORT :
	    password_check(nw->val, nw->len, r->who.email);
	if (!current_ok || rule != PASSWORD_OK)
		return form_again(r, hash != NULL, current_ok, rule);
	if ((fresh = password_hash(r->a, nw->val, nw->len)) == NULL)
		return PAGE_FAIL;
	if ((rc = customer_set_password(r->db, r->who.id, fresh)) != DB_OK ||
	    (rc = session_delete_others(r->db, &r->who, r->session)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, "/portal/account?password=1");
}

static const struct page PAGE = {
	.route = "POST /portal/account/password",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = change,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
