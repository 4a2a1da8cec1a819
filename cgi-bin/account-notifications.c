/*
 * account-notifications: POST /portal/account/notifications
 * Saves which kinds of e-mail the signed-in customer wants: appointment
 * confirmations and reminders, and news about requests, offers and
 * documents.  Each is a checkbox sending "1"; a browser leaves an
 * unchecked box out, so absent means no.  Mail about signing in and the
 * account itself has no setting here: it is always sent.
 * 303 to /portal/account?saved=1 | 400 a box with any other value
 */
#include "customer.h"
#include "page.h"
#include "util.h"

enum { F_APPOINTMENTS, F_UPDATES };

static const struct field fields[] = {
	[F_APPOINTMENTS] = { "appointments", valid_flag, 0, 1 },
	[F_UPDATES] = { "updates", valid_flag, 0, 1 },
};

static enum page_rc
save(struct req *r)
{
	struct customer_prefs	 p;
	enum db_rc		 rc;

	if ((r->fields[F_APPOINTMENTS].val != NULL &&
	    !page_field_ok(r, F_APPOINTMENTS)) ||
	    (r->fields[F_UPDATES].val != NULL && !page_field_ok(r, F_UPDATES)))
		return page_status(r, 400);
	p.appointments = page_field_ok(r, F_APPOINTMENTS);
	p.updates = page_field_ok(r, F_UPDATES);
	if ((rc = customer_set_notifications(r->db, &r->who, &p)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, "/portal/account?saved=1");
}

static const struct page PAGE = {
	.route = "POST /portal/account/notifications",
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
