/*
 * customer: the office's customers, their notification preferences and
 * their stored password hash.
 *
 * Addresses are stored lower-case; only an active customer is found by
 * address, because that is how sign-in starts.  A customer changes only
 * their own row and preferences: those functions take the signed-in
 * principal.  Making and checking a password is password.c's job.
 */
#ifndef PORCH_CUSTOMER_H
#define PORCH_CUSTOMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "keyset.h"
#include "principal.h"

struct arena;

struct customer {
	int64_t		 id;
	const char	*pid;
	const char	*email;		/* stored lower-case */
	const char	*name;
	const char	*phone;
	bool		 active;
};

/* Adds a customer (email lower-cased); DB_CONFLICT when the address exists. */
enum db_rc	 customer_add(struct db *, struct arena *, const char *email,
		    const char *name, int64_t now, struct customer *out);
/* An active customer by e-mail address (any case); DB_NOTFOUND otherwise. */
enum db_rc	 customer_by_email(struct db *, struct arena *, const char *email,
		    struct customer *out);
enum db_rc	 customer_by_id(struct db *, struct arena *, int64_t id,
		    struct customer *out);
/* Adds a customer who cannot sign in until customer_activate (an
 * invitation); DB_CONFLICT when the address exists. */
enum db_rc	 customer_add_inactive(struct db *, struct arena *,
		    const char *email, const char *name, int64_t now,
		    struct customer *out);
/* Adds an active customer with the hash (password_hash()) of a password,
 * or NULL for none: a sign-up whose own link was just used (signup.c). */
enum db_rc	 customer_add_confirmed(struct db *, struct arena *,
		    const char *email, const char *name, const char *hash,
		    int64_t now, struct customer *out);
/* Any customer by e-mail address (any case), active or not. */
enum db_rc	 customer_by_email_any(struct db *, struct arena *,
		    const char *email, struct customer *out);
/* Marks a customer active from `now` (again a no-op when it is);
 * DB_NOTFOUND when there is no such customer. */
enum db_rc	 customer_activate(struct db *, int64_t id, int64_t now);
/* The customer's stored password hash (arena), active or not; DB_NOTFOUND,
 * *hash NULL, when there is no such customer or no password is set. */
enum db_rc	 customer_password(struct db *, struct arena *,
		    int64_t customer_id, const char **hash);
/* Stores a hash made by password_hash(); NULL clears the password.
 * DB_NOTFOUND when there is no such customer. */
enum db_rc	 customer_set_password(struct db *, int64_t customer_id,
		    const char *hash);
/* Sets the signed-in customer's own name and phone (phone NULL or "" for
 * none); both must already be validated.  DB_NOTFOUND when `who` is not a
 * customer or no longer exists. */
enum db_rc	 customer_update(struct db *, const struct principal *who,
		    const char *name, const char *phone);
/* Changes a customer's e-mail address (lower case, already validated);
 * DB_CONFLICT when another customer has it, DB_NOTFOUND when there is no
 * such customer. */
enum db_rc	 customer_set_email(struct db *, int64_t customer_id,
		    const char *email);
/* For the team (every customer of the office): the page `ks` of the
 * customers whose name or e-mail address contains `query` (any case; ""
 * matches all), by name in any case (arena array; NULL and 0 when none);
 * *pg says what surrounds it, and counts the matches. */
enum db_rc	 customer_search(struct db *, struct arena *, const char *query,
		    const struct keyset *, struct customer **out, size_t *n,
		    struct keyset_page *pg);
/* The customer as the principal a session is for. */
struct principal customer_principal(const struct customer *);
/* Any customer by public id, active or not; DB_NOTFOUND otherwise. */
enum db_rc	 customer_by_pid(struct db *, struct arena *, const char *pid,
		    struct customer *out);

/* Which kinds of e-mail a customer wants.  Mail about signing in and the
 * account itself (sign-in links, password resets, address confirmations)
 * is always sent and has no setting. */
struct customer_prefs {
	bool	 appointments;	/* confirmations and reminders */
	bool	 updates;	/* news about requests, offers and documents */
};

/* The signed-in customer's own preferences; DB_NOTFOUND when `who` is not
 * a customer or no longer exists. */
enum db_rc	 customer_notifications(struct db *, const struct principal *who,
		    struct customer_prefs *out);
enum db_rc	 customer_set_notifications(struct db *,
		    const struct principal *who, const struct customer_prefs *);
/* When the signed-in customer's account was made; DB_NOTFOUND as above. */
enum db_rc	 customer_created(struct db *, const struct principal *who,
		    int64_t *created);

#endif
