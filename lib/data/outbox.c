/*
 * outbox: mail waiting for porch-mailer.
 *
 * A message is queued in the same transaction as the change that caused
 * it, so a page that committed has its mail queued and one that rolled
 * back has none.  Delivery is porch-mailer's: it takes what is due, marks
 * each message sent or failed, and a failure schedules the next attempt
 * with a doubling delay (30 s, 60 s, ... at most an hour).  A queued
 * message waits for as long as it takes; a sent one stays OUTBOX_KEEP as
 * the record of what was sent (to whom, the subject, when), then
 * outbox_sweep removes it.  A message is its plain text (body) and its
 * HTML (body_html; NULL in a message queued before mail had one), and at
 * most one attachment (its name, type and bytes; NULL when none).  Both
 * parts and the attachment's bytes go when it is sent: any may hold a
 * working link, and a link must not outlive its mail in the database
 * (porch-mailer then empties the write-ahead log too).  Mail to a customer whose data is deleted goes
 * with the rest of their data (outbox_forget).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "outbox.h"
#include "retry.h"

/* 30 s after the first failure, doubling to an hour; no jitter. */
static const struct retry_policy policy = { 30, 3600, 0 };

#define COLS "id, recipient, subject, body, created, attempts, " \
	"next_attempt, sent, last_error, body_html, attachment_name, " \
	"attachment_type, attachment"

static const struct db_sql q_add = { "outbox.add",
    "INSERT INTO outbox (recipient, subject, body, body_html, created, "
    "attempts, next_attempt, sent, last_error, attachment_name, "
    "attachment_type, attachment) "
    "VALUES (?, ?, ?, ?, ?, 0, ?, 0, '', ?, ?, ?)" };
static const struct db_sql q_due = { "outbox.due",
    "SELECT " COLS " FROM outbox "
    "WHERE sent = 0 AND next_attempt <= ? ORDER BY id LIMIT ?" };
static const struct db_sql q_queued = { "outbox.queued",
    "SELECT " COLS " FROM outbox WHERE sent = 0 ORDER BY id LIMIT ?" };
static const struct db_sql q_sent = { "outbox.sent",
    "UPDATE outbox SET sent = ?, attempts = attempts + 1, body = '', "
    "body_html = NULL, attachment = NULL WHERE id = ? AND sent = 0" };
static const struct db_sql q_attempts = { "outbox.attempts",
    "SELECT attempts FROM outbox WHERE id = ? AND sent = 0" };
static const struct db_sql q_sweep = { "outbox.sweep",
    "DELETE FROM outbox WHERE sent <> 0 AND sent <= ?" };
static const struct db_sql q_forget = { "outbox.forget",
    "DELETE FROM outbox WHERE recipient = ?" };
static const struct db_sql q_failed = { "outbox.failed",
    "UPDATE outbox SET attempts = ?, next_attempt = ?, last_error = ? "
    "WHERE id = ? AND sent = 0" };

enum db_rc
outbox_add(struct db *db, const char *to, const char *subject,
    const char *body, const char *html, int64_t now)
{
	return outbox_add_attached(db, to, subject, body, html, NULL, now);
}

enum db_rc
outbox_add_attached(struct db *db, const char *to, const char *subject,
    const char *body, const char *html, const struct smtp_attachment *att,
    int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, to);
	db_bind_text(s, 2, subject);
	db_bind_text(s, 3, body);
	db_bind_text(s, 4, html);
	db_bind_int(s, 5, now);
	db_bind_int(s, 6, now);
	if (att != NULL && att->data != NULL) {
		db_bind_text(s, 7, att->name);
		db_bind_text(s, 8, att->type);
		db_bind_blob(s, 9, att->data, att->len);
	}
	rc = db_step(db, s);
	return rc == DB_ROW ? DB_ERR : rc;
}

/* A row of the outbox. */
static void
read_row(struct arena *a, sqlite3_stmt *s, unsigned first, void *row)
{
	struct outmail	*m = row;

	(void)first;
	m->id = db_col_int(s, 0);
	m->to = db_col_text(a, s, 1);
	m->subject = db_col_text(a, s, 2);
	m->body = db_col_text(a, s, 3);
	m->created = db_col_int(s, 4);
	m->attempts = db_col_int(s, 5);
	m->next_attempt = db_col_int(s, 6);
	m->sent = db_col_int(s, 7);
	m->last_error = db_col_text(a, s, 8);
	m->html = db_col_text(a, s, 9);
	m->att.name = db_col_text(a, s, 10);
	m->att.type = db_col_text(a, s, 11);
	m->att.data = db_col_blob(a, s, 12, &m->att.len);
}

enum db_rc
outbox_due(struct db *db, struct arena *a, int64_t now, size_t max,
    struct outmail **out, size_t *n)
{
	enum db_rc	 rc;

	*out = retry_batch(db, a, &q_due, now, max, read_row,
	    sizeof(**out), n, &rc);
	return rc;
}

enum db_rc
outbox_queued(struct db *db, struct arena *a, size_t max,
    struct outmail **out, size_t *n)
{
	enum db_rc	 rc;

	*out = retry_batch(db, a, &q_queued, -1, max, read_row,
	    sizeof(**out), n, &rc);
	return rc;
}

enum db_rc
outbox_sent(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_sent)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, id);
	return db_write(db, s);
}

enum db_rc
outbox_failed(struct db *db, int64_t id, int64_t now, const char *err)
{
	sqlite3_stmt	*s;
	int64_t		 attempts;
	enum db_rc	 rc;

	if ((rc = db_int_by_id(db, &q_attempts, id, &attempts)) != DB_OK)
		return rc;
	attempts++;
	if ((s = db_stmt(db, &q_failed)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, attempts);
	db_bind_int(s, 2, retry_next(&policy, attempts, now));
	db_bind_text(s, 3, err != NULL ? err : "");
	db_bind_int(s, 4, id);
	rc = db_step(db, s);
	return rc == DB_ROW ? DB_ERR : rc;
}

enum db_rc
outbox_sweep(struct db *db, int64_t now)
{
	return db_run_int(db, &q_sweep, now - OUTBOX_KEEP);
}

enum db_rc
outbox_forget(struct db *db, const char *to)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_forget)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, to);
	rc = db_step(db, s);
	return rc == DB_ROW ? DB_ERR : rc;
}
