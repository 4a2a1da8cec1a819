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
	const char	*next;
	enum db_rc	 rc;

	rc = page_signin_link_use(r, PRINCIPAL_CUSTOMER, page_field(r, 0),
	    &next);
	if (rc == DB_NOTFOUND)
		return page_render_status(r, 410, "auth-invalid");
	if (rc != DB_OK)
		return PAGE_OK;		/* the error page, built */
	return page_redirect(r, *next != '\0' ? next : "/portal");
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
