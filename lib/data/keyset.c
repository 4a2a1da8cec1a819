/*
 * keyset: one page of a list by its sort key (see keyset.h).
 *
 * Each source's statement is asked for the rows past the position the
 * page starts from, at most a page and one: they come back in the list's
 * order (the page after a position) or in reverse (the page before one,
 * read going away from it and turned round at the end).  The statements
 * are stepped side by side, each held at its next row, and the page takes
 * the first of those rows, decodes it and steps that statement on: a
 * merge that reads, of all the sources together, the page's rows and one
 * more per source (which says whether there is more beyond), whatever the
 * list's length and wherever the page is.
 *
 * Where the position is a row of another source, a source's rows with
 * the same key are all on one side of it: which side is decided by rank,
 * and bound as an id past every id or before every id.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "cursor.h"
#include "db.h"
#include "keyset.h"
#include "log.h"

/* More than any text key: no UTF-8 string sorts after this byte. */
#define TEXT_TOP	"\xf4\x90"

/* A row's key, beside its bytes. */
struct key {
	int64_t		 at;
	const char	*text;
	unsigned	 rank;
	int64_t		 id;
};

/* One source: its statement, held at its next row, and that row's key;
 * s is NULL once the source has no more. */
struct run {
	sqlite3_stmt	*s;
	struct key	 k;
};

/* How to bind one source, or that it has nothing for this page. */
struct bound {
	bool		 none;
	bool		 all;		/* no position: from the list's end */
	bool		 down;		/* its DOWN statement, else UP */
	int64_t		 at;
	const char	*text;
	int64_t		 id;
};

struct keyset
keyset_first(size_t max)
{
	struct keyset	 ks;

	memset(&ks, 0, sizeof(ks));
	ks.dir = KEYSET_FIRST;
	ks.max = max;
	return ks;
}

/* Whether the page reads the list going down its key. */
static bool
going_down(const struct keyset_list *l, const struct keyset *ks)
{
	return (ks->dir != KEYSET_BEFORE) != (l->by_name || l->oldest_first);
}

/* The source's whole list: from the top going down, the bottom going up. */
static void
everything(struct bound *b)
{
	b->all = true;
	b->at = b->down ? INT64_MAX : INT64_MIN;
	b->text = b->down ? TEXT_TOP : "";
	b->id = b->down ? INT64_MAX : INT64_MIN;
}

/* How the source of `rank` is bound for the page ks. */
static struct bound
bound_of(const struct keyset_list *l, const struct keyset *ks,
    unsigned rank)
{
	const struct cursor	*c = &ks->at;
	struct bound		 b;
	bool			 after = ks->dir != KEYSET_BEFORE;
	bool			 earlier;	/* its rows of the same key
						   come before the position */

	memset(&b, 0, sizeof(b));
	b.down = going_down(l, ks);
	if (ks->dir == KEYSET_FIRST || (c->end && !after)) {
		everything(&b);
		return b;
	}
	if (c->end) {
		b.none = true;
		return b;
	}
	earlier = rank < c->rank;
	if (l->rank_first && rank != c->rank) {
		/* a source before the position's has none of its rows after
		 * it, and all before it; the other way round for one after */
		b.none = earlier == after;
		everything(&b);
		return b;
	}
	b.at = c->at;
	b.text = c->text;
	if (rank == c->rank)
		b.id = c->id;
	else if (earlier == after)
		b.id = b.down ? INT64_MIN : INT64_MAX;	/* none of the key */
	else
		b.id = b.down ? INT64_MAX : INT64_MIN;	/* all of the key */
	return b;
}

/* Steps the run to its next row and reads that row's key. */
static enum db_rc
step_run(struct db *db, struct arena *a, const struct keyset_list *l,
    struct run *r)
{
	enum db_rc	 rc;

	if ((rc = db_step(db, r->s)) != DB_ROW) {
		r->s = NULL;
		return rc;
	}
	if (l->by_name)
		r->k.text = db_col_text(a, r->s, 0);
	else {
		r->k.at = db_col_int(r->s, 0);
		r->k.text = "";
	}
	r->k.id = db_col_int(r->s, 1);
	return DB_OK;
}

/* Binds the source's statement for the page ks and steps it to its first
 * row; a source with nothing for the page is left without one. */
static enum db_rc
open_run(struct db *db, struct arena *a, const struct keyset_list *l,
    const struct keyset_src *src, const struct keyset *ks, const void *arg,
    struct run *r)
{
	const struct db_sql	*end;
	sqlite3_stmt		*s;
	struct bound		 b;

