/*
 * keyset: one page of a list by its sort key (see keyset.h).
 *
 * Each source is asked for one row more than a page, past the position
 * the page starts from: its rows then come back in the list's order (the
 * page after a position) or in reverse (the page before one, read going
 * away from it and turned round at the end).  The sources' rows are
 * merged in that order, the extra row says whether there is more beyond,
 * and the page keeps `max`.  So no source reads more than a page and one
 * row, whatever the list's length and wherever the page is.
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

/* More than any text key: no UTF-8 string sorts after this byte. */
#define TEXT_TOP	"\xf4\x90"

/* A row's key, beside its bytes. */
struct key {
	int64_t		 at;
	const char	*text;
	unsigned	 rank;
	int64_t		 id;
};

/* One source's rows, in the order its statement gave them. */
struct run {
	char		*rows;
	struct key	*keys;
	size_t		 n, next;
};

/* How to bind one source, or that it has nothing for this page. */
struct bound {
	bool		 none;
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

static enum db_rc
read_run(struct db *db, struct arena *a, const struct keyset_list *l,
    const struct keyset_src *src, const struct keyset *ks, const void *arg,
    struct run *r)
{
	sqlite3_stmt	*s;
	struct bound	 b;
	struct key	*k;
	enum db_rc	 rc;

	memset(r, 0, sizeof(*r));
	if ((b = bound_of(l, ks, src->rank)).none || ks->max == 0)
		return DB_OK;
	if ((s = db_stmt(db, b.down ? src->down : src->up)) == NULL)
		return DB_ERR;
	if (l->by_name)
		db_bind_text(s, 1, b.text);
	else
		db_bind_int(s, 1, b.at);
	db_bind_int(s, 2, b.id);
	db_bind_int(s, 3, ks->max >= INT64_MAX ? INT64_MAX :
	    (int64_t)ks->max + 1);
	if (l->bind != NULL)
		l->bind(s, src->rank, arg);
	while ((rc = db_step(db, s)) == DB_ROW) {
		r->rows = arena_grow(a, r->rows, r->n, l->size);
		r->keys = arena_grow(a, r->keys, r->n, sizeof(*r->keys));
		k = &r->keys[r->n];
		if (l->by_name)
			k->text = db_col_text(a, s, 0);
		else {
			k->at = db_col_int(s, 0);
			k->text = "";
		}
		k->id = db_col_int(s, 1);
		k->rank = src->rank;
		l->read(a, s, src->rank, r->rows + r->n * l->size);
		r->n++;
	}
	return rc;
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

/* The run whose next row comes first in the order being read (the
 * list's, or its reverse); NULL when all are used up. */
static struct run *
next_run(const struct keyset_list *l, struct run *runs, size_t nrun,
    bool reverse)
{
	struct run	*best = NULL, *r;
	size_t		 i;
	int		 c;

	for (i = 0; i < nrun; i++) {
		r = &runs[i];
		if (r->next >= r->n)
			continue;
		if (best == NULL) {
			best = r;
			continue;
		}
		c = compare(l, &r->keys[r->next], &best->keys[best->next]);
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

enum db_rc
keyset_read(struct db *db, struct arena *a, const struct keyset_list *l,
    const struct keyset_src *srcs, size_t nsrc, const struct keyset *ks,
    const void *arg, void **rows, size_t *n, struct keyset_page *pg)
{
	struct run	*runs, *r;
	struct key	*keys = NULL;
	char		*out = NULL;
	bool		 before = ks->dir == KEYSET_BEFORE;
	size_t		 i, got = 0;
	enum db_rc	 rc;

	*rows = NULL;
	*n = 0;
	memset(pg, 0, sizeof(*pg));
	pg->by_name = l->by_name || l->oldest_first;
	runs = arena_alloc(a, (nsrc > 0 ? nsrc : 1) * sizeof(*runs));
	for (i = 0; i < nsrc; i++)
		if ((rc = read_run(db, a, l, &srcs[i], ks, arg, &runs[i])) !=
		    DB_OK)
			return rc;
	while (got <= ks->max && (r = next_run(l, runs, nsrc, before)) !=
	    NULL) {
		out = arena_grow(a, out, got, l->size);
		keys = arena_grow(a, keys, got, sizeof(*keys));
		memcpy(out + got * l->size, r->rows + r->next * l->size,
		    l->size);
		keys[got++] = r->keys[r->next++];
	}
	*n = got > ks->max ? ks->max : got;
	if (before) {
		turn(a, out, keys, *n, l->size);
		pg->more_before = got > ks->max;
		pg->more_after = !ks->at.end;
	} else {
		pg->more_after = got > ks->max;
		pg->more_before = ks->dir == KEYSET_AFTER;
	}
	pg->n = *n;
	if (*n > 0) {
		position(&keys[0], &pg->head);
		position(&keys[*n - 1], &pg->tail);
		*rows = out;
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
