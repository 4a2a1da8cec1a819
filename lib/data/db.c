/*
 * db: the one thin layer over SQLite (see db.h).
 *
 * A connection is opened with the settings every request relies on (WAL,
 * synchronous=FULL, foreign keys, a busy timeout, trusted_schema off,
 * secure_delete and SQLITE_DBCONFIG_DEFENSIVE) and migrated before anyone
 * sees it.  secure_delete zeroes what a change removes, so a deleted row
 * or an erased value (a sent mail's body) is not left in the file's free
 * space; db_wal_truncate empties the write-ahead log of older copies.  Prepared
 * statements live in a small open-addressing table keyed by the address of
 * their struct db_sql, so each is prepared once per connection and a
 * lookup costs a hash and usually one probe.
 *
 * Every failure is logged here, once, with the statement's name; a unique
 * or foreign-key refusal is an answer (DB_CONFLICT), not an error, and a
 * busy database past the timeout is DB_BUSY.  This module does not retry:
 * the busy timeout already waited, and the page answers "try again".
 */
#include <sys/stat.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "log.h"

#define BUSY_TIMEOUT_MS	5000
#define WAL_TRUNCATE_WAIT_MS 250
#define CACHE_MIN	64	/* slots; always a power of two */

struct slot {
	const struct db_sql	*q;	/* NULL: empty */
	sqlite3_stmt		*stmt;
};

struct db {
	sqlite3		*h;
	char		*path;
	bool		 tx;		/* from db_begin to commit/rollback */
	struct slot	*slots;
	size_t		 cap;
	size_t		 n;
};

static const struct db_sql begin_read = { "db.begin_read", "BEGIN" };
static const struct db_sql begin_write = {
	"db.begin_write", "BEGIN IMMEDIATE"
};
static const struct db_sql commit = { "db.commit", "COMMIT" };
static const struct db_sql rollback = { "db.rollback", "ROLLBACK" };
static const struct db_sql user_version = {
	"db.user_version", "PRAGMA user_version"
};
static const struct db_sql journal_wal = {
	"db.journal_mode", "PRAGMA journal_mode = WAL"
};
static const struct db_sql wal_truncate = {
	"db.wal_truncate", "PRAGMA wal_checkpoint(TRUNCATE)"
};

/* ------------------------------------------------------- statement cache */

/* The slot holding q, or the empty slot where it would go. */
static struct slot *
slot_find(struct slot *slots, size_t cap, const struct db_sql *q)
{
	uint64_t	 h;
	size_t		 i;

	/* Fibonacci hashing: statics sit 16 bytes apart, so mix the bits */
	h = (uint64_t)(uintptr_t)q * UINT64_C(0x9e3779b97f4a7c15);
	for (i = (size_t)(h >> 32) & (cap - 1);; i = (i + 1) & (cap - 1))
		if (slots[i].q == q || slots[i].q == NULL)
			return &slots[i];
}

/* Doubles the table when it would be more than half full. */
static bool
cache_grow(struct db *db)
{
	struct slot	*slots;
	size_t		 cap, i;

	if ((db->n + 1) * 2 <= db->cap)
		return true;
	cap = db->cap == 0 ? CACHE_MIN : db->cap * 2;
	if ((slots = calloc(cap, sizeof(*slots))) == NULL) {
		log_err("db: out of memory for the statement cache");
		return false;
	}
	for (i = 0; i < db->cap; i++)
		if (db->slots[i].q != NULL)
			*slot_find(slots, cap, db->slots[i].q) = db->slots[i];
	free(db->slots);
	db->slots = slots;
	db->cap = cap;
	return true;
}

