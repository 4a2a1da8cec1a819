/*
 * calsync: connected calendars, their outbox and busy times (the contract
 * is in calsync.h).
 *
 * calsync_enqueue is one INSERT ... SELECT from the agenda's connection,
 * so an agenda without a calendar costs the change one index lookup and
 * writes nothing.  On conflict the job's version is bumped and it is due
 * at once: the sync that is delivering the older version right now
 * deletes the job only WHERE version is the one it read, so the newer
 * change is delivered after it, never lost.  Jobs are read from an index
 * on next_attempt; busy times from one on (agenda_id, starts), and as a
 * calendar's busy times are at most CALSYNC_BUSY_MAX rows, the range read
 * is bounded however long its events are.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "calsync.h"
#include "db.h"
#include "webhook.h"

#define CONN_COLS "c.agenda_id, c.url, c.user, c.password_file, c.connected"

static const struct db_sql q_connect = { "calsync.connect",
    "INSERT INTO agenda_calendars (agenda_id, url, user, password_file, "
    "connected) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (agenda_id) DO "
    "UPDATE SET url = ?2, user = ?3, password_file = ?4, connected = ?5, "
    "last_sync = 0, last_error = '', last_error_at = 0" };
/* what the calendar should hold from the start: the agenda's appointments
 * still to come (read by the agenda's index) */
static const struct db_sql q_backfill = { "calsync.backfill",
    "INSERT INTO calendar_jobs (appointment_pid, agenda_id, next_attempt) "
    "SELECT pid, agenda_id, ?2 FROM appointments WHERE agenda_id = ?1 "
    "AND ends > ?2 AND (status = 'requested' OR status = 'invited' OR "
    "status = 'confirmed') "
    "ON CONFLICT (appointment_pid, agenda_id) DO UPDATE SET "
    "version = version + 1, attempts = 0, next_attempt = excluded."
    "next_attempt" };
static const struct db_sql q_disconnect = { "calsync.disconnect",
    "DELETE FROM agenda_calendars WHERE agenda_id = ?" };
static const struct db_sql q_get = { "calsync.get",
    "SELECT " CONN_COLS ", c.last_sync, c.last_error, c.last_error_at, "
    "(SELECT count(*) FROM calendar_jobs j WHERE j.agenda_id = "
    "c.agenda_id) FROM agenda_calendars c WHERE c.agenda_id = ?" };
static const struct db_sql q_list = { "calsync.list.list",
    "SELECT " CONN_COLS ", c.last_sync, c.last_error, c.last_error_at, 0 "
    "FROM agenda_calendars c WHERE c.agenda_id > ? "
    "ORDER BY c.agenda_id LIMIT ?" };
static const struct db_sql q_enqueue = { "calsync.enqueue",
    "INSERT INTO calendar_jobs (appointment_pid, agenda_id, next_attempt) "
    "SELECT ?1, agenda_id, ?3 FROM agenda_calendars WHERE agenda_id = ?2 "
    "ON CONFLICT (appointment_pid, agenda_id) DO UPDATE SET "
    "version = version + 1, attempts = 0, next_attempt = excluded."
    "next_attempt" };
static const struct db_sql q_due = { "calsync.due.list",
    "SELECT j.id, j.version, j.appointment_pid, j.attempts, " CONN_COLS
    " FROM calendar_jobs j JOIN agenda_calendars c USING (agenda_id) "
    "WHERE j.next_attempt <= ? ORDER BY j.next_attempt, j.id LIMIT ?" };
static const struct db_sql q_flush = { "calsync.flush",
    "UPDATE calendar_jobs SET next_attempt = ?1 WHERE next_attempt > ?1" };
static const struct db_sql q_done = { "calsync.done",
    "DELETE FROM calendar_jobs WHERE id = ? AND version = ?" };
static const struct db_sql q_retry = { "calsync.retry",
    "UPDATE calendar_jobs SET attempts = attempts + 1, next_attempt = ?, "
    "last_error = ? WHERE id = ? AND version = ?" };
static const struct db_sql q_ok = { "calsync.ok",
    "UPDATE agenda_calendars SET last_sync = ?, last_error = '', "
    "last_error_at = 0 WHERE agenda_id = ?" };
