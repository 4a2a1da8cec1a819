/*
 * store: the data functions, one module per noun (customer.c, session.c,
 * logintoken.c, appointment.c, outbox.c, ratelimit.c, member.c).
 *
 * Authorization lives here.  Every function that reads or changes a record
 * owned by someone takes the signed-in principal and puts the owner in the
 * SQL's WHERE clause, so a record that belongs to someone else is
 * DB_NOTFOUND, exactly like one that does not exist.  Pages never see an
 * internal row id of another principal's record.
 *
 * Times are Unix seconds (int64).  Strings returned are in the arena given.
 * Functions return enum db_rc: DB_OK, DB_NOTFOUND, DB_CONFLICT, DB_BUSY or
 * DB_ERR (already logged).  They never begin or end transactions: the page
 * main loop wraps each request in one.
 */
#ifndef PORCH_STORE_H
#define PORCH_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "db.h"

struct arena;
struct config;

enum principal_kind {
	PRINCIPAL_NONE,
	PRINCIPAL_CUSTOMER,
	PRINCIPAL_MEMBER,
};

/* Ordered by power: "at least an agent" is a comparison. */
enum member_role {
	ROLE_VIEWER,
	ROLE_AGENT,
	ROLE_ADMIN,
	ROLE__MAX
};

/*
 * A member's permissions beside the role, as bits.  Pages declare the ones
 * they need (struct page's .perms) and the main loop checks them with
 * member_may().  An admin holds every permission whatever is stored: the
 * stored bits apply once the role is another.
 */
enum member_perm {
	PERM_PORTAL = 1 << 0,	/* customers' interactions and records */
	PERM_AGENDA = 1 << 1,	/* availability and connected agendas (the
				 * agenda pages, when they come, declare it) */
};
#define PERM_ALL	(PERM_PORTAL | PERM_AGENDA)
/* What a member added without saying otherwise holds (the table's
 * defaults). */
#define PERM_DEFAULT	PERM_PORTAL

struct principal {
	enum principal_kind	 kind;
	int64_t			 id;	/* row id in this office's database */
	const char		*pid;	/* public id */
	const char		*email;
	const char		*name;
	enum member_role	 role;	/* members only; ROLE_VIEWER otherwise */
	unsigned		 perms;	/* members only: enum member_perm bits
					 * as stored; 0 otherwise */
};

/* customer.c */
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
/* For the team (every customer of the office): a page of customers whose
 * name or e-mail address contains `query` (any case; "" matches all),
 * ordered by name, skipping `offset`, at most `max` (arena array; NULL and
 * 0 when none); *total counts every match. */
enum db_rc	 customer_search(struct db *, struct arena *, const char *query,
		    size_t offset, size_t max, struct customer **out, size_t *n,
		    size_t *total);
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

/* identity.c: customers' OpenID Connect identities, and sign-ins in
 * progress.  A flow is keyed by its state (a 256-bit token; only its hash
 * is stored) and lasts OIDC_FLOW_TTL. */
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

/* member.c: team members (the team side builds on this) */
enum db_rc	 member_add(struct db *, struct arena *, const char *email,
		    const char *name, enum member_role, int64_t now, int64_t *id);
/* A member by e-mail address (any case), as a principal with its role;
 * DB_NOTFOUND otherwise. */
enum db_rc	 member_by_email(struct db *, struct arena *, const char *email,
		    struct principal *out);
const char	*member_role_name(enum member_role);
bool		 member_role_parse(const char *, enum member_role *);
/* The validator for a role field: "admin", "agent" or "viewer". */
bool		 valid_role(const char *, size_t);
/* The same pair for team members: the stored hash (arena) or DB_NOTFOUND,
 * and setting or (NULL) clearing it. */
enum db_rc	 member_password(struct db *, struct arena *, int64_t member_id,
		    const char **hash);
enum db_rc	 member_set_password(struct db *, int64_t member_id,
		    const char *hash);
/* Every member of the office, by name then address (arena array; NULL
 * and 0 when none); `id` is filled. */
enum db_rc	 member_list(struct db *, struct arena *, struct principal **out,
		    size_t *n);
/* A member by public id; DB_NOTFOUND otherwise. */
enum db_rc	 member_by_pid(struct db *, struct arena *, const char *pid,
		    struct principal *out);
/* Sets a member's role; DB_NOTFOUND when there is no such member.  Keeping
 * one admin is the caller's check (member_count_admins). */
enum db_rc	 member_set_role(struct db *, int64_t member_id, enum member_role);
enum db_rc	 member_count_admins(struct db *, size_t *n);
/* Whether `who` is a team member holding every permission in `perms`
 * (enum member_perm bits; 0 asks for none): an admin holds them all. */
