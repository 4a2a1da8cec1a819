/*
 * logout: POST /logout
 * Ends the current session: the row is deleted and the cookie cleared.
 * 303 to the home page, which says the browser signed out
 */
#include "page.h"

static enum page_rc
sign_out(struct req *r)
{
	page_sign_out(r);
	if (r->status >= 400)
		return PAGE_OK;
	return page_redirect(r, "/?signed_out=1");
}

static const struct page PAGE = {
	.route = "POST /logout",
	.need = NEED_CUSTOMER,
	.run = sign_out,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
