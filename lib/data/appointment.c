/*
 * appointment: a customer's appointments, with the project and agenda
 * they belong to.
 *
 * Ownership is in the SQL: the upcoming list is filtered on the signed-in
 * principal's id and kind, so a team member's id can never be read as a
 * customer's, and another customer's appointments never appear.  Public
 * ids are random.  Booking, moving and cancelling belong to the pages
 * built on this module; appointment_add is for porchctl and the demo seed.
 *
 * The team's list, appointment_for_customer, takes a customer's row id
 * instead: a team member may see every customer of the office, and the
 * page found that id from a public id first.
 *
 * The upcoming lists read the index on (customer_id, ends) from now on,
 * so they cost the same however long a customer's history is; the few
 * rows taken are then put in the order they start, which is the order
 * they end unless two overlap.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "appointment.h"
#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "principal.h"

static const struct db_sql q_upcoming = { "appointment.upcoming.list",
    "SELECT a.pid, COALESCE(p.title, ''), COALESCE(g.name, ''), a.starts, "
    "a.ends, a.location, a.meeting_url, a.status, a.source "
    "FROM appointments a "
    "LEFT JOIN projects p ON p.id = a.project_id "
    "LEFT JOIN agendas g ON g.id = a.agenda_id "
    "WHERE a.customer_id = ? AND ? = 'customer' "
    "AND a.ends > ? AND a.status <> 'cancelled' "
    "ORDER BY a.ends, a.id LIMIT ?" };
static const struct db_sql q_all_of = { "appointment.all_of",
    "SELECT a.pid, COALESCE(p.title, ''), COALESCE(g.name, ''), a.starts, "
    "a.ends, a.location, a.meeting_url, a.status, a.source "
    "FROM appointments a "
    "LEFT JOIN projects p ON p.id = a.project_id "
    "LEFT JOIN agendas g ON g.id = a.agenda_id "
    "WHERE a.customer_id = ? AND ? = 'customer' "
    "ORDER BY a.starts, a.id LIMIT ?" };
/* the team's view: any customer of the office, by row id */
static const struct db_sql q_for_customer = {
    "appointment.for_customer.list",
    "SELECT a.pid, COALESCE(p.title, ''), COALESCE(g.name, ''), a.starts, "
    "a.ends, a.location, a.meeting_url, a.status, a.source "
    "FROM appointments a "
    "LEFT JOIN projects p ON p.id = a.project_id "
    "LEFT JOIN agendas g ON g.id = a.agenda_id "
    "WHERE a.customer_id = ? "
    "AND a.ends > ? AND a.status <> 'cancelled' "
    "ORDER BY a.ends, a.id LIMIT ?" };
static const struct db_sql q_project = { "appointment.project",
    "SELECT min(id) FROM projects WHERE title = ?" };
static const struct db_sql q_project_add = { "appointment.project_add",
    "INSERT INTO projects (pid, title, created) VALUES (?, ?, ?) "
    "RETURNING id" };
static const struct db_sql q_agenda = { "appointment.agenda",
    "SELECT min(id) FROM agendas WHERE name = ?" };
static const struct db_sql q_agenda_add = { "appointment.agenda_add",
    "INSERT INTO agendas (pid, name, created) VALUES (?, ?, ?) "
    "RETURNING id" };
static const struct db_sql q_add = { "appointment.add",
    "INSERT INTO appointments (pid, customer_id, project_id, agenda_id, "
    "starts, ends, location, meeting_url, status, source, created, updated) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" };

static void
read_row(struct arena *a, sqlite3_stmt *s, struct appointment *ap)
{
	ap->pid = db_col_text(a, s, 0);
	ap->project = db_col_text(a, s, 1);
	ap->agenda = db_col_text(a, s, 2);
	ap->starts = db_col_int(s, 3);
	ap->ends = db_col_int(s, 4);
	ap->location = db_col_text(a, s, 5);
	ap->meeting_url = db_col_text(a, s, 6);
	ap->status = db_col_text(a, s, 7);
	ap->source = db_col_text(a, s, 8);
}

/* Reads the rows of an upcoming list and puts them in the order they
 * start (insertion sort: a page is short, and equal starts keep their
 * order). */
static enum db_rc
read_upcoming(struct db *db, struct arena *a, sqlite3_stmt *s,
    struct appointment **out, size_t *n)
{
	struct appointment	 t;
	enum db_rc		 rc;
	size_t			 i, j;

