/*
 * slotweek: a week of one agenda's free slots as template values (see
 * slotweek.h).  The slots come from slot_list, so what a page offers is
 * exactly what a booking or a move would accept at this moment.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agenda.h"
#include "page.h"
#include "slot.h"
#include "slotweek.h"
#include "tmpl.h"
#include "tz.h"
#include "util.h"

/* Today in the process's zone, as a day number. */
static int64_t
today(const struct req *r)
{
	struct tm	 tm;

	tz_local(NULL, r->now, &tm);
	return day_number(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int64_t
slotweek_first(struct req *r, const char *day)
{
	int	 y, m, d;

	if (day != NULL && day_parse(day, strlen(day), &y, &m, &d))
		return day_number(y, m, d);
	return today(r);
}

const char *
slotweek_day_text(struct arena *a, int64_t n)
{
	int	 y, m, d;

	day_civil(n, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

/* A day as people read it ("Mon 7 Dec 2026"), in the process's zone. */
static const char *
day_label(struct req *r, int64_t n)
{
	int	 y, m, d;

	day_civil(n, &y, &m, &d);
	return page_time_in(r, tz_utc(NULL, y, m, d, 12, 0), NULL,
	    PAGE_TIME_DAY);
}

void
slotweek_nav(struct req *r, int64_t first, const char *link)
{
	tval_str(r->tv, "week", slotweek_day_text(r->a, first));
	tval_str(r->tv, "week_from", day_label(r, first));
	tval_str(r->tv, "week_to", day_label(r, first + SLOTWEEK_DAYS - 1));
	tval_str(r->tv, "prev_week", first > today(r) ? arena_printf(r->a,
	    "%sweek=%s", link, slotweek_day_text(r->a, first - SLOTWEEK_DAYS)) : "");
	tval_str(r->tv, "next_week", arena_printf(r->a, "%sweek=%s", link,
	    slotweek_day_text(r->a, first + SLOTWEEK_DAYS)));
}

enum db_rc
slotweek_days(struct req *r, struct tval *map, const struct agenda *g,
    int64_t first, int64_t ignore, size_t *n, int64_t *first_at)
{
	struct slot	*sl;
	struct tval	*days, *day = NULL, *list = NULL, *v;
	struct tm	 tm;
	int64_t		 wall, last_day = 0, dayn;
	size_t		 ns, i;
	enum db_rc	 rc;

	*n = 0;
	*first_at = 0;
	if ((rc = slot_list(r->db, r->a, g, first, SLOTWEEK_DAYS, r->now,
	    ignore, &sl, &ns)) != DB_OK)
		return rc;
	days = tval_list(map, "days");
	for (i = 0; i < ns; i++) {
		/* each start's wall clock in the agenda's zone (the slot
		 * knows it); the names of its day once a day */
		wall = sl[i].wall;
		dayn = day_of(wall);
		if (day == NULL || dayn != last_day) {
			tz_local(g->zone, sl[i].starts, &tm);
			day = tval_push(days);
			tval_str(day, "date", page_time_form(r->a, r->tmpl, &tm,
			    PAGE_TIME_DATE));
			tval_str(day, "day", page_time_form(r->a, r->tmpl, &tm,
			    PAGE_TIME_DAY));
			tval_str(day, "zone", page_time_form(r->a, r->tmpl, &tm,
			    PAGE_TIME_ZONE));
			list = tval_list(day, "slots");
			last_day = dayn;
		}
		v = tval_push(list);
		tval_str(v, "start", page_decimal(r->a, sl[i].starts));
		tval_str(v, "clock", page_time_wall(r->a, wall,
		    wall - sl[i].starts, PAGE_TIME_CLOCK));
		tval_str(v, "iso", page_time_wall(r->a, wall,
		    wall - sl[i].starts, PAGE_TIME_ISO));
	}
	tval_bool(map, "has_slots", ns > 0);
	if (ns > 0)
		*first_at = sl[0].starts;
	*n = ns;
	return DB_OK;
}

enum db_rc
slotweek_values(struct req *r, struct tval *map, const struct agenda *g,
    int64_t first, int64_t ignore, size_t *n)
{
	int64_t		 at;
	enum db_rc	 rc;

	if ((rc = slotweek_days(r, map, g, first, ignore, n, &at)) != DB_OK)
		return rc;
	tval_str(map, "zone", *n > 0 ? page_time_in(r, at, g->zone,
	    PAGE_TIME_ZONE) : "");
	return DB_OK;
}

bool
slotweek_valid_start(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > SLOTWEEK_START_MAX || s[0] == '0')
		return false;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int64_t
slotweek_start(const char *s)
{
	return s != NULL ? strtoll(s, NULL, 10) : 0;
}
