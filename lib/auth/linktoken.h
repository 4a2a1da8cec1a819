/*
 * linktoken: single-use e-mailed tokens for account actions, bound to an
 * owner and a purpose, with optional data (the new e-mail address).
 *
 * Only a token's hash is stored.  A link made for one purpose never acts
 * for another, and one side's link never for the other side.  Sending the
 * mail and deciding what a token allows are the pages' job.
 */
#ifndef PORCH_LINKTOKEN_H
#define PORCH_LINKTOKEN_H

#include <stdint.h>

#include "db.h"
#include "principal.h"

struct arena;

enum link_purpose {
	LINK_RESET,	/* set a new password */
	LINK_EMAIL,	/* confirm a new e-mail address (data) */
	LINK_INVITE,	/* a team member's invitation: their first password */
	LINK__MAX
};

struct linktoken {
	int64_t			 customer_id;
	enum link_purpose	 purpose;
	const char		*data;		/* "" when none */
	int64_t			 expires;
	int64_t			 used;		/* 0 when unused */
	int64_t			 member_id;	/* a team member's link;
						 * customer_id is then 0 */
};

/* Makes a token valid for ttl seconds; returns it (arena).  `data` may be
 * NULL and must already be validated. */
enum db_rc	 linktoken_create(struct db *, struct arena *, int64_t customer_id,
		    enum link_purpose, const char *data, int64_t now,
		    int64_t ttl, const char **token);
/* Reads without consuming (for the GET pages): DB_NOTFOUND when unknown or
 * made for another purpose; the caller checks used and expires. */
enum db_rc	 linktoken_peek(struct db *, struct arena *, const char *token,
		    enum link_purpose, struct linktoken *out);
/* Marks used; DB_NOTFOUND when unknown, used, expired or made for another
 * purpose. */
enum db_rc	 linktoken_consume(struct db *, struct arena *, const char *token,
		    enum link_purpose, int64_t now, struct linktoken *out);
/* Marks every unused token of the customer for that purpose used, so that
 * once one link has acted, the others sent before it cannot. */
enum db_rc	 linktoken_revoke(struct db *, int64_t customer_id,
		    enum link_purpose, int64_t now);
/* The same for either side, as logintoken_*_for: PRINCIPAL_MEMBER links
 * (LINK_INVITE) are kept apart from the customers' and name a member. */
enum db_rc	 linktoken_create_for(struct db *, struct arena *,
		    enum principal_kind, int64_t owner, enum link_purpose,
		    const char *data, int64_t now, int64_t ttl,
		    const char **token);
enum db_rc	 linktoken_peek_for(struct db *, struct arena *,
		    enum principal_kind, const char *token, enum link_purpose,
		    struct linktoken *out);
enum db_rc	 linktoken_consume_for(struct db *, struct arena *,
		    enum principal_kind, const char *token, enum link_purpose,
		    int64_t now, struct linktoken *out);
enum db_rc	 linktoken_revoke_for(struct db *, enum principal_kind,
		    int64_t owner, enum link_purpose, int64_t now);
/* Removes used and expired tokens, of both sides. */
enum db_rc	 linktoken_sweep(struct db *, int64_t now);

#endif
