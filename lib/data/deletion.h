/*
 * deletion: customers' requests to delete their personal data, and the
 * team's processing of them.
 *
 * A customer has at most one open request.  Mail to the customer and the
 * audit row are the caller's: this module neither sends nor records.
 */
#ifndef PORCH_DELETION_H
#define PORCH_DELETION_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "keyset.h"

struct arena;
struct principal;

struct deletion {
	const char	*pid;
	const char	*status;	/* open | cancelled | done */
	int64_t		 created;
	int64_t		 processed;	/* 0 until done or cancelled */
	const char	*customer_pid;	/* "" once the customer is gone */
	const char	*name;		/* the customer's, "" once gone */
	const char	*email;		/* the customer's, "" once gone */
	const char	*processed_by;	/* the member's name, or "" */
};

/* The signed-in customer asks for deletion; returns the request's public
 * id (arena).  DB_CONFLICT when they already have an open request. */
enum db_rc	 deletion_request(struct db *, struct arena *,
		    const struct principal *who, int64_t now, const char **pid);
/* The signed-in customer cancels their own open request at `now` (its
 * processed time); DB_NOTFOUND when there is none. */
enum db_rc	 deletion_cancel(struct db *, const struct principal *who,
		    int64_t now);
/* The signed-in customer's latest request, any status; DB_NOTFOUND when
 * there is none. */
enum db_rc	 deletion_of_customer(struct db *, struct arena *,
		    const struct principal *who, struct deletion *out);
/* For the team: the page `ks` of the open and done requests (cancelled
 * ones are not listed), open first, each part newest first (arena array;
 * NULL and 0 when none); *pg says what surrounds it. */
enum db_rc	 deletion_list(struct db *, struct arena *, const struct keyset *,
		    struct deletion **out, size_t *n, struct keyset_page *pg);
/* For the team: one request by public id; DB_NOTFOUND otherwise. */
enum db_rc	 deletion_get(struct db *, struct arena *, const char *pid,
		    struct deletion *out);
/* Deletes the customer of an open request (sessions explicitly; tokens,
 * appointments and the like by cascade) and marks it done by `by` (a
 * member).  DB_NOTFOUND for an unknown request, DB_CONFLICT when it is
 * not open.  In the caller's transaction, like every store function. */
enum db_rc	 deletion_process(struct db *, const char *pid,
		    const struct principal *by, int64_t now);

#endif
