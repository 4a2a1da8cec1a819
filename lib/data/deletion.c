/*
 * deletion: customers' requests to have their personal data deleted, and
 * the team's processing of them.
 *
 * A customer has at most one open request (a partial unique index says
 * so, which makes a second one DB_CONFLICT).  The customer's own calls
 * take the signed-in principal and match it in the WHERE clause.
 * Processing deletes the customer row: login and link tokens and
 * appointments go with it by cascade, sessions (which name their
 * principal without a foreign key) are deleted here first, and every
 * request of the customer keeps its row with customer_id set NULL.  What
 * stays is the pid, a hash of the address (so a later question "did you
 * delete me?" can be answered without keeping the address), the status
 * and the times.  Mail to the customer and the audit row are the
 * caller's: this module neither sends nor records.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "deletion.h"
#include "principal.h"
#include "util.h"

#define DELETION_COLS \
    "d.pid, d.status, d.created, d.processed, COALESCE(c.pid, ''), " \
    "COALESCE(c.name, ''), COALESCE(c.email, ''), COALESCE(m.name, '') " \
    "FROM deletion_requests d " \
    "LEFT JOIN customers c ON c.id = d.customer_id " \
    "LEFT JOIN members m ON m.id = d.processed_by "

static const struct db_sql q_add = { "deletion.add",
    "INSERT INTO deletion_requests (pid, customer_id, email_hash, status, "
    "created) VALUES (?, ?, ?, 'open', ?)" };
static const struct db_sql q_email = { "deletion.email",
    "SELECT email FROM customers WHERE id = ?" };
static const struct db_sql q_cancel = { "deletion.cancel",
    "UPDATE deletion_requests SET status = 'cancelled', processed = ? "
    "WHERE customer_id = ? AND ? = 'customer' AND status = 'open'" };
static const struct db_sql q_of_customer = { "deletion.of_customer",
    "SELECT " DELETION_COLS
    "WHERE d.customer_id = ? AND ? = 'customer' ORDER BY d.id DESC LIMIT 1" };
/* NULL status: open and done, open first */
static const struct db_sql q_list = { "deletion.list",
    "SELECT " DELETION_COLS
    "WHERE (?1 IS NULL AND d.status <> 'cancelled') OR d.status = ?1 "
    "ORDER BY d.status = 'open' DESC, d.id DESC LIMIT ?2 OFFSET ?3" };
static const struct db_sql q_get = { "deletion.get",
    "SELECT " DELETION_COLS "WHERE d.pid = ?" };
static const struct db_sql q_state = { "deletion.state",
    "SELECT COALESCE(customer_id, 0), "
    "status = 'open' AND customer_id IS NOT NULL "
    "FROM deletion_requests WHERE pid = ?" };
static const struct db_sql q_sessions = { "deletion.sessions",
    "DELETE FROM sessions WHERE kind = 'customer' AND principal_id = ?" };
static const struct db_sql q_customer = { "deletion.customer",
    "DELETE FROM customers WHERE id = ?" };
static const struct db_sql q_done = { "deletion.done",
    "UPDATE deletion_requests SET status = 'done', processed = ?, "
    "processed_by = ?, customer_id = NULL WHERE pid = ?" };

static const char *
kind_name(const struct principal *who)
{
	return who->kind == PRINCIPAL_CUSTOMER ? "customer" : "";
}

static void
read_row(struct arena *a, sqlite3_stmt *s, struct deletion *out)
{
	out->pid = db_col_text(a, s, 0);
	out->status = db_col_text(a, s, 1);
	out->created = db_col_int(s, 2);
	out->processed = db_col_int(s, 3);
	out->customer_pid = db_col_text(a, s, 4);
	out->name = db_col_text(a, s, 5);
	out->email = db_col_text(a, s, 6);
	out->processed_by = db_col_text(a, s, 7);
}

/* One row from a prepared, bound statement, or DB_NOTFOUND. */
static enum db_rc
read_one(struct db *db, struct arena *a, sqlite3_stmt *s,
    struct deletion *out)
{
	enum db_rc	 rc;

	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	read_row(a, s, out);
	db_reset(s);
	return DB_OK;
}