/* The cached statement for q, prepared on first use; NULL (logged). */
static sqlite3_stmt *
stmt_get(struct db *db, const struct db_sql *q)
{
	struct slot	*s;
	sqlite3_stmt	*stmt;
	const char	*tail;

	if (db->cap != 0 && (s = slot_find(db->slots, db->cap, q))->q == q)
		return s->stmt;
	if (sqlite3_prepare_v3(db->h, q->sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &stmt, &tail) != SQLITE_OK) {
		log_err("db: prepare %s: %s", q->name, sqlite3_errmsg(db->h));
		return NULL;
	}
	if (stmt == NULL || tail[strspn(tail, " \t\r\n;")] != '\0') {
		/* one struct db_sql is one statement, or the rest is ignored */
		log_err("db: prepare %s: not exactly one statement", q->name);
		sqlite3_finalize(stmt);
		return NULL;
	}
	if (!cache_grow(db)) {
		sqlite3_finalize(stmt);
		return NULL;
	}
	s = slot_find(db->slots, db->cap, q);
	s->q = q;
	s->stmt = stmt;
	db->n++;
	return stmt;
}

/* For log lines: the name of a cached statement. */
static const char *
stmt_name(const struct db *db, const sqlite3_stmt *stmt)
{
	size_t	 i;

	for (i = 0; i < db->cap; i++)
		if (db->slots[i].stmt == stmt && db->slots[i].q != NULL)
			return db->slots[i].q->name;
	return "(not cached)";
}

void
db_each_stmt(struct db *db, void (*fn)(const char *, const char *, void *),
    void *arg)
{
	size_t	 i;

	for (i = 0; i < db->cap; i++)
		if (db->slots[i].q != NULL)
			fn(db->slots[i].q->name, db->slots[i].q->sql, arg);
}

sqlite3_stmt *
db_stmt(struct db *db, const struct db_sql *q)
{
	sqlite3_stmt	*stmt;

	if ((stmt = stmt_get(db, q)) != NULL) {
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
	}
	return stmt;
}

/* ------------------------------------------------------ open and migrate */

static bool
exec_script(struct db *db, const char *what, const char *sql)
{
	char	*msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) == SQLITE_OK)
		return true;
	log_err("db: %s: %s: %s", db->path, what,
	    msg != NULL ? msg : sqlite3_errmsg(db->h));
	sqlite3_free(msg);
	return false;
}

static bool
configure(struct db *db)
{
	sqlite3_stmt	*s;
	bool		 wal;
	int		 on = 0;

	if (sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, &on) !=
	    SQLITE_OK || on != 1) {
		log_err("db: %s: cannot turn on defensive mode", db->path);
		return false;
	}
	sqlite3_extended_result_codes(db->h, 1);
	/* the busy timeout first: switching to WAL may wait for a lock */
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	if (!exec_script(db, "pragmas", "PRAGMA foreign_keys = ON;"
	    "PRAGMA trusted_schema = OFF;"
	    "PRAGMA secure_delete = ON;"
	    "PRAGMA synchronous = FULL;"))
		return false;
	if ((s = db_stmt(db, &journal_wal)) == NULL || db_step(db, s) != DB_ROW)
		return false;
	wal = sqlite3_stricmp((const char *)sqlite3_column_text(s, 0),
	    "wal") == 0;
	db_reset(s);
	if (!wal)
		log_err("db: %s: cannot use WAL mode", db->path);
	return wal;
}

/* Applies the migrations the file lacks, each in its own transaction. */
static bool
migrate(struct db *db)
{
	int	 v, have;

	if ((have = db_user_version(db)) > db_schema_version()) {
		log_err("db: %s: schema version %d is newer than this "
		    "program's %d", db->path, have, db_schema_version());
		return false;
	}
	for (v = have + 1; have >= 0 && v <= db_schema_version(); v++) {
		if (db_begin(db, true) != DB_OK)
			return false;
		/* another process may have migrated while this one waited */
		if ((have = db_user_version(db)) >= v) {
			db_rollback(db);
			continue;
		}
		if (have < 0 || !exec_script(db, "migration",
		    db_schema_sql(v)) || db_user_version(db) != v) {
			log_err("db: %s: migration %d failed", db->path, v);
			db_rollback(db);
			return false;
		}
		if (db_commit(db) != DB_OK)
			return false;
		log_info("db: %s: migrated to schema version %d", db->path, v);
	}
	return have >= 0;
}

/* Each of Porch's processes uses SQLite from one thread (a program's
 * workers are processes of their own): no mutexes, and no memory
 * statistics, whose upkeep takes a mutex at every allocation.  Said once,
 * before SQLite starts; said later, it changes nothing. */
