/*
 * request: customers' appointment requests and waiting-list entries
 * (request.h).
 *
 * Ownership is in the SQL: a customer's reads and writes are filtered on
 * the signed-in principal's id and kind, so another customer's request
 * never appears and cannot be changed.  Public ids are random.  A member
 * of the office reads every request.
 *
 * Every list is a read of one index in its order: the customer's pages
 * (customer_id, created), their open ones (customer_id, status,
 * created), the team's list (created) with its filters as conditions, a
 * project's waiting list (project_id, kind, status, created) and the
 * sweep's offers that ran out (status, offer_expires).
 * The one open waiting-list entry per customer and project is a partial
 * unique index, which makes a second one DB_CONFLICT.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "keyset.h"
#include "principal.h"
#include "request.h"

#define COLS "r.id, r.pid, r.kind, r.status, r.preferred, r.message, " \
	"r.customer_id, c.name, c.pid, c.email, r.project_id, p.title, " \
	"p.pid, COALESCE(r.agenda_id, 0), COALESCE(a.pid, ''), " \
	"COALESCE(m.name, ''), COALESCE(r.offer_agenda_id, 0), " \
	"r.offer_starts, r.notified_at, r.offer_expires, r.created, r.updated"
#define FROM "appointment_requests r " JOINS
#define JOINS "JOIN customers c ON c.id = r.customer_id " \
	"JOIN projects p ON p.id = r.project_id " \
	"LEFT JOIN appointments a ON a.id = r.appointment_id " \
	"LEFT JOIN members m ON m.id = r.closed_by"

static const char *const kinds[] = { "visit", "waitlist", NULL };
static const char *const statuses[] = { "open", "booked", "cancelled",
    "expired", NULL };

static const struct db_sql q_add = { "request.add",
    "INSERT INTO appointment_requests (pid, customer_id, project_id, "
    "agenda_id, kind, preferred, message, created, updated) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)" };
static const struct db_sql q_get_customer = { "request.get_customer",
    "SELECT " COLS " FROM " FROM " WHERE r.pid = ? AND r.customer_id = ? "
    "AND ? = 'customer'" };
static const struct db_sql q_get = { "request.get",
    "SELECT " COLS " FROM " FROM " WHERE r.pid = ?" };
static const struct db_sql q_cancel_customer = { "request.cancel_customer",
    "UPDATE appointment_requests SET status = 'cancelled', updated = ?1 "
    "WHERE id = ?2 AND customer_id = ?3 AND ?4 = 'customer' "
    "AND status = 'open'" };
static const struct db_sql q_close = { "request.close",
    "UPDATE appointment_requests SET status = 'cancelled', closed_by = ?3, "
    "updated = ?1 WHERE id = ?2 AND status = 'open'" };
static const struct db_sql q_booked = { "request.booked",
    "UPDATE appointment_requests SET status = 'booked', appointment_id = ?3, "
    "updated = ?1 WHERE id = ?2 AND status = 'open'" };
static const struct db_sql q_booked_for = { "request.booked_for",
    "UPDATE appointment_requests SET status = 'booked', appointment_id = ?4, "
    "updated = ?1 WHERE customer_id = ?2 AND project_id = ?3 "
    "AND status = 'open'" };
static const struct db_sql q_open_of = { "request.open.list",
    "SELECT " COLS " FROM " FROM " WHERE r.customer_id = ? "
    "AND ? = 'customer' AND r.status = 'open' "
    "ORDER BY r.created DESC, r.id DESC LIMIT ?" };
static const struct db_sql q_all_of = { "request.all_of.list",
    "SELECT " COLS " FROM " FROM " WHERE r.customer_id = ? "
    "AND ? = 'customer' ORDER BY r.created, r.id LIMIT ?" };
static const struct db_sql q_waiting = { "request.waiting.list",
    "SELECT " COLS " FROM " FROM " WHERE r.project_id = ? "
    "AND r.kind = 'waitlist' AND r.status = 'open' "
    "ORDER BY r.created, r.id LIMIT ?" };
/* each project's entries from its index; merged in their order here */
static const struct db_sql q_waiting_agenda = {
    "request.waiting_agenda.list",
    "SELECT " COLS " FROM project_agendas pa JOIN appointment_requests r "
    "ON r.project_id = pa.project_id " JOINS " WHERE pa.agenda_id = ? "
    "AND r.kind = 'waitlist' AND r.status = 'open' LIMIT ?" };
