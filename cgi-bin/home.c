/*
 * home: GET /[?signed_out=1]
 * The front door of a portal: its name and the way in (sign in, or the
 * dashboard when already signed in).  signed_out=1, where signing out
 * lands, says the browser signed out, unless it is signed in again.
 * 200
 */
#include "page.h"
#include "util.h"

static const struct field fields[] = {
	{ "signed_out", valid_flag, 0, 1 },
};

static enum page_rc
home(struct req *r)
{
	if (page_field(r, 0) != NULL && r->who.kind == PRINCIPAL_NONE)
		page_flash(r, FLASH_SIGNED_OUT);
	return page_render(r, "home");
}

static const struct page PAGE = {
	.route = "GET /",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = home,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