static const struct db_sql q_error = { "calsync.error",
    "UPDATE agenda_calendars SET last_error = ?, last_error_at = ? "
    "WHERE agenda_id = ?" };
static const struct db_sql q_busy_clear = { "calsync.busy.clear",
    "DELETE FROM calendar_busy WHERE agenda_id = ?" };
static const struct db_sql q_busy_add = { "calsync.busy.add",
    "INSERT INTO calendar_busy (agenda_id, starts, ends) VALUES (?, ?, ?)" };
static const struct db_sql q_busy = { "calsync.busy.list",
    "SELECT starts, ends FROM calendar_busy WHERE agenda_id = ? "
    "AND starts < ? AND ends > ? ORDER BY starts LIMIT ?" };
static const struct db_sql q_drop_jobs = { "calsync.drop.jobs",
    "DELETE FROM calendar_jobs" };
static const struct db_sql q_drop_busy = { "calsync.drop.busy",
    "DELETE FROM calendar_busy" };

/* The connection's first five columns from column c. */
static int
read_conn(struct arena *a, sqlite3_stmt *s, int c, struct calsync_conn *k)
{
	memset(k, 0, sizeof(*k));
	k->agenda_id = db_col_int(s, c++);
	k->url = db_col_text(a, s, c++);
	k->user = db_col_text(a, s, c++);
	k->password_file = db_col_text(a, s, c++);
	k->connected = db_col_int(s, c++);
	k->last_error = "";
	return c;
}

static void
read_state(struct arena *a, sqlite3_stmt *s, unsigned first, void *row)
{
	struct calsync_conn	*k = row;
	int			 c = read_conn(a, s, (int)first, k);

	k->last_sync = db_col_int(s, c++);
	k->last_error = db_col_text(a, s, c++);
	k->last_error_at = db_col_int(s, c++);
	k->pending = db_col_int(s, c);
}

enum db_rc
calsync_connect(struct db *db, struct arena *a, int64_t agenda_id,
    const char *url, const char *user, const char *password_file,
    int64_t now)
{
	sqlite3_stmt	*s;
	size_t		 len = strlen(url);

	if ((s = db_stmt(db, &q_connect)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, agenda_id);
	db_bind_text(s, 2, len > 0 && url[len - 1] == '/' ? url :
	    arena_printf(a, "%s/", url));
	db_bind_text(s, 3, user);
	db_bind_text(s, 4, password_file);
	db_bind_int(s, 5, now);
	if (db_write(db, s) != DB_OK || (s = db_stmt(db, &q_backfill)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, agenda_id);
	db_bind_int(s, 2, now);
	return db_write(db, s) == DB_ERR ? DB_ERR : DB_OK;
}

enum db_rc
calsync_disconnect(struct db *db, int64_t agenda_id)
{
	enum db_rc	 rc;

	if ((rc = db_run_int(db, &q_disconnect, agenda_id)) != DB_OK)
		return rc;
	return db_changes(db) > 0 ? DB_OK : DB_NOTFOUND;
}

enum db_rc
calsync_get(struct db *db, struct arena *a, int64_t agenda_id,
    struct calsync_conn *k)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_get)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, agenda_id);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	read_state(a, s, 0, k);
	db_reset(s);
	return DB_OK;
}

enum db_rc
calsync_list(struct db *db, struct arena *a, int64_t after, size_t max,
    struct calsync_conn **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if ((s = db_stmt(db, &q_list)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, after);
	db_bind_int(s, 2, (int64_t)max);
	*out = db_rows(db, a, s, read_state, 0, sizeof(**out), n, &rc);
	return rc;
}

enum db_rc
calsync_enqueue(struct db *db, const char *pid, int64_t agenda_id,
    int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_enqueue)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, pid);
	db_bind_int(s, 2, agenda_id);
	db_bind_int(s, 3, now);
	return db_write(db, s) == DB_ERR ? DB_ERR : DB_OK;
}

enum db_rc
calsync_flush(struct db *db, int64_t now)
{
	return db_run_int(db, &q_flush, now);
}