	memset(r, 0, sizeof(*r));
	r->k.rank = src->rank;
	if ((b = bound_of(l, ks, src->rank)).none || ks->max == 0)
		return DB_OK;
	end = !b.all ? NULL : b.down ? src->top : src->bottom;
	if ((s = db_stmt(db, end != NULL ? end : b.down ? src->down :
	    src->up)) == NULL)
		return DB_ERR;
	if (end == NULL) {
		/* the position: the pair of reads on either side of it */
		if (l->by_name)
			db_bind_text(s, 1, b.text);
		else
			db_bind_int(s, 1, b.at);
		db_bind_int(s, 2, b.id);
	}
	db_bind_int(s, 3, ks->max >= INT64_MAX ? INT64_MAX :
	    (int64_t)ks->max + 1);
	if (l->bind != NULL)
		l->bind(s, src->rank, arg);
	r->s = s;
	return step_run(db, a, l, r);
}

/* Lets go of the statements still held at a row (and so of the read
 * transaction they keep open). */
static void
close_runs(struct run *runs, size_t nrun)
{
	size_t	 i;

	for (i = 0; i < nrun; i++)
		if (runs[i].s != NULL) {
			db_reset(runs[i].s);
			runs[i].s = NULL;
		}
}

/* <0 when x comes before y in the list's order. */
static int
compare(const struct keyset_list *l, const struct key *x, const struct key *y)
{
	int	 c;

	if (l->rank_first && x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (l->by_name) {
		if ((c = strcmp(x->text, y->text)) != 0)
			return c;
	} else if (x->at != y->at)
		return (x->at > y->at) != l->oldest_first ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->id != y->id)
		return (x->id < y->id) == (l->by_name || l->oldest_first) ?
		    -1 : 1;
	return 0;
}

/* The run whose row comes first in the order being read (the list's, or
 * its reverse); NULL when all are used up. */
static struct run *
next_run(const struct keyset_list *l, struct run *runs, size_t nrun,
    bool reverse)
{
	struct run	*best = NULL, *r;
	size_t		 i;
	int		 c;

	for (i = 0; i < nrun; i++) {
		r = &runs[i];
		if (r->s == NULL)
			continue;
		if (best == NULL) {
			best = r;
			continue;
		}
		c = compare(l, &r->k, &best->k);
		if (reverse ? c > 0 : c < 0)
			best = r;
	}
	return best;
}

/* A key as a cursor.  A text key too long for one (names are shorter)
 * fills the text unterminated, which cursor_encode refuses: no link is
 * better than a link to the wrong place. */
static void
position(const struct key *k, struct cursor *c)
{
	size_t	 len = strlen(k->text);

	memset(c, 0, sizeof(*c));
	c->at = k->at;
	c->rank = k->rank;
	c->id = k->id;
	if (len < sizeof(c->text))
		memcpy(c->text, k->text, len + 1);
	else
		memset(c->text, 'x', sizeof(c->text));
}

/* Turns the first n rows (and keys) round. */
static void
turn(struct arena *a, char *rows, struct key *keys, size_t n, size_t size)
{
	char		*tmp = arena_alloc(a, size);
	struct key	 k;
	size_t		 i, j;

	for (i = 0, j = n - 1; n > 0 && i < j; i++, j--) {
		memcpy(tmp, rows + i * size, size);
		memcpy(rows + i * size, rows + j * size, size);
		memcpy(rows + j * size, tmp, size);
		k = keys[i];
		keys[i] = keys[j];
		keys[j] = k;
	}
}

/* Whether two sources name the same statement: sources merged side by
 * side need one each. */
static bool
shared_stmt(const struct keyset_src *srcs, size_t nsrc)
{
	size_t	 i, j;

	for (i = 0; i < nsrc; i++)
		for (j = 0; j < i; j++)
			if (srcs[j].down == srcs[i].down ||
			    srcs[j].up == srcs[i].up || (srcs[i].top != NULL &&
			    srcs[j].top == srcs[i].top) || (srcs[i].bottom !=
			    NULL && srcs[j].bottom == srcs[i].bottom))
				return true;
	return false;
}

/* The page's rows so far, with their keys. */
struct taken {
	char		*rows;
	struct key	*keys;
	size_t		 n;
};

/* Decodes the run's row onto the page and steps the run on. */
static enum db_rc
take(struct db *db, struct arena *a, const struct keyset_list *l,
    struct run *r, struct taken *t)
{
	t->rows = arena_grow(a, t->rows, t->n, l->size);
	t->keys = arena_grow(a, t->keys, t->n, sizeof(*t->keys));
	l->read(a, r->s, r->k.rank, t->rows + t->n * l->size);
	t->keys[t->n++] = r->k;
	return step_run(db, a, l, r);
}

