/*
 * login-password: POST /login/password
 * Signs a customer in with e-mail address and password, on portals whose
 * porch.conf offers passwords (404 elsewhere).  An unknown address, a
 * wrong password and a customer without a password get the same answer
 * after the same work, so the form does not tell who is a customer or who
 * has a password.  Attempts are rate limited per address and per client;
 * a hash made with older parameters is replaced on a successful sign-in
 * (page_password_sign_in does the checking).
 * 303 to next or /portal | 422 the sign-in page with one message |
 * 429 too many attempts | 404 passwords not offered here
 */
#include <string.h>

#include "db.h"
#include "page.h"
#include "password.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

enum { F_EMAIL, F_PASSWORD, F_NEXT };

static const struct field fields[] = {
	[F_EMAIL] = { "email", valid_email, FIELD_TRIM | FIELD_LOWER, 254 },
	[F_PASSWORD] = { "password", valid_password, 0, PASSWORD_MAX },
	[F_NEXT] = { "next", valid_local_path, 0, 512 },
};

static enum page_rc
no_match(struct req *r)
{
	view_login_form(r, page_field(r, F_NEXT), NULL, false,
	    r->fields[F_EMAIL].val, true);
	return page_render_status(r, 422, "login");
}

static enum page_rc
login_password(struct req *r)
{
	const char	*pw = page_field(r, F_PASSWORD);
	const char	*next = page_field(r, F_NEXT);
	const char	*email;
	enum db_rc	 rc;

	if ((r->portal->signin & SIGNIN_PASSWORD) == 0)
		return page_status(r, 404);
	if (page_field(r, F_EMAIL) == NULL || pw == NULL || *pw == '\0')
		return no_match(r);
	email = page_field(r, F_EMAIL);
	rc = page_password_sign_in(r, PRINCIPAL_CUSTOMER, "password", email, pw,
	    r->fields[F_PASSWORD].len);
	if (rc == DB_NOTFOUND)
		return no_match(r);
	if (rc != DB_OK)
		return PAGE_OK;		/* 429 or the error page, built */
	return page_redirect(r, next != NULL ? next : "/portal");
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
