/*
 * signup-send: POST /signup
 * Starts an account on portals where sign-up is open.  A new address
 * becomes an inactive customer (with the password hash, when one was
 * given) and is sent a sign-in link: using it proves the address and
 * activates the account (auth-confirm).  An address that is already a
 * customer's is sent a plain sign-in link instead and nothing changes, so
 * the answer never tells whether an address was known.  Rate limited per
 * address and per client.
 * 200 "check your e-mail" | 422 the form again with a message at each
 * field that could not be used | 429 too many requests | 404 not open here
 */
#include <string.h>

#include "page.h"
#include "password.h"
#include "tmpl.h"
#include "util.h"

enum { F_NAME, F_EMAIL, F_PASSWORD };

static const struct field fields[] = {
	[F_NAME] = { "name", valid_name, FIELD_TRIM, 200 * 4 },
	[F_EMAIL] = { "email", valid_email, FIELD_TRIM | FIELD_LOWER, 254 },
	[F_PASSWORD] = { "password", valid_password, 0, 0 },
};

static const char *
given(const struct req *r, size_t i)
{
	return r->fields[i].val != NULL ? r->fields[i].val : "";
}

static enum page_rc
form_again(struct req *r, enum password_rule rule)
{
	tval_str(r->tv, "name", given(r, F_NAME));
	tval_str(r->tv, "email", given(r, F_EMAIL));
	tval_bool(r->tv, "err_name", page_field(r, F_NAME) == NULL);
	tval_bool(r->tv, "err_email", page_field(r, F_EMAIL) == NULL);
	tval_bool(r->tv, "err_password", rule != PASSWORD_OK);
	page_password_rule(r, rule);
	tval_bool(r->tv, "password_signin",
	    (r->portal->signin & SIGNIN_PASSWORD) != 0);
	return page_render_status(r, 422, "signup");
}

/* The password rule broken, PASSWORD_OK when none was given or it may be
 * used.  An empty field means none: the password is optional. */
static enum password_rule
password_rule(const struct req *r, const char *email)
{
	const struct fieldval	*pw = &r->fields[F_PASSWORD];

	if ((r->portal->signin & SIGNIN_PASSWORD) == 0 || pw->val == NULL ||
	    pw->len == 0)
		return PASSWORD_OK;
	return password_check(pw->val, pw->len, email != NULL ? email : "");
}

/* The hash of the password given, or NULL for none.  It is made before
 * the address is looked up, so a known address answers after the same
 * work as a new one. */
static bool
password_given(struct req *r, const char **hash)
{
	const struct fieldval	*pw = &r->fields[F_PASSWORD];

	*hash = NULL;
	if ((r->portal->signin & SIGNIN_PASSWORD) == 0 || pw->val == NULL ||
	    pw->len == 0)
		return true;
	return (*hash = password_hash(r->a, pw->val, pw->len)) != NULL;
}

/* A new inactive customer with the password's hash, if any. */
static enum db_rc
add(struct req *r, const char *email, const char *hash, struct customer *c)
{
	enum db_rc	 rc;

	rc = customer_add_inactive(r->db, r->a, email, page_field(r, F_NAME),
	    r->now, c);
	if (rc == DB_OK && hash != NULL)
		rc = customer_set_password(r->db, c->id, hash);
	return rc;
}

static enum page_rc
signup_send(struct req *r)
{
	struct customer		 c;
	enum password_rule	 rule;
	const char		*hash;
	const char		*email;
	enum db_rc		 rc;

	if (r->portal->signup != SIGNUP_OPEN)
		return page_status(r, 404);
	rule = password_rule(r, page_field(r, F_EMAIL));
	if (page_field(r, F_NAME) == NULL || page_field(r, F_EMAIL) == NULL ||
	    rule != PASSWORD_OK)
		return form_again(r, rule);
	email = page_field(r, F_EMAIL);
	if (page_throttled(r, "signup", email))
		return PAGE_OK;
	if (!password_given(r, &hash))
		return PAGE_FAIL;
	if ((rc = customer_by_email_any(r->db, r->a, email, &c)) == DB_OK)
		rc = page_mail_link(r, "signup-exists", &c, "/portal", 0);
	else if (rc == DB_NOTFOUND && (rc = add(r, email, hash, &c)) == DB_OK)
		rc = page_mail_link(r, "signup-confirm", &c, "/portal", 0);
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