static void
one_thread(void)
{
	static bool	 said;

	if (said)
		return;
	said = true;
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct db *
db_open(const char *path)
{
	struct db	*db;
	mode_t		 mask;
	bool		 ok;

	if ((db = calloc(1, sizeof(*db))) == NULL ||
	    (db->path = strdup(path)) == NULL) {
		log_err("db: %s: out of memory", path);
		free(db);
		return NULL;
	}
	one_thread();
	/* the database, its WAL and its shared memory: owner only */
	mask = umask(077);
	ok = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) == SQLITE_OK;
	if (!ok)
		log_err("db: %s: %s", path, db->h != NULL ?
		    sqlite3_errmsg(db->h) : "out of memory");
	ok = ok && configure(db) && migrate(db);
	umask(mask);
	if (!ok) {
		db_close(db);
		return NULL;
	}
	return db;
}

void
db_close(struct db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	db_rollback(db);
	for (i = 0; i < db->cap; i++)
		sqlite3_finalize(db->slots[i].stmt);
	if (sqlite3_close(db->h) != SQLITE_OK)
		log_err("db: %s: close: %s", db->path, sqlite3_errmsg(db->h));
	free(db->slots);
	free(db->path);
	free(db);
}

int
db_user_version(struct db *db)
{
	sqlite3_stmt	*s;
	int		 v;

	if ((s = db_stmt(db, &user_version)) == NULL ||
	    db_step(db, s) != DB_ROW)
		return -1;
	v = sqlite3_column_int(s, 0);
	db_reset(s);
	return v;
}

/* --------------------------------------------------------- transactions */

/* Statements read partway keep a snapshot open; end them all. */
static void
reset_busy(struct db *db)
{
	sqlite3_stmt	*s;

	for (s = sqlite3_next_stmt(db->h, NULL); s != NULL;
	    s = sqlite3_next_stmt(db->h, s))
		if (sqlite3_stmt_busy(s))
			sqlite3_reset(s);
}

enum db_rc
db_begin(struct db *db, bool write)
{
	enum db_rc	 rc;

	if (db->tx) {
		log_err("db: %s: transaction already open", db->path);
		return DB_ERR;
	}
	reset_busy(db);
	if ((rc = db_exec(db, write ? &begin_write : &begin_read)) == DB_OK)
		db->tx = true;
	return rc;
}

enum db_rc
db_commit(struct db *db)
{
	enum db_rc	 rc;

	if (!db->tx) {
		log_err("db: %s: commit outside a transaction", db->path);
		return DB_ERR;
	}
	reset_busy(db);
	if ((rc = db_exec(db, &commit)) != DB_OK) {
		db_rollback(db);
		return rc == DB_BUSY ? DB_BUSY : DB_ERR;
	}
	db->tx = false;
	return DB_OK;
}

void
db_rollback(struct db *db)
{
	if (db->h == NULL)
		return;
	reset_busy(db);
	/* SQLite may have rolled back already (after an I/O error) */
	if (!sqlite3_get_autocommit(db->h))
		db_exec(db, &rollback);
	db->tx = false;
}

bool
db_in_tx(const struct db *db)
{
	return db->tx;
}

/* ----------------------------------------------------- binds and columns */

static void
bind_check(sqlite3_stmt *s, int i, int rc)
{
	if (rc != SQLITE_OK)
		log_err("db: bind %d of \"%.60s\": %s", i, sqlite3_sql(s),
		    sqlite3_errstr(rc));
}

void
db_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	bind_check(s, i, v == NULL ? sqlite3_bind_null(s, i) :
	    sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT));
}

void
db_bind_int(sqlite3_stmt *s, int i, int64_t v)
{
	bind_check(s, i, sqlite3_bind_int64(s, i, v));
}

void
db_bind_limit(sqlite3_stmt *s, int i, size_t max)
{
	db_bind_int(s, i, max > INT64_MAX ? INT64_MAX : (int64_t)max);
}

const char *
db_owner_kind(const struct principal *who)
{
	return who != NULL && who->kind == PRINCIPAL_CUSTOMER ? "customer" :
	    "other";
}

