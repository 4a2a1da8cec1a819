/*
 * timeline: everything that happened with one customer, newest first,
 * read from the records the office already keeps.
 *
 * Each kind is one entry of the KINDS table below: its name (the word
 * the templates test) and the parts of a SELECT of the same columns from
 * the records of that kind, for the customer whose row id is ?4.  Each
 * kind becomes a pair of keyset statements (keyset.h), literals prepared
 * once, each served by an index on (customer, time) of its table, and
 * keyset.c merges the kinds a page at a time: newest first, ties by kind
 * (the table's order), then newest row, so the order is the same from
 * one page to the next and no kind reads more than a page, however long
 * the customer's history.  A timeline is not counted: that would read
 * the whole of it.  Only the kinds the customer has records of are read:
 * the table timeline_kinds names them (schema 26 fills it by triggers as
 * records are added), so an empty kind costs nothing, where asking it
 * cost about as much as a kind with a page of entries.  Adding a kind
 * (requests, documents, tickets, ...) is adding an entry here, an index
 * for it, a trigger that names it in timeline_kinds and its words to the
 * templates.
 *
 * What the records say and what they do not: who made an account is not
 * kept, and sign-up is the portal's only way to make one, so the
 * customer is named (an account added with porchctl shows the same); an
 * account activated later than it was made (sign-up, invitation) has an
 * entry of its own, as has a cancelled deletion request (those cancelled
 * before the time was kept show only as the request's status); an
 * appointment is one entry at the time it last changed (a reschedule
 * moves it, never copies it), naming the member who booked it for the
 * customer (none for those the demo seed made); an e-mail change is
 * known by its used confirmation link, which porchctl sweep removes.  Team actions are the audit log's rows whose subject is
 * the customer's public id; a row of no member is the system's.  Of the
 * team's actions on appointments only a cancellation is an entry of its
 * own (who cancelled); a move or a mark changes the appointment's one
 * entry, and a booking on the customer's behalf is that entry, naming
 * the member.  A file the virus scanner refused is the system's audit row
 * about the customer, its detail the signature clamd named.
 * Deciding who may read a timeline is the page's job: an office's
 * database holds only that office's customers.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "keyset.h"
#include "principal.h"
#include "timeline.h"

/*
 * The kinds: K(name, columns, tables, conditions, time, row id) each.
 * The columns are: when, a row id for ties within the kind, the actor
 * ('customer', 'member' or 'system'), the actor's name, what it is about,
 * the kind's status word, the public id of its record and a time it is
 * about ('' and 0 when the kind has none).  The conditions keep the
 * customer ?4's records.  A team action is an audit row of one action
 * whose subject is the customer's public id (AUDIT_KIND).  Within one
 * second the earlier kind comes first, so the account's making, which
 * comes before everything, is last.
 */
#define AUDIT_KIND(action) \
	"a.at, a.id, CASE WHEN m.id IS NULL THEN 'system' ELSE 'member' END, " \
	"COALESCE(m.name, ''), '', '', '', 0", \
	"audit a JOIN customers c ON c.pid = a.subject " \
	"LEFT JOIN members m ON m.id = a.member_id", \
	"c.id = ?4 AND a.action = '" action "'", "a.at", "a.id"

/* A customer's appointment requests of one kind: one entry each, at the
 * time it last changed (asked, booked, cancelled), like an appointment. */
#define REQUEST_KIND(kind) \
	"r.updated, r.id, CASE WHEN r.closed_by IS NULL THEN 'customer' " \
	"ELSE 'member' END, COALESCE(m.name, c.name), p.title, r.status, " \
	"r.pid, 0", \
	"appointment_requests r JOIN customers c ON c.id = r.customer_id " \
	"JOIN projects p ON p.id = r.project_id " \
	"LEFT JOIN members m ON m.id = r.closed_by", \
	"r.customer_id = ?4 AND r.kind = '" kind "'", "r.updated", "r.id"

