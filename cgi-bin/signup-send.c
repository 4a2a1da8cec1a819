/*
 * signup-send: POST /signup
 * Starts an account on portals where sign-up is open.  For a new address
 * the name and password wait as a sign-up (not an account), and a link is
 * mailed: using it proves the address and makes the account with them
 * (auth-confirm).  A newer sign-up for the address replaces it.  An
 * address that is already a customer's is sent a plain sign-in link
 * instead and nothing changes, so the answer never tells whether an
 * address was known.  Rate limited per
 * address and per client.
 * 200 "check your e-mail" | 422 the form again with a message at each
 * field that could not be used | 429 too many requests | 404 not open here
 */
#include "customer.h"
#include "page.h"
#include "password.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

enum { F_NAME, F_EMAIL, F_PASSWORD };

static const struct field fields[] = {
	[F_NAME] = { "name", valid_name, FIELD_TRIM, 200 * 4 },
	[F_EMAIL] = { "email", valid_email, FIELD_TRIM | FIELD_LOWER, 254 },
	[F_PASSWORD] = { "password", valid_password, 0, 0 },
};

/* The password is optional: an empty field, or a portal that does not
 * offer password sign-in, means none. */
static bool
password_given(const struct req *r)
{
	return (r->portal->signin & SIGNIN_PASSWORD) != 0 &&
	    r->fields[F_PASSWORD].val != NULL && r->fields[F_PASSWORD].len > 0;
}

static enum page_rc
signup_send(struct req *r)
{
	const struct fieldval	*pw = &r->fields[F_PASSWORD];
	const char		*name = page_field(r, F_NAME);
	const char		*email = page_field(r, F_EMAIL), *hash = NULL;
	enum password_rule	 rule = PASSWORD_OK;
	struct customer		 c;
	enum db_rc		 rc;

	if (r->portal->signup != SIGNUP_OPEN)
		return page_status(r, 404);
	if (password_given(r))
		rule = password_check(pw->val, pw->len,
		    email != NULL ? email : "");
	if (name == NULL || email == NULL || rule != PASSWORD_OK) {
		view_signup_form(r, r->fields[F_NAME].val,
		    r->fields[F_EMAIL].val, name == NULL, email == NULL, rule);
		return page_render_status(r, 422, "signup");
	}
	if (page_throttled(r, "signup", email))
		return PAGE_OK;
	/* hashed before the address is looked up, so a known address is
	 * answered after the same work as a new one */
	if (password_given(r) &&
	    (hash = password_hash(r->a, pw->val, pw->len)) == NULL)
		return PAGE_FAIL;
	if ((rc = customer_by_email_any(r->db, r->a, email, &c)) == DB_OK)
		rc = page_mail_link(r, "signup-exists", &c, "/portal", 0);
	else if (rc == DB_NOTFOUND)
		rc = page_mail_signup_link(r, email, name, hash, "/portal");
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "email", email);
	return page_render(r, "signup-sent");
}

static const struct page PAGE = {
	.route = "POST /signup",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = signup_send,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
