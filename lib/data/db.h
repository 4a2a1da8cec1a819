/*
 * db: the one thin layer over SQLite.
 *
 * One database per office.  db_open applies the pragmas (WAL,
 * synchronous=FULL, foreign_keys, busy_timeout, trusted_schema off,
 * SQLITE_DBCONFIG_DEFENSIVE) and the numbered migrations (tracked with
 * user_version), each migration in its own transaction.
 *
 * SQL lives in the store modules (customer.c, session.c, ...) as static
 * `struct db_sql` literals; db_stmt() prepares each once per connection and
 * caches it by the struct's address, so no SQL is assembled at run time and
 * nothing is prepared twice.  All SQL is standard where a standard form
 * exists, so another backend can be added below this interface.
 *
 * Errors are logged here, once, with the statement's name; callers only
 * propagate the status.  DB_BUSY means the busy timeout passed: the page
 * answers "try again" and nothing was written.
 *
 * The data functions built on this, one module per noun (customer.c,
 * member.c, ... here; session.c, logintoken.c, linktoken.c, ratelimit.c in
 * lib/auth), each declared in a header of the noun's name, share its
 * conventions.  Times are Unix seconds (int64).  Strings returned are in
 * the arena given.  Functions return enum db_rc: DB_OK, DB_NOTFOUND,
 * DB_CONFLICT, DB_BUSY or DB_ERR (already logged).  They never begin or
 * end transactions: the page main loop wraps each request in one.
 * principal.h says how they decide who may see a record.  A list is read
 * a page at a time by its sort key (keyset.h), never by offset; the name
 * of each list statement ends in ".list" (".count" for its count), and
 * tests/unit/test-plans.c checks that an index serves every one of them.
 */
#ifndef PORCH_DB_H
#define PORCH_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "principal.h"

struct arena;

struct db;

struct db_sql {
	const char	*name;	/* for logs: "session.lookup" */
	const char	*sql;
};

enum db_rc {
	DB_OK,		/* done; no (more) rows */
	DB_ROW,		/* a row is ready */
	DB_NOTFOUND,	/* for the store layer: no such row (or not yours) */
	DB_CONFLICT,	/* a unique or foreign-key constraint refused the write */
	DB_BUSY,
	DB_ERR,
	DB_RC__MAX
};

/* Opens (creating if needed) and migrates.  NULL on error (logged). */
struct db	*db_open(const char *path) __attribute__((warn_unused_result));
void		 db_close(struct db *);
/* The schema version the code expects, and the one the file has. */
int		 db_schema_version(void);
int		 db_user_version(struct db *);
/* schema.c: the SQL script of migration `version` (1..db_schema_version()),
 * which ends by setting user_version to it; NULL outside that range. */
const char	*db_schema_sql(int version);

/* Copies the write-ahead log into the database and truncates it to
 * nothing, so no older copy of a page (with what was since erased) stays
 * in it; outside a transaction.  Waits the busy timeout for readers; false
 * when it could not complete (try again later) or failed (logged). */
bool		 db_wal_truncate(struct db *);

/* Transactions.  Writes begin IMMEDIATE.  Nesting is not supported. */
enum db_rc	 db_begin(struct db *, bool write);
enum db_rc	 db_commit(struct db *);
void		 db_rollback(struct db *);	/* no-op outside a transaction */
bool		 db_in_tx(const struct db *);

/* The prepared statement for `q`, reset and with bindings cleared. */
sqlite3_stmt	*db_stmt(struct db *, const struct db_sql *q);
/* Binds by position (1-based).  NULL text binds SQL NULL. */
void		 db_bind_text(sqlite3_stmt *, int, const char *);
void		 db_bind_int(sqlite3_stmt *, int, int64_t);
/* A list's max at i, as LIMIT takes it. */
void		 db_bind_limit(sqlite3_stmt *, int, size_t max);
/* The owner of a customer's record at i and i + 1: who's id and
 * db_owner_kind(who). */
void		 db_bind_owner(sqlite3_stmt *, int, const struct principal *who);
/* How a module reads one row into its struct, from column `first` on. */
typedef void	(*db_reader)(struct arena *, sqlite3_stmt *, unsigned first,
		    void *row);
/* Steps s to its end, reading each row with read(first) into a growing
 * arena array of `size`-byte rows: returns the array (NULL for none) and
 * its length in *n, and db_step's last answer in *rc (DB_OK at the end).
 * The one loop every list of lib/data reads with. */
void		*db_rows(struct db *, struct arena *, sqlite3_stmt *,
		    db_reader read, unsigned first, size_t size, size_t *n,
		    enum db_rc *rc);
