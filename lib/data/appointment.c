/*
 * appointment: a customer's appointments, and booking, rescheduling,
 * moving, cancelling and marking them.
 *
 * Ownership is in the SQL: a customer's reads are filtered on the signed-in
 * principal's id and kind, so a team member's id can never be read as a
 * customer's, and another customer's appointments never appear.  Public
 * ids are random.  A member of the office reads every appointment.
 *
 * A booking and a reschedule first ask slot_fits whether the time has a
 * place, then write, in the request's one write transaction (IMMEDIATE):
 * SQLite lets one writer in at a time, so two customers racing for the
 * last place are taken one after the other and the second is told
 * DB_CONFLICT.  A reschedule or a move updates the same row and bumps its
 * SEQUENCE, so calendars and the timeline keep one appointment.
 *
 * Every change (booked, rescheduled or moved, cancelled, marked) records
 * its webhook event (webhook.h) in the same transaction, made from the
 * row as the change left it, so the CRM hears of exactly the changes that
 * committed.  The functions that take no arena make a small one of their
 * own for the event, to keep their signatures.
 *
 * The upcoming lists read the index on (customer_id, ends) from now on,
 * so they cost the same however long a customer's history is; the few
 * rows taken are then put in the order they start.  The history and the
 * team's list are keyset pages (keyset.h) on (customer_id, starts) and
 * (agenda_id, starts) or (starts).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "agenda.h"
#include "appointment.h"
#include "arena.h"
#include "calsync.h"
#include "crypto.h"
#include "db.h"
#include "keyset.h"
#include "principal.h"
#include "project.h"
#include "slot.h"
#include "webhook.h"

#define COLS "a.id, a.pid, COALESCE(p.title, ''), COALESCE(p.pid, ''), " \
	"COALESCE(p.address, ''), COALESCE(g.name, ''), COALESCE(g.pid, ''), " \
	"COALESCE(g.zone, ''), COALESCE(g.cancel_hours, 24), " \
	"COALESCE(a.agenda_id, 0), a.customer_id, c.name, c.pid, c.email, " \
	"a.starts, a.ends, a.slots, a.location, a.meeting_url, a.status, " \
	"a.source, COALESCE(m.name, ''), a.sequence, a.cancel_reason, " \
	"a.created, a.updated"
#define FROM "appointments a JOIN customers c ON c.id = a.customer_id " \
	"LEFT JOIN projects p ON p.id = a.project_id " \
	"LEFT JOIN agendas g ON g.id = a.agenda_id " \
	"LEFT JOIN members m ON m.id = a.member_id"
/* An open status, as equalities: a list after IN makes SQLite build a
 * temporary table of it at every run of the statement, which cost the
 * dashboard's list of appointments twice what reading its rows did. */
#define OPEN(col) "(" col " = 'requested' OR " col " = 'invited' OR " \
	col " = 'confirmed')"

static const char *const statuses[] = { "requested", "invited", "confirmed",
    "cancelled", "completed", "no_show", NULL };
static const char *const sources[] = {
	[SOURCE_PORTAL] = "portal",
	[SOURCE_LINK] = "link",
	[SOURCE_EMBED] = "embed",
	[SOURCE_TEAM] = "team",
};

static const struct db_sql q_get_customer = { "appointment.get_customer",
    "SELECT " COLS " FROM " FROM " WHERE a.pid = ? AND a.customer_id = ? "
    "AND ? = 'customer'" };
static const struct db_sql q_get = { "appointment.get",
    "SELECT " COLS " FROM " FROM " WHERE a.pid = ?" };
static const struct db_sql q_upcoming = { "appointment.upcoming.list",
    "SELECT " COLS " FROM " FROM " WHERE a.customer_id = ? "
    "AND ? = 'customer' AND a.ends > ? AND " OPEN("a.status") " "
    "ORDER BY a.ends, a.id LIMIT ?" };
static const struct db_sql q_all_of = { "appointment.all_of",
    "SELECT " COLS " FROM " FROM " WHERE a.customer_id = ? "
    "AND ? = 'customer' ORDER BY a.starts, a.id LIMIT ?" };
/* the calendar feed: every status, by when they end */
static const struct db_sql q_since = { "appointment.since.list",
    "SELECT " COLS " FROM " FROM " WHERE a.customer_id = ? "
    "AND ? = 'customer' AND a.ends > ? ORDER BY a.ends, a.id LIMIT ?" };
