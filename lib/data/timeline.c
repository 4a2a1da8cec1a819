/*
 * timeline: everything that happened with one customer, newest first,
 * read from the records the office already keeps.
 *
 * Each kind is one entry of the KINDS table below: its name (the word
 * the templates test) and a SELECT of the same columns from the records
 * of that kind, for the customer whose row id is the SELECT's one
 * parameter.  The compiler joins the SELECTs with UNION ALL into the list
 * and count statements, so they stay literals prepared once, and SQL
 * orders and pages the lot: newest first, ties by kind name, then newest
 * row, so the order is the same from one page to the next.  Adding a
 * kind (requests, documents, tickets, ...) is adding an entry here and
 * its words to the templates.
 *
 * What the records say and what they do not: who made an account is not
 * kept, and sign-up is the portal's only way to make one, so the
 * customer is named (an account added with porchctl shows the same); an
 * account activated later than it was made (sign-up, invitation) has an
 * entry of its own, as has a cancelled deletion request (those cancelled
 * before the time was kept show only as the request's status); an
 * appointment booked by the team names no member; an e-mail change is
 * known by its used confirmation link, which porchctl sweep removes.  Team actions are the audit log's rows whose subject is
 * the customer's public id; a row of no member is the system's.
 * Deciding who may read a timeline is the page's job: an office's
 * database holds only that office's customers.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "principal.h"
#include "timeline.h"

/*
 * The kinds: K(name, columns) each, SEP between them, so one list gives
 * both the names and the UNION.  The columns, after the name the SELECT
 * is given, are: when, a row id for ties within the kind, the actor
 * ('customer', 'member' or 'system'), the actor's name, what it is about,
 * the kind's status word, the public id of its record and a time it is
 * about ('' and 0 when the kind has none).  Every SELECT has exactly one
 * parameter, the customer's row id.  A team action is an audit row of
 * one action whose subject is the customer's public id (AUDIT_KIND).
 */
#define AUDIT_KIND(action) \
	"a.at, a.id, CASE WHEN m.id IS NULL THEN 'system' ELSE 'member' END, " \
	"COALESCE(m.name, ''), '', '', '', 0 FROM audit a " \
	"JOIN customers c ON c.pid = a.subject " \
	"LEFT JOIN members m ON m.id = a.member_id " \
	"WHERE c.id = ? AND a.action = '" action "'"

#define KINDS(K, SEP) \
	K("created", \
	    "c.created, c.id, 'customer', c.name, '', " \
	    "CASE WHEN c.active = 1 THEN 'active' ELSE 'invited' END, '', 0 " \
	    "FROM customers c WHERE c.id = ?") SEP \
	K("appointment", \
	    "a.created, a.id, " \
	    "CASE WHEN a.source = 'team' THEN 'member' ELSE 'customer' END, " \
	    "CASE WHEN a.source = 'team' THEN '' ELSE c.name END, " \
	    "COALESCE(p.title, g.name, ''), a.status, a.pid, a.starts " \
	    "FROM appointments a JOIN customers c ON c.id = a.customer_id " \
	    "LEFT JOIN projects p ON p.id = a.project_id " \
	    "LEFT JOIN agendas g ON g.id = a.agenda_id " \
	    "WHERE a.customer_id = ?") SEP \
	K("email_changed", \
	    "l.used, 0, 'customer', c.name, '', '', '', 0 " \
	    "FROM (SELECT DISTINCT customer_id, used FROM link_tokens " \
	    "WHERE customer_id = ? AND purpose = 'email' AND used <> 0) l " \
	    "JOIN customers c ON c.id = l.customer_id") SEP \
	K("activated", \
	    "c.activated, c.id, 'customer', c.name, '', '', '', 0 " \
	    "FROM customers c WHERE c.id = ? AND c.activated > c.created") SEP \
	K("deletion_cancelled", \
	    "d.processed, d.id, 'customer', c.name, '', '', d.pid, 0 " \
	    "FROM deletion_requests d " \
	    "JOIN customers c ON c.id = d.customer_id " \
	    "WHERE d.customer_id = ? AND d.status = 'cancelled' " \
	    "AND d.processed > 0") SEP \
	K("deletion", \
	    "d.created, d.id, 'customer', c.name, '', d.status, d.pid, 0 " \
	    "FROM deletion_requests d " \
	    "JOIN customers c ON c.id = d.customer_id " \
	    "WHERE d.customer_id = ?") SEP \
	K("activation_sent", AUDIT_KIND("activation-sent")) SEP \
	K("provider_linked", \
	    "i.created, i.id, 'customer', c.name, i.issuer, '', '', 0 " \
	    "FROM customer_identities i " \
	    "JOIN customers c ON c.id = i.customer_id " \
	    "WHERE i.customer_id = ?")