/* The one row a bound statement finds, read into row from column
 * `first` on; DB_NOTFOUND when there is none.  The statement is reset. */
enum db_rc	 db_row(struct db *, struct arena *, sqlite3_stmt *,
		    db_reader read, unsigned first, void *row);
/* The rows of a list of who's own records (q with the owner at 1 and 2,
 * db_bind_owner, and max at 3), as db_rows reads them; none, with DB_OK,
 * when who is NULL or max 0. */
void		*db_owned_rows(struct db *, struct arena *, const struct db_sql *q,
		    const struct principal *who, size_t max, db_reader read,
		    size_t size, size_t *n, enum db_rc *rc);
/* One record by public id as who may see it, ready to step: a member's
 * q_member (the pid at 1), a customer's q_customer (the pid at 1, the
 * owner at 2 and 3).  NULL with *rc DB_NOTFOUND for nobody, or DB_ERR. */
sqlite3_stmt	*db_owned_get(struct db *, const struct db_sql *q_member,
		    const struct db_sql *q_customer, const struct principal *who,
		    const char *pid, enum db_rc *rc);
/* "customer" for a signed-in customer, the only principal that owns
 * customers' records, else "other", which the SQL matches with no row. */
const char	*db_owner_kind(const struct principal *who);
void		 db_bind_blob(sqlite3_stmt *, int, const void *, size_t);
/* Steps; DB_ROW, DB_OK (done), DB_CONFLICT, DB_BUSY or DB_ERR (logged). */
enum db_rc	 db_step(struct db *, sqlite3_stmt *);
/* Ends a statement that was read only partway (one row of several), so it
 * holds no read snapshot until it is next used. */
void		 db_reset(sqlite3_stmt *);
/* Steps a bound statement that writes and returns no rows: DB_OK when it
 * changed a row, DB_NOTFOUND when it changed none (no such row, or not
 * the caller's), else the failure. */
enum db_rc	 db_write(struct db *, sqlite3_stmt *);
/* Column helpers: text is copied into the arena ("" for NULL unless _null). */
char		*db_col_text(struct arena *, sqlite3_stmt *, int);
char		*db_col_text_null(struct arena *, sqlite3_stmt *, int);
int64_t		 db_col_int(sqlite3_stmt *, int);
/* A BLOB (or text) column's bytes copied into the arena, their count in
 * *len; NULL with *len 0 for NULL. */
void		*db_col_blob(struct arena *, sqlite3_stmt *, int, size_t *len);
/* Rows changed by the last write. */
int		 db_changes(struct db *);
/* Makes a fresh 256-bit token and runs the INSERT q with the parameters
 * (token hash, owner id, a, b, now, now + ttl): the shape of every
 * e-mailed single-use token table.  The token (never stored) goes to
 * *token, in the arena. */
enum db_rc	 db_insert_token(struct db *, struct arena *, const struct db_sql *q,
		    int64_t owner, const char *a, const char *b, int64_t now,
		    int64_t ttl, const char **token);
/* One text value by row id: runs q (one parameter, the id) and copies
 * its first column into the arena.  DB_NOTFOUND when there is no row. */
enum db_rc	 db_text_by_id(struct db *, struct arena *, const struct db_sql *q,
		    int64_t id, const char **out);
/* One integer by row id, as db_text_by_id. */
enum db_rc	 db_int_by_id(struct db *, const struct db_sql *q, int64_t id,
		    int64_t *out);
/* Runs an UPDATE q whose parameters are (text, id); NULL text binds NULL.
 * DB_NOTFOUND when no row changed. */
enum db_rc	 db_set_text_by_id(struct db *, const struct db_sql *q,
		    const char *text, int64_t id);
/* Runs a write q whose one parameter is an integer (a row id, a time):
 * the shape of every sweep and one-id DELETE.  DB_OK however many rows
 * it changed. */
enum db_rc	 db_run_int(struct db *, const struct db_sql *q, int64_t v);
/* Calls fn with the name and SQL of each statement prepared on this
 * connection so far, in no particular order: for tests that check every
 * statement a module uses (their query plans, say) without reaching into
 * the module's statics. */
void		 db_each_stmt(struct db *,
		    void (*fn)(const char *name, const char *sql, void *arg),
		    void *arg);
/* Runs a statement that returns no rows: db_stmt + binds by caller + step.
 * It steps the cached statement as it is, keeping what the caller bound
 * after db_stmt(), and resets it when done. */
enum db_rc	 db_exec(struct db *, const struct db_sql *);

#endif
