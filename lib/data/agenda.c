/*
 * agenda: the office's agendas, their weekly hours and dated exceptions.
 *
 * Agendas belong to the office, so nothing here filters on a principal:
 * the pages decide who may read (any member; a booking page reads one by
 * public id) and who may change (PERM_AGENDA).  The rules are checked by
 * agenda_valid before a write and by the table's CHECKs again.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "agenda.h"
#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "tz.h"
#include "util.h"

#define COLS "id, pid, name, zone, slot_minutes, buffer_minutes, capacity, " \
	"max_slots, notice_minutes, horizon_days, cancel_hours, location, " \
	"meeting_url, connected, archived"

static const struct db_sql q_by_pid = { "agenda.by_pid",
    "SELECT " COLS " FROM agendas WHERE pid = ?" };
static const struct db_sql q_by_id = { "agenda.by_id",
    "SELECT " COLS " FROM agendas WHERE id = ?" };
static const struct db_sql q_list = { "agenda.all.list",
    "SELECT " COLS " FROM agendas WHERE archived = 0 OR ? = 1 "
    "ORDER BY archived, name LIMIT ?" };
static const struct db_sql q_for_project = { "agenda.for_project",
    "SELECT " COLS " FROM agendas JOIN project_agendas pa "
    "ON pa.agenda_id = agendas.id WHERE pa.project_id = ? "
    "AND archived = 0 ORDER BY name LIMIT ?" };
static const struct db_sql q_add = { "agenda.add",
    "INSERT INTO agendas (pid, name, created, zone, slot_minutes, "
    "buffer_minutes, capacity, max_slots, notice_minutes, horizon_days, "
    "cancel_hours, location, meeting_url, connected, archived) "
    "VALUES (?1, ?2, ?16, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
    "?14) RETURNING id" };
static const struct db_sql q_update = { "agenda.update",
    "UPDATE agendas SET name = ?2, zone = ?3, slot_minutes = ?4, "
    "buffer_minutes = ?5, capacity = ?6, max_slots = ?7, "
    "notice_minutes = ?8, horizon_days = ?9, cancel_hours = ?10, "
    "location = ?11, meeting_url = ?12, connected = ?13, archived = ?14 "
    "WHERE id = ?15" };
static const struct db_sql q_hours_clear = { "agenda.hours_clear",
    "DELETE FROM agenda_hours WHERE agenda_id = ?" };
static const struct db_sql q_hours_add = { "agenda.hours_add",
    "INSERT INTO agenda_hours (agenda_id, weekday, opens, closes) "
    "VALUES (?, ?, ?, ?)" };
static const struct db_sql q_hours = { "agenda.hours",
    "SELECT weekday, opens, closes FROM agenda_hours WHERE agenda_id = ? "
    "ORDER BY weekday, opens" };
static const struct db_sql q_exceptions = { "agenda.exceptions.list",
    "SELECT pid, day, opens, closes, open, note FROM agenda_exceptions "
    "WHERE agenda_id = ? AND day >= ? ORDER BY day, opens LIMIT ?" };
static const struct db_sql q_exception_count = { "agenda.exception_count",
    "SELECT count(*) FROM agenda_exceptions WHERE agenda_id = ?" };
static const struct db_sql q_exception_add = { "agenda.exception_add",
    "INSERT INTO agenda_exceptions (pid, agenda_id, day, opens, closes, "
    "open, note) VALUES (?, ?, ?, ?, ?, ?, ?)" };
static const struct db_sql q_exception_delete = { "agenda.exception_delete",
    "DELETE FROM agenda_exceptions WHERE agenda_id = ? AND pid = ?" };

void
agenda_defaults(struct agenda *g)
{
	memset(g, 0, sizeof(*g));
	g->name = "";
	g->zone = "UTC";
	g->slot_minutes = 30;
	g->capacity = 1;
	g->max_slots = 1;
	g->notice_minutes = 120;
	g->horizon_days = 60;
	g->cancel_hours = 24;
	g->location = "";
	g->meeting_url = "";
}

bool
agenda_valid(const struct agenda *g)
{
	size_t	 n = strlen(g->name);

	return n > 0 && n <= AGENDA_NAME_MAX && utf8_valid(g->name, n) &&
	    !has_control(g->name, n, false) &&
	    tz_valid(g->zone, strlen(g->zone)) &&
	    g->slot_minutes >= 5 && g->slot_minutes <= 480 &&
	    g->buffer_minutes >= 0 && g->buffer_minutes <= 240 &&
	    g->capacity >= 1 && g->capacity <= 100 &&
	    g->max_slots >= 1 && g->max_slots <= 8 &&
	    g->notice_minutes >= 0 && g->notice_minutes <= 43200 &&
	    g->horizon_days >= 1 && g->horizon_days <= 730 &&
	    g->cancel_hours >= 0 && g->cancel_hours <= 720 &&
	    (*g->meeting_url == '\0' ||
	    strncmp(g->meeting_url, "https://", 8) == 0);
}

static void
read_row(struct arena *a, sqlite3_stmt *s, unsigned first, void *row)
{
	struct agenda	*g = row;

	(void)first;
	g->id = db_col_int(s, 0);
	g->pid = db_col_text(a, s, 1);
	g->name = db_col_text(a, s, 2);
	g->zone = db_col_text(a, s, 3);
	g->slot_minutes = (int)db_col_int(s, 4);
	g->buffer_minutes = (int)db_col_int(s, 5);
	g->capacity = (int)db_col_int(s, 6);
	g->max_slots = (int)db_col_int(s, 7);
	g->notice_minutes = (int)db_col_int(s, 8);
	g->horizon_days = (int)db_col_int(s, 9);
	g->cancel_hours = (int)db_col_int(s, 10);
	g->location = db_col_text(a, s, 11);
	g->meeting_url = db_col_text(a, s, 12);
	g->connected = db_col_int(s, 13) != 0;
	g->archived = db_col_int(s, 14) != 0;
}

enum db_rc
agenda_by_pid(struct db *db, struct arena *a, const char *pid,
    struct agenda *g)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_by_pid)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, pid);
	return db_row(db, a, s, read_row, 0, g);
}

enum db_rc
agenda_by_id(struct db *db, struct arena *a, int64_t id, struct agenda *g)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_by_id)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, id);
	return db_row(db, a, s, read_row, 0, g);
}

enum db_rc
agenda_list(struct db *db, struct arena *a, bool archived,
    struct agenda **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if ((s = db_stmt(db, &q_list)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, archived);
	db_bind_int(s, 2, AGENDA_LIST_MAX);
	*out = db_rows(db, a, s, read_row, 0, sizeof(**out), n, &rc);
	return rc;
}

enum db_rc
agenda_for_project(struct db *db, struct arena *a, int64_t project_id,
    struct agenda **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if ((s = db_stmt(db, &q_for_project)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, project_id);
	db_bind_int(s, 2, AGENDA_LIST_MAX);
	*out = db_rows(db, a, s, read_row, 0, sizeof(**out), n, &rc);
	return rc;
}

static void
bind_rules(sqlite3_stmt *s, const struct agenda *g)
{
	db_bind_text(s, 2, g->name);
	db_bind_text(s, 3, g->zone);
	db_bind_int(s, 4, g->slot_minutes);
	db_bind_int(s, 5, g->buffer_minutes);
	db_bind_int(s, 6, g->capacity);
	db_bind_int(s, 7, g->max_slots);
	db_bind_int(s, 8, g->notice_minutes);
	db_bind_int(s, 9, g->horizon_days);
	db_bind_int(s, 10, g->cancel_hours);
	db_bind_text(s, 11, g->location);
	db_bind_text(s, 12, g->meeting_url);
	db_bind_int(s, 13, g->connected);
	db_bind_int(s, 14, g->archived);
}

enum db_rc
agenda_save(struct db *db, struct arena *a, struct agenda *g, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if (g->id != 0) {
		if ((s = db_stmt(db, &q_update)) == NULL)
			return DB_ERR;
		bind_rules(s, g);
		db_bind_int(s, 15, g->id);
		return db_write(db, s);
	}
	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	g->pid = crypto_public_id_new(a);
	db_bind_text(s, 1, g->pid);
	bind_rules(s, g);
	db_bind_int(s, 16, now);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	g->id = db_col_int(s, 0);
	db_reset(s);
	return DB_OK;
}

enum db_rc
agenda_set_hours(struct db *db, int64_t agenda_id,
    const struct agenda_hours *h, size_t n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;
	size_t		 i;

	if (n > AGENDA_HOURS_MAX)
		return DB_CONFLICT;
	if ((rc = db_run_int(db, &q_hours_clear, agenda_id)) != DB_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if ((s = db_stmt(db, &q_hours_add)) == NULL)
			return DB_ERR;
		db_bind_int(s, 1, agenda_id);
		db_bind_int(s, 2, h[i].weekday);
		db_bind_int(s, 3, h[i].opens);
		db_bind_int(s, 4, h[i].closes);
		if ((rc = db_write(db, s)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

enum db_rc
agenda_hours(struct db *db, struct arena *a, int64_t agenda_id,
    struct agenda_hours **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if ((s = db_stmt(db, &q_hours)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, agenda_id);
	while ((rc = db_step(db, s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, sizeof(**out));
		(*out)[*n].weekday = (int)db_col_int(s, 0);
		(*out)[*n].opens = (int)db_col_int(s, 1);
		(*out)[(*n)++].closes = (int)db_col_int(s, 2);
	}
	return rc;
}

/*
 * One weekday's stretches: "" (closed) or "HH:MM-HH:MM" parts separated
 * by commas, white space around them ignored, each opening before it
 * closes and after the one before ends.
 */