void
db_bind_owner(sqlite3_stmt *s, int i, const struct principal *who)
{
	db_bind_int(s, i, who != NULL ? who->id : 0);
	db_bind_text(s, i + 1, db_owner_kind(who));
}

void *
db_rows(struct db *db, struct arena *a, sqlite3_stmt *s, db_reader read,
    unsigned first, size_t size, size_t *n, enum db_rc *rc)
{
	char	*rows = NULL;

	*n = 0;
	while ((*rc = db_step(db, s)) == DB_ROW) {
		rows = arena_grow(a, rows, *n, size);
		read(a, s, first, rows + (*n)++ * size);
	}
	return rows;
}

enum db_rc
db_row(struct db *db, struct arena *a, sqlite3_stmt *s, db_reader read,
    unsigned first, void *row)
{
	enum db_rc	 rc;

	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	read(a, s, first, row);
	db_reset(s);
	return DB_OK;
}

void *
db_owned_rows(struct db *db, struct arena *a, const struct db_sql *q,
    const struct principal *who, size_t max, db_reader read, size_t size,
    size_t *n, enum db_rc *rc)
{
	sqlite3_stmt	*s;

	*n = 0;
	*rc = DB_OK;
	if (who == NULL || max == 0)
		return NULL;
	if ((s = db_stmt(db, q)) == NULL) {
		*rc = DB_ERR;
		return NULL;
	}
	db_bind_owner(s, 1, who);
	db_bind_limit(s, 3, max);
	return db_rows(db, a, s, read, 0, size, n, rc);
}

sqlite3_stmt *
db_owned_get(struct db *db, const struct db_sql *q_member,
    const struct db_sql *q_customer, const struct principal *who,
    const char *pid, enum db_rc *rc)
{
	sqlite3_stmt	*s;
	bool		 member;

	*rc = DB_NOTFOUND;
	if (who == NULL || who->kind == PRINCIPAL_NONE)
		return NULL;
	member = who->kind == PRINCIPAL_MEMBER;
	if ((s = db_stmt(db, member ? q_member : q_customer)) == NULL) {
		*rc = DB_ERR;
		return NULL;
	}
	db_bind_text(s, 1, pid);
	if (!member)
		db_bind_owner(s, 2, who);
	*rc = DB_OK;
	return s;
}

void
db_bind_blob(sqlite3_stmt *s, int i, const void *v, size_t n)
{
	bind_check(s, i, v == NULL ? sqlite3_bind_null(s, i) :
	    sqlite3_bind_blob64(s, i, v, n, SQLITE_TRANSIENT));
}

enum db_rc
db_step(struct db *db, sqlite3_stmt *s)
{
	const char	*name;
	int		 rc;

	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_OK;
	name = stmt_name(db, s);
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		log_info("db: %s: refused: %s", name, sqlite3_errmsg(db->h));
		sqlite3_reset(s);
		return DB_CONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_warn("db: %s: busy: %s", name, sqlite3_errmsg(db->h));
		sqlite3_reset(s);
		return DB_BUSY;
	default:
		log_err("db: %s: %s", name, sqlite3_errmsg(db->h));
		sqlite3_reset(s);
		return DB_ERR;
	}
}

void
db_reset(sqlite3_stmt *s)
{
	sqlite3_reset(s);
}

char *
db_col_text(struct arena *a, sqlite3_stmt *s, int i)
{
	char	*t;

	if ((t = db_col_text_null(a, s, i)) == NULL)
		t = arena_strdup(a, "");
	return t;
}

char *
db_col_text_null(struct arena *a, sqlite3_stmt *s, int i)
{
	const unsigned char	*t;
	int			 n;

	if ((t = sqlite3_column_text(s, i)) == NULL)
		return NULL;
	n = sqlite3_column_bytes(s, i);
	return arena_strndup(a, (const char *)t, (size_t)n);
}

void *
db_col_blob(struct arena *a, sqlite3_stmt *s, int i, size_t *len)
{
	const void	*b;
	void		*out;
	int		 n;

	*len = 0;
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return NULL;
	b = sqlite3_column_blob(s, i);
	n = sqlite3_column_bytes(s, i);
	out = arena_alloc(a, (size_t)n + 1);
	if (n > 0)
		memcpy(out, b, (size_t)n);
	((char *)out)[n] = '\0';
	*len = (size_t)n;
	return out;
}