#define KINDS(K) \
	K("appointment", \
	    "a.updated, a.id, " \
	    "CASE WHEN a.source = 'team' THEN 'member' ELSE 'customer' END, " \
	    "CASE WHEN a.source = 'team' THEN COALESCE(m.name, '') " \
	    "ELSE c.name END, " \
	    "COALESCE(p.title, g.name, ''), a.status, a.pid, a.starts", \
	    "appointments a JOIN customers c ON c.id = a.customer_id " \
	    "LEFT JOIN projects p ON p.id = a.project_id " \
	    "LEFT JOIN agendas g ON g.id = a.agenda_id " \
	    "LEFT JOIN members m ON m.id = a.member_id", \
	    "a.customer_id = ?4", "a.updated", "a.id") \
	K("invitation", \
	    "i.updated, i.id, " \
	    "CASE WHEN i.status = 'answered' THEN 'customer' ELSE 'member' END, " \
	    "CASE WHEN i.status = 'answered' THEN c.name " \
	    "ELSE COALESCE(m.name, '') END, " \
	    "COALESCE(p.title, g.name, ''), i.status, i.pid, 0", \
	    "invitations i JOIN customers c ON c.id = i.customer_id " \
	    "LEFT JOIN projects p ON p.id = i.project_id " \
	    "LEFT JOIN agendas g ON g.id = i.agenda_id " \
	    "LEFT JOIN members m ON m.id = i.member_id", \
	    "i.customer_id = ?4", "i.updated", "i.id") \
	K("visit_request", REQUEST_KIND("visit")) \
	K("waitlist", REQUEST_KIND("waitlist")) \
	K("email_changed", \
	    "DISTINCT l.used, 0, 'customer', c.name, '', '', '', 0", \
	    "link_tokens l JOIN customers c ON c.id = l.customer_id", \
	    "l.customer_id = ?4 AND l.purpose = 'email' AND l.used <> 0", \
	    "l.used", "0") \
	K("activated", \
	    "c.activated, c.id, 'customer', c.name, '', '', '', 0", \
	    "customers c", "c.id = ?4 AND c.activated > c.created", \
	    "c.activated", "c.id") \
	K("deletion_cancelled", \
	    "d.processed, d.id, 'customer', c.name, '', '', d.pid, 0", \
	    "deletion_requests d JOIN customers c ON c.id = d.customer_id", \
	    "d.customer_id = ?4 AND d.status = 'cancelled' " \
	    "AND d.processed > 0", "d.processed", "d.id") \
	K("deletion", \
	    "d.created, d.id, 'customer', c.name, '', d.status, d.pid, 0", \
	    "deletion_requests d JOIN customers c ON c.id = d.customer_id", \
	    "d.customer_id = ?4", "d.created", "d.id") \
	K("document", \
	    "d.created, d.id, 'customer', c.name, d.display_name, d.status, " \
	    "d.pid, 0", \
	    "documents d JOIN customers c ON c.id = d.customer_id", \
	    "d.customer_id = ?4", "d.created", "d.id") \
	K("document_accepted", AUDIT_KIND("document-accepted")) \
	K("document_rejected", AUDIT_KIND("document-rejected")) \
	K("document_deleted", AUDIT_KIND("document-deleted")) \
	K("document_request", \
	    "q.created, q.id, 'member', COALESCE(m.name, ''), q.title, " \
	    "CASE q.status WHEN 'fulfilled' THEN 'done' ELSE q.status END, " \
	    "q.pid, 0", \
	    "document_requests q LEFT JOIN members m ON m.id = q.created_by", \
	    "q.customer_id = ?4", "q.created", "q.id") \
	K("document_request_cancelled", \
	    AUDIT_KIND("document-request-cancelled")) \
	K("upload_infected", \
	    "a.at, a.id, 'system', '', a.detail, '', '', 0", \
	    "audit a JOIN customers c ON c.pid = a.subject", \
	    "c.id = ?4 AND a.action = 'upload-infected'", "a.at", "a.id") \
	K("activation_sent", AUDIT_KIND("activation-sent")) \
	K("appointment_cancelled", AUDIT_KIND("appointment-cancelled")) \
	K("provider_linked", \
	    "i.created, i.id, 'customer', c.name, i.issuer, '', '', 0", \
	    "customer_identities i JOIN customers c ON c.id = i.customer_id", \
	    "i.customer_id = ?4", "i.created", "i.id") \
	K("created", \
	    "c.created, c.id, 'customer', c.name, '', " \
	    "CASE WHEN c.active = 1 THEN 'active' ELSE 'invited' END, '', 0", \
	    "customers c", "c.id = ?4", "c.created", "c.id")

