/*
 * linktoken: single-use tokens e-mailed for account actions (a password
 * reset, confirming a new e-mail address, a team member's invitation).
 *
 * Only the token's hash is stored.  A token is bound to one owner and one
 * purpose, and may carry data (the new address for LINK_EMAIL), so a
 * reset link can never confirm an address and the other way round.
 * Customers' and team members' tokens live in two tables of the same
 * shape, run by the same code with each side's statements, so one side's
 * link never acts for the other's kind.  Consuming is one UPDATE whose
 * WHERE clause holds every condition (unused, unexpired, this purpose):
 * two requests racing with the same link cannot both act, the second
 * changes no row.  Tokens die with their owner (ON DELETE CASCADE).  This
 * module does not send mail nor decide what a token allows: the pages do.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "linktoken.h"
#include "principal.h"

/* One side's statements, all on that side's table. */
struct side {
	struct db_sql	 create, peek, consume, revoke, sweep;
};

static const struct side customers = {
	{ "linktoken.create",
	    "INSERT INTO link_tokens (token_hash, customer_id, purpose, data, "
	    "created, expires, used) VALUES (?, ?, ?, ?, ?, ?, 0)" },
	{ "linktoken.peek",
	    "SELECT customer_id, data, expires, used FROM link_tokens "
	    "WHERE token_hash = ? AND purpose = ?" },
	{ "linktoken.consume",
	    "UPDATE link_tokens SET used = ? "
	    "WHERE token_hash = ? AND purpose = ? AND used = 0 "
	    "AND expires > ?" },
	{ "linktoken.revoke",
	    "UPDATE link_tokens SET used = ? "
	    "WHERE customer_id = ? AND purpose = ? AND used = 0" },
	{ "linktoken.sweep",
	    "DELETE FROM link_tokens WHERE used <> 0 OR expires <= ?" },
};

static const struct side members = {
	{ "linktoken.member_create",
	    "INSERT INTO member_link_tokens (token_hash, member_id, purpose, "
	    "data, created, expires, used) VALUES (?, ?, ?, ?, ?, ?, 0)" },
	{ "linktoken.member_peek",
	    "SELECT member_id, data, expires, used FROM member_link_tokens "
	    "WHERE token_hash = ? AND purpose = ?" },
	{ "linktoken.member_consume",
	    "UPDATE member_link_tokens SET used = ? "
	    "WHERE token_hash = ? AND purpose = ? AND used = 0 "
	    "AND expires > ?" },
	{ "linktoken.member_revoke",
	    "UPDATE member_link_tokens SET used = ? "
	    "WHERE member_id = ? AND purpose = ? AND used = 0" },
	{ "linktoken.member_sweep",
	    "DELETE FROM member_link_tokens WHERE used <> 0 OR expires <= ?" },
};

/* The names the schema's CHECK constraints allow, by purpose. */
static const char *const purpose_names[LINK__MAX] = {
	[LINK_RESET] = "reset",
	[LINK_EMAIL] = "email",
	[LINK_INVITE] = "invite",
};

static const char *
purpose_name(enum link_purpose p)
{
	return (unsigned)p < LINK__MAX ? purpose_names[p] : "";
}

static const struct side *
side_of(enum principal_kind kind)
{
	return kind == PRINCIPAL_MEMBER ? &members : &customers;
}

enum db_rc
linktoken_create_for(struct db *db, struct arena *a, enum principal_kind kind,
    int64_t owner, enum link_purpose purpose, const char *data, int64_t now,
    int64_t ttl, const char **token)
{
	return db_insert_token(db, a, &side_of(kind)->create, owner,
	    purpose_name(purpose), data != NULL ? data : "", now, ttl, token);
}

enum db_rc
linktoken_peek_for(struct db *db, struct arena *a, enum principal_kind kind,
    const char *token, enum link_purpose purpose, struct linktoken *out)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];
	enum db_rc	 rc;

	crypto_token_hash(token, strlen(token), hash);
	if ((s = db_stmt(db, &side_of(kind)->peek)) == NULL)
		return DB_ERR;
	db_bind_blob(s, 1, hash, sizeof(hash));
	db_bind_text(s, 2, purpose_name(purpose));
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	memset(out, 0, sizeof(*out));
	if (kind == PRINCIPAL_MEMBER)
		out->member_id = db_col_int(s, 0);
	else
		out->customer_id = db_col_int(s, 0);
	out->purpose = purpose;
	out->data = db_col_text(a, s, 1);
	out->expires = db_col_int(s, 2);
	out->used = db_col_int(s, 3);
	db_reset(s);
	return DB_OK;
}

enum db_rc
linktoken_consume_for(struct db *db, struct arena *a, enum principal_kind kind,
    const char *token, enum link_purpose purpose, int64_t now,
    struct linktoken *out)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];
	enum db_rc	 rc;

	crypto_token_hash(token, strlen(token), hash);
	if ((s = db_stmt(db, &side_of(kind)->consume)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_blob(s, 2, hash, sizeof(hash));
	db_bind_text(s, 3, purpose_name(purpose));
	db_bind_int(s, 4, now);
	if ((rc = db_write(db, s)) != DB_OK)
		return rc;
	return linktoken_peek_for(db, a, kind, token, purpose, out);
}

enum db_rc
linktoken_revoke_for(struct db *db, enum principal_kind kind, int64_t owner,
    enum link_purpose purpose, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &side_of(kind)->revoke)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, owner);
	db_bind_text(s, 3, purpose_name(purpose));
	rc = db_step(db, s);
	return rc == DB_ROW ? DB_ERR : rc;
}

enum db_rc
linktoken_create(struct db *db, struct arena *a, int64_t customer_id,
    enum link_purpose purpose, const char *data, int64_t now, int64_t ttl,
    const char **token)
{
	return linktoken_create_for(db, a, PRINCIPAL_CUSTOMER, customer_id,
	    purpose, data, now, ttl, token);
}

enum db_rc
linktoken_peek(struct db *db, struct arena *a, const char *token,
    enum link_purpose purpose, struct linktoken *out)
{
	return linktoken_peek_for(db, a, PRINCIPAL_CUSTOMER, token, purpose,
	    out);
}

enum db_rc
linktoken_consume(struct db *db, struct arena *a, const char *token,
    enum link_purpose purpose, int64_t now, struct linktoken *out)
{
	return linktoken_consume_for(db, a, PRINCIPAL_CUSTOMER, token, purpose,
	    now, out);
}

enum db_rc
linktoken_revoke(struct db *db, int64_t customer_id, enum link_purpose purpose,
    int64_t now)
{
	return linktoken_revoke_for(db, PRINCIPAL_CUSTOMER, customer_id,
	    purpose, now);
}

enum db_rc
linktoken_sweep(struct db *db, int64_t now)
{
	enum db_rc	 rc;

	if ((rc = db_run_int(db, &customers.sweep, now)) != DB_OK)
		return rc;
	return db_run_int(db, &members.sweep, now);
}
