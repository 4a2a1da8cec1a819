/*
 * logintoken: single-use magic-link tokens, bound to an owner and a portal.
 *
 * Only a token's hash is stored.  Customers' and team members' links are
 * kept apart, so a link of one side never signs in someone of the other.
 */
#ifndef PORCH_LOGINTOKEN_H
#define PORCH_LOGINTOKEN_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "principal.h"

struct arena;

/* How long an activation link (an invitation) may wait to be used. */
#define ACTIVATION_TTL	(7 * 24 * 3600)
struct logintoken {
	int64_t		 customer_id;
	const char	*portal;	/* portal id the link was made for */
	const char	*next;		/* local path to land on, or "" */
	int64_t		 expires;
	int64_t		 used;		/* 0 when unused */
	int64_t		 member_id;	/* a team member's link; customer_id
					 * is then 0 */
	bool		 activates;	/* using it makes an account active:
					 * a sign-up's link (customer_id 0,
					 * page_signin_link_peek), or an
					 * inactive customer's */
};

/* Makes a token; returns it (arena).  `next` must already be validated. */
enum db_rc	 logintoken_create(struct db *, struct arena *, int64_t customer_id,
		    const char *portal, const char *next, int64_t now,
		    int64_t ttl, const char **token);
/* Reads without consuming (for the GET confirm page). */
enum db_rc	 logintoken_peek(struct db *, struct arena *, const char *token,
		    struct logintoken *out);
/* Marks used if unused, unexpired and made for `portal`; DB_NOTFOUND
 * otherwise (the caller may peek first to say why). */
enum db_rc	 logintoken_consume(struct db *, struct arena *, const char *token,
		    const char *portal, int64_t now, struct logintoken *out);
/* The same for either side: PRINCIPAL_CUSTOMER is the functions above;
 * PRINCIPAL_MEMBER keeps team members' sign-in links (owner: a member's row
 * id; out->member_id is set) in a table of their own, so a link of one
 * side never signs in someone of the other. */
enum db_rc	 logintoken_create_for(struct db *, struct arena *,
		    enum principal_kind, int64_t owner, const char *portal,
		    const char *next, int64_t now, int64_t ttl,
		    const char **token);
enum db_rc	 logintoken_peek_for(struct db *, struct arena *,
		    enum principal_kind, const char *token,
		    struct logintoken *out);
enum db_rc	 logintoken_consume_for(struct db *, struct arena *,
		    enum principal_kind, const char *token, const char *portal,
		    int64_t now, struct logintoken *out);
/* Removes used and expired tokens, of both sides. */
enum db_rc	 logintoken_sweep(struct db *, int64_t now);

#endif
