/*
 * account-email: POST /portal/account/email
 * Starts changing the signed-in customer's e-mail address: a confirmation
 * link goes to the new address and a notice to the current one.  Nothing
 * changes until the link is used (email-confirm-save).  The answer is the
 * same whether or not the new address already belongs to another
 * customer, so the form does not tell who is a customer: a taken address
 * just gets no link.  Asking is rate limited per new address and client.
 * 303 to /portal/account?sent=1 | 422 the form again | 429 too many
 */
#include <string.h>

#include "customer.h"
#include "linktoken.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

#define CONFIRM_HOURS	24

static const struct field fields[] = {
	{ "email", valid_email, FIELD_TRIM | FIELD_LOWER, 254 },
};

static enum page_rc
form_again(struct req *r)
{
	const char	*typed = r->fields[0].val;

	tval_str(r->tv, "email", r->who.email);
	tval_str(r->tv, "new_email", typed != NULL ? typed : "");
	tval_bool(r->tv, "err_new_email", true);
	return page_render_status(r, 422, "account-email");
}

static enum db_rc
send_confirm(struct req *r, const struct customer *c, const char *email)
{
	struct tval	*mail;
	const char	*token;
	enum db_rc	 rc;

	rc = linktoken_create(r->db, r->a, c->id, LINK_EMAIL, email, r->now,
	    CONFIRM_HOURS * 3600, &token);
	if (rc != DB_OK)
		return rc;
	mail = tval_map(r->a);
	tval_str(mail, "name", c->name);
	tval_str(mail, "new_email", email);
	tval_str(mail, "link", arena_printf(r->a,
	    "%s/account/email/confirm?t=%s", r->portal->url, token));
	tval_int(mail, "hours", CONFIRM_HOURS);
	return page_mail(r, "email-confirm", email, mail);
}

static enum page_rc
change(struct req *r)
{
	struct customer	 c, other;
	struct tval	*notice;
	const char	*email;
	enum db_rc	 rc;

	if (page_field(r, 0) == NULL)
		return form_again(r);
	email = page_field(r, 0);
	if (page_throttled(r, "email", email))
		return PAGE_OK;
	if ((rc = customer_by_id(r->db, r->a, r->who.id, &c)) != DB_OK)
		return page_db_fail(r, rc);
	rc = customer_by_email_any(r->db, r->a, email, &other);
	if (rc == DB_NOTFOUND)
		rc = send_confirm(r, &c, email);
	else if (rc == DB_OK)
		rc = DB_NOTFOUND;	/* taken, or already theirs: no link */
	if (rc == DB_OK || rc == DB_NOTFOUND) {
		notice = tval_map(r->a);
		tval_str(notice, "name", c.name);
		tval_str(notice, "link", arena_printf(r->a,
		    "%s/portal/account", r->portal->url));
		rc = page_mail(r, "email-change-notice", c.email, notice);
	}
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, "/portal/account?sent=1");
}

static const struct page PAGE = {
	.route = "POST /portal/account/email",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = change,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
