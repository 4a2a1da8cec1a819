/*
 * request: customers' appointment requests, a visit asked for at times
 * they prefer or a place on a project's waiting list, and what happens
 * to them: booked, cancelled by the customer, closed by the team, or
 * expired.
 *
 * A customer reads and cancels only their own: the functions that take
 * the signed-in principal put the owner in the SQL, so another
 * customer's request is DB_NOTFOUND like one that does not exist.  A
 * member of the office reads and closes every request.  A customer waits
 * once per project (DB_CONFLICT for a second entry while one is open).
 * A waiting-list entry may hold the offer of a freed time (the agenda and
 * start, until offer_expires); taking it is the caller's appointment_book
 * in the same transaction, then request_booked.  Mail is the caller's:
 * this module neither sends nor records.
 */
#ifndef PORCH_REQUEST_H
#define PORCH_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "keyset.h"

struct arena;
struct principal;

struct request {
	int64_t		 id;		/* row id, for lib calls only */
	const char	*pid;
	const char	*kind;		/* visit | waitlist */
	const char	*status;	/* open | booked | cancelled | expired */
	const char	*preferred;	/* the times the customer prefers */
	const char	*message;
	int64_t		 customer_id;
	const char	*customer;	/* the customer's name */
	const char	*customer_pid;
	const char	*customer_email;
	int64_t		 project_id;
	const char	*project;	/* the project's title */
	const char	*project_pid;
	int64_t		 agenda_id;	/* the agenda the page showed, or 0 */
	const char	*appointment_pid;	/* what booked it, or "" */
	const char	*closed_by;	/* the member who closed it, or "" */
	int64_t		 offer_agenda_id;	/* a freed time offered, or 0 */
	int64_t		 offer_starts;
	int64_t		 notified_at;
	int64_t		 offer_expires;
	int64_t		 created, updated;
};

/* What a customer asks for. */
struct request_new {
	int64_t		 project_id;
	int64_t		 agenda_id;	/* 0: none */
	bool		 waitlist;	/* a place on the waiting list; else a
					   visit */
	const char	*preferred;	/* "" for none */
	const char	*message;	/* "" for none */
};

/* The most a customer writes in preferred and in message. */
#define REQUEST_PREFERRED_MAX	500
#define REQUEST_MESSAGE_MAX	2000
/* How long an offer of a freed time stands for one waiting customer
 * when they are told in turn. */
#define REQUEST_OFFER_HOURS	2

/* The signed-in customer asks; the new public id goes to *pid.
 * DB_CONFLICT when they are on that project's waiting list already. */
enum db_rc	 request_add(struct db *, struct arena *,
		    const struct principal *who, const struct request_new *,
		    int64_t now, const char **pid);
/* The request of that public id, if the principal may see it: their own
 * for a customer, any for a member; DB_NOTFOUND otherwise. */
enum db_rc	 request_get(struct db *, struct arena *,
		    const struct principal *, const char *pid,
		    struct request *);
/* Cancels an open request: the customer's own, or any for a member (who
 * is kept as the one who closed it).  DB_CONFLICT when it is not open
 * (any more), DB_NOTFOUND when it is not theirs. */
enum db_rc	 request_cancel(struct db *, const struct principal *,
		    const struct request *, int64_t now);
/* Marks an open request booked by the appointment of row id
 * `appointment_id`; DB_CONFLICT when it is not open. */
enum db_rc	 request_booked(struct db *, const struct request *,
		    int64_t appointment_id, int64_t now);
/* A member booked the customer into the project: their open requests
 * for it become booked by that appointment. */
enum db_rc	 request_booked_for(struct db *, int64_t customer_id,
		    int64_t project_id, int64_t appointment_id, int64_t now);
/* The principal's own open requests, newest first, at most `max`. */
enum db_rc	 request_open_of(struct db *, struct arena *,
		    const struct principal *, size_t max, struct request **out,
		    size_t *n);
/* Every request of the principal's own, oldest first, at most `max`
 * (for the data export). */
enum db_rc	 request_all_of(struct db *, struct arena *,
		    const struct principal *, size_t max, struct request **out,
		    size_t *n);
/* The page `ks` of the principal's own requests, any status, newest
 * first. */
enum db_rc	 request_of_customer(struct db *, struct arena *,
		    const struct principal *, const struct keyset *,
		    struct request **out, size_t *n, struct keyset_page *pg);
/* For the team: the page `ks` of every request of kind `kind` and status
 * `status` ("" or NULL: any), newest first. */
enum db_rc	 request_list(struct db *, struct arena *, const char *kind,
		    const char *status, const struct keyset *,
		    struct request **out, size_t *n, struct keyset_page *pg);
/* The open waiting-list entries of the project of row id `project_id`,
 * in the order they joined, at most `max`. */
enum db_rc	 request_waiting(struct db *, struct arena *,
		    int64_t project_id, size_t max, struct request **out,
		    size_t *n);
/* The open waiting-list entries of every project the agenda of row id
 * `agenda_id` serves, in the order they joined, at most `max`. */
enum db_rc	 request_waiting_for_agenda(struct db *, struct arena *,
		    int64_t agenda_id, size_t max, struct request **out,
		    size_t *n);
/* Offers the entry the freed time `starts` in the agenda of row id
 * `agenda_id` until `expires`, told at `now`. */
enum db_rc	 request_offer(struct db *, const struct request *,
		    int64_t agenda_id, int64_t starts, int64_t expires,
		    int64_t now);
/* For the sweep: the open entries whose offer ran out by `now`, the
 * soonest first, at most `max`. */
enum db_rc	 request_offers_expired(struct db *, struct arena *,
		    int64_t now, size_t max, struct request **out, size_t *n);
/* Ends an entry's offer that ran out (it keeps its place in the list
 * but is not offered the same time again). */
enum db_rc	 request_offer_end(struct db *, const struct request *);
/* Whether the entry holds an offer that can still be taken at `now`. */
bool		 request_has_offer(const struct request *, int64_t now);
/* Whether s (len bytes) is a kind, a status; usable as validators. */
bool		 request_kind_valid(const char *, size_t);
bool		 request_status_valid(const char *, size_t);
/* Kind and status i, or NULL past the last: for filters. */
const char	*request_kind_name(size_t i);
const char	*request_status_name(size_t i);

#endif
