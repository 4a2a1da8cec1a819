/*
 * tz: wall-clock time in a named zone (IANA, "Europe/Amsterdam") from the
 * system's zoneinfo, and back.
 *
 * A process shows and computes times in one zone at a time: the C library
 * reads the zone's rules from /usr/share/zoneinfo when TZ names it, and
 * this module switches TZ only when the zone asked for is not the one in
 * use, so a page that works in one agenda's zone reads its file once.
 * NULL or "" means the process's own zone (TZ as it was at start-up, else
 * the system's).  Programs are single-threaded; nothing here is safe to
 * call from two threads at once.
 */
#ifndef PORCH_TZ_H
#define PORCH_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Longest zone name accepted ("America/Argentina/ComodRivadavia" is 32). */
#define TZ_NAME_MAX	64

/* A name of the system's zoneinfo: letters, digits, '/', '_', '-', '+'
 * only, no "..", no leading '/', and a file of that name exists.  Usable
 * as a field validator. */
bool	 tz_valid(const char *, size_t);
/* The wall clock of t in the zone. */
void	 tz_local(const char *zone, int64_t t, struct tm *out);
/* The instant that wall clock (y, mon 1-12, d, h, min) is in the zone.  A
 * time that does not exist (the hour skipped when clocks go forward) is
 * taken as the same time of the zone's offset before the change; of a time
 * that happens twice, the first. */
int64_t	 tz_utc(const char *zone, int y, int mon, int d, int h, int min);
/* The same from a wall clock given as seconds, as if it were UTC (a day
 * number times 86400 is its midnight), and back: the wall clock of t. */
int64_t	 tz_utc_wall(const char *zone, int64_t wall);
int64_t	 tz_wall(const char *zone, int64_t t);
/* The zone's abbreviation at t ("CET", "CEST"), in out (size bytes). */
void	 tz_abbrev(const char *zone, int64_t t, char *out, size_t size);

#endif
