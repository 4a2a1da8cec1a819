/*
 * invitation: invitations to book, and answering them (invitation.h).
 *
 * Ownership is in the SQL, as in appointment.c: a customer's reads are
 * filtered on the principal's id and kind.  The lists read the index on
 * (customer_id, status, created) newest first; the count of proposed
 * times reads the unique index on (invitation_id, starts).  Answering
 * calls appointment_book, which checks the slot in the request's write
 * transaction, then marks the invitation answered only while it is still
 * open, so two answers to one invitation book once.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "agenda.h"
#include "appointment.h"
#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "invitation.h"
#include "principal.h"
#include "project.h"
#include "slot.h"

#define COLS "i.id, i.pid, i.customer_id, c.name, c.pid, c.email, " \
	"i.agenda_id, g.name, g.pid, g.zone, COALESCE(i.project_id, 0), " \
	"COALESCE(p.title, ''), COALESCE(p.pid, ''), COALESCE(m.name, ''), " \
	"i.message, i.status, COALESCE(a.pid, ''), i.created, i.updated, " \
	"(SELECT count(*) FROM invitation_times t " \
	"WHERE t.invitation_id = i.id)"
#define FROM "invitations i JOIN customers c ON c.id = i.customer_id " \
	"JOIN agendas g ON g.id = i.agenda_id " \
	"LEFT JOIN projects p ON p.id = i.project_id " \
	"LEFT JOIN members m ON m.id = i.member_id " \
	"LEFT JOIN appointments a ON a.id = i.appointment_id"

static const struct db_sql q_get_customer = { "invitation.get_customer",
    "SELECT " COLS " FROM " FROM " WHERE i.pid = ? AND i.customer_id = ? "
    "AND ? = 'customer'" };
static const struct db_sql q_get = { "invitation.get",
    "SELECT " COLS " FROM " FROM " WHERE i.pid = ?" };
static const struct db_sql q_times = { "invitation.times",
    "SELECT starts, ends FROM invitation_times WHERE invitation_id = ? "
    "ORDER BY starts" };
static const struct db_sql q_open = { "invitation.open.list",
    "SELECT " COLS " FROM " FROM " WHERE i.customer_id = ? "
    "AND ? = 'customer' AND i.status = 'open' "
    "ORDER BY i.created DESC, i.id DESC LIMIT ?" };
static const struct db_sql q_for_customer = {
    "invitation.for_customer.list",
    "SELECT " COLS " FROM " FROM " WHERE i.customer_id = ? "
    "AND i.status = 'open' ORDER BY i.created DESC, i.id DESC LIMIT ?" };
static const struct db_sql q_add = { "invitation.add",
    "INSERT INTO invitations (pid, customer_id, agenda_id, project_id, "
    "member_id, message, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "RETURNING id" };
static const struct db_sql q_add_time = { "invitation.add_time",
    "INSERT INTO invitation_times (invitation_id, starts, ends) "
    "VALUES (?, ?, ?)" };
static const struct db_sql q_answered = { "invitation.answered",
    "UPDATE invitations SET status = 'answered', appointment_id = "
    "(SELECT id FROM appointments WHERE pid = ?), updated = ? "
    "WHERE id = ? AND status = 'open'" };
static const struct db_sql q_cancel = { "invitation.cancel",
    "UPDATE invitations SET status = 'cancelled', updated = ? "
    "WHERE id = ? AND status = 'open'" };

static void
read_cols(struct arena *a, sqlite3_stmt *s, unsigned first, void *row)
{
	struct invitation	*iv = row;
	int			 c = (int)first;

	memset(iv, 0, sizeof(*iv));
	iv->id = db_col_int(s, c++);
	iv->pid = db_col_text(a, s, c++);
	iv->customer_id = db_col_int(s, c++);
	iv->customer = db_col_text(a, s, c++);
	iv->customer_pid = db_col_text(a, s, c++);
	iv->customer_email = db_col_text(a, s, c++);
	iv->agenda_id = db_col_int(s, c++);
	iv->agenda = db_col_text(a, s, c++);
	iv->agenda_pid = db_col_text(a, s, c++);
	iv->zone = db_col_text(a, s, c++);
	iv->project_id = db_col_int(s, c++);
	iv->project = db_col_text(a, s, c++);
	iv->project_pid = db_col_text(a, s, c++);
	iv->member = db_col_text(a, s, c++);
	iv->message = db_col_text(a, s, c++);
	iv->status = db_col_text(a, s, c++);
	iv->appointment_pid = db_col_text(a, s, c++);
	iv->created = db_col_int(s, c++);
	iv->updated = db_col_int(s, c++);
	iv->ntimes = (size_t)db_col_int(s, c);
}

/* Whether starts[i] is given once only. */
static bool
once(const int64_t *starts, size_t i)
{
	size_t	 j;

	for (j = 0; j < i; j++)
		if (starts[j] == starts[i])
			return false;
	return true;
}