/* the team's view: any customer of the office, by row id */
static const struct db_sql q_for_customer = {
    "appointment.for_customer.list",
    "SELECT " COLS " FROM " FROM " WHERE a.customer_id = ? "
    "AND a.ends > ? AND " OPEN("a.status") " ORDER BY a.ends, a.id LIMIT ?" };

/* the history: ?4 the customer, ?5 their kind, ?6 now */
#define HISTORY "a.customer_id = ?4 AND ?5 = 'customer' AND (a.starts < ?6 " \
	"OR NOT " OPEN("a.status") ")"
KEYSET_SOURCE(history_src, "appointment.history",
    "a.starts, " COLS, FROM, HISTORY, "a.starts", "a.id");

/* the team's list: ?4 from, ?5 to, ?6 the status or '', ?7 the agenda or
 * 0, ?8 the customer (one customer's only); one source for every agenda,
 * one for one agenda and one for one customer */
#define RANGE "a.starts >= ?4 AND a.starts < ?5 AND (?6 = '' OR a.status = ?6)"
#define ANY_AGENDA "?7 = 0 AND " RANGE
#define ONE_AGENDA "a.agenda_id = ?7 AND " RANGE
#define ONE_CUSTOMER "a.customer_id = ?8 AND (?7 = 0 OR a.agenda_id = ?7) " \
	"AND " RANGE
KEYSET_SOURCE(any_src, "appointment.team",
    "a.starts, " COLS, FROM, ANY_AGENDA, "a.starts", "a.id");
KEYSET_SOURCE(one_src, "appointment.agenda",
    "a.starts, " COLS, FROM, ONE_AGENDA, "a.starts", "a.id");
KEYSET_SOURCE(cust_src, "appointment.team_customer",
    "a.starts, " COLS, FROM, ONE_CUSTOMER, "a.starts", "a.id");

static const struct db_sql q_book = { "appointment.book",
    "INSERT INTO appointments (pid, customer_id, project_id, agenda_id, "
    "starts, ends, slots, location, meeting_url, status, source, member_id, "
    "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', ?, "
    "?, ?, ?)" };
static const struct db_sql q_cancel = { "appointment.cancel",
    "UPDATE appointments SET status = 'cancelled', cancel_reason = ?, "
    "sequence = sequence + 1, updated = ? WHERE id = ? AND "
    OPEN("status") };
static const struct db_sql q_reschedule = { "appointment.reschedule",
    "UPDATE appointments SET agenda_id = ?, starts = ?, ends = ?, "
    "location = ?, meeting_url = ?, sequence = sequence + 1, updated = ?, "
    "reminded = 0 WHERE id = ? AND " OPEN("status") };
/* the reminders due: confirmed, not reminded, starting in (?1, ?2] */
static const struct db_sql q_to_remind = { "appointment.to_remind.list",
    "SELECT " COLS " FROM " FROM " WHERE a.status = 'confirmed' "
    "AND a.reminded = 0 AND a.starts > ?1 AND a.starts <= ?2 "
    "ORDER BY a.starts LIMIT ?3" };
static const struct db_sql q_reminded = { "appointment.reminded",
    "UPDATE appointments SET reminded = ?2 WHERE id = ?1 AND reminded = 0" };
static const struct db_sql q_mark = { "appointment.mark",
    "UPDATE appointments SET status = ?, sequence = sequence + 1, "
    "updated = ? WHERE id = ? AND status = 'confirmed'" };

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
static const struct db_sql q_link = { "appointment.link",
    "INSERT OR IGNORE INTO project_agendas (project_id, agenda_id) "
    "VALUES (?, ?)" };
static const struct db_sql q_add = { "appointment.add",
    "INSERT INTO appointments (pid, customer_id, project_id, agenda_id, "
    "starts, ends, location, meeting_url, status, source, created, updated) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" };

