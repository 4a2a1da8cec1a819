/*
 * inbox: the office's interactions (new appointments, sign-ups, ...) as
 * one list for its team, newest first.
 *
 * Deciding who may read the inbox is the page's job.
 */
#ifndef PORCH_INBOX_H
#define PORCH_INBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "keyset.h"

struct arena;

struct inbox_item {
	const char	*kind;		/* "appointment", "signup", ... */
	int64_t		 at;
	const char	*title;		/* what it is about, or "" */
	const char	*customer_name;	/* "" once the customer is gone */
	const char	*customer_pid;	/* the customer's public id, or "" */
	const char	*pid;		/* public id of what the link shows */
	const char	*status;	/* the kind's own word: "confirmed", "active" */
	const char	*link;		/* local path: the team page for the item */
};

/* Kind i's name, or NULL past the last: for filters and templates. */
const char	*inbox_kind_name(size_t i);
/* Whether s (len bytes) names a kind; usable as a field validator. */
bool		 inbox_kind_valid(const char *s, size_t len);
/* Status word i of any kind (each once), or NULL past the last. */
const char	*inbox_status_name(size_t i);
bool		 inbox_status_valid(const char *s, size_t len);
/* Status word i of the kind named `kind` (every kind's, each once, for ""
 * or NULL), or NULL past the last: the statuses a filter of that kind
 * offers. */
const char	*inbox_status_of(const char *kind, size_t i);
/* Whether the kind (every kind for "" or NULL) has the status. */
bool		 inbox_status_fits(const char *kind, const char *status);
/* The page `ks` of the items of `kind` (NULL or "" for every kind; an
 * unknown kind has none) whose status is `status` (NULL or "" for any),
 * newest first (arena array; NULL and 0 when none); *pg says what
 * surrounds it. */
enum db_rc	 inbox_list(struct db *, struct arena *, const char *kind,
		    const char *status, const struct keyset *,
		    struct inbox_item **out, size_t *n, struct keyset_page *pg);
/* The number of items inbox_list would page through, into pg: exact,
 * from the counts the database keeps (pg->exact). */
enum db_rc	 inbox_count(struct db *, const char *kind, const char *status,
		    struct keyset_page *pg);

#endif