bool		 member_may(const struct principal *who, unsigned perms);
/* member_add with the permissions the new member holds (enum member_perm
 * bits; DB_CONFLICT for a bit that is not one). */
enum db_rc	 member_add_perms(struct db *, struct arena *, const char *email,
		    const char *name, enum member_role, unsigned perms,
		    int64_t now, int64_t *id);
/* Sets the permissions the member of that row id holds, for the admin
 * `by`: the admin is checked against the table in the same statement, so
 * a principal who is not (or no longer) an admin of this office changes
 * nothing and gets DB_NOTFOUND, as for no such member.  DB_CONFLICT for a
 * bit that is not a permission. */
enum db_rc	 member_set_perms(struct db *, const struct principal *by,
		    int64_t member_id, unsigned perms);
/* The permissions as the audit log records them: "portal,agenda",
 * "portal", "agenda" or "none"; NULL for a bit that is not one. */
const char	*member_perms_text(unsigned perms);
/* Adds the member an admin (`by`) invites, with that role and those
 * permissions and no password, as out; the audit log records it
 * ("member-invited", the role) and permissions other than the defaults
 * as a change from them ("member-permissions", "portal->agenda").
 * DB_CONFLICT when the address is on the team already. */
enum db_rc	 member_invite(struct db *, struct arena *,
		    const struct principal *by, const char *email,
		    const char *name, enum member_role, unsigned perms,
		    int64_t now, struct principal *out);
/* A member by row id (the owner of a link); DB_NOTFOUND otherwise. */
enum db_rc	 member_by_id(struct db *, struct arena *, int64_t id,
		    struct principal *out);
/* The row ids of the members who have no password yet (invited, or added
 * without one), in no order (arena array; NULL and 0 when none). */
enum db_rc	 member_pending(struct db *, struct arena *, int64_t **ids,
		    size_t *n);

/* session.c: signed-in sessions; only token hashes are stored. */
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