/* The row's columns from column `first` on (COLS). */
static void
read_cols(struct arena *a, sqlite3_stmt *s, unsigned first, void *row)
{
	struct appointment	*ap = row;
	int			 c = (int)first;

	ap->id = db_col_int(s, c++);
	ap->pid = db_col_text(a, s, c++);
	ap->project = db_col_text(a, s, c++);
	ap->project_pid = db_col_text(a, s, c++);
	ap->project_address = db_col_text(a, s, c++);
	ap->agenda = db_col_text(a, s, c++);
	ap->agenda_pid = db_col_text(a, s, c++);
	ap->zone = db_col_text(a, s, c++);
	ap->cancel_hours = (int)db_col_int(s, c++);
	ap->agenda_id = db_col_int(s, c++);
	ap->customer_id = db_col_int(s, c++);
	ap->customer = db_col_text(a, s, c++);
	ap->customer_pid = db_col_text(a, s, c++);
	ap->customer_email = db_col_text(a, s, c++);
	ap->starts = db_col_int(s, c++);
	ap->ends = db_col_int(s, c++);
	ap->slots = (int)db_col_int(s, c++);
	ap->location = db_col_text(a, s, c++);
	ap->meeting_url = db_col_text(a, s, c++);
	ap->status = db_col_text(a, s, c++);
	ap->source = db_col_text(a, s, c++);
	ap->member = db_col_text(a, s, c++);
	ap->sequence = (int)db_col_int(s, c++);
	ap->cancel_reason = db_col_text(a, s, c++);
	ap->created = db_col_int(s, c++);
	ap->updated = db_col_int(s, c);
}

enum db_rc
appointment_get(struct db *db, struct arena *a, const struct principal *who,
    const char *pid, struct appointment *ap)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_owned_get(db, &q_get, &q_get_customer, who, pid,
	    &rc)) == NULL)
		return rc;
	return db_row(db, a, s, read_cols, 0, ap);
}

bool
appointment_status_valid(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; statuses[i] != NULL; i++)
		if (strlen(statuses[i]) == len && memcmp(statuses[i], s,
		    len) == 0)
			return true;
	return false;
}

const char *
appointment_status_name(size_t i)
{
	return i < sizeof(statuses) / sizeof(statuses[0]) ? statuses[i] : NULL;
}

static bool
is_open(const struct appointment *ap)
{
	return strcmp(ap->status, "requested") == 0 ||
	    strcmp(ap->status, "invited") == 0 ||
	    strcmp(ap->status, "confirmed") == 0;
}

bool
appointment_changeable(const struct appointment *ap,
    const struct principal *who, int64_t now)
{
	if (!is_open(ap) || who == NULL)
		return false;
	if (who->kind == PRINCIPAL_MEMBER)
		return true;
	return who->kind == PRINCIPAL_CUSTOMER && who->id == ap->customer_id &&
	    ap->starts - (int64_t)ap->cancel_hours * 3600 > now;
}

/* Where an appointment is: the project's address, else the agenda's. */
static const char *
location_of(const char *project_address, const struct agenda *g)
{
	return project_address != NULL && *project_address != '\0' ?
	    project_address : g->location;
}

/* Records the webhook event of a change just made to the appointment of
 * public id `pid`, from the row as it is now, and the calendar sync of
 * its agenda. */
static enum db_rc
emit(struct db *db, enum webhook_type type, const char *pid, int64_t now)
{
	const struct principal	 office = { .kind = PRINCIPAL_MEMBER };
	struct appointment	 ap;
	struct arena		*a;
	enum db_rc		 rc;

	a = arena_new(4096);
	if ((rc = appointment_get(db, a, &office, pid, &ap)) == DB_OK &&
	    (rc = webhook_emit(db, a, type, &ap, now)) == DB_OK)
		rc = calsync_enqueue(db, pid, ap.agenda_id, now);
	arena_free(a);
	return rc == DB_NOTFOUND ? DB_ERR : rc;
}