/* the names and statements from the table (K's arguments forwarded, so
 * AUDIT_KIND's commas become arguments) */
#define AS_NAME_(name, cols, from, where, at, id)	name,
#define AS_NAME(...)	AS_NAME_(__VA_ARGS__)
#define AS_SQL_(name, cols, from, where, at, id) \
	{ { "timeline." name ".down.list", \
	    KEYSET_DOWN(cols, from, where, at, id) }, \
	  { "timeline." name ".up.list", KEYSET_UP(cols, from, where, at, id) }, \
	  { "timeline." name ".top.list", KEYSET_TOP(cols, from, where) }, \
	  { "timeline." name ".bottom.list", KEYSET_BOTTOM(cols, from, where) } },
#define AS_SQL(...)	AS_SQL_(__VA_ARGS__)

static const char *const kind_names[] = { KINDS(AS_NAME) };
#define NKINDS	(sizeof(kind_names) / sizeof(kind_names[0]))

static const struct {
	struct db_sql	 down, up, top, bottom;
} kind_sql[] = { KINDS(AS_SQL) };

const char *
timeline_kind_name(size_t i)
{
	return i < NKINDS ? kind_names[i] : NULL;
}

static const struct db_sql q_kinds = { "timeline.kinds",
    "SELECT kind FROM timeline_kinds WHERE customer_id = ?1" };

/* Which kinds customer_id has records of: has[i] for kind i. */
static enum db_rc
kinds_of(struct db *db, int64_t customer_id, bool has[NKINDS])
{
	sqlite3_stmt	*s;
	const char	*kind;
	size_t		 i;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_kinds)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, customer_id);
	while ((rc = db_step(db, s)) == DB_ROW) {
		kind = (const char *)sqlite3_column_text(s, 0);
		for (i = 0; kind != NULL && i < NKINDS; i++)
			if (strcmp(kind, kind_names[i]) == 0)
				has[i] = true;
	}
	return rc;
}

static void
bind_customer(sqlite3_stmt *s, unsigned rank, const void *customer_id)
{
	(void)rank;
	db_bind_int(s, 4, *(const int64_t *)customer_id);
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
read_entry(struct arena *a, sqlite3_stmt *s, unsigned rank, void *row)
{
	struct timeline_entry	*e = row;

	e->kind = kind_names[rank];
	e->at = db_col_int(s, 0);
	e->actor = actor_kind(db_col_text(a, s, 2));
	e->actor_name = db_col_text(a, s, 3);
	e->title = db_col_text(a, s, 4);
	e->status = db_col_text(a, s, 5);
	e->pid = db_col_text(a, s, 6);
	e->about = db_col_int(s, 7);
}

static const struct keyset_list history = {
	.size = sizeof(struct timeline_entry),
	.bind = bind_customer,
	.read = read_entry,
};

enum db_rc
timeline_of_customer(struct db *db, struct arena *a, int64_t customer_id,
    const struct keyset *ks, struct timeline_entry **out, size_t *n,
    struct keyset_page *pg)
{
	struct keyset_src	 src[NKINDS];
	bool			 has[NKINDS] = { false };
	void			*rows;
	size_t			 i, nsrc = 0;
	enum db_rc		 rc;

	if ((rc = kinds_of(db, customer_id, has)) != DB_OK)
		return rc;
	for (i = 0; i < NKINDS; i++) {
		if (!has[i])
			continue;
		src[nsrc].rank = (unsigned)i;
		src[nsrc].down = &kind_sql[i].down;
		src[nsrc].up = &kind_sql[i].up;
		src[nsrc].count = NULL;
		src[nsrc].top = &kind_sql[i].top;
		src[nsrc++].bottom = &kind_sql[i].bottom;
	}
	rc = keyset_read(db, a, &history, src, nsrc, ks, &customer_id,
	    &rows, n, pg);
	*out = rows;
	return rc;
}
