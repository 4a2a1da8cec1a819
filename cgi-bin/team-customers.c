/*
 * team-customers: GET /team/customers[?q=TEXT][&page=N]
 * The office's customers for its team: a search box (a part of the name
 * or e-mail address, any case) and one page of 25 matches ordered by
 * name, each with e-mail address, phone and whether the customer is
 * active or only invited, linking to the customer's page.  Previous and
 * next links keep the search.  A page number past the end shows an empty
 * page with a link back, never an error.  Members without portal access
 * get 403 from the loop.
 * 200 | 403 | 303 to /team/login when signed out
 */
#include "customer.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

#define PER_PAGE	25

enum { F_Q, F_PAGE };

static const struct field fields[] = {
	[F_Q] = { "q", valid_any, FIELD_TRIM | FIELD_STRICT, 200 },
	[F_PAGE] = { "page", valid_page_number, FIELD_STRICT, 4 },
};

static enum page_rc
team_customers(struct req *r)
{
	struct customer	*c;
	struct tval	*list;
	const char	*q;
	long		 page;
	size_t		 i, n, total;
	enum db_rc	 rc;

	page = page_number(r, F_PAGE);
	q = page_field(r, F_Q) != NULL ? page_field(r, F_Q) : "";
	if ((rc = customer_search(r->db, r->a, q, (size_t)(page - 1) * PER_PAGE,
	    PER_PAGE, &c, &n, &total)) != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "q", q);
	view_pager(r, "/team/customers", "q", q, page, PER_PAGE, total);
	list = tval_list(r->tv, "customers");
	for (i = 0; i < n; i++)
		view_customer(tval_push(list), &c[i]);
	return page_render(r, "team-customers");
}

static const struct page PAGE = {
	.route = "GET /team/customers",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_customers,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
