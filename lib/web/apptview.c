/*
 * apptview: the team's values of one appointment (see apptview.h).
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

static const char *const sources[] = { "portal", "link", "embed", "team" };

void
apptview_values(struct req *r, struct tval *v, const struct appointment *ap)
{
	const char	*z = ap->zone;
	bool		 agent = r->who.role >= ROLE_AGENT;
	size_t		 i;

	tval_str(v, "id", ap->pid);
	tval_str(v, "customer", *ap->customer != '\0' ? ap->customer :
	    ap->customer_email);
	tval_str(v, "customer_id", ap->customer_pid);
	tval_str(v, "project", ap->project);
	tval_str(v, "project_id", ap->project_pid);
	tval_str(v, "agenda", ap->agenda);
	tval_str(v, "agenda_id", ap->agenda_pid);
	tval_str(v, "when", page_time_in(r, ap->starts, z, PAGE_TIME_LONG));
	tval_str(v, "when_iso", page_time_in(r, ap->starts, z, PAGE_TIME_ISO));
	tval_str(v, "until_time", page_time_in(r, ap->ends, z,
	    PAGE_TIME_CLOCK));
	tval_str(v, "zone", page_time_in(r, ap->starts, z, PAGE_TIME_ZONE));
	tval_str(v, "location", ap->location);
	tval_str(v, "meeting_url", ap->meeting_url);
	tval_str(v, "member", ap->member);
	tval_str(v, "reason", ap->cancel_reason);
	tval_str(v, "created", page_time(r, ap->created));
	tval_str(v, "created_iso", page_time_iso(r, ap->created));
	tval_str(v, "updated", page_time(r, ap->updated));
	tval_str(v, "updated_iso", page_time_iso(r, ap->updated));
	tval_bool(v, "was_changed", ap->updated != ap->created);
	view_status(v, ap->status);
	for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
		tval_bool(v, arena_printf(r->a, "src_%s", sources[i]),
		    strcmp(ap->source, sources[i]) == 0);
	tval_bool(v, "can_change", agent && appointment_changeable(ap,
	    &r->who, r->now));
	/* marking what has not begun yet would only be a slip */
	tval_bool(v, "can_mark", agent && strcmp(ap->status,
	    "confirmed") == 0 && ap->starts <= r->now);
}

bool
apptview_load(struct req *r, struct appointment *ap)
{
	enum db_rc	 rc;

	rc = appointment_get(r->db, r->a, &r->who, page_param(r, 0), ap);
	if (rc == DB_NOTFOUND)
		page_status(r, 404);
	else if (rc != DB_OK)
		page_db_fail(r, rc);
	return rc == DB_OK;
}

enum page_rc
apptview_conflict(struct req *r, const struct appointment *ap, bool gone)
{
	apptview_values(r, r->tv, ap);
	tval_bool(r->tv, "gone", gone);
	return page_render_status(r, 409, "team-appointment-conflict");
}

bool
apptview_valid_id_or_none(const char *s, size_t len)
{
	return len == 0 || valid_public_id(s, len);
}

bool
apptview_valid_status_or_any(const char *s, size_t len)
{
	return len == 0 || appointment_status_valid(s, len);
}

bool
apptview_valid_day_or_none(const char *s, size_t len)
{
	return len == 0 || valid_day(s, len);
}

enum db_rc
apptview_filters(struct req *r, const char *agenda, const char *status)
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

const char *
apptview_day(struct req *r, const char *day, int plus, bool end,
    int64_t *start)
{
	struct tm	 tm;
	int64_t		 dn;
	int		 y, m, d;

	if (day != NULL && day_parse(day, strlen(day), &y, &m, &d))
		dn = day_number(y, m, d);
	else {
		tz_local(NULL, r->now, &tm);
		dn = day_number(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday) + plus;
	}
	day_civil(dn + (end ? 1 : 0), &y, &m, &d);
	*start = tz_utc(NULL, y, m, d, 0, 0);
	day_civil(dn, &y, &m, &d);
	return arena_printf(r->a, "%04d-%02d-%02d", y, m, d);
}
