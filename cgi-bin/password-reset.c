/*
 * password-reset: GET /password/reset?t=TOKEN
 * Where a reset link lands: the form for the new password.  Mail scanners
 * open links before people do, so this page changes nothing; the form's
 * POST (password-reset-save) uses the token.
 * 200 the form | 404 on a portal without passwords | 410 malformed,
 * unknown, used or expired token
 */
#include "linktoken.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "t", valid_token, 0, 0 },
};

static enum page_rc
reset_form(struct req *r)
{
	const char		*t = page_field(r, 0);
	struct linktoken	 tok;
	enum db_rc		 rc;

	if ((r->portal->signin & SIGNIN_PASSWORD) == 0)
		return page_status(r, 404);
	if (t == NULL)
		return page_link_invalid(r, LINK_RESET, false);
	rc = linktoken_peek(r->db, r->a, t, LINK_RESET, &tok);
	if (rc == DB_NOTFOUND || (rc == DB_OK && (tok.used != 0 ||
	    tok.expires <= r->now)))
		return page_link_invalid(r, LINK_RESET, false);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "token", t);
	tval_bool(r->tv, "err_password", false);
	page_password_rule(r, PASSWORD_OK);
	return page_render(r, "password-reset");
}

static const struct page PAGE = {
	.route = "GET /password/reset",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = reset_form,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
