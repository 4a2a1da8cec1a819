/*
 * signup: sign-ups waiting for their address to be proven (signup.h says
 * why they are not accounts).
 *
 * Only the hash of a link's secret is stored, as for every mailed link.
 * Confirming is one DELETE whose WHERE clause holds every condition (this
 * secret, this portal, unexpired), so two requests racing with the same
 * link cannot both make the account: the second finds no row.  The
 * address is UNIQUE here, and signup_start deletes before it inserts, so
 * a newer sign-up for an address always replaces the older.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "crypto.h"
#include "customer.h"
#include "db.h"
#include "signup.h"

static const struct db_sql q_add = { "signup.add",
    "INSERT INTO signups (token_hash, email, name, password_hash, portal, "
    "next, created, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?)" };
static const struct db_sql q_peek = { "signup.peek",
    "SELECT email, portal, next, expires FROM signups "
    "WHERE token_hash = ? AND portal = ? AND expires > ?" };
static const struct db_sql q_take = { "signup.take",
    "DELETE FROM signups WHERE token_hash = ? AND portal = ? "
    "AND expires > ? RETURNING email, name, password_hash, next" };
static const struct db_sql q_forget = { "signup.forget",
    "DELETE FROM signups WHERE email = ?" };
static const struct db_sql q_forget_customer = { "signup.forget_customer",
    "DELETE FROM signups WHERE email = "
    "(SELECT email FROM customers WHERE id = ?)" };
static const struct db_sql q_sweep = { "signup.sweep",
    "DELETE FROM signups WHERE expires <= ?" };

enum db_rc
signup_forget(struct db *db, const char *email)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_forget)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, email);
	rc = db_step(db, s);
	return rc == DB_ROW ? DB_ERR : rc;
}

enum db_rc
signup_forget_customer(struct db *db, int64_t customer_id)
{
	return db_run_int(db, &q_forget_customer, customer_id);
}

enum db_rc
signup_start(struct db *db, struct arena *a, const char *email,
    const char *name, const char *hash, const char *portal, const char *next,
    int64_t now, int64_t ttl, const char **token)
{
	sqlite3_stmt	*s;
	uint8_t		 th[TOKEN_HASH_LEN];
	char		*t;
	enum db_rc	 rc;

	if ((rc = signup_forget(db, email)) != DB_OK)
		return rc;
	t = crypto_token_new(a);
	crypto_token_hash(t, strlen(t), th);
	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	db_bind_blob(s, 1, th, sizeof(th));
	db_bind_text(s, 2, email);
	db_bind_text(s, 3, name);
	db_bind_text(s, 4, hash);
	db_bind_text(s, 5, portal);
	db_bind_text(s, 6, next != NULL ? next : "");
	db_bind_int(s, 7, now);
	db_bind_int(s, 8, now + ttl);
	if ((rc = db_step(db, s)) != DB_OK)
		return rc == DB_ROW ? DB_ERR : rc;
	*token = t;
	return DB_OK;
}

/* Binds (secret's hash, portal, now), the first three parameters of both
 * q_peek and q_take. */
static sqlite3_stmt *
by_token(struct db *db, const struct db_sql *q, const char *token,
    const char *portal, int64_t now)
{
	sqlite3_stmt	*s;
	uint8_t		 th[TOKEN_HASH_LEN];

	crypto_token_hash(token, strlen(token), th);
	if ((s = db_stmt(db, q)) == NULL)
		return NULL;
	db_bind_blob(s, 1, th, sizeof(th));
	db_bind_text(s, 2, portal);
	db_bind_int(s, 3, now);
	return s;
}

enum db_rc
signup_peek(struct db *db, struct arena *a, const char *token,
    const char *portal, int64_t now, struct signup_pending *out)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = by_token(db, &q_peek, token, portal, now)) == NULL)
		return DB_ERR;
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	out->email = db_col_text(a, s, 0);
	out->portal = db_col_text(a, s, 1);
	out->next = db_col_text(a, s, 2);
	out->expires = db_col_int(s, 3);
	db_reset(s);
	return DB_OK;
}

enum db_rc
signup_confirm(struct db *db, struct arena *a, const char *token,
    const char *portal, int64_t now, struct customer *out, const char **next)
{
	sqlite3_stmt	*s;
	const char	*email, *name, *hash;
	enum db_rc	 rc;

	if ((s = by_token(db, &q_take, token, portal, now)) == NULL)
		return DB_ERR;
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	email = db_col_text(a, s, 0);
	name = db_col_text(a, s, 1);
	hash = db_col_text_null(a, s, 2);
	*next = db_col_text(a, s, 3);
	/* a RETURNING statement finishes its change when stepped to its end */
	if ((rc = db_step(db, s)) != DB_OK)
		return rc == DB_ROW ? DB_ERR : rc;
	/* An address that became a customer's dropped its sign-up, so a
	 * customer holding it now is a conflict, never an account to merge
	 * into: the caller answers as for a used link. */
	rc = customer_add_confirmed(db, a, email, name, hash, now, out);
	return rc == DB_CONFLICT ? DB_NOTFOUND : rc;
}

enum db_rc
signup_sweep(struct db *db, int64_t now)
{
	return db_run_int(db, &q_sweep, now);
}