/* Sources that interleave: every one held at its next row, the first of
 * those taken each time. */
static enum db_rc
read_merged(struct db *db, struct arena *a, const struct keyset_list *l,
    const struct keyset_src *srcs, size_t nsrc, const struct keyset *ks,
    const void *arg, struct taken *t, bool *more)
{
	struct run	*runs, *r;
	bool		 reverse = ks->dir == KEYSET_BEFORE;
	size_t		 i;
	enum db_rc	 rc = DB_OK;

	if (shared_stmt(srcs, nsrc)) {
		log_err("keyset: two sources of a list share a statement");
		return DB_ERR;
	}
	runs = arena_alloc(a, (nsrc > 0 ? nsrc : 1) * sizeof(*runs));
	for (i = 0; i < nsrc && rc == DB_OK; i++)
		rc = open_run(db, a, l, &srcs[i], ks, arg, &runs[i]);
	while (rc == DB_OK && t->n < ks->max &&
	    (r = next_run(l, runs, nsrc, reverse)) != NULL)
		rc = take(db, a, l, r, t);
	*more = rc == DB_OK && next_run(l, runs, nsrc, reverse) != NULL;
	close_runs(runs, i);
	return rc;
}

/* Sources that follow each other by rank (in the array's order; the
 * other way round for the page before a position): one read after the
 * other, each only while the page still has room, and the next opened
 * only to see whether there is more. */
static enum db_rc
read_in_turn(struct db *db, struct arena *a, const struct keyset_list *l,
    const struct keyset_src *srcs, size_t nsrc, const struct keyset *ks,
    const void *arg, struct taken *t, bool *more)
{
	struct run	 r;
	size_t		 i;
	enum db_rc	 rc = DB_OK;

	*more = false;
	for (i = 0; i < nsrc && rc == DB_OK && !*more; i++) {
		rc = open_run(db, a, l, &srcs[ks->dir == KEYSET_BEFORE ?
		    nsrc - 1 - i : i], ks, arg, &r);
		while (rc == DB_OK && t->n < ks->max && r.s != NULL)
			rc = take(db, a, l, &r, t);
		*more = rc == DB_OK && r.s != NULL;
		close_runs(&r, 1);
	}
	return rc;
}

enum db_rc
keyset_read(struct db *db, struct arena *a, const struct keyset_list *l,
    const struct keyset_src *srcs, size_t nsrc, const struct keyset *ks,
    const void *arg, void **rows, size_t *n, struct keyset_page *pg)
{
	struct taken	 t;
	bool		 before = ks->dir == KEYSET_BEFORE, more;
	enum db_rc	 rc;

	*rows = NULL;
	*n = 0;
	memset(pg, 0, sizeof(*pg));
	memset(&t, 0, sizeof(t));
	pg->by_name = l->by_name || l->oldest_first;
	rc = (l->rank_first ? read_in_turn : read_merged)(db, a, l, srcs, nsrc,
	    ks, arg, &t, &more);
	if (rc != DB_OK)
		return rc;
	*n = t.n;
	if (before) {
		turn(a, t.rows, t.keys, *n, l->size);
		pg->more_before = more;
		pg->more_after = !ks->at.end;
	} else {
		pg->more_after = more;
		pg->more_before = ks->dir == KEYSET_AFTER;
	}
	pg->n = *n;
	if (*n > 0) {
		position(&t.keys[0], &pg->head);
		position(&t.keys[*n - 1], &pg->tail);
		*rows = t.rows;
	}
	return DB_OK;
}

enum db_rc
keyset_count(struct db *db, const struct keyset_list *l,
    const struct keyset_src *srcs, size_t nsrc, const void *arg,
    struct keyset_page *pg)
{
	sqlite3_stmt	*s;
	size_t		 i;
	enum db_rc	 rc;

	pg->counted = true;
	pg->total = 0;
	for (i = 0; i < nsrc && pg->total <= KEYSET_COUNT_MAX; i++) {
		if (srcs[i].count == NULL)
			continue;
		if ((s = db_stmt(db, srcs[i].count)) == NULL)
			return DB_ERR;
		db_bind_int(s, 3, (int64_t)(KEYSET_COUNT_MAX + 1 - pg->total));
		if (l->bind != NULL)
			l->bind(s, srcs[i].rank, arg);
		if ((rc = db_step(db, s)) != DB_ROW)
			return rc == DB_OK ? DB_ERR : rc;
		pg->total += (size_t)db_col_int(s, 0);
		db_reset(s);
	}
	return DB_OK;
}

void
keyset_bind_owner(sqlite3_stmt *s, unsigned rank, const void *who)
{
	(void)rank;
	db_bind_owner(s, 4, who);
}