bool
agenda_hours_parse(const char *text, int weekday, struct agenda_hours *h,
    size_t max, size_t *n)
{
	const char	*p = text, *e;
	int		 opens, closes, last = -1;

	*n = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return true;
		for (e = p; *e != '\0' && *e != ','; e++)
			continue;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e - p != 11 || p[5] != '-' || !clock_parse(p, 5, &opens) ||
		    !clock_parse(p + 6, 5, &closes) || opens >= closes ||
		    opens < last || *n >= max)
			return false;
		h[*n].weekday = weekday;
		h[*n].opens = opens;
		h[(*n)++].closes = closes;
		last = closes;
		p = e;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == ',')
			p++;
		else if (*p != '\0')
			return false;
	}
}

/* The weekday (0 Sunday) of the three letters at p, or -1. */
static int
weekday_of(const char *p)
{
	static const char	 names[] = "sunmontuewedthufrisat";
	int			 i;

	for (i = 0; i < 7; i++)
		if (strncmp(p, names + 3 * i, 3) == 0)
			return i;
	return -1;
}

/* One part of a week: "mon 09:00-17:00" or "mon-fri 09:00-17:00". */
static bool
week_part(const char *p, size_t len, struct agenda_hours *h, size_t max,
    size_t *n)
{
	char	 stretches[256];
	int	 from, to, d;
	size_t	 got;

	while (len > 0 && (*p == ' ' || *p == '\t'))
		p++, len--;
	if (len < 3 || (from = weekday_of(p)) < 0)
		return false;
	to = from;
	p += 3, len -= 3;
	if (len >= 4 && *p == '-') {
		if ((to = weekday_of(p + 1)) < from)
			return false;
		p += 4, len -= 4;
	}
	if (len >= sizeof(stretches) || (len > 0 && *p != ' '))
		return false;
	memcpy(stretches, p, len);
	stretches[len] = '\0';
	for (d = from; d <= to; d++) {
		if (!agenda_hours_parse(stretches, d, h + *n, max - *n, &got) ||
		    got == 0)
			return false;
		*n += got;
	}
	return true;
}

