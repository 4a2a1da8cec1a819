/*
 * calfeed: a customer's private calendar feed, the secret address a
 * calendar application subscribes to.
 *
 * The address holds a 256-bit token; the database keeps only its hash, so
 * the token is shown once, when it is made, and never again.  A customer
 * has at most one working feed: making a new one revokes the old, and
 * revoking leaves none.  A revoked or unknown token opens nothing.  Only
 * a customer has a feed: every function given another principal finds
 * none (DB_NOTFOUND).
 */
#ifndef PORCH_CALFEED_H
#define PORCH_CALFEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;
struct principal;

/* Makes the principal's new feed at `now`, revoking any old one; its
 * token (never stored) goes to *token, in the arena. */
enum db_rc	 calfeed_create(struct db *, struct arena *,
		    const struct principal *who, int64_t now,
		    const char **token);
/* Revokes the principal's feed; DB_NOTFOUND when there is none. */
enum db_rc	 calfeed_revoke(struct db *, const struct principal *who,
		    int64_t now);
/* When the principal's working feed was made, or DB_NOTFOUND. */
enum db_rc	 calfeed_created(struct db *, const struct principal *who,
		    int64_t *created);
/* The customer whose working feed the token (len bytes) opens, as a
 * principal (kind, id and public id) for the data functions that read
 * their appointments; DB_NOTFOUND for any other token, revoked, unknown
 * or malformed alike. */
enum db_rc	 calfeed_open(struct db *, struct arena *, const char *token,
		    size_t len, struct principal *out);

#endif
