/*
 * inbox: the office's interactions (new appointments, sign-ups, ...) as
 * one list for its team, newest first.
 *
 * Each kind is one row of the kinds table: its name, the words its status
 * takes and the parts of the SELECT of its items (the columns: time, row
 * id, title, customer name, the item's public id, status, the customer's
 * public id; the tables; the status
 * condition), from which KIND makes its keyset statements, of every
 * status and of one.  Adding a kind is adding a row (and, for a kind
 * whose table is new, the indexes on its time and on its status and
 * time, and the triggers that count it in inbox_counts, schema.c).  The
 * kinds are merged by keyset.c: by time, ties broken by kind order and
 * then newest row first, so the order is stable from one page to the
 * next, and no kind reads more than a page wherever the page is.  The
 * counts are read from inbox_counts, exact at any length, where counting
 * the items stopped at KEYSET_COUNT_MAX and cost a thousand index steps
 * a page.  Every item links to its team page
 * (the customer's, or the request's); deciding who may read the inbox is
 * the page's job.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "inbox.h"
#include "keyset.h"

struct kind {
	const char		*name;
	const char		*link;	/* the item's page, before the row's public id */
	const char *const	*statuses;	/* the words its status takes */
	/* its statements of every status, and of the status ?4 */
	struct db_sql		 down, up, top, bottom;
	struct db_sql		 sdown, sup, stop, sbottom;
};

/*
 * A kind from its columns (named as above), its FROM clause, the
 * expressions of its time and row id, the condition that keeps its
 * items and the one that keeps one status of them (?4).  Its counts are
 * inbox_counts' rows (schema 27), whose triggers keep the same items.
 */
#define KIND(name, link, statuses, cols, from, at, id, all, status) { \
	name, link, statuses,						\
	{ "inbox." name ".down.list",					\
	    KEYSET_DOWN(cols, from, all, at, id) },			\
	{ "inbox." name ".up.list", KEYSET_UP(cols, from, all, at, id) }, \
	{ "inbox." name ".top.list", KEYSET_TOP(cols, from, all) },	\
	{ "inbox." name ".bottom.list", KEYSET_BOTTOM(cols, from, all) }, \
	{ "inbox." name ".status.down.list",				\
	    KEYSET_DOWN(cols, from, status, at, id) },			\
	{ "inbox." name ".status.up.list",				\
	    KEYSET_UP(cols, from, status, at, id) },			\
	{ "inbox." name ".status.top.list",				\
	    KEYSET_TOP(cols, from, status) },				\
	{ "inbox." name ".status.bottom.list",				\
	    KEYSET_BOTTOM(cols, from, status) } }

static const char *const appointment_statuses[] = { "requested", "invited",
    "confirmed", "cancelled", "completed", "no_show", NULL };
static const char *const signup_statuses[] = { "active", "invited", NULL };
static const char *const deletion_statuses[] = { "open", "cancelled", "done",
    NULL };
static const char *const invitation_statuses[] = { "open", "answered",
    "cancelled", NULL };
static const char *const request_statuses[] = { "open", "booked", "cancelled",
    "expired", NULL };
static const char *const document_statuses[] = { "new", "accepted",
    "rejected", NULL };

static const struct kind kinds[] = {
	KIND("appointment", "/team/appointments/", appointment_statuses,
	    "a.updated, a.id, COALESCE(p.title, g.name, ''), c.name, a.pid, "
	    "a.status, c.pid",
	    "appointments a JOIN customers c ON c.id = a.customer_id "
	    "LEFT JOIN projects p ON p.id = a.project_id "
	    "LEFT JOIN agendas g ON g.id = a.agenda_id",
	    "a.updated", "a.id", "1 = 1", "a.status = ?4"),
	KIND("signup", "/team/customers/", signup_statuses,
	    "created, id, email, name, pid, "
	    "CASE WHEN active = 1 THEN 'active' ELSE 'invited' END, pid",
	    "customers", "created", "id", "1 = 1",
	    "active = CASE ?4 WHEN 'active' THEN 1 ELSE 0 END"),
	KIND("deletion", "/team/deletions/", deletion_statuses,
	    "d.created, d.id, '', COALESCE(c.name, ''), d.pid, d.status, "
	    "COALESCE(c.pid, '')",
	    "deletion_requests d LEFT JOIN customers c ON c.id = d.customer_id",
	    "d.created", "d.id", "1 = 1", "d.status = ?4"),
	/* an invitation's page is its customer's */
	KIND("invitation", "/team/customers/", invitation_statuses,
	    "i.updated, i.id, COALESCE(p.title, g.name, ''), c.name, c.pid, "
	    "i.status, c.pid",
	    "invitations i JOIN customers c ON c.id = i.customer_id "
	    "LEFT JOIN projects p ON p.id = i.project_id "
	    "LEFT JOIN agendas g ON g.id = i.agenda_id",
	    "i.updated", "i.id", "1 = 1", "i.status = ?4"),
	KIND("request", "/team/requests/", request_statuses,
	    "r.updated, r.id, p.title, c.name, r.pid, r.status, c.pid",
	    "appointment_requests r JOIN customers c ON c.id = r.customer_id "
	    "JOIN projects p ON p.id = r.project_id",
	    "r.updated", "r.id", "1 = 1", "r.status = ?4"),
	/* a customer's upload, when it came (the project documents are the
	 * team's own) */
	KIND("document", "/team/documents/", document_statuses,
	    "d.created, d.id, d.display_name, c.name, d.pid, d.status, c.pid",
	    "documents d JOIN customers c ON c.id = d.customer_id",
	    "d.created", "d.id", "d.customer_id IS NOT NULL",
	    "d.customer_id IS NOT NULL AND d.status = ?4"),
};
#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

