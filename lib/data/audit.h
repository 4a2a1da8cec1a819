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
#include "keyset.h"

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
/* The page `ks` of the log, newest first (arena array; NULL and 0 when
 * none); *pg says what surrounds it. */
enum db_rc	 audit_list(struct db *, struct arena *, const struct keyset *,
		    struct audit_entry **out, size_t *n, struct keyset_page *pg);

#endif
