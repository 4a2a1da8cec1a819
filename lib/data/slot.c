/*
 * slot: the times an agenda offers (slot.h).
 *
 * A day's open minutes are a map of 1,440: the weekly hours of its
 * weekday set them, the day's exceptions add or clear them.  Slots are
 * laid from the start of each open stretch; each local start becomes an
 * instant in the agenda's zone (tz.h), and a start that does not exist
 * that day (the hour skipped when clocks go forward) is not offered.
 * The appointments that hold places are read once for the whole range
 * from the index on (agenda, start).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "agenda.h"
#include "arena.h"
#include "db.h"
#include "calsync.h"
#include "slot.h"
#include "tz.h"
#include "util.h"

/* Longest appointment: max_slots slots of the longest length. */
#define LONGEST	(8 * 480 * 60)
/* Appointments read for one range: past this, the range is full anyway. */
#define TAKEN_MAX	20000

static const struct db_sql q_taken = { "slot.taken",
    "SELECT starts, ends FROM appointments WHERE agenda_id = ? "
    "AND starts >= ? AND starts < ? AND id <> ? "
    "AND (status = 'confirmed' OR status = 'requested' OR "
    "status = 'completed' OR status = 'no_show') "
    "ORDER BY starts LIMIT ?" };

struct taken {
	int64_t	 starts, ends;
};