enum db_rc
calsync_due(struct db *db, struct arena *a, int64_t now, size_t max,
    struct calsync_job **out, size_t *n)
{
	struct calsync_job	*j;
	sqlite3_stmt		*s;
	enum db_rc		 rc;

	*out = NULL;
	*n = 0;
	if ((s = db_stmt(db, &q_due)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, (int64_t)max);
	while ((rc = db_step(db, s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, sizeof(**out));
		j = &(*out)[(*n)++];
		j->id = db_col_int(s, 0);
		j->version = db_col_int(s, 1);
		j->appointment_pid = db_col_text(a, s, 2);
		j->attempts = db_col_int(s, 3);
		read_conn(a, s, 4, &j->conn);
	}
	return rc;
}

/* The agenda's state after an attempt: a success at `now`, or err. */
static enum db_rc
state(struct db *db, int64_t agenda_id, const char *err, int64_t now)
{
	sqlite3_stmt	*s;

	if (err == NULL) {
		if ((s = db_stmt(db, &q_ok)) == NULL)
			return DB_ERR;
		db_bind_int(s, 1, now);
		db_bind_int(s, 2, agenda_id);
	} else {
		if ((s = db_stmt(db, &q_error)) == NULL)
			return DB_ERR;
		db_bind_text(s, 1, err);
		db_bind_int(s, 2, now);
		db_bind_int(s, 3, agenda_id);
	}
	return db_write(db, s) == DB_ERR ? DB_ERR : DB_OK;
}

enum db_rc
calsync_done(struct db *db, const struct calsync_job *j, int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_done)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, j->id);
	db_bind_int(s, 2, j->version);
	if (db_write(db, s) == DB_ERR)
		return DB_ERR;
	return state(db, j->conn.agenda_id, NULL, now);
}

enum db_rc
calsync_failed(struct db *db, const struct calsync_job *j, const char *err,
    int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_retry)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now + webhook_backoff(j->attempts + 1,
	    randombytes_uniform(2 * WEBHOOK_JITTER + 1)));
	db_bind_text(s, 2, err);
	db_bind_int(s, 3, j->id);
	db_bind_int(s, 4, j->version);
	if (db_write(db, s) == DB_ERR)
		return DB_ERR;
	return state(db, j->conn.agenda_id, err, now);
}

enum db_rc
calsync_busy_set(struct db *db, int64_t agenda_id,
    const struct calsync_busy *b, size_t n, int64_t now)
{
	sqlite3_stmt	*s;
	size_t		 i;
	enum db_rc	 rc;

	if ((rc = db_run_int(db, &q_busy_clear, agenda_id)) != DB_OK)
		return rc;
	for (i = 0; i < n && i < CALSYNC_BUSY_MAX; i++) {
		if (b[i].ends <= b[i].starts)
			continue;
		if ((s = db_stmt(db, &q_busy_add)) == NULL)
			return DB_ERR;
		db_bind_int(s, 1, agenda_id);
		db_bind_int(s, 2, b[i].starts);
		db_bind_int(s, 3, b[i].ends);
		if ((rc = db_write(db, s)) != DB_OK)
			return rc;
	}
	return state(db, agenda_id, NULL, now);
}

enum db_rc
calsync_read_failed(struct db *db, int64_t agenda_id, const char *err,
    int64_t now)
{
	return state(db, agenda_id, err, now);
}

enum db_rc
calsync_busy(struct db *db, struct arena *a, int64_t agenda_id,
    int64_t from, int64_t to, struct calsync_busy **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if ((s = db_stmt(db, &q_busy)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, agenda_id);
	db_bind_int(s, 2, to);
	db_bind_int(s, 3, from);
	db_bind_int(s, 4, CALSYNC_BUSY_MAX);
	while ((rc = db_step(db, s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, sizeof(**out));
		(*out)[*n].starts = db_col_int(s, 0);
		(*out)[(*n)++].ends = db_col_int(s, 1);
	}
	return rc;
}

enum db_rc
calsync_drop(struct db *db, int *n)
{
	enum db_rc	 rc;

	*n = 0;
	if ((rc = db_exec(db, &q_drop_jobs)) != DB_OK)
		return rc;
	*n = db_changes(db);
	return db_exec(db, &q_drop_busy);
}
