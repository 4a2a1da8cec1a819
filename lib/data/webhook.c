/*
 * webhook: appointment events for the office's CRM (the contract is in
 * webhook.h).
 *
 * An event is one row of webhook_events, written by webhook_emit in the
 * transaction of the change it reports, with its JSON body made there and
 * then: a later change to the appointment is a later event, never an edit
 * of this one.  porch-hooks reads what is due from a partial index that
 * holds only pending events, so the read costs the same however many
 * delivered events the office keeps.  The outcome functions only move an
 * event forward (pending to delivered or failed); each checks the state it
 * expects in its WHERE clause, so an outcome recorded twice changes
 * nothing the second time.  The endpoint's one row says whether a 410
 * disabled it, and for which url.
 *
 * The signature and the backoff policy (retry.h, shared with the outbox)
 * are here, beside the rows they serve, so porch-hooks and the tests share
 * one definition of each.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "appointment.h"
#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "json.h"
#include "keyset.h"
#include "retry.h"
#include "webhook.h"

static const char *const types[WEBHOOK__MAX] = {
	[WEBHOOK_CREATED] = "appointment.created",
	[WEBHOOK_CHANGED] = "appointment.changed",
	[WEBHOOK_MOVED] = "appointment.moved",
	[WEBHOOK_CANCELLED] = "appointment.cancelled",
	[WEBHOOK_COMPLETED] = "appointment.completed",
	[WEBHOOK_NO_SHOW] = "appointment.no_show",
};

#define COLS "id, event_id, type, payload, created, attempts, next_attempt, " \
	"delivered, failed, last_status, last_error"
#define PENDING "delivered = 0 AND failed = 0"

static const struct db_sql q_add = { "webhook.add",
    "INSERT INTO webhook_events (event_id, type, customer_id, payload, "
    "created, next_attempt) VALUES (?, ?, ?, ?, ?, ?)" };
static const struct db_sql q_due = { "webhook.due.list",
    "SELECT " COLS " FROM webhook_events WHERE " PENDING " AND "
    "next_attempt <= ? ORDER BY next_attempt, id LIMIT ?" };
static const struct db_sql q_pending = { "webhook.pending.list",
    "SELECT " COLS " FROM webhook_events WHERE " PENDING " "
    "ORDER BY next_attempt, id LIMIT ?" };
static const struct db_sql q_get = { "webhook.get",
    "SELECT " COLS " FROM webhook_events WHERE event_id = ?" };
static const struct db_sql q_delivered = { "webhook.delivered",
    "UPDATE webhook_events SET delivered = ?, attempts = attempts + 1, "
    "last_status = ?, last_error = '' WHERE id = ? AND " PENDING };
static const struct db_sql q_attempts = { "webhook.attempts",
    "SELECT attempts FROM webhook_events WHERE id = ? AND " PENDING };
static const struct db_sql q_failed = { "webhook.failed",
    "UPDATE webhook_events SET attempts = ?, next_attempt = ?, failed = ?, "
    "last_status = ?, last_error = ? WHERE id = ? AND " PENDING };
static const struct db_sql q_retry = { "webhook.retry",
    "UPDATE webhook_events SET failed = 0, attempts = 0, next_attempt = ? "
    "WHERE event_id = ? AND delivered = 0" };
static const struct db_sql q_retry_failed = { "webhook.retry_failed",
    "UPDATE webhook_events SET failed = 0, attempts = 0, next_attempt = ? "
    "WHERE failed <> 0 AND delivered = 0" };
static const struct db_sql q_endpoint = { "webhook.endpoint",
    "SELECT disabled, disabled_url FROM webhook_endpoint WHERE id = 1" };
static const struct db_sql q_disable = { "webhook.disable",
    "UPDATE webhook_endpoint SET disabled = ?, disabled_url = ? "
    "WHERE id = 1" };
static const struct db_sql q_enable = { "webhook.enable",
    "UPDATE webhook_endpoint SET disabled = 0, disabled_url = '' "
    "WHERE id = 1" };
static const struct db_sql q_drop = { "webhook.drop",
    "DELETE FROM webhook_events WHERE " PENDING };
static const struct db_sql q_sweep = { "webhook.sweep",
    "DELETE FROM webhook_events WHERE created <= ?1 AND "
    "((delivered <> 0 AND delivered <= ?1) OR "
    "(failed <> 0 AND failed <= ?1))" };

/* the team's lists: every event by when it happened, failed ones by when
 * they failed */
KEYSET_SOURCE(all_src, "webhook.all",
    "created, " COLS, "webhook_events", "1 = 1", "created", "id");
