/*
 * session: signed-in sessions of customers and team members.
 *
 * Only token hashes are stored.  A session is live while it is within
 * both limits (idle and since sign-in); an expired one is not found,
 * exactly like a missing one.  Setting cookies is page.c's job.
 */
#ifndef PORCH_SESSION_H
#define PORCH_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;
struct config;
struct principal;

struct session_limits {
	int64_t	 idle;		/* seconds without a request */
	int64_t	 max;		/* seconds since sign-in */
};

/* The limits porch.conf sets (session_idle_minutes, session_max_hours). */
struct session_limits session_limits_of(const struct config *);

/* Creates a session for the principal and returns its token and CSRF token
 * (both arena).  `agent` is a short description for the sessions list. */
enum db_rc	 session_create(struct db *, struct arena *,
		    const struct principal *, const char *agent, int64_t now,
		    const char **token, const char **csrf);
/* Finds the live session for a token, fills the principal and CSRF token.
 * Expired sessions are DB_NOTFOUND.  *touch is set when last_seen is older
 * than a minute, so the caller may call session_touch outside the read. */
enum db_rc	 session_lookup(struct db *, struct arena *, const char *token,
		    int64_t now, const struct session_limits *,
		    struct principal *out, const char **csrf, bool *touch);
enum db_rc	 session_touch(struct db *, const char *token, int64_t now);
enum db_rc	 session_delete(struct db *, const char *token);
/* Ends every session of a principal (sign out everywhere, password reset). */
enum db_rc	 session_delete_all(struct db *, const struct principal *);
/* Ends every session of a principal but the one of keep_token (a
 * password change keeps the device that made it signed in). */
enum db_rc	 session_delete_others(struct db *, const struct principal *,
		    const char *keep_token);

/* Ends the principal's session whose public id is `pid`, unless it is the
 * one of keep_token (the device asking; signing out ends that one).
 * DB_NOTFOUND when the principal has no such other session: another
 * principal's pid is not found, exactly like an unknown one. */
enum db_rc	 session_end(struct db *, const struct principal *,
		    const char *pid, const char *keep_token);

/* One entry of a principal's sessions list.  The token is never listed. */
struct session_info {
	const char	*pid;		/* public id, for session_end */
	int64_t		 created;	/* signed in */
	int64_t		 last_seen;	/* last request (within a minute) */
	const char	*agent;		/* "Firefox on Windows", else the stored
					 * agent cut short, or "" */
	bool		 current;	/* the session of current_token */
};

/* The principal's live sessions, most recently active first (arena array;
 * NULL and 0 when none).  current_token may be NULL. */
enum db_rc	 session_list(struct db *, struct arena *,
		    const struct principal *, const char *current_token,
		    int64_t now, const struct session_limits *,
		    struct session_info **out, size_t *n);
/* Removes expired sessions. */
enum db_rc	 session_sweep(struct db *, int64_t now, const struct session_limits *);

#endif
