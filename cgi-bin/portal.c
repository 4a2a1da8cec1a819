/*
 * portal: GET /portal
 * The signed-in customer's dashboard: their own upcoming appointments and
 * the sections for requests, offers, documents and tickets.
 * 200 | 303 to /login when signed out
 */
#include "page.h"
#include "tmpl.h"

#define UPCOMING_MAX	10

static void
appointment_values(struct req *r, struct tval *list,
    const struct appointment *ap)
{
	struct tval	*v = tval_push(list);

	tval_str(v, "id", ap->pid);
	tval_str(v, "project", ap->project);
	tval_str(v, "agenda", ap->agenda);
	tval_str(v, "when", page_time(r, ap->starts));
	tval_str(v, "when_iso", page_time_iso(r, ap->starts));
	tval_str(v, "until", page_time(r, ap->ends));
	tval_str(v, "location", ap->location);
	tval_str(v, "meeting_url", ap->meeting_url);
	tval_str(v, "status", ap->status);
	tval_bool(v, "invited", ap->status[0] == 'i');
	tval_bool(v, "requested", ap->status[0] == 'r');
}

static enum page_rc
dashboard(struct req *r)
{
	struct appointment	*ap;
	struct tval		*list;
	size_t			 i, n;
	enum db_rc		 rc;

	rc = appointment_upcoming(r->db, r->a, &r->who, r->now, UPCOMING_MAX,
	    &ap, &n);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	list = tval_list(r->tv, "appointments");
	for (i = 0; i < n; i++)
		appointment_values(r, list, &ap[i]);
	return page_render(r, "portal");
}

static const struct page PAGE = {
	.route = "GET /portal",
	.need = NEED_CUSTOMER,
	.run = dashboard,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
