/*
 * inbox: the office's interactions (new appointments, sign-ups, ...) as
 * one list for its team, newest first.
 *
 * Each kind is one row of the kinds table: its name, the words its status
 * takes and the SELECT of its items (time, row id for the order, title,
 * customer name and public id, status), from which KIND makes the list of
 * its newest items and their count, both of one status or all.  Adding a
 * kind is adding a row.  The lists are merged here by time, ties broken by kind order and
 * then newest row first, so the order is stable from one page to the next.
 * A page at `offset` reads offset + max rows of each kind: fine for the
 * pages a person clicks through, deliberately not a bulk export.  Every
 * item links to its team page (the customer's, or the request's); deciding who may read the inbox
 * is the page's job.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "inbox.h"

/* The furthest into the inbox a page may reach. */
#define INBOX_MAX_ROWS	100000

struct kind {
	const char		*name;
	const char		*link;	/* the item's page, before the row's public id */
	const char *const	*statuses;	/* the words its status takes */
	struct db_sql		 list;	/* ?1 = status or '', ?2 = LIMIT */
	struct db_sql		 count;	/* ?1 = status or '' */
};

/*
 * A kind from the SELECT of its items' columns, named at, id (for the
 * order), title, customer name, pid and status: the list and the count
 * both keep the items of one status, or all when ?1 is ''.
 */
#define KIND(name, link, statuses, items) { name, link, statuses,	\
	{ "inbox." name, "SELECT at, id, title, cname, pid, status FROM ("	\
	    items ") WHERE ?1 IN ('', status) "				\
	    "ORDER BY at DESC, id DESC LIMIT ?2" },			\
	{ "inbox." name "_count", "SELECT count(*) FROM (" items ") "	\
	    "WHERE ?1 IN ('', status)" } }

static const char *const appointment_statuses[] = { "requested", "invited",
    "confirmed", "cancelled", NULL };
static const char *const signup_statuses[] = { "active", "invited", NULL };
static const char *const deletion_statuses[] = { "open", "cancelled", "done",
    NULL };

static const struct kind kinds[] = {
	KIND("appointment", "/team/customers/", appointment_statuses,
	    "SELECT a.created AS at, a.id AS id, "
	    "COALESCE(p.title, g.name, '') AS title, c.name AS cname, "
	    "c.pid AS pid, a.status AS status FROM appointments a "
	    "JOIN customers c ON c.id = a.customer_id "
	    "LEFT JOIN projects p ON p.id = a.project_id "
	    "LEFT JOIN agendas g ON g.id = a.agenda_id"),
	KIND("signup", "/team/customers/", signup_statuses,
	    "SELECT created AS at, id, email AS title, name AS cname, pid, "
	    "CASE WHEN active THEN 'active' ELSE 'invited' END AS status "
	    "FROM customers"),
	KIND("deletion", "/team/deletions/", deletion_statuses,
	    "SELECT d.created AS at, d.id AS id, '' AS title, "
	    "COALESCE(c.name, '') AS cname, d.pid AS pid, d.status AS status "
	    "FROM deletion_requests d "
	    "LEFT JOIN customers c ON c.id = d.customer_id"),
};
#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

/* One kind's rows, newest first, and how far the merge has taken them. */
struct run {
	struct inbox_item	*items;
	size_t			 n, next;
};

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

const char *
inbox_status_name(size_t i)
{
	const char *const	*st;
	size_t			 k, j, n = 0;

	for (k = 0; k < NKINDS; k++)
		for (st = kinds[k].statuses; *st != NULL; st++) {
			for (j = 0; j < k; j++)
				if (has_status(&kinds[j], *st))
					break;
			if (j == k && n++ == i)
				return *st;
		}
	return NULL;
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

static enum db_rc
kind_count(struct db *db, const struct kind *k, const char *status,
    size_t *total)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &k->count)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, status);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	*total += (size_t)db_col_int(s, 0);
	db_reset(s);
	return DB_OK;
}

static enum db_rc
kind_rows(struct db *db, struct arena *a, const struct kind *k,
    const char *status, size_t lim, struct run *r)
{
	sqlite3_stmt		*s;
	struct inbox_item	*it;
	enum db_rc		 rc;

	memset(r, 0, sizeof(*r));
	if ((s = db_stmt(db, &k->list)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, status);
	db_bind_int(s, 2, (int64_t)lim);
	while ((rc = db_step(db, s)) == DB_ROW) {
		r->items = arena_grow(a, r->items, r->n, sizeof(*r->items));
		it = &r->items[r->n++];
		it->kind = k->name;
		it->at = db_col_int(s, 0);
		it->title = db_col_text(a, s, 2);
		it->customer_name = db_col_text(a, s, 3);
		it->pid = db_col_text(a, s, 4);
		it->status = db_col_text(a, s, 5);
		it->link = arena_printf(a, "%s%s", k->link, it->pid);
	}
	return rc;
}

/* The run whose next item is newest; on equal times the earlier kind
 * (runs are in table order), and each run is already newest row first.
 * NULL when all are used up. */
static struct run *
newest(struct run *runs, size_t nruns)
{
	struct run	*best = NULL, *r;
	size_t		 i;

	for (i = 0; i < nruns; i++) {
		r = &runs[i];
		if (r->next >= r->n)
			continue;
		if (best == NULL ||
		    r->items[r->next].at > best->items[best->next].at)
			best = r;
	}
	return best;
}

enum db_rc
inbox_list(struct db *db, struct arena *a, const char *kind,
    const char *status, size_t offset, size_t max, struct inbox_item **out,
    size_t *n, size_t *total)
{
	struct run	 runs[NKINDS], *r;
	size_t		 i, nruns = 0, lim, seen;
	enum db_rc	 rc;

	*out = NULL;
	*n = *total = 0;
	if (status == NULL)
		status = "";
	for (i = 0; i < NKINDS; i++) {
		if (kind != NULL && *kind != '\0' &&
		    strcmp(kind, kinds[i].name) != 0)
			continue;
		if (*status != '\0' && !has_status(&kinds[i], status))
			continue;
		if ((rc = kind_count(db, &kinds[i], status, total)) != DB_OK)
			return rc;
		if (max == 0 || offset >= INBOX_MAX_ROWS)
			continue;
		lim = offset + (max < INBOX_MAX_ROWS ? max : INBOX_MAX_ROWS);
		if ((rc = kind_rows(db, a, &kinds[i], status, lim,
		    &runs[nruns++])) != DB_OK)
			return rc;
	}
	for (seen = 0; *n < max && (r = newest(runs, nruns)) != NULL; seen++) {
		if (seen >= offset) {
			*out = arena_grow(a, *out, *n, sizeof(**out));
			(*out)[(*n)++] = r->items[r->next];
		}
		r->next++;
	}
	return DB_OK;
}
