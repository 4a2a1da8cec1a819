/*
 * auth: GET /auth?t=TOKEN
 * Where a magic link lands.  Mail scanners open links before people do, so
 * this page changes nothing: it shows one "Sign in" button whose POST
 * (auth-confirm) uses the token.
 * 200 the button | 410 malformed, unknown, used, expired or another portal's
 */
#include "logintoken.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "t", valid_token, 0, 0 },
};

static enum page_rc
confirm(struct req *r)
{
	const char		*t = page_field(r, 0);
	struct logintoken	 tok;
	enum db_rc		 rc;

	rc = page_signin_link_peek(r, PRINCIPAL_CUSTOMER, t, &tok);
	if (rc == DB_NOTFOUND)
		return page_render_status(r, 410, "auth-invalid");
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "token", t);
	/* Pressing the button activates an account someone made with this
	 * address: the page says so, for a mailbox owner who never signed up. */
	tval_bool(r->tv, "activating", tok.activates);
	return page_render(r, "auth");
}

static const struct page PAGE = {
	.route = "GET /auth",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = confirm,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
