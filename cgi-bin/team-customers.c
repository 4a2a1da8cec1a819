/*
 * team-customers: GET /team/customers[?q=TEXT][&page=N]
 * The office's customers for its team: a search box (a part of the name
 * or e-mail address, any case) and one page of 25 matches ordered by
 * name, each with e-mail address, phone and whether the customer is
 * active or only invited, linking to the customer's page.  Previous and
 * next links keep the search.  A page number past the end shows an empty
 * page with a link back, never an error.
 * 200 | 303 to /team/login when signed out
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "tmpl.h"
#include "util.h"

#define PER_PAGE	25

enum { F_Q, F_PAGE };

static const struct field fields[] = {
	[F_Q] = { "q", valid_any, FIELD_TRIM | FIELD_STRICT, 200 },
	[F_PAGE] = { "page", valid_page_number, FIELD_STRICT, 4 },
};

/* The search as a query-string value: unreserved bytes as they are,
 * everything else percent-encoded (UTF-8 bytes included). */
static const char *
query_value(struct arena *a, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	char			*out, *o;
	unsigned char		 c;

	o = out = arena_alloc(a, 3 * strlen(s) + 1);
	for (; (c = (unsigned char)*s) != '\0'; s++) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			*o++ = (char)c;
		else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

/* "/team/customers?q=..&page=N", or "" when there is no such page. */
static const char *
page_link(struct req *r, const char *q, long page, bool exists)
{
	if (!exists)
		return "";
	return arena_printf(r->a, "/team/customers?%s%s%spage=%ld",
	    *q != '\0' ? "q=" : "", *q != '\0' ? query_value(r->a, q) : "",
	    *q != '\0' ? "&" : "", page);
}

static void
customer_values(struct tval *list, const struct customer *c)
{
	struct tval	*v = tval_push(list);

	tval_str(v, "pid", c->pid);
	tval_str(v, "name", c->name);
	tval_str(v, "email", c->email);
	tval_str(v, "phone", c->phone);
	tval_bool(v, "active", c->active);
}

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
	tval_int(r->tv, "total", (long long)total);
	tval_int(r->tv, "page", page);
	tval_int(r->tv, "pages",
	    (long long)((total + PER_PAGE - 1) / PER_PAGE));
	tval_str(r->tv, "prev", page_link(r, q, page - 1, page > 1));
	tval_str(r->tv, "next", page_link(r, q, page + 1,
	    (size_t)page * PER_PAGE < total));
	list = tval_list(r->tv, "customers");
	for (i = 0; i < n; i++)
		customer_values(list, &c[i]);
	return page_render(r, "team-customers");
}

static const struct page PAGE = {
	.route = "GET /team/customers",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_customers,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
