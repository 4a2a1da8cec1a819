/*
 * calsync: agendas connected to a CalDAV calendar, the outbox of events to
 * write there, and the calendar's busy times that slots leave out.
 *
 * A connection names the calendar collection's url, the user name and the
 * path of a file holding the password: the password stays in that file
 * (read when syncing, so changing it needs no restart), never in the
 * database, a page or a log.  Whether the office's plan allows calendar
 * sync is the caller's question (porchctl refuses to connect, the sync
 * drops the jobs of an office without it).
 *
 * A job says "make the event of this appointment in this agenda's
 * calendar match the appointment", not what to send: appointment.c
 * enqueues one for the agenda of every change it makes, and for the agenda
 * it left on a move, in the change's transaction.  Enqueueing for an
 * agenda without a calendar does nothing, and a second change before the
 * first is delivered folds into the same job with a new version, so the
 * calendar gets the appointment as it is when the job runs.  A job is
 * deleted only once its version was delivered (calsync_done); a failed
 * attempt waits with webhook_backoff's doubling delay and is tried again,
 * without a limit: a change is never dropped while its agenda is
 * connected.  Disconnecting deletes the connection, its jobs and its busy
 * times; the events already written stay in the calendar.
 */
#ifndef PORCH_CALSYNC_H
#define PORCH_CALSYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;

/* Busy intervals kept per agenda; a calendar with more is cut there. */
#define CALSYNC_BUSY_MAX	5000

struct calsync_conn {
	int64_t		 agenda_id;
	const char	*url;		/* the calendar collection, ending '/' */
	const char	*user;		/* "" for none */
	const char	*password_file;	/* "" for none */
	int64_t		 connected;	/* when */
	int64_t		 last_sync;	/* last success; 0: none yet */
	const char	*last_error;	/* "" when the last attempt worked */
	int64_t		 last_error_at;
	int64_t		 pending;	/* jobs waiting */
};

struct calsync_job {
	int64_t		 id;
	int64_t		 version;
	const char	*appointment_pid;
	int64_t		 attempts;
	struct calsync_conn conn;	/* without last_* and pending */
};

struct calsync_busy {
	int64_t		 starts, ends;
};

/* Connects the agenda (replacing a connection it has) at `now`, with a
 * job for each of its appointments still to come, so the calendar starts
 * with them; a url without a final '/' gets one.  Nothing is checked
 * here. */
enum db_rc	 calsync_connect(struct db *, struct arena *, int64_t agenda_id,
		    const char *url, const char *user,
		    const char *password_file, int64_t now);
/* Disconnects it; DB_NOTFOUND when it was not connected. */
enum db_rc	 calsync_disconnect(struct db *, int64_t agenda_id);
/* The agenda's connection with its state; DB_NOTFOUND when none. */
enum db_rc	 calsync_get(struct db *, struct arena *, int64_t agenda_id,
		    struct calsync_conn *);
/* The connections after agenda id `after` (0 for the first), by agenda
 * id, at most max. */
enum db_rc	 calsync_list(struct db *, struct arena *, int64_t after,
		    size_t max, struct calsync_conn **out, size_t *n);
/* Records that the appointment of public id `pid` must be written to (or
 * removed from) the calendar of agenda_id, due at `now`; nothing when the
 * agenda has no calendar.  In the caller's transaction. */
enum db_rc	 calsync_enqueue(struct db *, const char *pid,
		    int64_t agenda_id, int64_t now);
/* Jobs due at `now`, soonest first, at most max. */
enum db_rc	 calsync_due(struct db *, struct arena *, int64_t now,
		    size_t max, struct calsync_job **out, size_t *n);
/* Makes every job due at `now` (an admin's "try now"). */
enum db_rc	 calsync_flush(struct db *, int64_t now);
/* Outcomes of one attempt, each in the caller's short write transaction:
 * delivered (the job goes unless a later change gave it a new version;
 * the agenda's last_sync is `now`), or failed with why (the next attempt
 * after webhook_backoff; the agenda's last_error). */
enum db_rc	 calsync_done(struct db *, const struct calsync_job *,
		    int64_t now);
enum db_rc	 calsync_failed(struct db *, const struct calsync_job *,
		    const char *err, int64_t now);
/* The calendar's busy times, read at `now`: replaces the agenda's with
 * the n intervals (at most CALSYNC_BUSY_MAX are kept). */
enum db_rc	 calsync_busy_set(struct db *, int64_t agenda_id,
		    const struct calsync_busy *, size_t n, int64_t now);
/* A read that failed: the agenda's last_error; its busy times stay. */
enum db_rc	 calsync_read_failed(struct db *, int64_t agenda_id,
		    const char *err, int64_t now);
/* The agenda's busy intervals that overlap [from, to), by start (arena
 * array), at most CALSYNC_BUSY_MAX. */
enum db_rc	 calsync_busy(struct db *, struct arena *, int64_t agenda_id,
		    int64_t from, int64_t to, struct calsync_busy **out,
		    size_t *n);
/* An office whose plan has no calendar sync: deletes every job and busy
 * time (the connections stay, idle); the jobs' number goes to *n. */
enum db_rc	 calsync_drop(struct db *, int *n);

#endif
