/*
 * linktoken: single-use tokens e-mailed for account actions (a password
 * reset, confirming a new e-mail address).
 *
 * Only the token's hash is stored.  A token is bound to one customer and
 * one purpose, and may carry data (the new address for LINK_EMAIL), so a
 * reset link can never confirm an address and the other way round.
 * Consuming is one UPDATE whose WHERE clause holds every condition
 * (unused, unexpired, this purpose): two requests racing with the same link
 * cannot both act, the second changes no row.  Tokens die with their
 * customer (ON DELETE CASCADE).  This module does not send mail nor decide
 * what a token allows: the pages do.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "store.h"

static const struct db_sql q_create = { "linktoken.create",
    "INSERT INTO link_tokens (token_hash, customer_id, purpose, data, "
    "created, expires, used) VALUES (?, ?, ?, ?, ?, ?, 0)" };
static const struct db_sql q_peek = { "linktoken.peek",
    "SELECT customer_id, data, expires, used FROM link_tokens "
    "WHERE token_hash = ? AND purpose = ?" };
static const struct db_sql q_consume = { "linktoken.consume",
    "UPDATE link_tokens SET used = ? "
    "WHERE token_hash = ? AND purpose = ? AND used = 0 AND expires > ?" };
static const struct db_sql q_revoke = { "linktoken.revoke",
    "UPDATE link_tokens SET used = ? "
    "WHERE customer_id = ? AND purpose = ? AND used = 0" };
static const struct db_sql q_sweep = { "linktoken.sweep",
    "DELETE FROM link_tokens WHERE used <> 0 OR expires <= ?" };

/* The names the schema's CHECK constraint allows, by purpose. */
static const char *const purpose_names[LINK__MAX] = {
	[LINK_RESET] = "reset",
	[LINK_EMAIL] = "email",
};

static const char *
purpose_name(enum link_purpose p)
{
	return (unsigned)p < LINK__MAX ? purpose_names[p] : "";
}

enum db_rc
linktoken_create(struct db *db, struct arena *a, int64_t customer_id,
    enum link_purpose purpose, const char *data, int64_t now, int64_t ttl,
    const char **token)
{
	return db_insert_token(db, a, &q_create, customer_id,
	    purpose_name(purpose), data != NULL ? data : "", now, ttl, token);
}

enum db_rc
linktoken_peek(struct db *db, struct arena *a, const char *token,
    enum link_purpose purpose, struct linktoken *out)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];
	enum db_rc	 rc;

	crypto_token_hash(token, strlen(token), hash);
	if ((s = db_stmt(db, &q_peek)) == NULL)
		return DB_ERR;
	db_bind_blob(s, 1, hash, sizeof(hash));
	db_bind_text(s, 2, purpose_name(purpose));
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	out->customer_id = db_col_int(s, 0);
	out->purpose = purpose;
	out->data = db_col_text(a, s, 1);
	out->expires = db_col_int(s, 2);
	out->used = db_col_int(s, 3);
	db_reset(s);
	return DB_OK;
}

enum db_rc
linktoken_consume(struct db *db, struct arena *a, const char *token,
    enum link_purpose purpose, int64_t now, struct linktoken *out)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];
	enum db_rc	 rc;

	crypto_token_hash(token, strlen(token), hash);
	if ((s = db_stmt(db, &q_consume)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_blob(s, 2, hash, sizeof(hash));
	db_bind_text(s, 3, purpose_name(purpose));
	db_bind_int(s, 4, now);
	if ((rc = db_step(db, s)) != DB_OK)
		return rc == DB_ROW ? DB_ERR : rc;
	if (db_changes(db) == 0)
		return DB_NOTFOUND;
	return linktoken_peek(db, a, token, purpose, out);
}

enum db_rc
linktoken_revoke(struct db *db, int64_t customer_id, enum link_purpose purpose,
    int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_revoke)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, customer_id);
	db_bind_text(s, 3, purpose_name(purpose));
	rc = db_step(db, s);
	return rc == DB_ROW ? DB_ERR : rc;
}

enum db_rc
linktoken_sweep(struct db *db, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_sweep)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	rc = db_step(db, s);
	return rc == DB_ROW ? DB_ERR : rc;
}
