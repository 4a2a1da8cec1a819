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
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "agenda.h"
#include "appointment.h"
#include "apptview.h"
#include "page.h"
#include "tmpl.h"
#include "tz.h"
#include "util.h"
#include "view.h"

#define DAYS_AHEAD	14

enum { F_AGENDA, F_STATUS, F_FROM, F_TO, F_AFTER, F_BEFORE };

/* The filter form's fields: empty, or what each names. */
static bool
any_or_id(const char *s, size_t len)
{
	return len == 0 || valid_public_id(s, len);
}

static bool
any_or_status(const char *s, size_t len)
{
	return len == 0 || appointment_status_valid(s, len);
}

static bool
any_or_day(const char *s, size_t len)
{
	return len == 0 || valid_day(s, len);
}

static const struct field fields[] = {
	[F_AGENDA] = { "agenda", any_or_id, FIELD_STRICT, 22 },
	[F_STATUS] = { "status", any_or_status, FIELD_STRICT, 16 },
	[F_FROM] = { "from", any_or_day, FIELD_STRICT, 10 },
	[F_TO] = { "to", any_or_day, FIELD_STRICT, 10 },
	PAGE_PAGER_FIELDS(F_AFTER),
};

/* The day of field i (else today plus `plus`) as text, and in *start
 * the instant that day begins, or the next day when `end`. */
static const char *
day_of(struct req *r, size_t i, int plus, int64_t *start, int end)
{
	const char	*v = page_field(r, i);
	struct tm	 tm;
	int64_t		 dn;
	int		 y, m, d;

	if (v != NULL && day_parse(v, strlen(v), &y, &m, &d))
		dn = day_number(y, m, d);
	else {
		tz_local(NULL, r->now, &tm);
		dn = day_number(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday) + plus;
	}
	day_civil(dn + end, &y, &m, &d);
	*start = tz_utc(NULL, y, m, d, 0, 0);
	day_civil(dn, &y, &m, &d);
	return arena_printf(r->a, "%04d-%02d-%02d", y, m, d);
}

static enum db_rc
filters(struct req *r, const char *agenda, const char *status)
{
	struct agenda	*g;
	struct tval	*list, *v;
	const char	*st;
	size_t		 i, n;
	enum db_rc	 rc;

	if ((rc = agenda_list(r->db, r->a, true, &g, &n)) != DB_OK)
		return rc;
	list = tval_list(r->tv, "agendas");
	for (i = 0; i < n; i++) {
		v = tval_push(list);
		tval_str(v, "pid", g[i].pid);
		tval_str(v, "name", g[i].name);
		tval_bool(v, "selected", strcmp(g[i].pid, agenda) == 0);
		tval_bool(v, "archived", g[i].archived);
	}
	list = tval_list(r->tv, "statuses");
	for (i = 0; (st = appointment_status_name(i)) != NULL; i++) {
		v = tval_push(list);
		view_status(v, st);
		tval_bool(v, "selected", strcmp(st, status) == 0);
	}
	return DB_OK;
}

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
	from = day_of(r, F_FROM, 0, &t0, 0);
	to = day_of(r, F_TO, DAYS_AHEAD, &t1, 1);
	if ((rc = appointment_list(r->db, r->a, g.id, status, t0, t1, &ks,
	    &ap, &n, &pg)) != DB_OK || (rc = filters(r, agenda, status)) !=
	    DB_OK)
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
