/*
 * slot: the times an agenda offers, and whether a booking still fits.
 *
 * An agenda's day is its weekly hours for that weekday, with the hours of
 * that date's exceptions added (open) or taken away (closed), all in the
 * agenda's own time zone: a slot at 09:00 is at 09:00 on both sides of a
 * change of summer time.  Slots follow each other from the start of each
 * stretch of open hours, a slot's length plus the buffer apart, and a
 * slot has as many places as the agenda's capacity, less the
 * appointments (confirmed, requested, completed or no-show) that overlap
 * it with their buffer.  A slot is offered from the agenda's horizon until
 * its minimum notice.
 *
 * slot_fits is the check a booking makes inside its write transaction:
 * SQLite runs one writer at a time, so no other booking comes between the
 * check and the insert, and an agenda never holds more than its capacity.
 */
#ifndef PORCH_SLOT_H
#define PORCH_SLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;
struct agenda;

struct slot {
	int64_t	 starts, ends;
	int64_t	 wall;		/* the start's wall clock in the agenda's
				   zone, as tz_wall gives it */
	int	 free;		/* places left, 1 .. capacity */
};

/* Days one call may cover. */
#define SLOT_DAYS_MAX	31

/*
 * The slots with a place left whose start falls on the agenda's local
 * days from `first_day` (days since 1970-01-01, see day_number) for
 * `ndays` (at most SLOT_DAYS_MAX), as offered at `now`, in order
 * (arena array; NULL and 0 when none).  The appointment of row id
 * `ignore` holds no place (it is the one being moved); 0 for none.
 */
enum db_rc	 slot_list(struct db *, struct arena *, const struct agenda *,
		    int64_t first_day, int ndays, int64_t now, int64_t ignore,
		    struct slot **out, size_t *n);
/*
 * Whether `nslots` consecutive slots from `starts` are offered at `now`
 * with a place left in each, `ignore` as above; *ends is when the last
 * one ends.  A member books past the notice and the horizon (`member`),
 * never in the past or past the capacity.
 */
enum db_rc	 slot_fits(struct db *, struct arena *, const struct agenda *,
		    int64_t starts, int nslots, int64_t now, int64_t ignore,
		    bool member, bool *fits, int64_t *ends);
/* Today in the agenda's zone, as a day number. */
int64_t		 slot_today(const struct agenda *, int64_t now);

#endif
