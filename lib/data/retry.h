/*
 * retry: what the queues that deliver to a neighbour (the outbox's mail,
 * the webhook events, and any like them) share about trying again.
 *
 * A queue's row counts its attempts and holds the time of its next one;
 * porch-mailer and porch-hooks read the rows that are due (or, flushing,
 * every pending one) in batches, and a failed attempt schedules the next
 * after a delay that doubles from the policy's first up to its cap,
 * spread by a random jitter so that many rows failed together do not
 * come back together.  What a row holds, and when it is given up, is the
 * queue's own.
 */
#ifndef PORCH_RETRY_H
#define PORCH_RETRY_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct retry_policy {
	int64_t		 first;		/* seconds after the first failure */
	int64_t		 cap;		/* the longest wait */
	int64_t		 jitter;	/* per mille either way; 0: none */
};

/* Seconds to wait after `attempts` failed attempts (>= 1): p->first
 * doubling up to p->cap, times 1 + (jitter - p->jitter) / 1000 for a
 * jitter in 0 .. 2 * p->jitter (a larger one counts as the largest). */
int64_t		 retry_delay(const struct retry_policy *p, int64_t attempts,
		    uint32_t jitter);
/* When to try again, at `now`, after `attempts` failed attempts: with a
 * random jitter. */
int64_t		 retry_next(const struct retry_policy *p, int64_t attempts,
		    int64_t now);
/* A batch's rows (db_rows): q with `now` bound to its first parameter
 * when it takes one (now >= 0), and `max` to the one after it, the
 * LIMIT; each row read by read(0) into `size` bytes. */
void		*retry_batch(struct db *, struct arena *, const struct db_sql *q,
		    int64_t now, size_t max, db_reader read, size_t size,
		    size_t *n, enum db_rc *rc);

#endif
