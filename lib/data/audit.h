/*
 * audit: what team members did, only ever added to.
 *
 * Deciding who may read the log is the page's job.
 */
#ifndef PORCH_AUDIT_H
#define PORCH_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;
struct principal;

struct audit_entry {
	int64_t		 id;
	int64_t		 at;
	const char	*member_name;	/* "" when no member acted */
	const char	*member_email;	/* "" when no member acted */
	const char	*action;	/* "activation-sent", ... */
	const char	*subject;	/* a public id or short label, or "" */
	const char	*detail;	/* or "" */
};

/* Records `action` by `who` (a member; anyone else is stored as nobody)
 * in the caller's transaction.  subject and detail may be NULL. */
enum db_rc	 audit_add(struct db *, const struct principal *who,
		    const char *action, const char *subject, const char *detail,
		    int64_t now);
/* Entries with an id below before_id (0: from the newest), newest first,
 * at most `max` (arena array; NULL and 0 when none). */
enum db_rc	 audit_list(struct db *, struct arena *, int64_t before_id,
		    size_t max, struct audit_entry **out, size_t *n);

#endif
