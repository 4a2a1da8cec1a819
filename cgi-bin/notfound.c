/*
 * notfound: ANY *
 * Every request no route claims: 404, or 405 with Allow when the web server
 * says the path exists under other methods (PORCH_ALLOW), or the error page
 * the web server asks for (PORCH_STATUS: 413, 500, 502, 503, 504).  It
 * changes nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "page.h"

static int
server_status(const char *s)
{
	int	 st = s != NULL ? atoi(s) : 0;

	switch (st) {
	case 413:
	case 500:
		return st;
	case 502:
	case 503:
	case 504:
		return 503;
	default:
		return 0;
	}
}

static enum page_rc
notfound(struct req *r)
{
	const char	*allow = page_env(r, "PORCH_ALLOW");
	int		 st = server_status(page_env(r, "PORCH_STATUS"));

	if (st != 0)
		return page_status(r, st);
	if (allow != NULL && *allow != '\0' && page_header(r, "Allow", allow))
		return page_status(r, 405);
	return page_status(r, 404);
}

static const struct page PAGE = {
	.route = "ANY *",
	.need = NEED_PUBLIC,
	.run = notfound,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
