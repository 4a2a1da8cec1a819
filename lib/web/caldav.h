/*
 * caldav: an office's appointments written to its agendas' CalDAV
 * calendars, and the calendars' busy times read back (RFC 4791), over
 * fetch.h's libcurl.
 *
 * caldav_push delivers the due jobs of calsync.h's outbox: the event of an
 * appointment that is in the job's agenda and not cancelled is PUT as
 * <collection>/<public id>.ics (the same name every time, so a change
 * replaces it, with the SEQUENCE bumped); any other (cancelled, moved
 * away, gone) is DELETEd there, and a 404 means it already is.  Porch owns
 * these events: a change made to one in the calendar is overwritten by
 * the next change in Porch.  Each request runs with no transaction open,
 * and its outcome is recorded in a short write transaction; a server that
 * is down or answers an error leaves the job waiting with backoff.
 *
 * caldav_pull asks each connected calendar for its events over the
 * agenda's booking horizon (a calendar-query REPORT with a time-range)
 * and stores their busy times (ics_busy), leaving out the events Porch
 * wrote itself (their UID is <public id>@<the portal's host>).  A read
 * that fails keeps the busy times of the last one that worked.
 *
 * Both do nothing but drop the jobs and busy times of an office whose
 * plan has no calendar-sync.  The password is read from the connection's
 * password file for each request and wiped after it.
 */
#ifndef PORCH_CALDAV_H
#define PORCH_CALDAV_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct config;
struct db;
struct office;

/* Delivers the office's due jobs (every job: flush) at most once each;
 * false on a database error.  The arena is reset between batches. */
bool	 caldav_push(struct arena *, struct db *, const struct config *,
	    const struct office *, bool flush);
/* Reads every connected calendar's busy times as of `now`; false on a
 * database error.  Its counts of calendars read and failed go to *ok and
 * *failed. */
bool	 caldav_pull(struct arena *, struct db *, const struct config *,
	    const struct office *, int64_t now, int *ok, int *failed);

#endif