/* The hex hash of the customer's address (arena). */
static enum db_rc
email_hash(struct db *db, struct arena *a, int64_t customer_id,
    const char **out)
{
	sqlite3_stmt	*s;
	uint8_t		 h[TOKEN_HASH_LEN];
	const char	*email;
	char		*hex;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_email)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, customer_id);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	email = db_col_text(a, s, 0);
	db_reset(s);
	crypto_token_hash(email, strlen(email), h);
	hex = arena_alloc(a, 2 * TOKEN_HASH_LEN + 1);
	hex_encode(h, TOKEN_HASH_LEN, hex);
	*out = hex;
	return DB_OK;
}

enum db_rc
deletion_request(struct db *db, struct arena *a, const struct principal *who,
    int64_t now, const char **pid)
{
	sqlite3_stmt	*s;
	const char	*hash, *id;
	enum db_rc	 rc;

	if (who->kind != PRINCIPAL_CUSTOMER)
		return DB_NOTFOUND;
	if ((rc = email_hash(db, a, who->id, &hash)) != DB_OK)
		return rc;
	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	id = crypto_public_id_new(a);
	db_bind_text(s, 1, id);
	db_bind_int(s, 2, who->id);
	db_bind_text(s, 3, hash);
	db_bind_int(s, 4, now);
	if ((rc = db_step(db, s)) != DB_OK)
		return rc == DB_ROW ? DB_ERR : rc;
	*pid = id;
	return DB_OK;
}

enum db_rc
deletion_cancel(struct db *db, const struct principal *who, int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_cancel)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, who->id);
	db_bind_text(s, 3, kind_name(who));
	return db_write(db, s);
}

enum db_rc
deletion_of_customer(struct db *db, struct arena *a,
    const struct principal *who, struct deletion *out)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_of_customer)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, who->id);
	db_bind_text(s, 2, kind_name(who));
	return read_one(db, a, s, out);
}

enum db_rc
deletion_list(struct db *db, struct arena *a, const char *status,
    size_t offset, size_t max, struct deletion **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if (max == 0)
		return DB_OK;
	if ((s = db_stmt(db, &q_list)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, status);
	db_bind_int(s, 2, max > INT64_MAX ? INT64_MAX : (int64_t)max);
	db_bind_int(s, 3, offset > INT64_MAX ? INT64_MAX : (int64_t)offset);
	while ((rc = db_step(db, s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, sizeof(**out));
		read_row(a, s, &(*out)[(*n)++]);
	}
	return rc;
}

enum db_rc
deletion_get(struct db *db, struct arena *a, const char *pid,
    struct deletion *out)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_get)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, pid);
	return read_one(db, a, s, out);
}

/* The customer of an open request: DB_NOTFOUND unknown, DB_CONFLICT not
 * open (or its customer already gone). */
static enum db_rc
open_customer(struct db *db, const char *pid, int64_t *customer_id)
{
	sqlite3_stmt	*s;
	bool		 open;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_state)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, pid);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	*customer_id = db_col_int(s, 0);
	open = db_col_int(s, 1) != 0;
	db_reset(s);
	return open ? DB_OK : DB_CONFLICT;
}

enum db_rc
deletion_process(struct db *db, const char *pid, const struct principal *by,
    int64_t now)
{
	sqlite3_stmt	*s;
	int64_t		 cid;
	enum db_rc	 rc;

	if (by->kind != PRINCIPAL_MEMBER)
		return DB_NOTFOUND;
	if ((rc = open_customer(db, pid, &cid)) != DB_OK ||
	    (rc = db_run_int(db, &q_sessions, cid)) != DB_OK ||
	    (rc = db_run_int(db, &q_customer, cid)) != DB_OK)
		return rc;
	if ((s = db_stmt(db, &q_done)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, by->id);
	db_bind_text(s, 3, pid);
	if ((rc = db_step(db, s)) != DB_OK)
		return rc == DB_ROW ? DB_ERR : rc;
	return DB_OK;
}
