/*
 * keyset: reading one page of a list by its sort key, the way every list
 * of Porch is read.
 *
 * A page starts after (or ends before) the key of one row (a cursor, see
 * cursor.h), never at an offset, so the last page of a list costs what the
 * first costs.  A list is one or more sources, each a pair of statements
 * made with KEYSET_DOWN and KEYSET_UP below and served by an index in
 * their order; several sources are merged here (the inbox's kinds, the
 * timeline's), each reading at most a page.  Lists come in three orders:
 * newest first by a time key, ties by rank (the source's place) and then
 * newest row; a time key oldest first (what happens next), ties by oldest
 * row; or by a text key (a name) A to Z, then oldest row.  Merged
 * sources either interleave by time or follow each other by rank.
 *
 * The data function that owns a list passes its sources, binds its own
 * parameters (the owner in the WHERE clause first of all) and reads its
 * rows; this module binds the position and the limit, merges, trims and
 * says which neighbours the page has.  It never builds SQL.
 */
#ifndef PORCH_KEYSET_H
#define PORCH_KEYSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "db.h"

struct arena;

/*
 * A source's statements: the rows past the position (?1 its key, ?2 its
 * row id), at most ?3, going down (in descending order) or up.  `cols` are
 * the result columns, the key first and the row id second; `from` is the
 * FROM clause with its joins and `where` the source's own conditions (its
 * parameters are ?4 on; "1 = 1" for none); `key` and `id` are the two
 * expressions again.  Each statement is two reads of one index, the rows
 * at the position's key past its id and the rows past its key, merged in
 * order: a single condition on the pair would read every row that shares
 * the key (a bulk import made in one second) before reaching the page.
 */
#define KEYSET_DOWN(cols, from, where, key, id)				\
	"SELECT " cols " FROM " from " WHERE " where " AND " key " = ?1 "	\
	"AND " id " < ?2 UNION ALL SELECT " cols " FROM " from " WHERE "	\
	where " AND " key " < ?1 ORDER BY 1 DESC, 2 DESC LIMIT ?3"
#define KEYSET_UP(cols, from, where, key, id)				\
	"SELECT " cols " FROM " from " WHERE " where " AND " key " = ?1 "	\
	"AND " id " > ?2 UNION ALL SELECT " cols " FROM " from " WHERE "	\
	where " AND " key " > ?1 ORDER BY 1, 2 LIMIT ?3"
/* The same from the top of the list down (its first page) and from the
 * bottom up (its last): one read, without a position, which SQLite starts
 * at about two thirds of what the pair costs (no parameter ?1 or ?2).  A
 * source without them reads its ends with the pair. */
#define KEYSET_TOP(cols, from, where)					\
	"SELECT " cols " FROM " from " WHERE " where			\
	" ORDER BY 1 DESC, 2 DESC LIMIT ?3"
#define KEYSET_BOTTOM(cols, from, where)				\
	"SELECT " cols " FROM " from " WHERE " where " ORDER BY 1, 2 LIMIT ?3"
/* A list of one source, declared at once: the source array `var` (rank
 * 0, no count) and its statements, named NAME.down.list, NAME.up.list,
 * NAME.top.list and NAME.bottom.list, as the macros above make them. */
