/*
 * webhook: the office's appointment events, waiting for porch-hooks to
 * post them to its CRM, and what became of each.
 *
 * Events are always recorded.  appointment.c calls webhook_emit for every
 * change it makes (booked, changed, moved, cancelled, completed, no-show),
 * in the caller's transaction, so a change that commits has its event and
 * one that rolls back has none, and a CRM that is down never fails a
 * booking.  The data layer does not read porch.conf, and a flag on every
 * appointment function would let a page forget it; one small insert is
 * cheaper than either.  Whether the office has an endpoint is porch-hooks'
 * question: it delivers the events of an office with a webhook_url and
 * drops the pending events of one without (webhook_drop), so an endpoint
 * configured later starts with what happens from then on.
 *
 * An event's JSON body is made when it happens and never changes; its
 * event_id (a random public id) is the receiver's idempotency key, as an
 * event may arrive twice (an answer lost on the way back).  Events are
 * delivered roughly in order, not strictly: a receiver orders one
 * appointment's events by its "sequence".  A failed attempt schedules the
 * next with a doubling delay and jitter (webhook_backoff); after
 * WEBHOOK_ATTEMPTS the event is failed: kept, listed, and sent again only
 * when an admin retries it.  A 410 Gone disables the office's endpoint
 * (webhook_gone): its events stay queued until an admin enables it again,
 * or porch.conf names another url.  Nothing here is deleted on failure;
 * webhook_sweep removes delivered and failed events after WEBHOOK_KEEP.
 */
#ifndef PORCH_WEBHOOK_H
#define PORCH_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "keyset.h"

struct appointment;
struct arena;

enum webhook_type {
	WEBHOOK_CREATED,	/* booked */
	WEBHOOK_CHANGED,	/* a new time in the same agenda */
	WEBHOOK_MOVED,		/* to another agenda */
	WEBHOOK_CANCELLED,
	WEBHOOK_COMPLETED,
	WEBHOOK_NO_SHOW,
	WEBHOOK__MAX
};

/* Attempts before an event is failed: with WEBHOOK_FIRST doubling to
 * WEBHOOK_CAP between them, about two days. */
#define WEBHOOK_ATTEMPTS	18
#define WEBHOOK_FIRST		30		/* seconds */
#define WEBHOOK_CAP		(6 * 3600)
#define WEBHOOK_JITTER		200		/* per mille, either way */
/* Delivered and failed events are kept this long, then swept. */
#define WEBHOOK_KEEP		(30 * 86400)
/* Rows on a page of the team's list. */
#define WEBHOOK_PAGE		25

struct webhook_event {
	int64_t		 id;		/* row id, for lib calls only */
	const char	*event_id;
	const char	*type;		/* "appointment.created", ... */
	const char	*payload;	/* the JSON body */
	int64_t		 created;
	int64_t		 attempts;
	int64_t		 next_attempt;
	int64_t		 delivered;	/* 0 while not */
	int64_t		 failed;	/* 0 while not: gave up */
	int64_t		 last_status;	/* HTTP status; 0: no answer */
	const char	*last_error;	/* "" when none */
};

/* The office's endpoint as porch-hooks left it. */
struct webhook_endpoint {
	int64_t		 disabled;	/* when a 410 disabled it; 0: enabled */
	const char	*disabled_url;	/* the url that answered 410 */
};

/* "appointment.created", ... by type; NULL past the last. */
const char	*webhook_type_name(enum webhook_type);
/* Records the event of `type` about ap (as it is after the change) at
 * `now`, in the caller's transaction. */
enum db_rc	 webhook_emit(struct db *, struct arena *, enum webhook_type,
		    const struct appointment *, int64_t now);
/* The JSON body of an event (what webhook_emit stores), in the arena. */
const char	*webhook_payload(struct arena *, const char *event_id,
		    enum webhook_type, const struct appointment *, int64_t now);
/* "v1=" and the hex HMAC-SHA256, keyed with the secret's `len` bytes, of
 * "<timestamp>.<body>": the Porch-Signature header.  In the arena. */
const char	*webhook_signature(struct arena *, const char *secret,
		    size_t len, int64_t timestamp, const char *body);
/* Seconds before the next attempt after `attempts` failed ones (>= 1):
 * WEBHOOK_FIRST doubling up to WEBHOOK_CAP, times 1 + (jitter - 200) /
 * 1000 for a jitter in 0..400 (WEBHOOK_JITTER either way). */
int64_t		 webhook_backoff(int64_t attempts, uint32_t jitter);

/* Pending events whose next attempt is due at `now`, soonest first, at
 * most max; or (webhook_pending) every pending one, due or not. */
enum db_rc	 webhook_due(struct db *, struct arena *, int64_t now,
		    size_t max, struct webhook_event **out, size_t *n);
enum db_rc	 webhook_pending(struct db *, struct arena *, size_t max,
		    struct webhook_event **out, size_t *n);
/* The event of that public id; DB_NOTFOUND when none. */
enum db_rc	 webhook_get(struct db *, struct arena *, const char *event_id,
		    struct webhook_event *);
/* Outcomes of one attempt, each in a short write transaction of the
 * caller's.  Delivered: a 2xx `status`.  Failed: any other status (0
 * for no answer) and why; the next attempt follows webhook_backoff, or
 * after WEBHOOK_ATTEMPTS the event is failed.  Gone: a 410 from `url`,
 * which disables the endpoint; the event stays pending. */
enum db_rc	 webhook_delivered(struct db *, int64_t id, int status,
		    int64_t now);
enum db_rc	 webhook_failed(struct db *, int64_t id, int status,
		    const char *err, int64_t now);
enum db_rc	 webhook_gone(struct db *, int64_t id, const char *url,
		    int64_t now);
/* Schedules an event that is not delivered (pending or failed) for
 * `now`, with a new round of attempts; DB_NOTFOUND when there is no such
 * event or it was delivered. */
enum db_rc	 webhook_retry(struct db *, const char *event_id, int64_t now);
/* The same for every failed event; their number goes to *n. */
enum db_rc	 webhook_retry_failed(struct db *, int64_t now, int *n);
/* The endpoint's state, and enabling it again after a 410. */
enum db_rc	 webhook_endpoint_get(struct db *, struct arena *,
		    struct webhook_endpoint *);
enum db_rc	 webhook_enable(struct db *);
/* Whether the endpoint at `url` (the configured one) is disabled. */
bool		 webhook_disabled(const struct webhook_endpoint *,
		    const char *url);
/* Deletes the pending events (of an office with no endpoint); their
 * number goes to *n. */
enum db_rc	 webhook_drop(struct db *, int *n);
/* Deletes events delivered or failed more than WEBHOOK_KEEP ago. */
enum db_rc	 webhook_sweep(struct db *, int64_t now);
/* The page `ks` of the events, newest first: every one by when it
 * happened, or (failed_only) the failed ones by when they failed. */
enum db_rc	 webhook_list(struct db *, struct arena *, bool failed_only,
		    const struct keyset *, struct webhook_event **out,
		    size_t *n, struct keyset_page *pg);

#endif
