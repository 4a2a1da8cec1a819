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
 * and the times.  The team's list is two keyset sources, the open requests
 * and then the done ones, each newest first from the index on (status,
 * created).  Mail to the customer and the audit row are the caller's:
 * this module neither sends nor records.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "deletion.h"
#include "keyset.h"
#include "principal.h"
#include "util.h"

#define DELETION_SELECT \
    "d.pid, d.status, d.created, d.processed, COALESCE(c.pid, ''), " \
    "COALESCE(c.name, ''), COALESCE(c.email, ''), COALESCE(m.name, '')"
#define DELETION_FROM \
    "deletion_requests d " \
    "LEFT JOIN customers c ON c.id = d.customer_id " \
    "LEFT JOIN members m ON m.id = d.processed_by"
#define DELETION_COLS	DELETION_SELECT " FROM " DELETION_FROM " "

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
    "WHERE d.customer_id = ? AND ? = 'customer' "
    "ORDER BY d.created DESC, d.id DESC LIMIT 1" };
/* one status (?4) of the team's list */
static const struct db_sql q_list_down = { "deletion.down.list",
    KEYSET_DOWN("d.created, d.id, " DELETION_SELECT, DELETION_FROM,
    "d.status = ?4", "d.created", "d.id") };
static const struct db_sql q_list_up = { "deletion.up.list",
    KEYSET_UP("d.created, d.id, " DELETION_SELECT, DELETION_FROM,
    "d.status = ?4", "d.created", "d.id") };
static const struct db_sql q_list_top = { "deletion.top.list",
    KEYSET_TOP("d.created, d.id, " DELETION_SELECT, DELETION_FROM,
    "d.status = ?4") };
static const struct db_sql q_list_bottom = { "deletion.bottom.list",
    KEYSET_BOTTOM("d.created, d.id, " DELETION_SELECT, DELETION_FROM,
    "d.status = ?4") };
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

/* The columns of DELETION_SELECT, from column i on. */
static void
read_cols(struct arena *a, sqlite3_stmt *s, unsigned i, void *row)
{
	struct deletion	*out = row;

	out->pid = db_col_text(a, s, i);
	out->status = db_col_text(a, s, i + 1);
	out->created = db_col_int(s, i + 2);
	out->processed = db_col_int(s, i + 3);
	out->customer_pid = db_col_text(a, s, i + 4);
	out->name = db_col_text(a, s, i + 5);
	out->email = db_col_text(a, s, i + 6);
	out->processed_by = db_col_text(a, s, i + 7);
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
	return db_row(db, a, s, read_cols, 0, out);
}

/* The list's two parts, by rank: open, then done. */
static const char *const list_status[] = { "open", "done" };

static void
bind_status(sqlite3_stmt *s, unsigned rank, const void *arg)
{
	(void)arg;
	db_bind_text(s, 4, list_status[rank]);
}

static void
read_listed(struct arena *a, sqlite3_stmt *s, unsigned rank, void *row)
{
	(void)rank;
	read_cols(a, s, 2, row);
}

static const struct keyset_list requests = {
	.rank_first = true,
	.size = sizeof(struct deletion),
	.bind = bind_status,
	.read = read_listed,
};
static const struct keyset_src list_srcs[] = {
	{ 0, &q_list_down, &q_list_up, NULL, &q_list_top, &q_list_bottom },
	{ 1, &q_list_down, &q_list_up, NULL, &q_list_top, &q_list_bottom },
};

enum db_rc
deletion_list(struct db *db, struct arena *a, const struct keyset *ks,
    struct deletion **out, size_t *n, struct keyset_page *pg)
{
	void		*rows;
	enum db_rc	 rc;

	rc = keyset_read(db, a, &requests, list_srcs, 2, ks, NULL, &rows, n,
	    pg);
	*out = rows;
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
	return db_row(db, a, s, read_cols, 0, out);
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
