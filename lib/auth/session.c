/*
 * session: signed-in sessions of customers and team members.
 *
 * The token lives only in the browser's cookie; the table keeps its
 * BLAKE2b hash, so a copy of the database signs no one in.  A session is
 * live while both hold: now - last_seen <= idle and now - created <= max.
 * The checks are in the lookup's WHERE clause, so an expired row is
 * "not found" exactly like a missing one, and `porchctl sweep` removes it
 * later.
 * A customer who is no longer active has no live session either.  A
 * member's role and permissions are read with the session, as the table
 * has them now, so a change applies from the member's next request.
 *
 * last_seen is refreshed at most once a minute (session_touch), so most
 * requests write nothing.  This module never sets cookies: page.c does.
 * The sessions list names each browser from its stored User-Agent and
 * never hands out a token or its hash: a session is named by its public
 * id (pid), which opens nothing, and ended by it only for its owner.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "member.h"
#include "principal.h"
#include "session.h"

#define AGENT_MAX	200	/* bytes of the user agent kept */
#define AGENT_LABEL_MAX	60	/* bytes of an unknown agent listed */
#define TOUCH_AFTER	60	/* seconds between last_seen updates */

static const struct db_sql q_create = { "session.create",
    "INSERT INTO sessions (token_hash, kind, principal_id, csrf, agent, "
    "created, last_seen, pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)" };
static const struct db_sql q_lookup = { "session.lookup",
    "SELECT s.kind, s.principal_id, s.csrf, s.last_seen, "
    "COALESCE(c.pid, m.pid), COALESCE(c.email, m.email), "
    "COALESCE(c.name, m.name), m.role, m.portal_access, m.agenda_edit "
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
static const struct db_sql q_delete_others = { "session.delete_others",
    "DELETE FROM sessions WHERE kind = ? AND principal_id = ? "
    "AND token_hash <> ?" };
static const struct db_sql q_end = { "session.end",
    "DELETE FROM sessions WHERE pid = ? AND kind = ? AND principal_id = ? "
    "AND token_hash <> ?" };
static const struct db_sql q_sweep = { "session.sweep",
    "DELETE FROM sessions WHERE last_seen < ? OR created < ?" };
/* a principal's live sessions: a few, since they expire, so read whole
 * and sorted rather than paged (not a ".list" of keyset.h) */
static const struct db_sql q_list = { "session.live",
    "SELECT created, last_seen, agent, "
    "CASE WHEN token_hash = ? THEN 1 ELSE 0 END, pid "
    "FROM sessions WHERE kind = ? AND principal_id = ? "
    "AND last_seen >= ? AND created >= ? "
    "ORDER BY last_seen DESC, created DESC, id DESC" };

/* What a User-Agent says, checked in order: Edge and Opera also say
 * "Chrome", Chrome also says "Safari", Android also says "Linux" and an
 * iPhone "like Mac OS X". */
struct agent_mark {
	const char	*mark;
	const char	*name;
};

static const struct agent_mark browsers[] = {
	{ "Edg/", "Edge" }, { "EdgA/", "Edge" }, { "EdgiOS/", "Edge" },
	{ "OPR/", "Opera" }, { "SamsungBrowser/", "Samsung Internet" },
	{ "Firefox/", "Firefox" }, { "FxiOS/", "Firefox" },
	{ "CriOS/", "Chrome" }, { "Chromium/", "Chromium" },
	{ "Chrome/", "Chrome" }, { "Safari/", "Safari" },
};

static const struct agent_mark systems[] = {
	{ "Windows", "Windows" }, { "iPhone", "iPhone" }, { "iPad", "iPad" },
	{ "Android", "Android" }, { "CrOS", "ChromeOS" },
	{ "Macintosh", "macOS" }, { "Linux", "Linux" },
};

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

/* At most max bytes, cut before a UTF-8 continuation byte. */
static const char *
agent_short(struct arena *a, const char *agent, size_t max)
{
	size_t	 n;

	if (agent == NULL)
		return "";
	if ((n = strlen(agent)) > max)
		for (n = max; n > 0 &&
		    ((unsigned char)agent[n] & 0xc0) == 0x80; n--)
			continue;
	return arena_strndup(a, agent, n);
}

static const char *
agent_find(const struct agent_mark *m, size_t n, const char *agent)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strstr(agent, m[i].mark) != NULL)
			return m[i].name;
	return NULL;
}

/* "Firefox on Windows" for the sessions list; an agent that names no
 * browser or system we know is shown as it came, cut short. */
