/*
 * password-forgot-send: POST /password/forgot
 * Mails a link to choose a new password to the address given, when it
 * belongs to an active customer.  The answer is the same either way, so
 * the form does not tell who is a customer; asking is rate limited per
 * address and per client.  Nothing about the account changes here: the
 * old password keeps working until the link is used.
 * 200 "check your e-mail" | 404 on a portal without passwords | 422
 * invalid address | 429 too many requests
 */
#include "customer.h"
#include "linktoken.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

#define RESET_MINUTES	30

static const struct field fields[] = {
	{ "email", valid_email, FIELD_TRIM | FIELD_LOWER, 254 },
};

static enum page_rc
form_again(struct req *r)
{
	const char	*typed = r->fields[0].val;

	tval_str(r->tv, "email", typed != NULL ? typed : "");
	tval_bool(r->tv, "err_email", true);
	return page_render_status(r, 422, "password-forgot");
}

static enum db_rc
send_link(struct req *r, const struct customer *c)
{
	struct principal	 who = customer_principal(c);

	return page_mail_account_link(r, "password-reset", &who, LINK_RESET,
	    "/password/reset", RESET_MINUTES * 60, NULL);
}

static enum page_rc
forgot(struct req *r)
{
	struct customer	 c;
	const char	*email;
	enum db_rc	 rc;

	if ((r->portal->signin & SIGNIN_PASSWORD) == 0)
		return page_status(r, 404);
	if (page_field(r, 0) == NULL)
		return form_again(r);
	email = page_field(r, 0);
	if (page_throttled(r, "reset", email))
		return PAGE_OK;
	if ((rc = customer_by_email(r->db, r->a, email, &c)) == DB_OK)
		rc = send_link(r, &c);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return page_db_fail(r, rc);
	tval_str(r->tv, "email", email);
	tval_int(r->tv, "minutes", RESET_MINUTES);
	return page_render(r, "password-forgot-sent");
}

static const struct page PAGE = {
	.route = "POST /password/forgot",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = forgot,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
