/*
 * account-deletion: POST /portal/account/deletion
 * The signed-in customer asks for their personal data to be deleted
 * (action=request) or takes back their open request (action=cancel).
 * Asking is destructive in the end, so it takes a confirming step: without
 * confirm=yes the answer is a page that says what will happen, with the
 * button that asks for real.  The team processes requests
 * (team-deletion-process); nothing is deleted here.  Asking twice, or cancelling with nothing open, changes
 * nothing and lands on the account page like success, which shows the
 * request as it stands.
 * 303 to /portal/account | 200 the confirming step | 400 unknown action
 */
#include <string.h>

#include "deletion.h"
#include "page.h"
#include "util.h"

enum { F_ACTION, F_CONFIRM };

static const struct field fields[] = {
	[F_ACTION] = { "action", valid_word, 0, 16 },
	[F_CONFIRM] = { "confirm", valid_word, 0, 8 },
};

static enum page_rc
deletion(struct req *r)
{
	const char	*action, *pid;
	enum db_rc	 rc;

	if ((action = page_field(r, F_ACTION)) == NULL)
		return page_status(r, 400);
	if (strcmp(action, "request") == 0 && !page_confirmed(r, F_CONFIRM))
		return page_render(r, "account-deletion-confirm");
	if (strcmp(action, "request") == 0)
		rc = deletion_request(r->db, r->a, &r->who, r->now, &pid);
	else if (strcmp(action, "cancel") == 0)
		rc = deletion_cancel(r->db, &r->who, r->now);
	else
		return page_status(r, 400);
	if (rc != DB_OK && rc != DB_CONFLICT && rc != DB_NOTFOUND)
		return page_db_fail(r, rc);
	return page_redirect(r, "/portal/account");
}

static const struct page PAGE = {
	.route = "POST /portal/account/deletion",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = deletion,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