/* "failed > 0" is the condition of the partial index they read */
KEYSET_SOURCE(failed_src, "webhook.failed",
    "failed, " COLS, "webhook_events", "failed > 0", "failed", "id");

const char *
webhook_type_name(enum webhook_type t)
{
	return (unsigned)t < WEBHOOK__MAX ? types[t] : NULL;
}

/* A time as ISO 8601 in UTC: "2026-05-01T09:00:00Z". */
static const char *
iso(struct arena *a, int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;
	char		 s[32];

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return arena_strdup(a, "");
	return arena_strdup(a, s);
}

/* An object {"id", name} of a project or agenda, or null without one. */
static void
ref(struct json *j, const char *key, const char *pid, const char *namekey,
    const char *name)
{
	if (pid == NULL || *pid == '\0') {
		json_null(j, key);
		return;
	}
	json_obj_open(j, key);
	json_str(j, "id", pid);
	json_str(j, namekey, name);
	json_obj_close(j);
}

const char *
webhook_payload(struct arena *a, const char *event_id, enum webhook_type t,
    const struct appointment *ap, int64_t now)
{
	struct buf	 b;
	struct json	 j;

	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j, NULL);
	json_str(&j, "id", event_id);
	json_str(&j, "type", webhook_type_name(t));
	json_str(&j, "created", iso(a, now));
	json_obj_open(&j, "data");
	json_obj_open(&j, "appointment");
	json_str(&j, "id", ap->pid);
	json_str(&j, "status", ap->status);
	json_str(&j, "starts", iso(a, ap->starts));
	json_str(&j, "ends", iso(a, ap->ends));
	json_str(&j, "time_zone", ap->zone);
	ref(&j, "project", ap->project_pid, "title", ap->project);
	ref(&j, "agenda", ap->agenda_pid, "name", ap->agenda);
	json_obj_open(&j, "customer");
	json_str(&j, "id", ap->customer_pid);
	json_str(&j, "name", ap->customer);
	json_str(&j, "email", ap->customer_email);
	json_obj_close(&j);
	json_str(&j, "location", ap->location);
	json_str(&j, "meeting_url", ap->meeting_url);
	json_str(&j, "source", ap->source);
	json_int(&j, "sequence", ap->sequence);
	json_obj_close(&j);
	json_obj_close(&j);
	json_obj_close(&j);
	return buf_cstr(&b);
}

enum db_rc
webhook_emit(struct db *db, struct arena *a, enum webhook_type t,
    const struct appointment *ap, int64_t now)
{
	sqlite3_stmt	*s;
	const char	*eid;
	enum db_rc	 rc;

	if (webhook_type_name(t) == NULL)
		return DB_ERR;
	eid = crypto_public_id_new(a);
	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, eid);
	db_bind_text(s, 2, webhook_type_name(t));
	db_bind_int(s, 3, ap->customer_id);
	db_bind_text(s, 4, webhook_payload(a, eid, t, ap, now));
	db_bind_int(s, 5, now);
	db_bind_int(s, 6, now);
	rc = db_step(db, s);
	return rc == DB_ROW ? DB_ERR : rc;
}

const char *
webhook_signature(struct arena *a, const char *secret, size_t len,
    int64_t timestamp, const char *body)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];
	char				 hex[2 * sizeof(mac) + 1];
	const char			*ts;

	ts = arena_printf(a, "%lld.", (long long)timestamp);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts,
	    strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body,
	    strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
	return arena_printf(a, "v1=%s", hex);
}

static const struct retry_policy policy = {
	WEBHOOK_FIRST, WEBHOOK_CAP, WEBHOOK_JITTER
};

int64_t
webhook_backoff(int64_t attempts, uint32_t jitter)
{
	return retry_delay(&policy, attempts, jitter);
}

static void
read_cols(struct arena *a, sqlite3_stmt *s, unsigned first, void *row)
{
	struct webhook_event	*e = row;
	int			 c = (int)first;

	e->id = db_col_int(s, c++);
	e->event_id = db_col_text(a, s, c++);
	e->type = db_col_text(a, s, c++);
	e->payload = db_col_text(a, s, c++);
	e->created = db_col_int(s, c++);
	e->attempts = db_col_int(s, c++);
	e->next_attempt = db_col_int(s, c++);
	e->delivered = db_col_int(s, c++);
	e->failed = db_col_int(s, c++);
	e->last_status = db_col_int(s, c++);
	e->last_error = db_col_text(a, s, c);
}

enum db_rc
webhook_due(struct db *db, struct arena *a, int64_t now, size_t max,
    struct webhook_event **out, size_t *n)
{
	enum db_rc	 rc;

