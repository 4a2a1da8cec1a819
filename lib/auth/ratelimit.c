/*
 * ratelimit: fixed-window counters in the office's database.
 *
 * A key counts hits in a window that starts with its first hit and lasts
 * `window` seconds; when it has ended, the next hit starts a new one.  A
 * refused hit is not counted, so a client that keeps trying is let in
 * again as soon as the window ends.  Fixed windows allow up to twice the
 * rate across a boundary; for sign-in throttling that is fine and costs one
 * row per key.  Old rows are harmless and left to a sweep.
 */
#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "ratelimit.h"

static const struct db_sql q_get = { "ratelimit.get",
    "SELECT window_start, hits FROM ratelimits WHERE key = ?" };
static const struct db_sql q_add = { "ratelimit.add",
    "INSERT INTO ratelimits (key, window_start, hits) VALUES (?, ?, ?)" };
static const struct db_sql q_set = { "ratelimit.set",
    "UPDATE ratelimits SET window_start = ?, hits = ? WHERE key = ?" };

/* The key's window and hits; *found is false when it has no row. */
static enum db_rc
read_key(struct db *db, const char *key, int64_t *start, int64_t *hits,
    bool *found)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*found = false;
	if ((s = db_stmt(db, &q_get)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, key);
	if ((rc = db_step(db, s)) == DB_OK)
		return DB_OK;
	if (rc != DB_ROW)
		return rc;
	*start = db_col_int(s, 0);
	*hits = db_col_int(s, 1);
	*found = true;
	db_reset(s);
	return DB_OK;
}

static enum db_rc
write_key(struct db *db, const char *key, int64_t start, int64_t hits,
    bool found)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, found ? &q_set : &q_add)) == NULL)
		return DB_ERR;
	db_bind_text(s, found ? 3 : 1, key);
	db_bind_int(s, found ? 1 : 2, start);
	db_bind_int(s, found ? 2 : 3, hits);
	rc = db_step(db, s);
	return rc == DB_ROW ? DB_ERR : rc;
}

enum db_rc
ratelimit_hit(struct db *db, const char *key, int64_t window, int64_t max,
    int64_t now, bool *allowed, int64_t *retry_after)
{
	int64_t		 start = 0, hits = 0;
	bool		 found;
	enum db_rc	 rc;

	*allowed = false;
	*retry_after = 0;
	if ((rc = read_key(db, key, &start, &hits, &found)) != DB_OK)
		return rc;
	if (!found || now >= start + window || now < start) {
		/* a new window, also after the clock stepped back */
		start = now;
		hits = 0;
	}
	if (hits >= max) {
		*retry_after = start + window - now;
		return DB_OK;
	}
	if ((rc = write_key(db, key, start, hits + 1, found)) != DB_OK)
		return rc;
	*allowed = true;
	return DB_OK;
}