bool
agenda_week_parse(const char *text, struct agenda_hours *h, size_t max,
    size_t *n)
{
	const char	*p = text, *e;

	*n = 0;
	while (*p != '\0') {
		e = strchrnul(p, ';');
		if (!week_part(p, (size_t)(e - p), h, max, n))
			return false;
		p = *e == ';' ? e + 1 : e;
	}
	return true;
}

enum db_rc
agenda_exceptions(struct db *db, struct arena *a, int64_t agenda_id,
    const char *from_day, size_t max, struct agenda_exception **out,
    size_t *n)
{
	sqlite3_stmt		*s;
	struct agenda_exception	*x;
	enum db_rc		 rc;

	*out = NULL;
	*n = 0;
	if ((s = db_stmt(db, &q_exceptions)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, agenda_id);
	db_bind_text(s, 2, from_day);
	db_bind_limit(s, 3, max);
	while ((rc = db_step(db, s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, sizeof(**out));
		x = &(*out)[(*n)++];
		x->pid = db_col_text(a, s, 0);
		snprintf(x->day, sizeof(x->day), "%s", db_col_text(a, s, 1));
		x->opens = (int)db_col_int(s, 2);
		x->closes = (int)db_col_int(s, 3);
		x->open = db_col_int(s, 4) != 0;
		x->note = db_col_text(a, s, 5);
	}
	return rc;
}

enum db_rc
agenda_exception_add(struct db *db, struct arena *a, int64_t agenda_id,
    const struct agenda_exception *x)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if (!valid_day(x->day, strlen(x->day)) || x->opens < 0 ||
	    x->closes > 1440 || x->opens >= x->closes)
		return DB_CONFLICT;
	if ((s = db_stmt(db, &q_exception_count)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, agenda_id);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	if (db_col_int(s, 0) >= AGENDA_EXCEPTIONS_MAX) {
		db_reset(s);
		return DB_CONFLICT;
	}
	db_reset(s);
	if ((s = db_stmt(db, &q_exception_add)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, crypto_public_id_new(a));
	db_bind_int(s, 2, agenda_id);
	db_bind_text(s, 3, x->day);
	db_bind_int(s, 4, x->opens);
	db_bind_int(s, 5, x->closes);
	db_bind_int(s, 6, x->open);
	db_bind_text(s, 7, x->note == NULL ? "" : x->note);
	return db_write(db, s);
}

enum db_rc
agenda_exception_delete(struct db *db, int64_t agenda_id, const char *pid)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_exception_delete)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, agenda_id);
	db_bind_text(s, 2, pid);
	return db_write(db, s);
}
