/*
 * caldav: calendar sync over HTTP (the contract is in caldav.h).
 *
 * Reads happen in read transactions and each outcome in a write
 * transaction of its own, so a slow server never holds the database.  A
 * pass attempts a job at most once: the batch after a failed job starts
 * past it, as its next attempt is later now.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "agenda.h"
#include "appointment.h"
#include "arena.h"
#include "caldav.h"
#include "calsync.h"
#include "config.h"
#include "davxml.h"
#include "db.h"
#include "fetch.h"
#include "ics.h"
#include "log.h"
#include "principal.h"
#include "secretfile.h"

#define BATCH		50
#define CONNS		100
#define HORIZON_MAX	(400 * 86400LL)

/* Where the events come from: the office's first portal. */
struct origin {
	struct ics_origin	 o;
	bool			 ok;
};

static struct origin
origin_of(struct arena *a, const struct config *cfg, const struct office *of)
{
	const struct portal	*p = config_office_portal(cfg, of);
	struct origin		 r = { { NULL, NULL, NULL, NULL }, false };
	const char		*h;

	if (p == NULL)
		return r;
	h = (h = strstr(p->url, "://")) != NULL ? h + 3 : p->url;
	r.o.host = arena_strndup(a, h, strcspn(h, ":/"));
	r.o.url = p->url;
	r.o.name = of->name;
	r.ok = true;
	return r;
}

/* One request to the calendar, with its password; false with *err when
 * no answer came or the password cannot be read. */
static bool
request(struct arena *a, const struct calsync_conn *k, struct fetch_req *q,
    struct fetch_res *res, const char **err)
{
	char	 pw[SECRETFILE_MAX + 1];
	size_t	 len;
	bool	 ok;

	if (*k->password_file != '\0') {
		if (!secretfile_read(k->password_file, pw, &len, err)) {
			*err = arena_printf(a, "password file: %s", *err);
			return false;
		}
		q->password = pw;
	}
	if (*k->user != '\0')
		q->user = k->user;
	ok = fetch(a, q, res, err);
	sodium_memzero(pw, sizeof(pw));
	return ok;
}

/* Makes the calendar's event match the appointment; NULL when it does,
 * else why not. */
static const char *
deliver(struct arena *a, struct db *db, const struct ics_origin *o,
    const struct calsync_job *j, int64_t now)
{
	const struct principal	 office = { .kind = PRINCIPAL_MEMBER };
	struct fetch_req	 q = { .accept = "*/*" };
	struct fetch_res	 res;
	struct appointment	 ap;
	const char		*err = NULL;
	enum db_rc		 rc;
	bool			 put;

	if (db_begin(db, false) != DB_OK)
		return "database";
	rc = appointment_get(db, a, &office, j->appointment_pid, &ap);
	db_rollback(db);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return "database";
	put = rc == DB_OK && ap.agenda_id == j->conn.agenda_id &&
	    strcmp(ap.status, "cancelled") != 0;
	q.url = arena_printf(a, "%s%s.ics", j->conn.url, j->appointment_pid);
	q.method = put ? "PUT" : "DELETE";
	if (put) {
		if ((q.body = ics_calendar(a, o, ICS_STORE, &ap, 1, now)) ==
		    NULL)
			return "cannot make the event";
		q.type = "text/calendar; charset=utf-8";
	}
	if (!request(a, &j->conn, &q, &res, &err))
		return err;
	if ((res.status >= 200 && res.status <= 299) ||
	    (!put && (res.status == 404 || res.status == 410)))
		return NULL;
	return arena_printf(a, "%s: HTTP %ld", q.method, res.status);
}

/* Records a job's outcome in its own write transaction. */
static bool
record(struct db *db, const struct calsync_job *j, const char *err)
{
	int64_t		 now = time(NULL);
	enum db_rc	 rc;

	if (db_begin(db, true) != DB_OK)
		return false;
	rc = err == NULL ? calsync_done(db, j, now) :
	    calsync_failed(db, j, err, now);
	if (rc != DB_OK) {
		db_rollback(db);
		return false;
	}
	return db_commit(db) == DB_OK;
}

/* An office without calendar sync in its plan: nothing is kept for it. */
static bool
drop(struct db *db)
{
	int	 n;

	if (db_begin(db, true) != DB_OK)
		return false;
	if (calsync_drop(db, &n) != DB_OK) {
		db_rollback(db);
		return false;
	}
	if (n > 0)
		log_info("calendar-sync outcome=dropped jobs=%d: the plan has "
		    "no calendar-sync", n);
	return db_commit(db) == DB_OK;
}

/* The jobs due at `now`, or (flush) every job, made due at `now`. */
static bool
batch(struct arena *a, struct db *db, bool flush, int64_t now,
    struct calsync_job **j, size_t *n)
{
	enum db_rc	 rc;

	if (db_begin(db, flush) != DB_OK)
		return false;
	if ((rc = flush ? calsync_flush(db, now) : DB_OK) == DB_OK)
		rc = calsync_due(db, a, now, BATCH, j, n);
	if (rc == DB_OK && db_commit(db) == DB_OK)
		return true;
	db_rollback(db);
	return false;
}

/* One job, logged and recorded. */
static bool
sync_one(struct arena *a, struct db *db, const struct ics_origin *o,
    const struct calsync_job *j, int64_t now)
{
	const char	*err = deliver(a, db, o, j, now);

	if (err == NULL)
		log_info("calendar-sync appointment=%s outcome=synced",
		    j->appointment_pid);
	else
		log_warn("calendar-sync appointment=%s outcome=failed "
		    "attempt=%lld error=%s", j->appointment_pid,
		    (long long)j->attempts + 1, err);
	return record(db, j, err);
}

