/*
 * login-send: POST /login
 * Mails a magic sign-in link to the address given, when it belongs to a
 * customer of this office.  The answer is the same either way, so the form
 * does not tell who is a customer; asking is rate limited per address and
 * per client.
 * 200 "check your e-mail" | 422 invalid address | 429 too many requests
 */
#include <string.h>

#include "customer.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

enum { F_EMAIL, F_NEXT };

static const struct field fields[] = {
	[F_EMAIL] = { "email", valid_email, FIELD_TRIM | FIELD_LOWER, 254 },
	[F_NEXT] = { "next", valid_local_path, 0, 512 },
};

static enum page_rc
form_again(struct req *r)
{
	view_login_form(r, page_field(r, F_NEXT), r->fields[F_EMAIL].val, true,
	    NULL, false);
	return page_render_status(r, 422, "login");
}

static enum page_rc
send_link(struct req *r)
{
	struct customer	 c;
	const char	*email;
	enum db_rc	 rc;

	if (page_field(r, F_EMAIL) == NULL)
		return form_again(r);
	email = page_field(r, F_EMAIL);
	if (page_throttled(r, "login", email))
		return PAGE_OK;
	if ((rc = customer_by_email(r->db, r->a, email, &c)) == DB_OK)
		rc = page_mail_link(r, "magic-link", &c, page_field(r, F_NEXT), 0);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return page_db_fail(r, rc);
	tval_str(r->tv, "email", email);
	return page_render(r, "login-sent");
}

static const struct page PAGE = {
	.route = "POST /login",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = send_link,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
