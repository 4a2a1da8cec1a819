/*
 * slotweek: one agenda's free slots over a week, as template values, for
 * the team's pages that pick a time (moving an appointment, booking on a
 * customer's behalf, the agenda page's preview).
 *
 * A week is seven local days from a first day.  The team's pages choose
 * that day in the process's own zone (the office's), and each agenda
 * then lays its slots on those calendar days in its own zone (slot.h),
 * so a slot shows the wall clock of the agenda it belongs to.  The
 * interface is small on purpose: the first day, the week's links, and
 * the slots of one agenda into a map; how a page submits a slot (a radio
 * button named "start" holding the slot's start as seconds since 1970) is
 * the template's.  Nothing here decides who may see or book an agenda.
 */
#ifndef PORCH_SLOTWEEK_H
#define PORCH_SLOTWEEK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "page.h"

struct agenda;
struct arena;
struct tval;

/* Days a week shows. */
#define SLOTWEEK_DAYS	7
/* Bytes of a slot's start as the form sends it. */
#define SLOTWEEK_START_MAX	12

/* The first day of the week a page shows: `day` (YYYY-MM-DD, a
 * validated field or NULL) or else today, in the process's zone, as a
 * day number (util.h). */
int64_t		 slotweek_first(struct req *, const char *day);
/* Sets the week's values: week_from and week_to (the days, to read),
 * week (the first day, YYYY-MM-DD), and the links prev_week and
 * next_week: `link` (a path with a query ending in "?" or "&") followed
 * by week=DAY.  The previous week is offered only from today on. */
void		 slotweek_nav(struct req *, int64_t first, const char *link);
/* Sets in `map` the list "days" of the week's days that have a free slot
 * of agenda g, each with its name as people read it (day), date
 * (YYYY-MM-DD), zone (the agenda's zone's abbreviation that day) and its
 * list "slots" (start: the value a form sends, clock and iso), and
 * has_slots; *n counts the slots and *first_at is the
 * first one's start (0: none).  The appointment of row id `ignore` holds
 * no place (0: none). */
enum db_rc	 slotweek_days(struct req *, struct tval *map,
		    const struct agenda *g, int64_t first, int64_t ignore,
		    size_t *n, int64_t *first_at);
/* slotweek_days, and zone: the agenda's zone's abbreviation at its
 * first slot. */
enum db_rc	 slotweek_values(struct req *, struct tval *map,
		    const struct agenda *g, int64_t first, int64_t ignore,
		    size_t *n);
/* "YYYY-MM-DD" of a day number. */
const char	*slotweek_day_text(struct arena *, int64_t);
/* Whether s is a slot's start as the form sends it; a field validator. */
bool		 slotweek_valid_start(const char *, size_t);
/* The start a validated field holds. */
int64_t		 slotweek_start(const char *);

#endif
