/*
 * account-export: GET /portal/account/export
 * "Download my data": everything Porch holds about the signed-in customer
 * (lib/web/export.c says what that is) as one JSON file to save,
 * porch-data-YYYY-MM-DD.json.
 * 200 application/json attachment | 303 to /login when signed out
 */
#include "export.h"
#include "page.h"

static enum page_rc
export(struct req *r)
{
	struct buf	 b;
	enum db_rc	 rc;

	buf_init(&b, r->a);
	if ((rc = export_customer(r, &b)) != DB_OK)
		return page_db_fail(r, rc);
	/* the ISO time starts with the portal's date, YYYY-MM-DD */
	page_attachment(r, "application/json", arena_printf(r->a,
	    "porch-data-%.10s.json", page_time_iso(r, r->now)));
	if (r->status != 200)
		return PAGE_OK;
	buf_add(&r->body, b.data, b.len);
	return PAGE_OK;
}

static const struct page PAGE = {
	.route = "GET /portal/account/export",
	.need = NEED_CUSTOMER,
	.run = export,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