static enum db_rc
add_time(struct db *db, struct arena *a, const struct invitation_new *in,
    int64_t id, int64_t starts, int64_t now)
{
	sqlite3_stmt	*s;
	int64_t		 ends;
	bool		 fits;
	enum db_rc	 rc;

	/* a time the customer could book now: the check their booking
	 * makes again when they answer */
	if ((rc = slot_fits(db, a, in->agenda, starts, 1, now, 0, false,
	    &fits, &ends)) != DB_OK)
		return rc;
	if (!fits)
		return DB_CONFLICT;
	if ((s = db_stmt(db, &q_add_time)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, starts);
	db_bind_int(s, 3, ends);
	return db_step(db, s);
}

enum db_rc
invitation_create(struct db *db, struct arena *a,
    const struct invitation_new *in, int64_t now, const char **pid)
{
	sqlite3_stmt	*s;
	const char	*p;
	int64_t		 id;
	size_t		 i;
	enum db_rc	 rc;

	if (in->nstarts > INVITATION_TIMES_MAX)
		return DB_CONFLICT;
	for (i = 0; i < in->nstarts; i++)
		if (!once(in->starts, i))
			return DB_CONFLICT;
	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	p = crypto_public_id_new(a);
	db_bind_text(s, 1, p);
	db_bind_int(s, 2, in->customer_id);
	db_bind_int(s, 3, in->agenda->id);
	if (in->project != NULL)
		db_bind_int(s, 4, in->project->id);
	else
		db_bind_text(s, 4, NULL);
	if (in->member_id != 0)
		db_bind_int(s, 5, in->member_id);
	else
		db_bind_text(s, 5, NULL);
	db_bind_text(s, 6, in->message != NULL ? in->message : "");
	db_bind_int(s, 7, now);
	db_bind_int(s, 8, now);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	id = db_col_int(s, 0);
	db_reset(s);
	for (i = 0; i < in->nstarts; i++)
		if ((rc = add_time(db, a, in, id, in->starts[i], now)) != DB_OK)
			return rc;
	if (pid != NULL)
		*pid = p;
	return DB_OK;
}

static enum db_rc
read_times(struct db *db, struct arena *a, struct invitation *iv)
{
	sqlite3_stmt	*s;
	size_t		 n = 0;
	enum db_rc	 rc;

	iv->times = NULL;
	if ((s = db_stmt(db, &q_times)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, iv->id);
	while ((rc = db_step(db, s)) == DB_ROW) {
		iv->times = arena_grow(a, iv->times, n, sizeof(*iv->times));
		iv->times[n].starts = db_col_int(s, 0);
		iv->times[n++].ends = db_col_int(s, 1);
	}
	iv->ntimes = n;
	return rc;
}

enum db_rc
invitation_get(struct db *db, struct arena *a, const struct principal *who,
    const char *pid, struct invitation *iv)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_owned_get(db, &q_get, &q_get_customer, who, pid,
	    &rc)) == NULL)
		return rc;
	if ((rc = db_row(db, a, s, read_cols, 0, iv)) != DB_OK)
		return rc;
	return read_times(db, a, iv);
}

enum db_rc
invitation_open(struct db *db, struct arena *a, const struct principal *who,
    size_t max, struct invitation **out, size_t *n)
{
	enum db_rc	 rc;

	*out = db_owned_rows(db, a, &q_open, who, max, read_cols,
	    sizeof(**out), n, &rc);
	return rc;
}

enum db_rc
invitation_for_customer(struct db *db, struct arena *a, int64_t customer_id,
    size_t max, struct invitation **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if (max == 0)
		return DB_OK;
	if ((s = db_stmt(db, &q_for_customer)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, customer_id);
	db_bind_limit(s, 2, max);
	*out = db_rows(db, a, s, read_cols, 0, sizeof(**out), n, &rc);
	return rc;
}

bool
invitation_offers(const struct invitation *iv, int64_t starts)
{
	size_t	 i;

	if (iv->ntimes == 0)
		return true;
	for (i = 0; i < iv->ntimes && iv->times != NULL; i++)
		if (iv->times[i].starts == starts)
			return true;
	return false;
}

enum db_rc
invitation_answer(struct db *db, struct arena *a, const struct principal *who,
    const struct invitation *iv, int64_t starts, int64_t now,
    const char **appt)
{
	struct booking	 b = { .nslots = 1, .source = SOURCE_PORTAL };
	struct agenda	 g;
	struct project	 p;
	sqlite3_stmt	*s;
	const char	*made;
	enum db_rc	 rc;

	if (who == NULL || who->kind != PRINCIPAL_CUSTOMER ||
	    who->id != iv->customer_id)
		return DB_NOTFOUND;
	if (strcmp(iv->status, "open") != 0 || !invitation_offers(iv, starts))
		return DB_CONFLICT;
	if ((rc = agenda_by_id(db, a, iv->agenda_id, &g)) != DB_OK ||
	    (iv->project_id != 0 && (rc = project_by_id(db, a, iv->project_id,
	    &p)) != DB_OK))
		return rc == DB_NOTFOUND ? DB_CONFLICT : rc;
	if (g.archived)
		return DB_CONFLICT;
	b.customer_id = who->id;
	b.agenda = &g;
	b.project = iv->project_id != 0 ? &p : NULL;
	b.starts = starts;
	if ((rc = appointment_book(db, a, &b, now, &made)) != DB_OK)
		return rc;
	if ((s = db_stmt(db, &q_answered)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, made);
	db_bind_int(s, 2, now);
	db_bind_int(s, 3, iv->id);
	if ((rc = db_write(db, s)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_CONFLICT : rc;
	if (appt != NULL)
		*appt = made;
	return DB_OK;
}

enum db_rc
invitation_cancel(struct db *db, const struct invitation *iv, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_cancel)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, iv->id);
	rc = db_write(db, s);
	return rc == DB_NOTFOUND ? DB_CONFLICT : rc;
}