bool
caldav_push(struct arena *a, struct db *db, const struct config *cfg,
    const struct office *of, bool flush)
{
	struct calsync_job	*j;
	struct origin		 o;
	int64_t			 now = time(NULL);
	size_t			 n, i;

	if ((of->features & FEATURE_CALENDAR_SYNC) == 0)
		return drop(db);
	/* A job tried in this pass is due again only after `now` (its
	 * backoff, or a newer change): every batch is untried jobs. */
	do {
		arena_reset(a);
		if (!(o = origin_of(a, cfg, of)).ok) {
			log_warn("calendar-sync: the office has no portal to "
			    "name its events after; the jobs wait");
			return true;
		}
		if (!batch(a, db, flush, now, &j, &n))
			return false;
		flush = false;
		for (i = 0; i < n; i++)
			if (!sync_one(a, db, &o.o, &j[i], now))
				return false;
	} while (n == BATCH);
	return true;
}

/* The body of a calendar-query REPORT for the events over [from, to). */
static const char *
query(struct arena *a, int64_t from, int64_t to)
{
	char		 f[17], t[17];
	struct tm	 tm;
	time_t		 tf = (time_t)from, tt = (time_t)to;

	strftime(f, sizeof(f), "%Y%m%dT%H%M%SZ", gmtime_r(&tf, &tm));
	strftime(t, sizeof(t), "%Y%m%dT%H%M%SZ", gmtime_r(&tt, &tm));
	return arena_printf(a, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<C:calendar-query xmlns:D=\"DAV:\" "
	    "xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
	    "<D:prop><C:calendar-data/></D:prop>"
	    "<C:filter><C:comp-filter name=\"VCALENDAR\">"
	    "<C:comp-filter name=\"VEVENT\">"
	    "<C:time-range start=\"%s\" end=\"%s\"/>"
	    "</C:comp-filter></C:comp-filter></C:filter>"
	    "</C:calendar-query>", f, t);
}

/* The busy times of one calendar over the agenda's horizon; NULL when
 * read, else why not. */
static const char *
read_busy(struct arena *a, const struct calsync_conn *k,
    const struct agenda *g, const char *own_host, int64_t now,
    struct ics_span **out, size_t *n)
{
	static const char *const depth[] = { "Depth: 1", NULL };
	struct fetch_req	 q = { .method = "REPORT", .headers = depth,
	    .type = "application/xml; charset=utf-8", .accept = "*/*",
	    .max = DAVXML_MAX };
	struct fetch_res	 res;
	struct davxml_item	*it;
	const char		*err;
	int64_t			 to = now + (int64_t)g->horizon_days * 86400;
	size_t			 ni, i;

	*out = NULL;
	*n = 0;
	if (to - now > HORIZON_MAX)
		to = now + HORIZON_MAX;
	q.url = k->url;
	q.body = query(a, now, to);
	if (!request(a, k, &q, &res, &err))
		return err;
	if (res.status != 207)
		return arena_printf(a, "REPORT: HTTP %ld", res.status);
	if (!davxml_multistatus(a, res.body, res.len, &it, &ni, &err))
		return arena_printf(a, "REPORT: %s", err);
	for (i = 0; i < ni; i++)
		if (!ics_busy(a, it[i].data, own_host, g->zone, now, to, out,
		    n))
			break;	/* full: what fits is kept */
	return NULL;
}

/* Reads one calendar and records the outcome; false on a database
 * error. */
static bool
pull_one(struct arena *a, struct db *db, const struct calsync_conn *k,
    const char *own_host, int64_t now, bool *read)
{
	struct agenda		 g;
	struct ics_span		*sp;
	struct calsync_busy	*b;
	const char		*err;
	size_t			 n, i;
	enum db_rc		 rc;

	*read = false;
	if (db_begin(db, false) != DB_OK)
		return false;
	rc = agenda_by_id(db, a, k->agenda_id, &g);
	db_rollback(db);
	if (rc != DB_OK)
		return false;
	err = read_busy(a, k, &g, own_host, now, &sp, &n);
	if (err != NULL)
		log_warn("calendar-sync agenda=%s outcome=unread error=%s",
		    g.pid, err);
	b = arena_alloc(a, (n > 0 ? n : 1) * sizeof(*b));
	for (i = 0; i < n; i++) {
		b[i].starts = sp[i].starts;
		b[i].ends = sp[i].ends;
	}
	if (db_begin(db, true) != DB_OK)
		return false;
	rc = err == NULL ? calsync_busy_set(db, k->agenda_id, b, n, now) :
	    calsync_read_failed(db, k->agenda_id, err, now);
	if (rc != DB_OK || db_commit(db) != DB_OK) {
		db_rollback(db);
		return false;
	}
	*read = err == NULL;
	return true;
}

bool
caldav_pull(struct arena *a, struct db *db, const struct config *cfg,
    const struct office *of, int64_t now, int *ok, int *failed)
{
	struct calsync_conn	*k;
	struct origin		 o;
	int64_t			 after = 0;
	size_t			 n, i;
	bool			 read;

	*ok = *failed = 0;
	if ((of->features & FEATURE_CALENDAR_SYNC) == 0)
		return drop(db);
	do {
		arena_reset(a);
		o = origin_of(a, cfg, of);
		if (db_begin(db, false) != DB_OK)
			return false;
		if (calsync_list(db, a, after, CONNS, &k, &n) != DB_OK) {
			db_rollback(db);
			return false;
		}
		db_rollback(db);
		for (i = 0; i < n; i++) {
			if (!pull_one(a, db, &k[i], o.o.host, now, &read))
				return false;
			++*(read ? ok : failed);
			after = k[i].agenda_id;
		}
	} while (n == CONNS);
	return true;
}
