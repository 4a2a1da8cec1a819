/*
 * login: GET /login[?next=/path]
 * The sign-in form: the customer asks for a magic link by e-mail.
 * 200
 */
#include "page.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "next", valid_local_path, 0, 512 },
};

static enum page_rc
login(struct req *r)
{
	const char	*next = page_field(r, 0);

	tval_str(r->tv, "next", next != NULL ? next : "");
	tval_str(r->tv, "email", "");
	tval_bool(r->tv, "err_email", false);
	return page_render(r, "login");
}

static const struct page PAGE = {
	.route = "GET /login",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = login,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
