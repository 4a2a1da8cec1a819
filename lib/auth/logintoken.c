/*
 * logintoken: single-use magic-link tokens, for customers and for team
 * members.
 *
 * Like session tokens, only the hash is stored.  A token is bound to one
 * owner and to the portal it was sent from, and carries the local path
 * to land on.  Each side keeps its tokens in a table of its own, with the
 * same shape and the same statements, so a customer's link can never sign
 * in a member or the other way round, whatever the ids.  Consuming is one
 * UPDATE whose WHERE clause holds every condition (unused, unexpired, this
 * portal), so two requests racing with the same link cannot both sign in:
 * the second changes no row.  Used and expired tokens stay until a sweep,
 * so the confirm page can say why a link no longer works.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "logintoken.h"
#include "principal.h"

/* One side's statements, all on that side's table. */
struct side {
	struct db_sql	 create, peek, consume, sweep;
};

static const struct side customers = {
	{ "logintoken.create",
	    "INSERT INTO login_tokens (token_hash, customer_id, portal, next, "
	    "created, expires, used) VALUES (?, ?, ?, ?, ?, ?, 0)" },
	{ "logintoken.peek",
	    "SELECT customer_id, portal, next, expires, used FROM login_tokens "
	    "WHERE token_hash = ?" },
	{ "logintoken.consume",
	    "UPDATE login_tokens SET used = ? "
	    "WHERE token_hash = ? AND used = 0 AND expires > ? "
	    "AND portal = ?" },
	{ "logintoken.sweep",
	    "DELETE FROM login_tokens WHERE used <> 0 OR expires <= ?" },
};

static const struct side members = {
	{ "logintoken.member_create",
	    "INSERT INTO member_login_tokens (token_hash, member_id, portal, "
	    "next, created, expires, used) VALUES (?, ?, ?, ?, ?, ?, 0)" },
	{ "logintoken.member_peek",
	    "SELECT member_id, portal, next, expires, used "
	    "FROM member_login_tokens WHERE token_hash = ?" },
	{ "logintoken.member_consume",
	    "UPDATE member_login_tokens SET used = ? "
	    "WHERE token_hash = ? AND used = 0 AND expires > ? "
	    "AND portal = ?" },
	{ "logintoken.member_sweep",
	    "DELETE FROM member_login_tokens WHERE used <> 0 OR expires <= ?" },
};

static const struct side *
side_of(enum principal_kind kind)
{
	return kind == PRINCIPAL_MEMBER ? &members : &customers;
}

enum db_rc
logintoken_create_for(struct db *db, struct arena *a, enum principal_kind kind,
    int64_t owner, const char *portal, const char *next, int64_t now,
    int64_t ttl, const char **token)
{
	return db_insert_token(db, a, &side_of(kind)->create, owner, portal,
	    next != NULL ? next : "", now, ttl, token);
}

enum db_rc
logintoken_peek_for(struct db *db, struct arena *a, enum principal_kind kind,
    const char *token, struct logintoken *out)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];
	enum db_rc	 rc;

	crypto_token_hash(token, strlen(token), hash);
	if ((s = db_stmt(db, &side_of(kind)->peek)) == NULL)
		return DB_ERR;
	db_bind_blob(s, 1, hash, sizeof(hash));
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	memset(out, 0, sizeof(*out));
	if (kind == PRINCIPAL_MEMBER)
		out->member_id = db_col_int(s, 0);
	else
		out->customer_id = db_col_int(s, 0);
	out->portal = db_col_text(a, s, 1);
	out->next = db_col_text(a, s, 2);
	out->expires = db_col_int(s, 3);
	out->used = db_col_int(s, 4);
	db_reset(s);
	return DB_OK;
}

enum db_rc
logintoken_consume_for(struct db *db, struct arena *a,
    enum principal_kind kind, const char *token, const char *portal,
    int64_t now, struct logintoken *out)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];
	enum db_rc	 rc;

	crypto_token_hash(token, strlen(token), hash);
	if ((s = db_stmt(db, &side_of(kind)->consume)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_blob(s, 2, hash, sizeof(hash));
	db_bind_int(s, 3, now);
	db_bind_text(s, 4, portal);
	if ((rc = db_write(db, s)) != DB_OK)
		return rc;
	return logintoken_peek_for(db, a, kind, token, out);
}

enum db_rc
logintoken_create(struct db *db, struct arena *a, int64_t customer_id,
    const char *portal, const char *next, int64_t now, int64_t ttl,
    const char **token)
{
	return logintoken_create_for(db, a, PRINCIPAL_CUSTOMER, customer_id,
	    portal, next, now, ttl, token);
}

enum db_rc
logintoken_peek(struct db *db, struct arena *a, const char *token,
    struct logintoken *out)
{
	return logintoken_peek_for(db, a, PRINCIPAL_CUSTOMER, token, out);
}

enum db_rc
logintoken_consume(struct db *db, struct arena *a, const char *token,
    const char *portal, int64_t now, struct logintoken *out)
{
	return logintoken_consume_for(db, a, PRINCIPAL_CUSTOMER, token, portal,
	    now, out);
}

enum db_rc
logintoken_sweep(struct db *db, int64_t now)
{
	enum db_rc	 rc;

	if ((rc = db_run_int(db, &customers.sweep, now)) != DB_OK)
		return rc;
	return db_run_int(db, &members.sweep, now);
}
