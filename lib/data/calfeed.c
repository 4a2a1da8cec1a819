/*
 * calfeed: customers' calendar feeds, stored as token hashes.
 *
 * Ownership is in the SQL: the signed-in principal's id and kind are in
 * every WHERE, so a member's id never reaches a customer's feed.  The one
 * read by token compares hashes in the index (a keyless BLAKE2b of a
 * 256-bit random token: nothing to learn from timing) and takes only a
 * feed that was never revoked and a customer still active.  Making a new
 * feed revokes the old in the same transaction, so a customer never has
 * two; revoked rows stay as the record until the customer's data goes
 * (ON DELETE CASCADE).
 */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "calfeed.h"
#include "crypto.h"
#include "db.h"
#include "principal.h"
#include "util.h"

static const struct db_sql q_revoke = { "calfeed.revoke",
    "UPDATE calendar_feeds SET revoked = ? WHERE customer_id = ? "
    "AND ? = 'customer' AND revoked = 0" };
static const struct db_sql q_add = { "calfeed.add",
    "INSERT INTO calendar_feeds (token_hash, customer_id, created) "
    "VALUES (?, ?, ?)" };
static const struct db_sql q_created = { "calfeed.created",
    "SELECT created FROM calendar_feeds WHERE customer_id = ? "
    "AND ? = 'customer' AND revoked = 0 ORDER BY id DESC LIMIT 1" };
static const struct db_sql q_open = { "calfeed.open",
    "SELECT c.id, c.pid, c.email, c.name FROM calendar_feeds f "
    "JOIN customers c ON c.id = f.customer_id "
    "WHERE f.token_hash = ? AND f.revoked = 0 AND c.active = 1" };

/* Revokes the principal's working feed; DB_NOTFOUND when none. */
static enum db_rc
revoke(struct db *db, const struct principal *who, int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_revoke)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_owner(s, 2, who);
	return db_write(db, s);
}

enum db_rc
calfeed_create(struct db *db, struct arena *a, const struct principal *who,
    int64_t now, const char **token)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];
	enum db_rc	 rc;
	char		*t;

	*token = NULL;
	if (who == NULL || who->kind != PRINCIPAL_CUSTOMER)
		return DB_NOTFOUND;
	if ((rc = revoke(db, who, now)) != DB_OK && rc != DB_NOTFOUND)
		return rc;
	t = crypto_token_new(a);
	crypto_token_hash(t, strlen(t), hash);
	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	db_bind_blob(s, 1, hash, sizeof(hash));
	db_bind_int(s, 2, who->id);
	db_bind_int(s, 3, now);
	if ((rc = db_write(db, s)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_ERR : rc;
	*token = t;
	return DB_OK;
}

enum db_rc
calfeed_revoke(struct db *db, const struct principal *who, int64_t now)
{
	if (who == NULL || who->kind != PRINCIPAL_CUSTOMER)
		return DB_NOTFOUND;
	return revoke(db, who, now);
}

enum db_rc
calfeed_created(struct db *db, const struct principal *who, int64_t *created)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*created = 0;
	if (who == NULL || (s = db_stmt(db, &q_created)) == NULL)
		return who == NULL ? DB_NOTFOUND : DB_ERR;
	db_bind_owner(s, 1, who);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	*created = db_col_int(s, 0);
	db_reset(s);
	return DB_OK;
}

enum db_rc
calfeed_open(struct db *db, struct arena *a, const char *token, size_t len,
    struct principal *out)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];
	enum db_rc	 rc;

	memset(out, 0, sizeof(*out));
	if (token == NULL || !valid_token(token, len))
		return DB_NOTFOUND;
	crypto_token_hash(token, len, hash);
	if ((s = db_stmt(db, &q_open)) == NULL)
		return DB_ERR;
	db_bind_blob(s, 1, hash, sizeof(hash));
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	out->kind = PRINCIPAL_CUSTOMER;
	out->id = db_col_int(s, 0);
	out->pid = db_col_text(a, s, 1);
	out->email = db_col_text(a, s, 2);
	out->name = db_col_text(a, s, 3);
	db_reset(s);
	return DB_OK;
}
