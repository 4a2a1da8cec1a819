/*
 * team-login-send: POST /team/login
 * Signs a team member in with e-mail address and password, where the
 * office's team_signin offers passwords.  Every failure (unknown address,
 * no password set, wrong password) gets the same 422 and takes the same
 * hashing work, so the form does not tell who is on the team; attempts
 * are rate limited per address and per client.
 * 303 to next (under /team) or /team | 404 passwords not offered | 422 no
 * match | 429 too many attempts
 */
#include "page.h"
#include "password.h"
#include "team.h"
#include "tmpl.h"
#include "util.h"

enum { F_EMAIL, F_PASSWORD, F_NEXT };

static const struct field fields[] = {
	[F_EMAIL] = { "email", valid_email, FIELD_TRIM | FIELD_LOWER, 254 },
	[F_PASSWORD] = { "password", valid_password, 0, PASSWORD_MAX },
	[F_NEXT] = { "next", valid_local_path, 0, 512 },
};

static enum page_rc
form_again(struct req *r)
{
	return team_login_page(r, 422, page_field(r, F_NEXT),
	    r->fields[F_EMAIL].val, true, false);
}

static enum page_rc
team_sign_in(struct req *r)
{
	const char	*pw = page_field(r, F_PASSWORD);
	const char	*email;
	enum db_rc	 rc;

	if (!team_offers(r, SIGNIN_PASSWORD))
		return page_status(r, 404);
	if (page_field(r, F_EMAIL) == NULL || pw == NULL)
		return form_again(r);
	email = page_field(r, F_EMAIL);
	rc = page_password_sign_in(r, PRINCIPAL_MEMBER, "team-login", email, pw,
	    r->fields[F_PASSWORD].len);
	if (rc == DB_NOTFOUND)
		return form_again(r);
	if (rc != DB_OK)
		return PAGE_OK;		/* 429 or the error page, built */
	return page_redirect(r, team_landing(page_field(r, F_NEXT)));
}

static const struct page PAGE = {
	.route = "POST /team/login",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_sign_in,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
