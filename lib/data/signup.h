/*
 * signup: sign-ups waiting for their address to be proven.
 *
 * What someone types on the sign-up form (a name, a password) is not an
 * account: anyone can type anyone's address.  It waits here, beside the
 * hash of the link mailed to that address, and becomes an account only
 * when that link is used (signup_confirm).  Nothing of it ever joins an
 * account made another way: whenever an address becomes a customer's
 * (added, invited, activated, signed in through a provider, taken by an
 * e-mail change), customer.c calls signup_forget and the waiting sign-up
 * and its link are gone.  One address has at most one waiting sign-up; a
 * second replaces the first, whose link stops working.
 */
#ifndef PORCH_SIGNUP_H
#define PORCH_SIGNUP_H

#include <stdint.h>

#include "db.h"

struct arena;
struct customer;

/* What a waiting sign-up's link was made for. */
struct signup_pending {
	const char	*email;		/* lower case */
	const char	*portal;	/* portal id it was made on */
	const char	*next;		/* local path to land on, or "" */
	int64_t		 expires;
};

/* Records a sign-up for `email` (lower case, no customer has it), with the
 * name and the hash (password_hash(); NULL for none) its form gave,
 * replacing any earlier one for the address; *token (arena) is the link's
 * secret, valid `ttl` seconds on `portal`. */
enum db_rc	 signup_start(struct db *, struct arena *, const char *email,
		    const char *name, const char *hash, const char *portal,
		    const char *next, int64_t now, int64_t ttl,
		    const char **token);
/* The waiting sign-up of `token` when it can be confirmed on `portal` now;
 * DB_NOTFOUND otherwise.  Changes nothing. */
enum db_rc	 signup_peek(struct db *, struct arena *, const char *token,
		    const char *portal, int64_t now, struct signup_pending *out);
/* Uses the link once: the sign-up becomes an active customer with its
 * name and password (*out), and is gone.  DB_NOTFOUND when the link is
 * unknown, expired, another portal's or replaced; nothing changes then. */
enum db_rc	 signup_confirm(struct db *, struct arena *, const char *token,
		    const char *portal, int64_t now, struct customer *out,
		    const char **next);
/* Drops the waiting sign-up of an address (lower case), if any. */
enum db_rc	 signup_forget(struct db *, const char *email);
/* The same for the address of a customer (row id). */
enum db_rc	 signup_forget_customer(struct db *, int64_t customer_id);
/* Removes expired sign-ups. */
enum db_rc	 signup_sweep(struct db *, int64_t now);

#endif
