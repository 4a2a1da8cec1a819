/*
 * tz: wall-clock time in a named zone, with the C library's own zoneinfo
 * reader (TZ=":Area/City", tzset, localtime_r and mktime).
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

void
tz_local(const char *zone, int64_t t, struct tm *out)
{
	time_t	 tt = (time_t)t;

	use(zone);
	if (localtime_r(&tt, out) == NULL)
		memset(out, 0, sizeof(*out));
}

int64_t
tz_utc(const char *zone, int y, int mon, int d, int h, int min)
{
	struct tm	 tm;
	time_t		 t;

	use(zone);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = min;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	return (int64_t)t;
}

void
tz_abbrev(const char *zone, int64_t t, char *out, size_t size)
{
	struct tm	 tm;

	tz_local(zone, t, &tm);
	if (size > 0 && strftime(out, size, "%Z", &tm) == 0)
		out[0] = '\0';
}
