/*
 * team-appointments: GET /team/appointments[?agenda=ID][&customer=ID]
 *     [&status=S][&from=DAY][&to=DAY][&after=C|&before=C]
 * The office's appointments for its team, in the order they start, 20 a
 * page: when (in the agenda's own zone), the customer (linked), the
 * project, the agenda, the status, where the booking came from and who
 * on the team made it.  Filters: one agenda, one customer (the link from
 * a customer's page), one status, and the days from and to (both
 * included).  The days are the office's (the process's time zone),
 * whatever the agendas' zones: one range for a list that spans agendas,
 * from today to 14 days on unless asked, or for one customer from a year
 * back to a year on.  The filter form sends every field, an empty one
 * meaning "any" (or the default day).  An unknown agenda or customer, a
 * status that is none, a malformed day or cursor is 400.
 * Members without portal access get 403 from the loop.
 * 200 | 400 | 403 | 303 to /team/login when signed out
 */
#include "agenda.h"
#include "appointment.h"
#include "apptview.h"
#include "customer.h"
#include "page.h"
#include "tmpl.h"
#include "view.h"

#define DAYS_AHEAD	14
#define DAYS_AROUND	366	/* one customer's: back and on */

enum { F_AGENDA, F_CUSTOMER, F_STATUS, F_FROM, F_TO, F_AFTER, F_BEFORE };

static const struct field fields[] = {
	[F_AGENDA] = { "agenda", apptview_valid_id_or_none, FIELD_STRICT, 22 },
	[F_CUSTOMER] = { "customer", apptview_valid_id_or_none, FIELD_STRICT,
	    22 },
	[F_STATUS] = { "status", apptview_valid_status_or_any, FIELD_STRICT,
	    16 },
	[F_FROM] = { "from", apptview_valid_day_or_none, FIELD_STRICT, 10 },
	[F_TO] = { "to", apptview_valid_day_or_none, FIELD_STRICT, 10 },
	PAGE_PAGER_FIELDS(F_AFTER),
};

static enum page_rc
team_appointments(struct req *r)
{
	struct appointment_filter f = { 0 };
	struct appointment	*ap;
	struct agenda		 g;
	struct customer		 c;
	struct keyset		 ks;
	struct keyset_page	 pg;
	struct tval		*list;
	const char		*agenda, *cust, *from, *to;
	size_t			 i, n;
	int			 back, on;
	enum db_rc		 rc;

	if (!page_keyset(r, F_AFTER, APPOINTMENT_PAGE, &ks))
		return page_status(r, 400);
	agenda = page_field(r, F_AGENDA) != NULL ? page_field(r, F_AGENDA) : "";
	cust = page_field(r, F_CUSTOMER) != NULL ?
	    page_field(r, F_CUSTOMER) : "";
	f.status = page_field(r, F_STATUS) != NULL ?
	    page_field(r, F_STATUS) : "";
	if (*agenda != '\0' && (rc = agenda_by_pid(r->db, r->a, agenda,
	    &g)) != DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 400) :
		    page_db_fail(r, rc);
	if (*cust != '\0' && (rc = customer_by_pid(r->db, r->a, cust,
	    &c)) != DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 400) :
		    page_db_fail(r, rc);
	f.agenda_id = *agenda != '\0' ? g.id : 0;
	f.customer_id = *cust != '\0' ? c.id : 0;
	back = f.customer_id != 0 ? -DAYS_AROUND : 0;
	on = f.customer_id != 0 ? DAYS_AROUND : DAYS_AHEAD;
	from = apptview_day(r, page_field(r, F_FROM), back, false, &f.from);
	to = apptview_day(r, page_field(r, F_TO), on, true, &f.to);
	if ((rc = appointment_list(r->db, r->a, &f, &ks, &ap, &n,
	    &pg)) != DB_OK || (rc = apptview_filters(r, agenda,
	    f.status)) != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "customer_pid", f.customer_id != 0 ? c.pid : "");
	tval_str(r->tv, "customer_name", f.customer_id == 0 ? "" :
	    *c.name != '\0' ? c.name : c.email);	/* as their page is named */
	tval_str(r->tv, "from", from);
	tval_str(r->tv, "to", to);
	tval_bool(r->tv, "filtered", *agenda != '\0' || *f.status != '\0');
	list = tval_list(r->tv, "appointments");
	for (i = 0; i < n; i++)
		apptview_values(r, tval_push(list), &ap[i]);
	view_pager(r, "/team/appointments", &pg, "agenda", agenda, "customer",
	    cust, "status", f.status, "from", from, "to", to, NULL);
	return page_render(r, "team-appointments");
}

static const struct page PAGE = {
	.route = "GET /team/appointments",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_appointments,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