static bool
has_status(const struct kind *k, const char *status)
{
	const char *const	*st;

	for (st = k->statuses; *st != NULL; st++)
		if (strcmp(*st, status) == 0)
			return true;
	return false;
}

const char *
inbox_kind_name(size_t i)
{
	return i < NKINDS ? kinds[i].name : NULL;
}

bool
inbox_kind_valid(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < NKINDS; i++)
		if (strlen(kinds[i].name) == len &&
		    memcmp(kinds[i].name, s, len) == 0)
			return true;
	return false;
}

/* Every kind's statuses, each once, in the kinds' order: made at the first
 * call (the filter links ask for them all at every request). */
const char *
inbox_status_name(size_t i)
{
	static const char	*names[NKINDS * 8];
	static size_t		 n;
	static bool		 made;
	const char *const	*st;
	size_t			 k, j;

	for (k = 0; !made && k < NKINDS; k++)
		for (st = kinds[k].statuses; *st != NULL; st++) {
			for (j = 0; j < n; j++)
				if (strcmp(names[j], *st) == 0)
					break;
			if (j == n && n < sizeof(names) / sizeof(names[0]))
				names[n++] = *st;
		}
	made = true;
	return i < n ? names[i] : NULL;
}

const char *
inbox_status_of(const char *kind, size_t i)
{
	size_t	 k, n;

	if (kind == NULL || *kind == '\0')
		return inbox_status_name(i);
	for (k = 0; k < NKINDS; k++)
		if (strcmp(kinds[k].name, kind) == 0) {
			for (n = 0; kinds[k].statuses[n] != NULL; n++)
				if (n == i)
					return kinds[k].statuses[n];
			return NULL;
		}
	return NULL;
}

bool
inbox_status_fits(const char *kind, const char *status)
{
	const char	*st;
	size_t		 i;

	for (i = 0; (st = inbox_status_of(kind, i)) != NULL; i++)
		if (strcmp(st, status) == 0)
			return true;
	return false;
}

bool
inbox_status_valid(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; inbox_status_name(i) != NULL; i++)
		if (strlen(inbox_status_name(i)) == len &&
		    memcmp(inbox_status_name(i), s, len) == 0)
			return true;
	return false;
}

static void
bind_status(sqlite3_stmt *s, unsigned rank, const void *status)
{
	(void)rank;
	if (*(const char *)status != '\0')
		db_bind_text(s, 4, status);
}

static void
read_item(struct arena *a, sqlite3_stmt *s, unsigned rank, void *row)
{
	struct inbox_item	*it = row;

	it->kind = kinds[rank].name;
	it->at = db_col_int(s, 0);
	it->title = db_col_text(a, s, 2);
	it->customer_name = db_col_text(a, s, 3);
	it->pid = db_col_text(a, s, 4);
	it->status = db_col_text(a, s, 5);
	it->customer_pid = db_col_text(a, s, 6);
	it->link = arena_cat(a, kinds[rank].link, it->pid, NULL);
}

static const struct keyset_list items = {
	.size = sizeof(struct inbox_item),
	.bind = bind_status,
	.read = read_item,
};

/* The kinds the filters keep, as keyset sources; *status "" for any. */
static size_t
sources(const char *kind, const char **status, struct keyset_src *src)
{
	const struct kind	*k;
	size_t			 i, n = 0;
	bool			 any;

	if (*status == NULL)
		*status = "";
	any = **status == '\0';
	for (i = 0; i < NKINDS; i++) {
		k = &kinds[i];
		if (kind != NULL && *kind != '\0' && strcmp(kind, k->name) != 0)
			continue;
		if (!any && !has_status(k, *status))
			continue;
		src[n].rank = (unsigned)i;
		src[n].down = any ? &k->down : &k->sdown;
		src[n].up = any ? &k->up : &k->sup;
		src[n].top = any ? &k->top : &k->stop;
		src[n].count = NULL;
		src[n++].bottom = any ? &k->bottom : &k->sbottom;
	}
	return n;
}

enum db_rc
inbox_list(struct db *db, struct arena *a, const char *kind,
    const char *status, const struct keyset *ks, struct inbox_item **out,
    size_t *n, struct keyset_page *pg)
{
	struct keyset_src	 src[NKINDS];
	size_t			 nsrc;
	void			*rows;
	enum db_rc		 rc;

	nsrc = sources(kind, &status, src);
	rc = keyset_read(db, a, &items, src, nsrc, ks, status, &rows, n, pg);
	*out = rows;
	return rc;
}

static const struct db_sql q_count = { "inbox.total",
    "SELECT coalesce(sum(n), 0) FROM inbox_counts "
    "WHERE (?1 = '' OR kind = ?1) AND (?2 = '' OR status = ?2)" };

enum db_rc
inbox_count(struct db *db, const char *kind, const char *status,
    struct keyset_page *pg)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_count)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, kind != NULL ? kind : "");
	db_bind_text(s, 2, status != NULL ? status : "");
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	pg->counted = pg->exact = true;
	pg->total = (size_t)db_col_int(s, 0);
	db_reset(s);
	return DB_OK;
}
