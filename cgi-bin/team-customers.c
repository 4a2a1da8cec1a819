/*
 * team-customers: GET /team/customers[?q=TEXT][&after=C|&before=C]
 * The office's customers for its team: a search box (a part of the name
 * or e-mail address, any case), how many match (up to 1,000+) and one
 * page of 25 matches ordered by name, each with e-mail address, phone and
 * whether the customer is active or only invited, linking to the
 * customer's page.  The pager links keep the search.  A cursor that is
 * not one is 400; one past the end shows an empty page with a link to the
 * first.  Members without portal access get 403 from the loop.
 * 200 | 400 | 403 | 303 to /team/login when signed out
 */
#include "customer.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

#define PER_PAGE	25

enum { F_Q, F_AFTER, F_BEFORE };

static const struct field fields[] = {
	[F_Q] = { "q", valid_any, FIELD_TRIM | FIELD_STRICT, 200 },
	PAGE_PAGER_FIELDS(F_AFTER),
};

static enum page_rc
team_customers(struct req *r)
{
	struct customer		*c;
	struct tval		*list;
	struct keyset		 ks;
	struct keyset_page	 pg;
	const char		*q;
	size_t			 i, n;
	enum db_rc		 rc;

	if (!page_keyset(r, F_AFTER, PER_PAGE, &ks))
		return page_status(r, 400);
	q = page_field(r, F_Q) != NULL ? page_field(r, F_Q) : "";
	if ((rc = customer_search(r->db, r->a, q, &ks, &c, &n, &pg)) != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "q", q);
	view_pager(r, "/team/customers", &pg, "q", q, NULL);
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