static const struct db_sql q_offer = { "request.offer",
    "UPDATE appointment_requests SET offer_agenda_id = ?3, "
    "offer_starts = ?4, offer_expires = ?5, notified_at = ?1, updated = ?1 "
    "WHERE id = ?2 AND status = 'open'" };
static const struct db_sql q_expired = { "request.expired.list",
    "SELECT " COLS " FROM " FROM " WHERE r.status = 'open' "
    "AND r.offer_expires > 0 AND r.offer_expires <= ? "
    "ORDER BY r.offer_expires LIMIT ?" };
static const struct db_sql q_offer_end = { "request.offer_end",
    "UPDATE appointment_requests SET offer_expires = 0 WHERE id = ?" };

/* the customer's list: ?4 the customer, ?5 their kind */
#define MINE "r.customer_id = ?4 AND ?5 = 'customer'"
KEYSET_SOURCE(mine_src, "request.customer",
    "r.created, " COLS, FROM, MINE, "r.created", "r.id");

/* the team's list: ?4 the kind or '', ?5 the status or '' */
#define TEAM "(?4 = '' OR r.kind = ?4) AND (?5 = '' OR r.status = ?5)"
KEYSET_SOURCE(team_src, "request.team",
    "r.created, " COLS, FROM, TEAM, "r.created", "r.id");

/* The row's columns from column `first` on (COLS). */
static void
read_cols(struct arena *a, sqlite3_stmt *s, unsigned first, void *row)
{
	struct request	*rq = row;
	int		 c = (int)first;

	rq->id = db_col_int(s, c++);
	rq->pid = db_col_text(a, s, c++);
	rq->kind = db_col_text(a, s, c++);
	rq->status = db_col_text(a, s, c++);
	rq->preferred = db_col_text(a, s, c++);
	rq->message = db_col_text(a, s, c++);
	rq->customer_id = db_col_int(s, c++);
	rq->customer = db_col_text(a, s, c++);
	rq->customer_pid = db_col_text(a, s, c++);
	rq->customer_email = db_col_text(a, s, c++);
	rq->project_id = db_col_int(s, c++);
	rq->project = db_col_text(a, s, c++);
	rq->project_pid = db_col_text(a, s, c++);
	rq->agenda_id = db_col_int(s, c++);
	rq->appointment_pid = db_col_text(a, s, c++);
	rq->closed_by = db_col_text(a, s, c++);
	rq->offer_agenda_id = db_col_int(s, c++);
	rq->offer_starts = db_col_int(s, c++);
	rq->notified_at = db_col_int(s, c++);
	rq->offer_expires = db_col_int(s, c++);
	rq->created = db_col_int(s, c++);
	rq->updated = db_col_int(s, c);
}

/* A row id, or NULL for 0 (none). */
static void
bind_id(sqlite3_stmt *s, int i, int64_t id)
{
	if (id != 0)
		db_bind_int(s, i, id);
	else
		db_bind_text(s, i, NULL);
}

static bool
in(const char *const *words, const char *s, size_t len)
{
	for (; *words != NULL; words++)
		if (strlen(*words) == len && memcmp(*words, s, len) == 0)
			return true;
	return false;
}

bool
request_kind_valid(const char *s, size_t len)
{
	return in(kinds, s, len);
}

bool
request_status_valid(const char *s, size_t len)
{
	return in(statuses, s, len);
}

