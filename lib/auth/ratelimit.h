/*
 * ratelimit: fixed-window counters keyed by a short string such as
 * "login:addr:<hash>" or "login:ip:<addr>", kept in the office's database.
 */
#ifndef PORCH_RATELIMIT_H
#define PORCH_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* Counts one hit.  *allowed is false when the key already had `max` hits in
 * the current window; *retry_after is then the seconds until it ends. */
enum db_rc	 ratelimit_hit(struct db *, const char *key, int64_t window,
		    int64_t max, int64_t now, bool *allowed, int64_t *retry_after);

#endif
