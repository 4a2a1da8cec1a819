/*
 * home: GET /
 * The front door of a portal: its name and the way in (sign in, or the
 * dashboard when already signed in).
 * 200
 */
#include "page.h"

static enum page_rc
home(struct req *r)
{
	return page_render(r, "home");
}

static const struct page PAGE = {
	.route = "GET /",
	.need = NEED_PUBLIC,
	.run = home,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
