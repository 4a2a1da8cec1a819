/*
 * tz: wall-clock time in a named zone, with the C library's own zoneinfo
 * reader (TZ=":Area/City", tzset, localtime_r and mktime).
 *
 * The C library reads a zone's file again each time TZ names another
 * zone, so a page that shows times in an agenda's zone beside times in
 * the process's own would read two files a request.  Instead, the first
 * time a zone is used, the offsets it has from a year back to two years
 * ahead are learnt from the library (its local time every six hours,
 * each change then found to the second) and kept for the process's life:
 * a conversion in that span is a search of a few changes and gmtime_r.
 * Outside the span, or past the zones kept, TZ is switched as before.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tz.h"

#define ZONEINFO	"/usr/share/zoneinfo/"

static bool	 saved;
static char	 start_tz[256];		/* TZ at start-up, "" when unset */
static bool	 start_set;
static char	 current[TZ_NAME_MAX + 1];	/* "" is the start-up zone */

static void
use(const char *zone)
{
	char	 v[TZ_NAME_MAX + 2];

	if (zone == NULL || strlen(zone) > TZ_NAME_MAX)
		zone = "";
	if (!saved) {
		const char	*t = getenv("TZ");

		saved = true;
		start_set = t != NULL && strlen(t) < sizeof(start_tz);
		if (start_set)
			snprintf(start_tz, sizeof(start_tz), "%s", t);
		tzset();
	}
	if (strcmp(zone, current) == 0)
		return;
	if (*zone == '\0') {
		if (start_set)
			setenv("TZ", start_tz, 1);
		else
			unsetenv("TZ");
	} else {
		snprintf(v, sizeof(v), ":%s", zone);
		setenv("TZ", v, 1);
	}
	tzset();
	snprintf(current, sizeof(current), "%s", zone);
}

/* ------------------------------------------------ the zones learnt */

#define SPAN_BACK	(400 * 86400LL)		/* learnt from now - this */
#define SPAN_AHEAD	(800 * 86400LL)		/* to now + this */
#define STEP		(6 * 3600)		/* no zone changes twice in 6 h */
#define CHANGES_MAX	16			/* per zone, in the span */
#define ZONES_MAX	8

struct offset {
	int64_t	 from;		/* in force from this instant */
	long	 gmtoff;	/* seconds east of UTC */
	int	 isdst;
	char	 abbr[16];
};

struct zone {
	char		 name[TZ_NAME_MAX + 1];
	int64_t		 lo, hi;	/* the span learnt */
	struct offset	 off[CHANGES_MAX + 1];
	size_t		 n;
	bool		 ok;		/* false: too many changes, not kept */
};

static struct zone	 zones[ZONES_MAX];
static size_t		 nzones;

static void
local_slow(const char *zone, int64_t t, struct tm *out);

static void
learn_at(const char *name, int64_t t, struct offset *o)
{
	struct tm	 tm;

	local_slow(name, t, &tm);
	o->from = t;
	o->gmtoff = tm.tm_gmtoff;
	o->isdst = tm.tm_isdst;
	snprintf(o->abbr, sizeof(o->abbr), "%s", tm.tm_zone != NULL ?
	    tm.tm_zone : "");
}

static bool
same(const struct offset *a, const struct offset *b)
{
	return a->gmtoff == b->gmtoff && a->isdst == b->isdst &&
	    strcmp(a->abbr, b->abbr) == 0;
}

/* Learns the zone's offsets over the span around now. */
static void
learn(struct zone *z, const char *name)
{
	struct offset	 prev, cur, mid;
	int64_t		 now = (int64_t)time(NULL), t, lo, hi;

	memset(z, 0, sizeof(*z));
	snprintf(z->name, sizeof(z->name), "%s", name);
	z->lo = now - SPAN_BACK;
	z->hi = now + SPAN_AHEAD;
	learn_at(name, z->lo, &prev);
	z->off[z->n++] = prev;
	for (t = z->lo + STEP; t <= z->hi; t += STEP) {
		learn_at(name, t, &cur);
		if (same(&cur, &prev))
			continue;
		/* the change is in (t - STEP, t]: find its second */
		for (lo = t - STEP, hi = t; hi - lo > 1; ) {
			learn_at(name, lo + (hi - lo) / 2, &mid);
			if (same(&mid, &prev))
				lo = mid.from;
			else
				hi = mid.from;
		}
		if (z->n > CHANGES_MAX)
			return;		/* not ok: never used */
		cur.from = hi;
		z->off[z->n++] = cur;
		prev = cur;
	}
	z->ok = true;
}

