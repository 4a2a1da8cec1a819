/*
 * login-password: POST /login/password
 * Signs a customer in with e-mail address and password, on portals whose
 * porch.conf offers passwords (404 elsewhere).  An unknown address, a
 * wrong password and a customer without a password get the same answer
 * after the same work, so the form does not tell who is a customer or who
 * has a password.  Attempts are rate limited per address and per client;
 * a hash made with older parameters is replaced on a successful sign-in.
 * 303 to next or /portal | 422 the sign-in page with one message |
 * 429 too many attempts | 404 passwords not offered here
 */
#include <string.h>

#include "db.h"
#include "page.h"
#include "password.h"
#include "tmpl.h"
#include "util.h"

enum { F_EMAIL, F_PASSWORD, F_NEXT };

static const struct field fields[] = {
	[F_EMAIL] = { "email", valid_email, FIELD_TRIM, 254 },
	[F_PASSWORD] = { "password", valid_password, 0, PASSWORD_MAX },
	[F_NEXT] = { "next", valid_local_path, 0, 512 },
};

static enum page_rc
no_match(struct req *r)
{
	const char	*email = r->fields[F_EMAIL].val;
	const char	*next = page_field(r, F_NEXT);

	tval_str(r->tv, "email", "");
	tval_bool(r->tv, "err_email", false);
	tval_bool(r->tv, "password_signin", true);
	tval_str(r->tv, "pw_email", email != NULL ? email : "");
	tval_bool(r->tv, "err_password", true);
	tval_str(r->tv, "next", next != NULL ? next : "");
	return page_render_status(r, 422, "login");
}

/*
 * Whether pw is the password of the active customer with `email`; *c is
 * filled when it is.  Every path that does not find a hash does the dummy
 * work instead, so all failures take as long as a wrong password.
 */
static enum db_rc
check(struct req *r, const char *email, const char *pw, size_t len,
    struct customer *c, const char **hash, bool *ok)
{
	enum db_rc	 rc;

	*ok = false;
	*hash = NULL;
	rc = customer_by_email(r->db, r->a, email, c);
	if (rc == DB_OK)
		rc = customer_password(r->db, r->a, c->id, hash);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return rc;
	if (*hash == NULL)
		password_verify_dummy(pw, len);
	else
		*ok = password_verify(*hash, pw, len);
	return DB_OK;
}

static enum page_rc
signed_in(struct req *r, const struct customer *c, const char *hash,
    const char *pw, size_t len)
{
	const struct principal	 who = { PRINCIPAL_CUSTOMER, c->id, c->pid,
	    c->email, c->name, ROLE_VIEWER };
	const char		*next = page_field(r, F_NEXT);
	const char		*fresh;
	enum db_rc		 rc;

	if (password_needs_rehash(hash) &&
	    (fresh = password_hash(r->a, pw, len)) != NULL &&
	    (rc = customer_set_password(r->db, c->id, fresh)) != DB_OK)
		return page_db_fail(r, rc);
	/* page_sign_in answers a database failure itself, as PAGE_OK */
	if (page_sign_in(r, &who) != PAGE_OK || r->status >= 400)
		return PAGE_OK;
	return page_redirect(r, next != NULL ? next : "/portal");
}

static enum page_rc
login_password(struct req *r)
{
	struct customer	 c;
	const char	*pw = page_field(r, F_PASSWORD), *hash;
	char		*email;
	size_t		 len;
	enum db_rc	 rc;
	bool		 ok;

	if ((r->portal->signin & SIGNIN_PASSWORD) == 0)
		return page_status(r, 404);
	if (page_field(r, F_EMAIL) == NULL || pw == NULL || *pw == '\0')
		return no_match(r);
	email = arena_strdup(r->a, page_field(r, F_EMAIL));
	lower(email);
	if (page_throttled(r, "password", email))
		return PAGE_OK;
	/* A failed attempt ends in 422, which rolls the transaction back:
	 * the attempt is counted in its own commit so failures add up. */
	if ((rc = db_commit(r->db)) != DB_OK ||
	    (rc = db_begin(r->db, true)) != DB_OK)
		return page_db_fail(r, rc);
	len = r->fields[F_PASSWORD].len;
	if ((rc = check(r, email, pw, len, &c, &hash, &ok)) != DB_OK)
		return page_db_fail(r, rc);
	if (!ok)
		return no_match(r);
	return signed_in(r, &c, hash, pw, len);
}

static const struct page PAGE = {
	.route = "POST /login/password",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = login_password,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
