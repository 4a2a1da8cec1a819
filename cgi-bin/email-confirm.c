/*
 * email-confirm: GET /account/email/confirm?t=TOKEN
 * Where the link sent to a new e-mail address lands.  Mail scanners open
 * links before people do, so this page changes nothing: it names the new
 * address and shows one "Confirm" button whose POST (email-confirm-save)
 * uses the token.  Anyone holding the link may press it, signed in or not:
 * the link itself proves the address.
 * 200 the button | 410 malformed, unknown, used or expired token
 */
#include "linktoken.h"
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
	struct linktoken	 tok;
	enum db_rc		 rc;

	if (t == NULL)
		return page_link_invalid(r, LINK_EMAIL, false);
	rc = linktoken_peek(r->db, r->a, t, LINK_EMAIL, &tok);
	if (rc == DB_NOTFOUND || (rc == DB_OK && (tok.used != 0 ||
	    tok.expires <= r->now)))
		return page_link_invalid(r, LINK_EMAIL, false);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "token", t);
	tval_str(r->tv, "new_email", tok.data);
	return page_render(r, "email-confirm");
}

static const struct page PAGE = {
	.route = "GET /account/email/confirm",
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
