/*
 * identity: customers' OpenID Connect identities, and sign-ins in progress.
 *
 * A flow is keyed by its state (a 256-bit token; only its hash is stored)
 * and lasts OIDC_FLOW_TTL.  An identity is the pair (issuer, subject);
 * the address only decides which customer a first sign-in links to.
 * Talking to a provider is oidc.c's job.
 */
#ifndef PORCH_IDENTITY_H
#define PORCH_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;
struct customer;
struct principal;

#define OIDC_FLOW_TTL	600
struct oidcflow {
	const char	*portal;	/* portal id it started on */
	const char	*provider;	/* [oidc] id */
	const char	*nonce;
	const char	*verifier;
	const char	*next;		/* local path, "" for the dashboard */
};

enum db_rc	 oidcflow_add(struct db *, const char *state,
		    const struct oidcflow *, int64_t now);
/* The unexpired flow of `state`; DB_NOTFOUND otherwise. */
enum db_rc	 oidcflow_get(struct db *, struct arena *, const char *state,
		    int64_t now, struct oidcflow *out);
/* Ends the flow; DB_NOTFOUND when it is already gone (another request with
 * the same state took it), so a flow completes once. */
enum db_rc	 oidcflow_take(struct db *, const char *state);
enum db_rc	 oidcflow_sweep(struct db *, int64_t now);

/* The customer whose identity (issuer, subject) this is.  A first sign-in
 * with a provider links the identity to the customer holding the
 * (provider-verified) address, activating an invited account; with no
 * such customer a new active one is made when `may_create` (an open
 * portal), else DB_NOTFOUND.  *created tells a new account. */
enum db_rc	 identity_customer(struct db *, struct arena *,
		    const char *issuer, const char *subject, const char *email,
		    const char *name, bool may_create, int64_t now,
		    struct customer *out, bool *created);
/* The providers the signed-in customer has signed in with (for their data
 * export): an arena array of issuers and first/last use, n of them. */
struct identity {
	const char	*issuer;
	int64_t		 created;
	int64_t		 last_used;
};
enum db_rc	 identity_list(struct db *, struct arena *,
		    const struct principal *who, struct identity **out,
		    size_t *n);

#endif
