/*
 * gate: the checks the main loop makes before a page runs (gate.c).
 * Private to serve.c and gate.c.
 */
#ifndef PORCH_GATE_H
#define PORCH_GATE_H

#include <stdbool.h>

#include "page.h"

/* The page's route, split: "GET" and "/portal/{id}". */
struct gate_route {
	const char	*method;
	const char	*path;
};
/* What the loop itself reads from a request, beside the declared fields. */
struct input {
	struct kvlist	 cookies;
	const struct kv	*csrf;		/* the form's "csrf", on POST routes */
};

/* A CGI variable of the request, "" when absent. */
const char	*gate_env(struct req *, const char *name);
/* The client address: REMOTE_ADDR, or the last X-Forwarded-For hop when
 * REMOTE_ADDR is a proxy the config trusts. */
const char	*gate_client(struct req *);
/* Parses query or body, cookies and the declared fields: 0, or the error
 * status (400, 413) to answer. */
int		 gate_input(struct req *, const struct gate_route *,
		    struct input *);
/* The session for the page's side, or the pre-session CSRF token when
 * there is none: DB_OK, or the database's failure. */
enum db_rc	 gate_session(struct req *, const struct gate_route *,
		    const struct input *, bool *touch);
/* May the request reach the page?  0 yes; 303 (the sign-in redirect is
 * built) or 403. */
int		 gate_check(struct req *, const struct gate_route *,
		    const struct input *);

#endif