int64_t
db_col_int(sqlite3_stmt *s, int i)
{
	return sqlite3_column_int64(s, i);
}

int
db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

enum db_rc
db_write(struct db *db, sqlite3_stmt *s)
{
	enum db_rc	 rc;

	if ((rc = db_step(db, s)) != DB_OK)
		return rc == DB_ROW ? DB_ERR : rc;
	return db_changes(db) == 0 ? DB_NOTFOUND : DB_OK;
}

enum db_rc
db_run_int(struct db *db, const struct db_sql *q, int64_t v)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, q)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, v);
	rc = db_step(db, s);
	return rc == DB_ROW ? DB_ERR : rc;
}

enum db_rc
db_exec(struct db *db, const struct db_sql *q)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = stmt_get(db, q)) == NULL)
		return DB_ERR;
	/* reset keeps the bindings the caller made after db_stmt() */
	sqlite3_reset(s);
	while ((rc = db_step(db, s)) == DB_ROW)
		continue;
	sqlite3_reset(s);
	return rc;
}

/* Steps q (one parameter, the id) to its row; NULL with *rc when there
 * is none (DB_NOTFOUND) or on error.  The caller resets the statement. */
static sqlite3_stmt *
row_by_id(struct db *db, const struct db_sql *q, int64_t id, enum db_rc *rc)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, q)) == NULL) {
		*rc = DB_ERR;
		return NULL;
	}
	db_bind_int(s, 1, id);
	if ((*rc = db_step(db, s)) != DB_ROW) {
		if (*rc == DB_OK)
			*rc = DB_NOTFOUND;
		return NULL;
	}
	*rc = DB_OK;
	return s;
}

enum db_rc
db_text_by_id(struct db *db, struct arena *a, const struct db_sql *q,
    int64_t id, const char **out)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	if ((s = row_by_id(db, q, id, &rc)) == NULL)
		return rc;
	*out = db_col_text(a, s, 0);
	db_reset(s);
	return DB_OK;
}

enum db_rc
db_int_by_id(struct db *db, const struct db_sql *q, int64_t id,
    int64_t *out)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = 0;
	if ((s = row_by_id(db, q, id, &rc)) == NULL)
		return rc;
	*out = db_col_int(s, 0);
	db_reset(s);
	return DB_OK;
}

enum db_rc
db_set_text_by_id(struct db *db, const struct db_sql *q, const char *text,
    int64_t id)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, q)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, text);
	db_bind_int(s, 2, id);
	return db_write(db, s);
}

enum db_rc
db_insert_token(struct db *db, struct arena *a, const struct db_sql *q,
    int64_t owner, const char *x, const char *y, int64_t now, int64_t ttl,
    const char **token)
{
	sqlite3_stmt	*s;
	uint8_t		 hash[TOKEN_HASH_LEN];
	char		*t;
	enum db_rc	 rc;

	t = crypto_token_new(a);
	crypto_token_hash(t, strlen(t), hash);
	if ((s = db_stmt(db, q)) == NULL)
		return DB_ERR;
	db_bind_blob(s, 1, hash, sizeof(hash));
	db_bind_int(s, 2, owner);
	db_bind_text(s, 3, x);
	db_bind_text(s, 4, y);
	db_bind_int(s, 5, now);
	db_bind_int(s, 6, now + ttl);
	if ((rc = db_step(db, s)) != DB_OK)
		return rc == DB_ROW ? DB_ERR : rc;
	*token = t;
	return DB_OK;
}

bool
db_wal_truncate(struct db *db)
{
	sqlite3_stmt	*s;
	bool		 done;

	if (db->tx || (s = db_stmt(db, &wal_truncate)) == NULL)
		return false;
	/* It holds writers off while it waits for readers: wait briefly. */
	sqlite3_busy_timeout(db->h, WAL_TRUNCATE_WAIT_MS);
	/* (busy, log frames, checkpointed frames): busy 0 is complete */
	done = db_step(db, s) == DB_ROW && sqlite3_column_int(s, 0) == 0;
	db_reset(s);
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	return done;
}
