/*
 * account-save: POST /portal/account
 * Saves the signed-in customer's own name and phone number.  Both are
 * trimmed first, so a name of spaces is no name; an empty phone removes
 * the number.  The e-mail address is not changed here.
 * 303 to /portal/account?saved=1 | 422 the form again with what was typed
 * and a message at each field that could not be used
 */
#include "customer.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

enum { F_NAME, F_PHONE };

static const struct field fields[] = {
	/* valid_name allows 200 characters, of up to 4 bytes each */
	[F_NAME] = { "name", valid_name, FIELD_TRIM, 800 },
	[F_PHONE] = { "phone", valid_phone, FIELD_TRIM, 40 },
};

static enum page_rc
form_again(struct req *r, bool name_ok, bool phone_ok)
{
	const char	*name = r->fields[F_NAME].val;
	const char	*phone = r->fields[F_PHONE].val;

	tval_str(r->tv, "name", name != NULL ? name : "");
	tval_str(r->tv, "phone", phone != NULL ? phone : "");
	tval_str(r->tv, "email", r->who.email);
	tval_bool(r->tv, "err_name", !name_ok);
	tval_bool(r->tv, "err_phone", !phone_ok);
	return page_render_status(r, 422, "account-details");
}

static enum page_rc
save(struct req *r)
{
	const char	*name = page_field(r, F_NAME);
	const char	*phone = page_field(r, F_PHONE);
	bool		 phone_absent = r->fields[F_PHONE].val == NULL;
	enum db_rc	 rc;

	if (name == NULL || (phone == NULL && !phone_absent))
		return form_again(r, name != NULL, phone != NULL || phone_absent);
	rc = customer_update(r->db, &r->who, name, phone != NULL ? phone : "");
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, "/portal/account?saved=1");
}

static const struct page PAGE = {
	.route = "POST /portal/account",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = save,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