enum db_rc
appointment_book(struct db *db, struct arena *a, const struct booking *b,
    int64_t now, const char **pid)
{
	sqlite3_stmt	*s;
	const char	*p;
	int64_t		 ends;
	bool		 fits;
	enum db_rc	 rc;

	if ((rc = slot_fits(db, a, b->agenda, b->starts, b->nslots, now, 0,
	    b->source == SOURCE_TEAM, &fits, &ends)) != DB_OK)
		return rc;
	if (!fits)
		return DB_CONFLICT;
	if ((s = db_stmt(db, &q_book)) == NULL)
		return DB_ERR;
	p = crypto_public_id_new(a);
	db_bind_text(s, 1, p);
	db_bind_int(s, 2, b->customer_id);
	if (b->project != NULL)
		db_bind_int(s, 3, b->project->id);
	else
		db_bind_text(s, 3, NULL);
	db_bind_int(s, 4, b->agenda->id);
	db_bind_int(s, 5, b->starts);
	db_bind_int(s, 6, ends);
	db_bind_int(s, 7, b->nslots);
	db_bind_text(s, 8, location_of(b->project != NULL ?
	    b->project->address : NULL, b->agenda));
	db_bind_text(s, 9, b->agenda->meeting_url);
	db_bind_text(s, 10, sources[b->source]);
	if (b->source == SOURCE_TEAM && b->member_id != 0)
		db_bind_int(s, 11, b->member_id);
	else
		db_bind_text(s, 11, NULL);
	db_bind_int(s, 12, now);
	db_bind_int(s, 13, now);
	if ((rc = db_write(db, s)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_ERR : rc;
	if ((rc = emit(db, WEBHOOK_CREATED, p, now)) != DB_OK)
		return rc;
	if (pid != NULL)
		*pid = p;
	return DB_OK;
}

enum db_rc
appointment_cancel(struct db *db, const struct principal *who,
    const struct appointment *ap, const char *reason, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if (!appointment_changeable(ap, who, now))
		return DB_CONFLICT;
	if ((s = db_stmt(db, &q_cancel)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, reason != NULL ? reason : "");
	db_bind_int(s, 2, now);
	db_bind_int(s, 3, ap->id);
	if ((rc = db_write(db, s)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_CONFLICT : rc;
	return emit(db, WEBHOOK_CANCELLED, ap->pid, now);
}

enum db_rc
appointment_reschedule(struct db *db, struct arena *a,
    const struct principal *who, const struct appointment *ap,
    const struct agenda *to, int64_t starts, int64_t now)
{
	sqlite3_stmt	*s;
	int64_t		 ends;
	bool		 fits, member = who->kind == PRINCIPAL_MEMBER;
	enum db_rc	 rc;

	if (!appointment_changeable(ap, who, now))
		return DB_CONFLICT;
	/* a customer stays in the agenda; a member moves to a connected one */
	if (to->id != ap->agenda_id && (!member || !to->connected))
		return DB_CONFLICT;
	if ((rc = slot_fits(db, a, to, starts, ap->slots, now, ap->id, member,
	    &fits, &ends)) != DB_OK)
		return rc;
	if (!fits)
		return DB_CONFLICT;
	if ((s = db_stmt(db, &q_reschedule)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, to->id);
	db_bind_int(s, 2, starts);
	db_bind_int(s, 3, ends);
	db_bind_text(s, 4, to->id == ap->agenda_id ? ap->location :
	    location_of(ap->project_address, to));
	db_bind_text(s, 5, to->id == ap->agenda_id ? ap->meeting_url :
	    to->meeting_url);
	db_bind_int(s, 6, now);
	db_bind_int(s, 7, ap->id);
	if ((rc = db_write(db, s)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_CONFLICT : rc;
	/* a move takes the event out of the old agenda's calendar */
	if (to->id != ap->agenda_id &&
	    (rc = calsync_enqueue(db, ap->pid, ap->agenda_id, now)) != DB_OK)
		return rc;
	return emit(db, to->id != ap->agenda_id ? WEBHOOK_MOVED :
	    WEBHOOK_CHANGED, ap->pid, now);
}

enum db_rc
appointment_mark(struct db *db, const struct appointment *ap,
    const char *status, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if (strcmp(status, "completed") != 0 && strcmp(status, "no_show") != 0)
		return DB_CONFLICT;
	if ((s = db_stmt(db, &q_mark)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, status);
	db_bind_int(s, 2, now);
	db_bind_int(s, 3, ap->id);
	if ((rc = db_write(db, s)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_CONFLICT : rc;
	return emit(db, strcmp(status, "completed") == 0 ? WEBHOOK_COMPLETED :
	    WEBHOOK_NO_SHOW, ap->pid, now);
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

	*out = db_rows(db, a, s, read_cols, 0, sizeof(**out), n, &rc);
	for (i = 1; i < *n; i++) {
		t = (*out)[i];
		for (j = i; j > 0 && (*out)[j - 1].starts > t.starts; j--)
			(*out)[j] = (*out)[j - 1];
		(*out)[j] = t;
	}
	return rc;
}

enum db_rc
appointment_to_remind(struct db *db, struct arena *a, int64_t now,
    int64_t until, size_t max, struct appointment **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if ((s = db_stmt(db, &q_to_remind)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, until);
	db_bind_limit(s, 3, max);
	*out = db_rows(db, a, s, read_cols, 0, sizeof(**out), n, &rc);
	return rc;
}

enum db_rc
appointment_reminded(struct db *db, const struct appointment *ap,
    int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_reminded)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, ap->id);
	db_bind_int(s, 2, now);
	return db_write(db, s);
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
	db_bind_owner(s, 1, who);
	db_bind_int(s, 3, now);
	db_bind_limit(s, 4, max);
	return read_upcoming(db, a, s, out, n);
}

enum db_rc
appointment_since(struct db *db, struct arena *a, const struct principal *who,
    int64_t since, size_t max, struct appointment **out, size_t *n)
{
	sqlite3_stmt	*s;

	*out = NULL;
	*n = 0;
	if (who == NULL || max == 0)
		return DB_OK;
	if ((s = db_stmt(db, &q_since)) == NULL)
		return DB_ERR;
	db_bind_owner(s, 1, who);
	db_bind_int(s, 3, since);
	db_bind_limit(s, 4, max);
	return read_upcoming(db, a, s, out, n);
}

enum db_rc
appointment_all_of(struct db *db, struct arena *a, const struct principal *who,
    size_t max, struct appointment **out, size_t *n)
{
	enum db_rc	 rc;

	*out = db_owned_rows(db, a, &q_all_of, who, max, read_cols,
	    sizeof(**out), n, &rc);
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
	db_bind_limit(s, 3, max);
	return read_upcoming(db, a, s, out, n);
}

/* A keyset row: the key and row id come before COLS. */
static void
read_keyed(struct arena *a, sqlite3_stmt *s, unsigned rank, void *row)
{
	(void)rank;
	read_cols(a, s, 1, row);
}

struct history_arg {
	int64_t		 id;
	const char	*kind;
	int64_t		 now;
};

static void
bind_history(sqlite3_stmt *s, unsigned rank, const void *arg)
{
	const struct history_arg	*h = arg;

	(void)rank;
	db_bind_int(s, 4, h->id);
	db_bind_text(s, 5, h->kind);
	db_bind_int(s, 6, h->now);
}

enum db_rc
appointment_history(struct db *db, struct arena *a,
    const struct principal *who, int64_t now, const struct keyset *ks,
    struct appointment **out, size_t *n, struct keyset_page *pg)
{
	static const struct keyset_list	 l = {
		.size = sizeof(struct appointment),
		.bind = bind_history,
		.read = read_keyed,
	};
	struct history_arg		 h = { who->id, db_owner_kind(who), now };

	return keyset_read(db, a, &l, history_src, 1, ks, &h, (void **)out,
	    n, pg);
}

static void
bind_team(sqlite3_stmt *s, unsigned rank, const void *arg)
{
	const struct appointment_filter	*f = arg;

	(void)rank;
	db_bind_int(s, 4, f->from);
	db_bind_int(s, 5, f->to);
	db_bind_text(s, 6, f->status != NULL ? f->status : "");
	db_bind_int(s, 7, f->agenda_id);
	if (f->customer_id != 0)
		db_bind_int(s, 8, f->customer_id);
}

enum db_rc
appointment_list(struct db *db, struct arena *a,
    const struct appointment_filter *f, const struct keyset *ks,
    struct appointment **out, size_t *n, struct keyset_page *pg)
{
	static const struct keyset_list	 l = {
		.oldest_first = true,
		.size = sizeof(struct appointment),
		.bind = bind_team,
		.read = read_keyed,
	};
	const struct keyset_src		*src = f->customer_id != 0 ? cust_src :
	    f->agenda_id != 0 ? one_src : any_src;

	return keyset_read(db, a, &l, src, 1, ks, f, (void **)out, n, pg);
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
	if (pj != 0 && ag != 0) {
		if ((s = db_stmt(db, &q_link)) == NULL)
			return DB_ERR;
		db_bind_int(s, 1, pj);
		db_bind_int(s, 2, ag);
		if ((rc = db_step(db, s)) != DB_OK)
			return rc == DB_ROW ? DB_ERR : rc;
	}
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