static const char *
agent_label(struct arena *a, const char *agent)
{
	const char	*b, *sys, *cut;

	b = agent_find(browsers, sizeof(browsers) / sizeof(browsers[0]), agent);
	sys = agent_find(systems, sizeof(systems) / sizeof(systems[0]), agent);
	if (b != NULL && sys != NULL)
		return arena_printf(a, "%s on %s", b, sys);
	if (b != NULL)
		return b;
	if (sys != NULL)
		return arena_printf(a, "A browser on %s", sys);
	cut = agent_short(a, agent, AGENT_LABEL_MAX);
	/* U+2026, an ellipsis, where something was cut */
	return strlen(cut) < strlen(agent) ?
	    arena_printf(a, "%s\xe2\x80\xa6", cut) : cut;
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
	db_bind_text(s, 5, agent_short(a, agent, AGENT_MAX));
	db_bind_int(s, 6, now);
	db_bind_int(s, 7, now);
	db_bind_text(s, 8, crypto_public_id_new(a));
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
	if (out->kind == PRINCIPAL_MEMBER) {
		(void)member_role_parse(db_col_text(a, s, 7), &out->role);
		out->perms = (db_col_int(s, 8) ? PERM_PORTAL : 0) |
		    (db_col_int(s, 9) ? PERM_AGENDA : 0);
	}
	*csrf = db_col_text(a, s, 2);
	*touch = now - db_col_int(s, 3) >= TOUCH_AFTER;
	db_reset(s);
	return DB_OK;
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
	return db_write(db, s);
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
	return db_write(db, s);
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

/* The kept session is named by token so a caller cannot keep someone
 * else's by mistake: its hash only matches a row of this principal. */
enum db_rc
session_delete_others(struct db *db, const struct principal *who,
    const char *keep_token)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];
	enum db_rc	 rc;

	if (who == NULL || kind_name(who->kind) == NULL || keep_token == NULL)
		return DB_NOTFOUND;
	crypto_token_hash(keep_token, strlen(keep_token), hash);
	if ((s = db_stmt(db, &q_delete_others)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, kind_name(who->kind));
	db_bind_int(s, 2, who->id);
	db_bind_blob(s, 3, hash, sizeof(hash));
	rc = db_step(db, s);
	return rc == DB_ROW ? DB_ERR : rc;
}

/* Like session_delete_others, the principal and the kept token are in
 * the WHERE clause: another's session, or this one, is not found. */
enum db_rc
session_end(struct db *db, const struct principal *who, const char *pid,
    const char *keep_token)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];

	if (who == NULL || kind_name(who->kind) == NULL || pid == NULL ||
	    keep_token == NULL)
		return DB_NOTFOUND;
	crypto_token_hash(keep_token, strlen(keep_token), hash);
	if ((s = db_stmt(db, &q_end)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, pid);
	db_bind_text(s, 2, kind_name(who->kind));
	db_bind_int(s, 3, who->id);
	db_bind_blob(s, 4, hash, sizeof(hash));
	return db_write(db, s);
}

struct session_limits
session_limits_of(const struct config *conf)
{
	return (struct session_limits){
		(int64_t)conf->session_idle_minutes * 60,
		(int64_t)conf->session_max_hours * 3600,
	};
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

enum db_rc
session_list(struct db *db, struct arena *a, const struct principal *who,
    const char *current_token, int64_t now, const struct session_limits *lim,
    struct session_info **out, size_t *n)
{
	sqlite3_stmt		*s;
	struct session_info	*si;
	uint8_t			 hash[TOKEN_HASH_LEN];
	enum db_rc		 rc;

	*out = NULL;
	*n = 0;
	if (who == NULL || kind_name(who->kind) == NULL)
		return DB_OK;
	if ((s = db_stmt(db, &q_list)) == NULL)
		return DB_ERR;
	if (current_token != NULL) {
		crypto_token_hash(current_token, strlen(current_token), hash);
		db_bind_blob(s, 1, hash, sizeof(hash));
	}
	db_bind_text(s, 2, kind_name(who->kind));
	db_bind_int(s, 3, who->id);
	db_bind_int(s, 4, now - lim->idle);
	db_bind_int(s, 5, now - lim->max);
	while ((rc = db_step(db, s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, sizeof(**out));
		si = &(*out)[(*n)++];
		si->created = db_col_int(s, 0);
		si->last_seen = db_col_int(s, 1);
		si->agent = agent_label(a, db_col_text(a, s, 2));
		si->current = db_col_int(s, 3) != 0;
		si->pid = db_col_text(a, s, 4);
	}
	return rc;
}
