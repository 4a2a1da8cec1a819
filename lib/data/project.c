/*
 * project: the office's projects and the agendas that serve them.
 *
 * Projects belong to the office, so nothing here filters on a principal;
 * the pages decide who may read and change them (project.h).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "project.h"
#include "util.h"

#define COLS "id, pid, title, address, description, booking, bidding, archived"

static const struct db_sql q_by_pid = { "project.by_pid",
    "SELECT " COLS " FROM projects WHERE pid = ?" };
static const struct db_sql q_by_id = { "project.by_id",
    "SELECT " COLS " FROM projects WHERE id = ?" };
static const struct db_sql q_list = { "project.all.list",
    "SELECT " COLS " FROM projects WHERE archived = 0 OR ? = 1 "
    "ORDER BY archived, title LIMIT ?" };
static const struct db_sql q_bookable = { "project.bookable.list",
    "SELECT " COLS " FROM projects WHERE archived = 0 AND booking = 1 "
    "AND EXISTS (SELECT 1 FROM project_agendas pa JOIN agendas g "
    "ON g.id = pa.agenda_id WHERE pa.project_id = projects.id "
    "AND g.archived = 0 AND EXISTS (SELECT 1 FROM agenda_hours h "
    "WHERE h.agenda_id = g.id)) ORDER BY archived, title LIMIT ?" };
static const struct db_sql q_add = { "project.add",
    "INSERT INTO projects (pid, title, address, description, booking, "
    "bidding, archived, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "RETURNING id" };
static const struct db_sql q_update = { "project.update",
    "UPDATE projects SET title = ?2, address = ?3, description = ?4, "
    "booking = ?5, bidding = ?6, archived = ?7 WHERE id = ?1" };
static const struct db_sql q_served = { "project.served",
    "SELECT 1 FROM project_agendas WHERE project_id = ? AND agenda_id = ?" };
static const struct db_sql q_link = { "project.link",
    "INSERT OR IGNORE INTO project_agendas (project_id, agenda_id) "
    "VALUES (?, ?)" };
static const struct db_sql q_unlink = { "project.unlink",
    "DELETE FROM project_agendas WHERE project_id = ? AND agenda_id = ?" };

void
project_defaults(struct project *p)
{
	memset(p, 0, sizeof(*p));
	p->title = p->address = p->description = "";
	p->booking = true;
}

static bool
text_ok(const char *s, size_t max, bool multiline)
{
	size_t	 n = strlen(s);

	return n <= max && utf8_valid(s, n) && !has_control(s, n, multiline);
}

bool
project_valid(const struct project *p)
{
	return *p->title != '\0' && text_ok(p->title, PROJECT_TITLE_MAX, false) &&
	    text_ok(p->address, PROJECT_TITLE_MAX, false) &&
	    text_ok(p->description, PROJECT_TEXT_MAX, true);
}

static void
read_row(struct arena *a, sqlite3_stmt *s, unsigned first, void *row)
{
	struct project	*p = row;

	(void)first;
	p->id = db_col_int(s, 0);
	p->pid = db_col_text(a, s, 1);
	p->title = db_col_text(a, s, 2);
	p->address = db_col_text(a, s, 3);
	p->description = db_col_text(a, s, 4);
	p->booking = db_col_int(s, 5) != 0;
	p->bidding = db_col_int(s, 6) != 0;
	p->archived = db_col_int(s, 7) != 0;
}

enum db_rc
project_by_pid(struct db *db, struct arena *a, const char *pid,
    struct project *p)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_by_pid)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, pid);
	return db_row(db, a, s, read_row, 0, p);
}

enum db_rc
project_by_id(struct db *db, struct arena *a, int64_t id, struct project *p)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_by_id)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, id);
	return db_row(db, a, s, read_row, 0, p);
}

enum db_rc
project_list(struct db *db, struct arena *a, bool archived,
    struct project **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if ((s = db_stmt(db, &q_list)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, archived);
	db_bind_int(s, 2, PROJECT_LIST_MAX);
	*out = db_rows(db, a, s, read_row, 0, sizeof(**out), n, &rc);
	return rc;
}

enum db_rc
project_bookable(struct db *db, struct arena *a, size_t max,
    struct project **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if ((s = db_stmt(db, &q_bookable)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, max > PROJECT_LIST_MAX ? PROJECT_LIST_MAX :
	    (int64_t)max);
	*out = db_rows(db, a, s, read_row, 0, sizeof(**out), n, &rc);
	return rc;
}

enum db_rc
project_save(struct db *db, struct arena *a, struct project *p, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, p->id != 0 ? &q_update : &q_add)) == NULL)
		return DB_ERR;
	if (p->id == 0)
		p->pid = crypto_public_id_new(a);
	if (p->id != 0)
		db_bind_int(s, 1, p->id);
	else
		db_bind_text(s, 1, p->pid);
	db_bind_text(s, 2, p->title);
	db_bind_text(s, 3, p->address);
	db_bind_text(s, 4, p->description);
	db_bind_int(s, 5, p->booking);
	db_bind_int(s, 6, p->bidding);
	db_bind_int(s, 7, p->archived);
	if (p->id != 0)
		return db_write(db, s);
	db_bind_int(s, 8, now);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	p->id = db_col_int(s, 0);
	db_reset(s);
	return DB_OK;
}

enum db_rc
project_served_by(struct db *db, int64_t project_id, int64_t agenda_id,
    bool *yes)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_served)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, project_id);
	db_bind_int(s, 2, agenda_id);
	rc = db_step(db, s);
	*yes = rc == DB_ROW;
	if (rc == DB_ROW)
		db_reset(s);
	return rc == DB_ROW ? DB_OK : rc;
}

enum db_rc
project_link_agenda(struct db *db, int64_t project_id, int64_t agenda_id,
    bool on)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, on ? &q_link : &q_unlink)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, project_id);
	db_bind_int(s, 2, agenda_id);
	return db_step(db, s);
}