const char *
request_kind_name(size_t i)
{
	return i < sizeof(kinds) / sizeof(kinds[0]) ? kinds[i] : NULL;
}

const char *
request_status_name(size_t i)
{
	return i < sizeof(statuses) / sizeof(statuses[0]) ? statuses[i] : NULL;
}

bool
request_has_offer(const struct request *rq, int64_t now)
{
	return strcmp(rq->status, "open") == 0 &&
	    strcmp(rq->kind, "waitlist") == 0 && rq->offer_agenda_id != 0 &&
	    rq->offer_starts > now && rq->offer_expires > now;
}

enum db_rc
request_add(struct db *db, struct arena *a, const struct principal *who,
    const struct request_new *n, int64_t now, const char **pid)
{
	sqlite3_stmt	*s;
	const char	*p;
	enum db_rc	 rc;

	if (who == NULL || who->kind != PRINCIPAL_CUSTOMER)
		return DB_NOTFOUND;
	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	p = crypto_public_id_new(a);
	db_bind_text(s, 1, p);
	db_bind_int(s, 2, who->id);
	db_bind_int(s, 3, n->project_id);
	bind_id(s, 4, n->agenda_id);
	db_bind_text(s, 5, n->waitlist ? "waitlist" : "visit");
	db_bind_text(s, 6, n->preferred != NULL ? n->preferred : "");
	db_bind_text(s, 7, n->message != NULL ? n->message : "");
	db_bind_int(s, 8, now);
	db_bind_int(s, 9, now);
	if ((rc = db_write(db, s)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_ERR : rc;
	if (pid != NULL)
		*pid = p;
	return DB_OK;
}

enum db_rc
request_get(struct db *db, struct arena *a, const struct principal *who,
    const char *pid, struct request *rq)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_owned_get(db, &q_get, &q_get_customer, who, pid,
	    &rc)) == NULL)
		return rc;
	return db_row(db, a, s, read_cols, 0, rq);
}

enum db_rc
request_cancel(struct db *db, const struct principal *who,
    const struct request *rq, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if (who == NULL || who->kind == PRINCIPAL_NONE)
		return DB_NOTFOUND;
	if (who->kind == PRINCIPAL_CUSTOMER && who->id != rq->customer_id)
		return DB_NOTFOUND;
	if (strcmp(rq->status, "open") != 0)
		return DB_CONFLICT;
	if ((s = db_stmt(db, who->kind == PRINCIPAL_MEMBER ? &q_close :
	    &q_cancel_customer)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, rq->id);
	if (who->kind == PRINCIPAL_CUSTOMER) {
		db_bind_int(s, 3, who->id);
		db_bind_text(s, 4, db_owner_kind(who));
	} else
		bind_id(s, 3, who->id);
	rc = db_write(db, s);
	return rc == DB_NOTFOUND ? DB_CONFLICT : rc;
}

enum db_rc
request_booked(struct db *db, const struct request *rq,
    int64_t appointment_id, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_booked)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, rq->id);
	bind_id(s, 3, appointment_id);
	rc = db_write(db, s);
	return rc == DB_NOTFOUND ? DB_CONFLICT : rc;
}

enum db_rc
request_booked_for(struct db *db, int64_t customer_id, int64_t project_id,
    int64_t appointment_id, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_booked_for)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, customer_id);
	db_bind_int(s, 3, project_id);
	bind_id(s, 4, appointment_id);
	rc = db_write(db, s);
	return rc == DB_NOTFOUND ? DB_OK : rc;	/* none open: nothing to do */
}

enum db_rc
request_offer(struct db *db, const struct request *rq, int64_t agenda_id,
    int64_t starts, int64_t expires, int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_offer)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, rq->id);
	bind_id(s, 3, agenda_id);
	db_bind_int(s, 4, starts);
	db_bind_int(s, 5, expires);
	return db_write(db, s);
}