int64_t
slot_today(const struct agenda *g, int64_t now)
{
	struct tm	 tm;

	tz_local(g->zone, now, &tm);
	return day_number(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The open minutes of one local day. */
static void
day_open(const struct agenda *g, const struct agenda_hours *h, size_t nh,
    const struct agenda_exception *x, size_t nx, int64_t day, bool open[1440])
{
	char	 text[11];
	int	 y, m, d, wd = (int)(((day + 4) % 7 + 7) % 7);
	size_t	 i;

	(void)g;
	memset(open, 0, 1440);
	for (i = 0; i < nh; i++)
		if (h[i].weekday == wd)
			memset(open + h[i].opens, 1, (size_t)(h[i].closes -
			    h[i].opens));
	day_civil(day, &y, &m, &d);
	snprintf(text, sizeof(text), "%04d-%02d-%02d", y, m, d);
	/* added hours first, so a day closed and given hours back reads as
	 * the office meant: closed, except those */
	for (i = 0; i < nx; i++)
		if (x[i].open && strcmp(x[i].day, text) == 0)
			memset(open + x[i].opens, 1, (size_t)(x[i].closes -
			    x[i].opens));
	for (i = 0; i < nx; i++)
		if (!x[i].open && strcmp(x[i].day, text) == 0)
			memset(open + x[i].opens, 0, (size_t)(x[i].closes -
			    x[i].opens));
}

/* Adds the slots of one day to *out.  A wall clock is the day's
 * midnight, as if it were UTC, plus its minutes; a time the clocks skip
 * comes back from the zone as another wall clock, and is left out. */
static void
day_slots(struct arena *a, const struct agenda *g, int64_t day,
    const bool open[1440], struct slot **out, size_t *n)
{
	const char	*m = (const char *)open, *p;
	int		 i = 0, e, t;
	int		 len = g->slot_minutes, step = len + g->buffer_minutes;
	int64_t		 at, w;

	/* each run of open minutes, found a word at a time by memchr */
	while (i < 1440 && (p = memchr(m + i, 1, (size_t)(1440 - i))) !=
	    NULL) {
		i = (int)(p - m);
		e = (p = memchr(m + i, 0, (size_t)(1440 - i))) != NULL ?
		    (int)(p - m) : 1440;
		for (t = i; t + len <= e; t += step) {
			w = day * 86400 + (int64_t)t * 60;
			at = tz_utc_wall(g->zone, w);
			if (tz_wall(g->zone, at) != w)
				continue;	/* skipped by the clocks */
			*out = arena_grow(a, *out, *n, sizeof(**out));
			(*out)[*n].starts = at;
			(*out)[*n].wall = w;
			(*out)[*n].ends = at + (int64_t)len * 60;
			(*out)[(*n)++].free = g->capacity;
		}
		i = e;
	}
}

/* Slots that overlap a busy time of the agenda's calendar have no place
 * left; both are in order of start. */
static enum db_rc
busy(struct db *db, struct arena *a, const struct agenda *g,
    struct slot *sl, size_t n)
{
	struct calsync_busy	*b;
	size_t			 nb, i, k;
	enum db_rc		 rc;

	if ((rc = calsync_busy(db, a, g->id, sl[0].starts, sl[n - 1].ends,
	    &b, &nb)) != DB_OK)
		return rc;
	for (i = 0; i < n && nb > 0; i++)
		for (k = 0; k < nb && b[k].starts < sl[i].ends; k++)
			if (b[k].ends > sl[i].starts)
				sl[i].free = 0;
	return DB_OK;
}

/* Every slot of the days with its places left (free may be 0 or less). */
static enum db_rc
all_slots(struct db *db, struct arena *a, const struct agenda *g,
    int64_t first_day, int ndays, int64_t ignore, struct slot **out,
    size_t *n)
{
	struct agenda_hours	*h;
	struct agenda_exception	*x;
	struct taken		*tk = NULL;
	sqlite3_stmt		*s;
	bool			 open[1440];
	char			 from[11];
	size_t			 nh, nx, nt = 0, i, j;
	int64_t			 day, buf = (int64_t)g->buffer_minutes * 60;
	int64_t			 longest = 0;
	int			 y, m, d, taken;
	enum db_rc		 rc;

	*out = NULL;
	*n = 0;
	if (ndays < 1 || ndays > SLOT_DAYS_MAX)
		return DB_OK;
	day_civil(first_day, &y, &m, &d);
	snprintf(from, sizeof(from), "%04d-%02d-%02d", y, m, d);
	if ((rc = agenda_hours(db, a, g->id, &h, &nh)) != DB_OK ||
	    (rc = agenda_exceptions(db, a, g->id, from, AGENDA_EXCEPTIONS_MAX,
	    &x, &nx)) != DB_OK)
		return rc;
	for (day = first_day; day < first_day + ndays; day++) {
		day_open(g, h, nh, x, nx, day, open);
		day_slots(a, g, day, open, out, n);
	}
	if (*n == 0)
		return DB_OK;
	if ((s = db_stmt(db, &q_taken)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, g->id);
	db_bind_int(s, 2, (*out)[0].starts - LONGEST - buf);
	db_bind_int(s, 3, (*out)[*n - 1].ends + buf);
	db_bind_int(s, 4, ignore);
	db_bind_int(s, 5, TAKEN_MAX);
	while ((rc = db_step(db, s)) == DB_ROW) {
		tk = arena_grow(a, tk, nt, sizeof(*tk));
		tk[nt].starts = db_col_int(s, 0);
		tk[nt].ends = db_col_int(s, 1);
		if (tk[nt].ends - tk[nt].starts > longest)
			longest = tk[nt].ends - tk[nt].starts;
		nt++;
	}
	if (rc != DB_OK)
		return rc;
	/* both are in order of start: each slot looks back only as far as
	 * the longest appointment read */
	for (i = 0, j = 0; i < *n; i++) {
		while (j < nt && tk[j].starts + longest + buf <=
		    (*out)[i].starts)
			j++;
		taken = 0;
		for (size_t k = j; k < nt && tk[k].starts < (*out)[i].ends +
		    buf; k++)
			if (tk[k].ends + buf > (*out)[i].starts)
				taken++;
		(*out)[i].free = g->capacity - taken;
	}
	return busy(db, a, g, *out, *n);
}

static bool
offered(const struct agenda *g, const struct slot *sl, int64_t now)
{
	return sl->starts >= now + (int64_t)g->notice_minutes * 60 &&
	    sl->starts < now + (int64_t)g->horizon_days * 86400;
}

enum db_rc
slot_list(struct db *db, struct arena *a, const struct agenda *g,
    int64_t first_day, int ndays, int64_t now, int64_t ignore,
    struct slot **out, size_t *n)
{
	struct slot	*all;
	size_t		 nall, i;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if (g->archived)
		return DB_OK;
	if ((rc = all_slots(db, a, g, first_day, ndays, ignore, &all,
	    &nall)) != DB_OK)
		return rc;
	for (i = 0; i < nall; i++)
		if (all[i].free > 0 && offered(g, &all[i], now))
			all[(*n)++] = all[i];
	*out = *n > 0 ? all : NULL;
	return DB_OK;
}

enum db_rc
slot_fits(struct db *db, struct arena *a, const struct agenda *g,
    int64_t starts, int nslots, int64_t now, int64_t ignore, bool member,
    bool *fits, int64_t *ends)
{
	struct slot	*all;
	struct tm	 tm;
	size_t		 nall, i, k;
	enum db_rc	 rc;

	*fits = false;
	*ends = starts;
	if (g->archived || nslots < 1 || nslots > g->max_slots)
		return DB_OK;
	tz_local(g->zone, starts, &tm);
	if ((rc = all_slots(db, a, g, day_number(tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday), 1, ignore, &all, &nall)) != DB_OK)
		return rc;
	for (i = 0; i < nall && all[i].starts != starts; i++)
		continue;
	if (i + (size_t)nslots > nall)
		return DB_OK;
	if (all[i].starts < now || (!member && !offered(g, &all[i], now)))
		return DB_OK;
	for (k = i; k < i + (size_t)nslots; k++) {
		if (all[k].free < 1)
			return DB_OK;
		if (k > i && all[k].starts != all[k - 1].ends +
		    (int64_t)g->buffer_minutes * 60)
			return DB_OK;	/* not one stretch */
	}
	*fits = true;
	*ends = all[i + (size_t)nslots - 1].ends;
	return DB_OK;
}