#define KEYSET_SOURCE(var, name, cols, from, where, key, id)		\
	static const struct db_sql var##_down = { name ".down.list",	\
	    KEYSET_DOWN(cols, from, where, key, id) };			\
	static const struct db_sql var##_up = { name ".up.list",	\
	    KEYSET_UP(cols, from, where, key, id) };			\
	static const struct db_sql var##_top = { name ".top.list",	\
	    KEYSET_TOP(cols, from, where) };				\
	static const struct db_sql var##_bottom = { name ".bottom.list", \
	    KEYSET_BOTTOM(cols, from, where) };				\
	static const struct keyset_src var[] = {			\
		{ 0, &var##_down, &var##_up, NULL, &var##_top,		\
		    &var##_bottom },					\
	}
/* A source's count, at most ?3 (its parameters from ?4 as above), read
 * in the order of its key so that an index serves it. */
#define KEYSET_COUNT(from, where, key)					\
	"SELECT count(*) FROM (SELECT 1 FROM " from " WHERE " where	\
	" ORDER BY " key " LIMIT ?3)"
/* Counts stop past this many: "1,000+" rather than a count that would
 * read the whole list. */
#define KEYSET_COUNT_MAX	1000

enum keyset_dir {
	KEYSET_FIRST,		/* the first page */
	KEYSET_AFTER,		/* the page after a row */
	KEYSET_BEFORE,		/* the page before a row, or before the
				   end of the list: the last page */
};

/* Which page to read. */
struct keyset {
	enum keyset_dir	 dir;
	struct cursor	 at;	/* AFTER and BEFORE: the row, or the end */
	size_t		 max;	/* rows a page holds */
};

/* What was read. */
struct keyset_page {
	bool		 by_name;	/* A to Z by a name or a time oldest
					   first, else newest first */
	size_t		 n;		/* rows on the page */
	bool		 more_before;	/* a page before this one */
	bool		 more_after;	/* a page after this one */
	struct cursor	 head, tail;	/* the first and last rows' positions,
					   when n > 0 */
	bool		 counted;	/* total is set */
	bool		 exact;		/* and is the count however long
					   the list (kept by the database) */
	size_t		 total;		/* every row of the list, up to
					   KEYSET_COUNT_MAX + 1 ("more")
					   unless exact */
};

/* One source of a list. */
struct keyset_src {
	unsigned		 rank;	/* its place among merged sources */
	const struct db_sql	*down;	/* KEYSET_DOWN */
	const struct db_sql	*up;	/* KEYSET_UP */
	const struct db_sql	*count;	/* KEYSET_COUNT, or NULL */
	const struct db_sql	*top;	/* KEYSET_TOP, or NULL */
	const struct db_sql	*bottom;	/* KEYSET_BOTTOM, or NULL */
};

/* How a list is read. */
struct keyset_list {
	bool		 by_name;	/* the key is text, A to Z; else a time,
					   newest first */
	bool		 oldest_first;	/* a time key read in the order things
					   happen (an agenda's appointments),
					   ties by oldest row */
	bool		 rank_first;	/* merged sources follow each other by
					   rank; else they interleave by time */
	size_t		 size;		/* bytes of a row */
	/* Binds the list's own parameters (?4 on) for the source of that
	 * rank from arg; NULL: none. */
	void		(*bind)(sqlite3_stmt *, unsigned rank, const void *arg);
	/* Fills a row from its statement's columns. */
	void		(*read)(struct arena *, sqlite3_stmt *, unsigned rank,
			    void *row);
};

/* The starting point of a read: the first page of `max` rows. */
struct keyset	 keyset_first(size_t max);
/* Reads the page `ks` asks for from the sources (nsrc of them, each rank
 * at most once): *rows is an arena array of *n rows (NULL and 0 when
 * none), in the list's order, and *pg says what surrounds them (its
 * count unset). */
enum db_rc	 keyset_read(struct db *, struct arena *,
		    const struct keyset_list *, const struct keyset_src *,
		    size_t nsrc, const struct keyset *, const void *arg,
		    void **rows, size_t *n, struct keyset_page *pg);
/* A keyset_list's bind for lists of who's own records: arg is the
 * principal, bound as the owner at 4 and 5 (db_bind_owner). */
void		 keyset_bind_owner(sqlite3_stmt *, unsigned rank,
		    const void *who);
/* Counts the sources' rows into pg, up to KEYSET_COUNT_MAX + 1. */
enum db_rc	 keyset_count(struct db *, const struct keyset_list *,
		    const struct keyset_src *, size_t nsrc, const void *arg,
		    struct keyset_page *pg);

#endif