	while ((rc = db_step(db, s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, sizeof(**out));
		read_row(a, s, &(*out)[(*n)++]);
	}
	for (i = 1; i < *n; i++) {
		t = (*out)[i];
		for (j = i; j > 0 && (*out)[j - 1].starts > t.starts; j--)
			(*out)[j] = (*out)[j - 1];
		(*out)[j] = t;
	}
	return rc;
}

enum db_rc
appointment_upcoming(struct db *db, struct arena *a,
    const struct principal *who, int64_t now, size_t max,
    struct appointment **out, size_t *n)
{
	sqlite3_stmt	*s;

	*out = NULL;
	*n = 0;
	if (who == NULL || max == 0)
		return DB_OK;
	if ((s = db_stmt(db, &q_upcoming)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, who->id);
	/* only a customer owns appointments; anyone else matches none */
	db_bind_text(s, 2, who->kind == PRINCIPAL_CUSTOMER ? "customer" :
	    "other");
	db_bind_int(s, 3, now);
	db_bind_int(s, 4, max > INT64_MAX ? INT64_MAX : (int64_t)max);
	return read_upcoming(db, a, s, out, n);
}

enum db_rc
appointment_all_of(struct db *db, struct arena *a, const struct principal *who,
    size_t max, struct appointment **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if (who == NULL || max == 0)
		return DB_OK;
	if ((s = db_stmt(db, &q_all_of)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, who->id);
	db_bind_text(s, 2, who->kind == PRINCIPAL_CUSTOMER ? "customer" :
	    "other");
	db_bind_int(s, 3, max > INT64_MAX ? INT64_MAX : (int64_t)max);
	while ((rc = db_step(db, s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, sizeof(**out));
		read_row(a, s, &(*out)[(*n)++]);
	}
	return rc;
}

enum db_rc
appointment_for_customer(struct db *db, struct arena *a, int64_t customer_id,
    int64_t now, size_t max, struct appointment **out, size_t *n)
{
	sqlite3_stmt	*s;

	*out = NULL;
	*n = 0;
	if (max == 0)
		return DB_OK;
	if ((s = db_stmt(db, &q_for_customer)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, customer_id);
	db_bind_int(s, 2, now);
	db_bind_int(s, 3, max > INT64_MAX ? INT64_MAX : (int64_t)max);
	return read_upcoming(db, a, s, out, n);
}

/*
 * The id of the project (or agenda) with this title, made when there is
 * none; *id is 0 for no title.
 */
static enum db_rc
find_or_add(struct db *db, struct arena *a, const struct db_sql *find,
    const struct db_sql *add, const char *title, int64_t now, int64_t *id)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*id = 0;
	if (title == NULL || *title == '\0')
		return DB_OK;
	if ((s = db_stmt(db, find)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, title);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	*id = db_col_int(s, 0);		/* 0 for min() of no rows: NULL */
	db_reset(s);
	if (*id != 0)
		return DB_OK;
	if ((s = db_stmt(db, add)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, crypto_public_id_new(a));
	db_bind_text(s, 2, title);
	db_bind_int(s, 3, now);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	*id = db_col_int(s, 0);
	db_reset(s);
	return DB_OK;
}

static void
bind_id(sqlite3_stmt *s, int i, int64_t id)
{
	if (id == 0)
		db_bind_text(s, i, NULL);
	else
		db_bind_int(s, i, id);
}

enum db_rc
appointment_add(struct db *db, struct arena *a, int64_t customer_id,
    const char *project, const char *agenda, int64_t starts, int64_t ends,
    const char *location, const char *meeting_url, const char *status,
    const char *source, const char **pid)
{
	sqlite3_stmt	*s;
	int64_t		 now = time(NULL), pj, ag;
	const char	*p;
	enum db_rc	 rc;

	if ((rc = find_or_add(db, a, &q_project, &q_project_add, project, now,
	    &pj)) != DB_OK ||
	    (rc = find_or_add(db, a, &q_agenda, &q_agenda_add, agenda, now,
	    &ag)) != DB_OK)
		return rc;
	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	p = crypto_public_id_new(a);
	db_bind_text(s, 1, p);
	db_bind_int(s, 2, customer_id);
	bind_id(s, 3, pj);
	bind_id(s, 4, ag);
	db_bind_int(s, 5, starts);
	db_bind_int(s, 6, ends);
	db_bind_text(s, 7, location != NULL ? location : "");
	db_bind_text(s, 8, meeting_url != NULL ? meeting_url : "");
	db_bind_text(s, 9, status);
	db_bind_text(s, 10, source);
	db_bind_int(s, 11, now);
	db_bind_int(s, 12, now);
	if ((rc = db_step(db, s)) != DB_OK)
		return rc == DB_ROW ? DB_ERR : rc;
	if (pid != NULL)
		*pid = p;
	return DB_OK;
}
