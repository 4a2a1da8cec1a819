/*
 * team-appointments: GET /team/appointments[?agenda=ID][&status=S]
 *     [&from=DAY][&to=DAY][&after=C|&before=C]
 * The office's appointments for its team, in the order they start, 20 a
 * page: when (in the agenda's own zone), the customer (linked), the
 * project, the agenda, the status, where the booking came from and who
 * on the team made it.  Filters: one agenda, one status, and the days
 * from and to (both included).  The days are the office's (the process's
 * time zone), whatever the agendas' zones: one range for a list that
 * spans agendas, from today to 14 days on unless asked.  The filter form
 * sends every field, an empty one meaning "any" (or the default day).  An
 * unknown agenda, a status that is none, a malformed day or cursor is 400.
 * Members without portal access get 403 from the loop.
 * 200 | 400 | 403 | 303 to /team/login when signed out
 */
#include "agenda.h"
#include "appointment.h"
#include "apptview.h"
#include "page.h"
#include "tmpl.h"
#include "view.h"

#define DAYS_AHEAD	14

enum { F_AGENDA, F_STATUS, F_FROM, F_TO, F_AFTER, F_BEFORE };

static const struct field fields[] = {
	[F_AGENDA] = { "agenda", apptview_valid_id_or_none, FIELD_STRICT, 22 },
	[F_STATUS] = { "status", apptview_valid_status_or_any, FIELD_STRICT,
	    16 },
	[F_FROM] = { "from", apptview_valid_day_or_none, FIELD_STRICT, 10 },
	[F_TO] = { "to", apptview_valid_day_or_none, FIELD_STRICT, 10 },
	PAGE_PAGER_FIELDS(F_AFTER),
};

static enum page_rc
team_appointments(struct req *r)
{
	struct appointment	*ap;
	struct agenda		 g;
	struct keyset		 ks;
	struct keyset_page	 pg;
	struct tval		*list;
	const char		*agenda, *status, *from, *to;
	int64_t			 t0, t1;
	size_t			 i, n;
	enum db_rc		 rc;

	if (!page_keyset(r, F_AFTER, APPOINTMENT_PAGE, &ks))
		return page_status(r, 400);
	agenda = page_field(r, F_AGENDA) != NULL ? page_field(r, F_AGENDA) : "";
	status = page_field(r, F_STATUS) != NULL ? page_field(r, F_STATUS) : "";
	g.id = 0;
	if (*agenda != '\0' && (rc = agenda_by_pid(r->db, r->a, agenda,
	    &g)) != DB_OK)
		return rc == DB_NOTFOUND ? page_status(r, 400) :
		    page_db_fail(r, rc);
	from = apptview_day(r, page_field(r, F_FROM), 0, false, &t0);
	to = apptview_day(r, page_field(r, F_TO), DAYS_AHEAD, true, &t1);
	if ((rc = appointment_list(r->db, r->a, g.id, status, t0, t1, &ks,
	    &ap, &n, &pg)) != DB_OK || (rc = apptview_filters(r, agenda,
	    status)) != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "from", from);
	tval_str(r->tv, "to", to);
	tval_bool(r->tv, "filtered", *agenda != '\0' || *status != '\0');
	list = tval_list(r->tv, "appointments");
	for (i = 0; i < n; i++)
		apptview_values(r, tval_push(list), &ap[i]);
	view_pager(r, "/team/appointments", &pg, "agenda", agenda, "status",
	    status, "from", from, "to", to, NULL);
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