	*out = retry_batch(db, a, &q_due, now, max, read_cols,
	    sizeof(**out), n, &rc);
	return rc;
}

enum db_rc
webhook_pending(struct db *db, struct arena *a, size_t max,
    struct webhook_event **out, size_t *n)
{
	enum db_rc	 rc;

	*out = retry_batch(db, a, &q_pending, -1, max, read_cols,
	    sizeof(**out), n, &rc);
	return rc;
}

enum db_rc
webhook_get(struct db *db, struct arena *a, const char *event_id,
    struct webhook_event *e)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_get)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, event_id);
	return db_row(db, a, s, read_cols, 0, e);
}

enum db_rc
webhook_delivered(struct db *db, int64_t id, int status, int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_delivered)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, status);
	db_bind_int(s, 3, id);
	return db_write(db, s);
}

/* Records an attempt that did not deliver: the next one at `next`, or
 * failed at `failed` (0: not). */
static enum db_rc
attempted(struct db *db, int64_t id, int status, const char *err,
    int64_t now, bool counts)
{
	sqlite3_stmt	*s;
	int64_t		 attempts, next = now, failed = 0;
	enum db_rc	 rc;

	if ((rc = db_int_by_id(db, &q_attempts, id, &attempts)) != DB_OK)
		return rc;
	attempts++;
	if (counts && attempts >= WEBHOOK_ATTEMPTS)
		failed = now;
	else if (counts)
		next = retry_next(&policy, attempts, now);
	if ((s = db_stmt(db, &q_failed)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, attempts);
	db_bind_int(s, 2, next);
	db_bind_int(s, 3, failed);
	db_bind_int(s, 4, status);
	db_bind_text(s, 5, err != NULL ? err : "");
	db_bind_int(s, 6, id);
	return db_write(db, s);
}

enum db_rc
webhook_failed(struct db *db, int64_t id, int status, const char *err,
    int64_t now)
{
	return attempted(db, id, status, err, now, true);
}

enum db_rc
webhook_gone(struct db *db, int64_t id, const char *url, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	/* the event stays due: it goes first once the endpoint is back */
	if ((rc = attempted(db, id, 410, "endpoint gone (410)", now,
	    false)) != DB_OK)
		return rc;
	if ((s = db_stmt(db, &q_disable)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_text(s, 2, url);
	return db_write(db, s);
}

enum db_rc
webhook_retry(struct db *db, const char *event_id, int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_retry)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_text(s, 2, event_id);
	return db_write(db, s);
}

enum db_rc
webhook_retry_failed(struct db *db, int64_t now, int *n)
{
	enum db_rc	 rc;

	*n = 0;
	if ((rc = db_run_int(db, &q_retry_failed, now)) == DB_OK)
		*n = db_changes(db);
	return rc;
}

enum db_rc
webhook_endpoint_get(struct db *db, struct arena *a,
    struct webhook_endpoint *ep)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_endpoint)) == NULL)
		return DB_ERR;
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;	/* the row is made
							   with the table */
	ep->disabled = db_col_int(s, 0);
	ep->disabled_url = db_col_text(a, s, 1);
	db_reset(s);
	return DB_OK;
}

enum db_rc
webhook_enable(struct db *db)
{
	return db_exec(db, &q_enable);
}

bool
webhook_disabled(const struct webhook_endpoint *ep, const char *url)
{
	return ep->disabled != 0 && strcmp(ep->disabled_url, url) == 0;
}

enum db_rc
webhook_drop(struct db *db, int *n)
{
	enum db_rc	 rc;

	*n = 0;
	if ((rc = db_exec(db, &q_drop)) == DB_OK)
		*n = db_changes(db);
	return rc;
}

enum db_rc
webhook_sweep(struct db *db, int64_t now)
{
	return db_run_int(db, &q_sweep, now - WEBHOOK_KEEP);
}

/* A keyset row: the key comes before COLS. */
static void
read_keyed(struct arena *a, sqlite3_stmt *s, unsigned rank, void *row)
{
	(void)rank;
	read_cols(a, s, 1, row);
}

enum db_rc
webhook_list(struct db *db, struct arena *a, bool failed_only,
    const struct keyset *ks, struct webhook_event **out, size_t *n,
    struct keyset_page *pg)
{
	static const struct keyset_list	 l = {
		.size = sizeof(struct webhook_event),
		.read = read_keyed,
	};

	return keyset_read(db, a, &l, failed_only ? failed_src : all_src, 1,
	    ks, NULL, (void **)out, n, pg);
}