/* The zone learnt, learning it now if there is room; NULL to go the slow
 * way. */
static const struct zone *
learnt(const char *name)
{
	size_t	 i;

	if (name == NULL || strlen(name) > TZ_NAME_MAX)
		name = "";
	for (i = 0; i < nzones; i++)
		if (strcmp(zones[i].name, name) == 0)
			return zones[i].ok ? &zones[i] : NULL;
	if (nzones == ZONES_MAX)
		return NULL;
	learn(&zones[nzones], name);
	return zones[nzones].ok ? &zones[nzones++] : (nzones++, NULL);
}

/* The offset in force at t, when t is in the span learnt. */
static const struct offset *
offset_at(const struct zone *z, int64_t t)
{
	size_t	 i;

	if (t < z->lo || t > z->hi)
		return NULL;
	for (i = z->n; i > 1 && z->off[i - 1].from > t; i--)
		continue;
	return &z->off[i - 1];
}

bool
tz_valid(const char *s, size_t len)
{
	char	 path[sizeof(ZONEINFO) + TZ_NAME_MAX];
	size_t	 i;

	if (len == 0 || len > TZ_NAME_MAX || s[0] == '/' || s[len - 1] == '/')
		return false;
	for (i = 0; i < len; i++) {
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789/_-+", s[i]) == NULL || s[i] == '\0')
			return false;
		if (s[i] == '.' || (s[i] == '/' && s[i + 1] == '/'))
			return false;
	}
	snprintf(path, sizeof(path), "%s%.*s", ZONEINFO, (int)len, s);
	return access(path, R_OK) == 0;
}

static void
local_slow(const char *zone, int64_t t, struct tm *out)
{
	time_t	 tt = (time_t)t;

	use(zone);
	if (localtime_r(&tt, out) == NULL)
		memset(out, 0, sizeof(*out));
}

void
tz_local(const char *zone, int64_t t, struct tm *out)
{
	const struct zone	*z = learnt(zone);
	const struct offset	*o;
	time_t			 tt;

	if (z == NULL || (o = offset_at(z, t)) == NULL) {
		local_slow(zone, t, out);
		return;
	}
	tt = (time_t)(t + o->gmtoff);
	if (gmtime_r(&tt, out) == NULL) {
		local_slow(zone, t, out);
		return;
	}
	out->tm_isdst = o->isdst;
	out->tm_gmtoff = o->gmtoff;
	out->tm_zone = o->abbr;
}

/* The wall clock as if it were UTC. */
static int64_t
wall(int y, int mon, int d, int h, int min)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = min;
	return (int64_t)timegm(&tm);
}

int64_t
tz_utc_wall(const char *zone, int64_t w)
{
	const struct zone	*z = learnt(zone);
	const struct offset	*before, *after, *o;
	struct tm		 tm;
	time_t			 t = (time_t)w;

	/* the offsets a day either side: the wall clock is one of them, the
	 * earlier instant first; in a gap, the one before the change */
	if (z != NULL && (before = offset_at(z, w - 86400)) != NULL &&
	    (after = offset_at(z, w + 86400)) != NULL) {
		if ((o = offset_at(z, w - before->gmtoff)) != NULL &&
		    o->gmtoff == before->gmtoff)
			return w - before->gmtoff;
		if ((o = offset_at(z, w - after->gmtoff)) != NULL &&
		    o->gmtoff == after->gmtoff)
			return w - after->gmtoff;
		return w - before->gmtoff;
	}
	if (gmtime_r(&t, &tm) == NULL)
		return w;
	use(zone);
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

int64_t
tz_utc(const char *zone, int y, int mon, int d, int h, int min)
{
	return tz_utc_wall(zone, wall(y, mon, d, h, min));
}

int64_t
tz_wall(const char *zone, int64_t t)
{
	const struct zone	*z = learnt(zone);
	const struct offset	*o;
	struct tm		 tm;

	if (z != NULL && (o = offset_at(z, t)) != NULL)
		return t + o->gmtoff;
	local_slow(zone, t, &tm);
	return t + tm.tm_gmtoff;
}

void
tz_abbrev(const char *zone, int64_t t, char *out, size_t size)
{
	struct tm	 tm;

	tz_local(zone, t, &tm);
	if (size > 0 && strftime(out, size, "%Z", &tm) == 0)
		out[0] = '\0';
}