/* One entry of a principal's sessions list.  The token is never listed. */
struct session_info {
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

/* logintoken.c: single-use magic-link tokens, bound to customer and portal. */

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

/* linktoken.c: single-use e-mailed tokens for account actions, bound to a
 * customer and a purpose, with optional data (the new e-mail address). */
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

/* appointment.c */
struct appointment {
	const char	*pid;
	const char	*project;	/* project title, or "" */
	const char	*agenda;	/* agenda name, or "" */
	int64_t		 starts;
	int64_t		 ends;
	const char	*location;	/* address, or "" */
	const char	*meeting_url;	/* digital meeting link, or "" */
	const char	*status;	/* requested | invited | confirmed | cancelled */
	const char	*source;	/* portal | link | plugin | team */
};

/* The principal's own appointments ending after `now`, not cancelled,
 * soonest first, at most `max`. */
enum db_rc	 appointment_upcoming(struct db *, struct arena *,
		    const struct principal *, int64_t now, size_t max,
		    struct appointment **out, size_t *n);
/* For porchctl and the demo seed: creates project/agenda rows by name as
 * needed. */
enum db_rc	 appointment_add(struct db *, struct arena *, int64_t customer_id,
		    const char *project, const char *agenda, int64_t starts,
		    int64_t ends, const char *location, const char *meeting_url,
		    const char *status, const char *source, const char **pid);
/* Every appointment of the principal's own, past and cancelled ones
 * included, oldest first, at most `max` (for the data export). */
enum db_rc	 appointment_all_of(struct db *, struct arena *,
		    const struct principal *, size_t max,
		    struct appointment **out, size_t *n);
/* For the team: a customer's appointments (by row id) ending after `now`,
 * not cancelled, soonest first, at most `max`. */
enum db_rc	 appointment_for_customer(struct db *, struct arena *,
		    int64_t customer_id, int64_t now, size_t max,
		    struct appointment **out, size_t *n);

/* outbox.c: mail waiting for porch-mailer. */
struct outmail {
	int64_t		 id;
	const char	*to;
	const char	*subject;
	const char	*body;
	int64_t		 created;
	int64_t		 attempts;
	int64_t		 next_attempt;
	int64_t		 sent;		/* 0 while queued */
	const char	*last_error;	/* "" when none */
};

/* Queues a message in the caller's transaction. */
enum db_rc	 outbox_add(struct db *, const char *to, const char *subject,
		    const char *body, int64_t now);
/* Unsent messages whose next attempt is due, oldest first, at most max. */
enum db_rc	 outbox_due(struct db *, struct arena *, int64_t now, size_t max,
		    struct outmail **out, size_t *n);
/* Unsent messages (for porchctl outbox), oldest first. */
enum db_rc	 outbox_queued(struct db *, struct arena *, size_t max,
		    struct outmail **out, size_t *n);
/* Marks a message sent, counting the attempt that delivered it, and
 * erases its body (which may hold a working link). */
enum db_rc	 outbox_sent(struct db *, int64_t id, int64_t now);
/* Records a failed attempt and schedules the next with backoff
 * (30 s doubling, at most an hour).  Never deletes the message. */
enum db_rc	 outbox_failed(struct db *, int64_t id, int64_t now, const char *err);
/* Sent messages are kept this long as the record of what was sent, then
 * outbox_sweep removes them. */
#define OUTBOX_KEEP	(30 * 86400)
enum db_rc	 outbox_sweep(struct db *, int64_t now);
/* Removes every message to the address, sent or not (a customer whose
 * data is deleted). */
enum db_rc	 outbox_forget(struct db *, const char *to);

/* ratelimit.c: fixed-window counters keyed by a short string such as
 * "login:addr:<hash>" or "login:ip:<addr>". */
/* Counts one hit.  *allowed is false when the key already had `max` hits in
 * the current window; *retry_after is then the seconds until it ends. */
enum db_rc	 ratelimit_hit(struct db *, const char *key, int64_t window,
		    int64_t max, int64_t now, bool *allowed, int64_t *retry_after);

/* inbox.c: the office's interactions for its team, newest first. */
struct inbox_item {
	const char	*kind;		/* "appointment", "signup", ... */
	int64_t		 at;
	const char	*title;		/* what it is about, or "" */
	const char	*customer_name;	/* "" once the customer is gone */
	const char	*pid;		/* public id of what the link shows */
	const char	*status;	/* the kind's own word: "confirmed", "active" */
	const char	*link;		/* local path: the team page for the item */
};

/* Kind i's name, or NULL past the last: for filters and templates. */
const char	*inbox_kind_name(size_t i);
/* Whether s (len bytes) names a kind; usable as a field validator. */
bool		 inbox_kind_valid(const char *s, size_t len);
/* Status word i of any kind (each once), or NULL past the last. */
const char	*inbox_status_name(size_t i);
bool		 inbox_status_valid(const char *s, size_t len);
/* A page of items of `kind` (NULL or "" for every kind; an unknown kind
 * has none) whose status is `status` (NULL or "" for any), skipping
 * `offset`, at most `max` (arena array; NULL and 0 when none); *total
 * counts every such item. */
enum db_rc	 inbox_list(struct db *, struct arena *, const char *kind,
		    const char *status, size_t offset, size_t max,
		    struct inbox_item **out, size_t *n, size_t *total);

/* audit.c: what team members did, only ever added to. */
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
/* Entries with an id below before_id (0: from the newest), newest first,
 * at most `max` (arena array; NULL and 0 when none). */
enum db_rc	 audit_list(struct db *, struct arena *, int64_t before_id,
		    size_t max, struct audit_entry **out, size_t *n);

/* deletion.c: customers' requests to delete their personal data. */
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
/* For the team: requests with `status` (NULL: open and done, not
 * cancelled), open first, then newest first, skipping `offset`, at most
 * `max` (arena array; NULL and 0 when none). */
enum db_rc	 deletion_list(struct db *, struct arena *, const char *status,
		    size_t offset, size_t max, struct deletion **out, size_t *n);
/* For the team: one request by public id; DB_NOTFOUND otherwise. */
enum db_rc	 deletion_get(struct db *, struct arena *, const char *pid,
		    struct deletion *out);
/* Deletes the customer of an open request (sessions explicitly; tokens,
 * appointments and the like by cascade) and marks it done by `by` (a
 * member).  DB_NOTFOUND for an unknown request, DB_CONFLICT when it is
 * not open.  In the caller's transaction, like every store function. */
enum db_rc	 deletion_process(struct db *, const char *pid,
		    const struct principal *by, int64_t now);

/* timeline.c: everything that happened with one customer, newest first. */
struct timeline_entry {
	const char		*kind;		/* "created", "appointment", ... */
	int64_t			 at;
	enum principal_kind	 actor;		/* the customer, a member, or
						 * PRINCIPAL_NONE: the system */
	const char		*actor_name;	/* "" when not known */
	const char		*title;		/* what it is about, or "" */
	const char		*status;	/* the kind's own word, or "" */
	const char		*pid;		/* its record's public id, or "" */
	int64_t			 about;		/* a time it is about (an
						 * appointment's start), or 0 */
};

/* Kind i's name, or NULL past the last: for templates. */
const char	*timeline_kind_name(size_t i);
/* For the team: a page of what happened with the customer of that row id,
 * newest first, skipping `offset`, at most `max` (arena array; NULL and 0
 * when none); *total counts every entry. */
enum db_rc	 timeline_of_customer(struct db *, struct arena *,
		    int64_t customer_id, size_t offset, size_t max,
		    struct timeline_entry **out, size_t *n, size_t *total);

#endif
