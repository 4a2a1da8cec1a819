/*
 * timeline: everything that happened with one customer, newest first,
 * read from the records the office already keeps.
 *
 * Deciding who may read a timeline is the page's job.
 */
#ifndef PORCH_TIMELINE_H
#define PORCH_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "keyset.h"
#include "principal.h"

struct arena;

struct timeline_entry {
	const char		*kind;		/* "created", "appointment", ... */
	int64_t			 at;
	enum principal_kind	 actor;		/* the customer, a member, or
						 * PRINCIPAL_NONE: the system */
	const char		*actor_name;	/* "" when not known */
	const char		*title;		/* what it is about, or "" */
	const char		*status;	/* the kind's own word, or "" */
	const char		*pid;		/* its record's public id, or "" */
	int64_t			 about;		/* a time it is about (an
						 * appointment's start), or 0 */
};

/* Kind i's name, or NULL past the last: for templates. */
const char	*timeline_kind_name(size_t i);
/* For the team: the page `ks` of what happened with the customer of that
 * row id, newest first (arena array; NULL and 0 when none); *pg says what
 * surrounds it (no count). */
enum db_rc	 timeline_of_customer(struct db *, struct arena *,
		    int64_t customer_id, const struct keyset *,
		    struct timeline_entry **out, size_t *n,
		    struct keyset_page *pg);

#endif
