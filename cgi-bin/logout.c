/*
 * logout: POST /logout
 * Ends the current session: the row is deleted and the cookie cleared.
 * 303 to the home page
 */
#include "page.h"
#include "util.h"

static const struct field fields[] = {
	{ "csrf", valid_token, FIELD_REQUIRED, 0 },
};

static enum page_rc
sign_out(struct req *r)
{
	page_sign_out(r);
	if (r->status >= 400)
		return PAGE_OK;
	return page_redirect(r, "/");
}

static const struct page PAGE = {
	.route = "POST /logout",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = sign_out,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
