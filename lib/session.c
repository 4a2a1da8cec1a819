/*
 * session: signed-in sessions of customers and team members.
 *
 * The token lives only in the browser's cookie; the table keeps its
 * BLAKE2b hash, so a copy of the database signs no one in.  A session is
 * live while both hold: now - last_seen <= idle and now - created <= max.
 * The checks are in the lookup's WHERE clause, so an expired row is
 * "not found" exactly like a missing one, and `porchctl sweep` removes it
 * later.
 * A customer who is no longer active has no live session either.
 *
 * last_seen is refreshed at most once a minute (session_touch), so most
 * requests write nothing.  This module never sets cookies: page.c does.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "store.h"

#define AGENT_MAX	200	/* bytes of the user agent kept */
#define TOUCH_AFTER	60	/* seconds between last_seen updates */

static const struct db_sql q_create = { "session.create",
    "INSERT INTO sessions (token_hash, kind, principal_id, csrf, agent, "
    "created, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)" };
static const struct db_sql q_lookup = { "session.lookup",
    "SELECT s.kind, s.principal_id, s.csrf, s.last_seen, "
    "COALESCE(c.pid, m.pid), COALESCE(c.email, m.email), "
    "COALESCE(c.name, m.name) "
    "FROM sessions s "
    "LEFT JOIN customers c ON s.kind = 'customer' "
    "AND c.id = s.principal_id AND c.active = 1 "
    "LEFT JOIN members m ON s.kind = 'member' AND m.id = s.principal_id "
    "WHERE s.token_hash = ? AND s.last_seen >= ? AND s.created >= ?" };
/* last_seen never goes backwards, even with a clock step */
static const struct db_sql q_touch = { "session.touch",
    "UPDATE sessions SET last_seen = "
    "CASE WHEN last_seen < ? THEN ? ELSE last_seen END "
    "WHERE token_hash = ?" };
static const struct db_sql q_delete = { "session.delete",
    "DELETE FROM sessions WHERE token_hash = ?" };
static const struct db_sql q_delete_all = { "session.delete_all",
    "DELETE FROM sessions WHERE kind = ? AND principal_id = ?" };
static const struct db_sql q_sweep = { "session.sweep",
    "DELETE FROM sessions WHERE last_seen < ? OR created < ?" };

static const char *
kind_name(enum principal_kind kind)
{
	switch (kind) {
	case PRINCIPAL_CUSTOMER:
		return "customer";
	case PRINCIPAL_MEMBER:
		return "member";
	default:
		return NULL;
	}
}

/* At most AGENT_MAX bytes, cut before a UTF-8 continuation byte. */
static const char *
agent_short(struct arena *a, const char *agent)
{
	size_t	 n;

	if (agent == NULL)
		return "";
	if ((n = strlen(agent)) > AGENT_MAX)
		for (n = AGENT_MAX; n > 0 &&
		    ((unsigned char)agent[n] & 0xc0) == 0x80; n--)
			continue;
	return arena_strndup(a, agent, n);
}

enum db_rc
session_create(struct db *db, struct arena *a, const struct principal *who,
    const char *agent, int64_t now, const char **token, const char **csrf)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];
	char		*t, *c;
	enum db_rc	 rc;

	if (who == NULL || kind_name(who->kind) == NULL) {
		log_err("session: create without a principal");
		return DB_ERR;
	}
	t = crypto_token_new(a);
	c = crypto_token_new(a);
	crypto_token_hash(t, strlen(t), hash);
	if ((s = db_stmt(db, &q_create)) == NULL)
		return DB_ERR;
	db_bind_blob(s, 1, hash, sizeof(hash));
	db_bind_text(s, 2, kind_name(who->kind));
	db_bind_int(s, 3, who->id);
	db_bind_text(s, 4, c);
	db_bind_text(s, 5, agent_short(a, agent));
	db_bind_int(s, 6, now);
	db_bind_int(s, 7, now);
	if ((rc = db_step(db, s)) != DB_OK)
		return rc == DB_ROW ? DB_ERR : rc;
	*token = t;
	*csrf = c;
	return DB_OK;
}

enum db_rc
session_lookup(struct db *db, struct arena *a, const char *token,
    int64_t now, const struct session_limits *lim, struct principal *out,
    const char **csrf, bool *touch)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];
	enum db_rc	 rc;

	memset(out, 0, sizeof(*out));
	*csrf = NULL;
	*touch = false;
	crypto_token_hash(token, strlen(token), hash);
	if ((s = db_stmt(db, &q_lookup)) == NULL)
		return DB_ERR;
	db_bind_blob(s, 1, hash, sizeof(hash));
	db_bind_int(s, 2, now - lim->idle);
	db_bind_int(s, 3, now - lim->max);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	/* a session whose principal is gone or inactive is no session */
	if ((out->pid = db_col_text_null(a, s, 4)) == NULL) {
		db_reset(s);
		return DB_NOTFOUND;
	}
	out->kind = strcmp(db_col_text(a, s, 0), "customer") == 0 ?
	    PRINCIPAL_CUSTOMER : PRINCIPAL_MEMBER;
	out->id = db_col_int(s, 1);
	out->email = db_col_text(a, s, 5);
	out->name = db_col_text(a, s, 6);
	*csrf = db_col_text(a, s, 2);
	*touch = now - db_col_int(s, 3) >= TOUCH_AFTER;
	db_reset(s);
	return DB_OK;
}

/* Steps a write; DB_NOTFOUND when it changed no row. */
static enum db_rc
step_changed(struct db *db, sqlite3_stmt *s)
{
	enum db_rc	 rc;

	if ((rc = db_step(db, s)) != DB_OK)
		return rc == DB_ROW ? DB_ERR : rc;
	return db_changes(db) == 0 ? DB_NOTFOUND : DB_OK;
}

enum db_rc
session_touch(struct db *db, const char *token, int64_t now)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];

	crypto_token_hash(token, strlen(token), hash);
	if ((s = db_stmt(db, &q_touch)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, now);
	db_bind_blob(s, 3, hash, sizeof(hash));
	return step_changed(db, s);
}

enum db_rc
session_delete(struct db *db, const char *token)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];

	crypto_token_hash(token, strlen(token), hash);
	if ((s = db_stmt(db, &q_delete)) == NULL)
		return DB_ERR;
	db_bind_blob(s, 1, hash, sizeof(hash));
	return step_changed(db, s);
}

enum db_rc
session_delete_all(struct db *db, const struct principal *who)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if (who == NULL || kind_name(who->kind) == NULL)
		return DB_NOTFOUND;
	if ((s = db_stmt(db, &q_delete_all)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, kind_name(who->kind));
	db_bind_int(s, 2, who->id);
	rc = db_step(db, s);
	return rc == DB_ROW ? DB_ERR : rc;
}

enum db_rc
session_sweep(struct db *db, int64_t now, const struct session_limits *lim)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_sweep)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now - lim->idle);
	db_bind_int(s, 2, now - lim->max);
	rc = db_step(db, s);
	return rc == DB_ROW ? DB_ERR : rc;
}