enum db_rc
request_offer_end(struct db *db, const struct request *rq)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_offer_end)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, rq->id);
	return db_write(db, s);
}

enum db_rc
request_open_of(struct db *db, struct arena *a, const struct principal *who,
    size_t max, struct request **out, size_t *n)
{
	enum db_rc	 rc;

	*out = db_owned_rows(db, a, &q_open_of, who, max, read_cols,
	    sizeof(**out), n, &rc);
	return rc;
}

enum db_rc
request_all_of(struct db *db, struct arena *a, const struct principal *who,
    size_t max, struct request **out, size_t *n)
{
	enum db_rc	 rc;

	*out = db_owned_rows(db, a, &q_all_of, who, max, read_cols,
	    sizeof(**out), n, &rc);
	return rc;
}

enum db_rc
request_waiting(struct db *db, struct arena *a, int64_t project_id,
    size_t max, struct request **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if ((s = db_stmt(db, &q_waiting)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, project_id);
	db_bind_limit(s, 2, max);
	*out = db_rows(db, a, s, read_cols, 0, sizeof(**out), n, &rc);
	return rc;
}

enum db_rc
request_waiting_for_agenda(struct db *db, struct arena *a, int64_t agenda_id,
    size_t max, struct request **out, size_t *n)
{
	struct request	 t;
	sqlite3_stmt	*s;
	size_t		 i, j;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if ((s = db_stmt(db, &q_waiting_agenda)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, agenda_id);
	db_bind_limit(s, 2, max);
	*out = db_rows(db, a, s, read_cols, 0, sizeof(**out), n, &rc);
	/* insertion sort: a few projects' waiting lists, each in order */
	for (i = 1; i < *n; i++) {
		t = (*out)[i];
		for (j = i; j > 0 && ((*out)[j - 1].created > t.created ||
		    ((*out)[j - 1].created == t.created &&
		    (*out)[j - 1].id > t.id)); j--)
			(*out)[j] = (*out)[j - 1];
		(*out)[j] = t;
	}
	return rc;
}

enum db_rc
request_offers_expired(struct db *db, struct arena *a, int64_t now,
    size_t max, struct request **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if ((s = db_stmt(db, &q_expired)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_limit(s, 2, max);
	*out = db_rows(db, a, s, read_cols, 0, sizeof(**out), n, &rc);
	return rc;
}

/* A keyset row: the key comes before COLS. */
static void
read_keyed(struct arena *a, sqlite3_stmt *s, unsigned rank, void *row)
{
	(void)rank;
	read_cols(a, s, 1, row);
}


enum db_rc
request_of_customer(struct db *db, struct arena *a,
    const struct principal *who, const struct keyset *ks,
    struct request **out, size_t *n, struct keyset_page *pg)
{
	static const struct keyset_list	 l = {
		.size = sizeof(struct request),
		.bind = keyset_bind_owner,
		.read = read_keyed,
	};

	return keyset_read(db, a, &l, mine_src, 1, ks, who, (void **)out, n,
	    pg);
}

struct team_arg {
	const char	*kind, *status;
};

static void
bind_team(sqlite3_stmt *s, unsigned rank, const void *arg)
{
	const struct team_arg	*t = arg;

	(void)rank;
	db_bind_text(s, 4, t->kind);
	db_bind_text(s, 5, t->status);
}

enum db_rc
request_list(struct db *db, struct arena *a, const char *kind,
    const char *status, const struct keyset *ks, struct request **out,
    size_t *n, struct keyset_page *pg)
{
	static const struct keyset_list	 l = {
		.size = sizeof(struct request),
		.bind = bind_team,
		.read = read_keyed,
	};
	struct team_arg			 t = { kind != NULL ? kind : "",
	    status != NULL ? status : "" };

	return keyset_read(db, a, &l, team_src, 1, ks, &t, (void **)out, n,
	    pg);
}