#define AS_NAME(name, cols)	name,
#define AS_SELECT(name, cols)	"SELECT '" name "', " cols
#define NO_SEP
#define UNION_SEP		" UNION ALL "
#define ENTRIES \
	"WITH t (kind, at, seq, actor, actor_name, title, status, pid, " \
	"about) AS (" KINDS(AS_SELECT, UNION_SEP) ") "

static const char *const kind_names[] = { KINDS(AS_NAME, NO_SEP) };
#define NKINDS	(sizeof(kind_names) / sizeof(kind_names[0]))

/* ? x NKINDS = the customer's row id, then LIMIT and OFFSET */
static const struct db_sql q_list = { "timeline.list",
    ENTRIES "SELECT kind, at, actor, actor_name, title, status, pid, about "
    "FROM t ORDER BY at DESC, kind, seq DESC LIMIT ? OFFSET ?" };
static const struct db_sql q_count = { "timeline.count",
    ENTRIES "SELECT count(*) FROM t" };

const char *
timeline_kind_name(size_t i)
{
	return i < NKINDS ? kind_names[i] : NULL;
}

/* The statement with every kind's parameter bound to the customer; the
 * next free parameter is NKINDS + 1. */
static sqlite3_stmt *
bound(struct db *db, const struct db_sql *q, int64_t customer_id)
{
	sqlite3_stmt	*s;
	size_t		 i;

	if ((s = db_stmt(db, q)) == NULL)
		return NULL;
	for (i = 1; i <= NKINDS; i++)
		db_bind_int(s, (int)i, customer_id);
	return s;
}

static enum principal_kind
actor_kind(const char *s)
{
	if (strcmp(s, "customer") == 0)
		return PRINCIPAL_CUSTOMER;
	if (strcmp(s, "member") == 0)
		return PRINCIPAL_MEMBER;
	return PRINCIPAL_NONE;
}

static void
read_row(struct arena *a, sqlite3_stmt *s, struct timeline_entry *e)
{
	e->kind = db_col_text(a, s, 0);
	e->at = db_col_int(s, 1);
	e->actor = actor_kind(db_col_text(a, s, 2));
	e->actor_name = db_col_text(a, s, 3);
	e->title = db_col_text(a, s, 4);
	e->status = db_col_text(a, s, 5);
	e->pid = db_col_text(a, s, 6);
	e->about = db_col_int(s, 7);
}

static enum db_rc
count(struct db *db, int64_t customer_id, size_t *total)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = bound(db, &q_count, customer_id)) == NULL)
		return DB_ERR;
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	*total = (size_t)db_col_int(s, 0);
	db_reset(s);
	return DB_OK;
}

enum db_rc
timeline_of_customer(struct db *db, struct arena *a, int64_t customer_id,
    size_t offset, size_t max, struct timeline_entry **out, size_t *n,
    size_t *total)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = *total = 0;
	if ((rc = count(db, customer_id, total)) != DB_OK)
		return rc;
	if (max == 0 || offset >= *total)
		return DB_OK;
	if ((s = bound(db, &q_list, customer_id)) == NULL)
		return DB_ERR;
	db_bind_int(s, (int)NKINDS + 1,
	    max > INT64_MAX ? INT64_MAX : (int64_t)max);
	db_bind_int(s, (int)NKINDS + 2, (int64_t)offset);
	while ((rc = db_step(db, s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, sizeof(**out));
		read_row(a, s, &(*out)[(*n)++]);
	}
	return rc;
}
