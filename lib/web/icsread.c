/*
 * icsread: the busy times in a CalDAV server's events (ics_busy in
 * ics.h), read with libical.
 *
 * Each VEVENT's occurrences come from libical's recurrence expansion over
 * [from, to), which applies RRULE, RDATE and EXDATE and resolves each
 * TZID against the object's own VTIMEZONE (else libical's builtin zone of
 * that name).  A rule that repeats more often than hourly is not expanded
 * (its first time stands): one line of text must not cost millions of
 * steps.  An instance that overrides one occurrence (RECURRENCE-ID) is
 * its own VEVENT and adds its own time; the occurrence it replaces stays
 * busy too, which errs on the safe side.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "arena.h"
#include "ics.h"
#include "tz.h"

struct busy {
	struct arena	*a;
	const char	*zone;
	int64_t		 from, to;	/* the range asked for */
	bool		 all_day;
	size_t		 count;		/* occurrences of this event */
	struct ics_span	**out;
	size_t		*n;
	bool		 full;
};

/* An all-day time: libical's midnight UTC as midnight in the zone. */
static int64_t
local_midnight(const char *zone, time_t t)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	return tz_utc(zone, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 0, 0);
}

static void
occurrence(icalcomponent *ev, struct icaltime_span *sp, void *arg)
{
	struct busy	*b = arg;
	struct ics_span	 s = { sp->start, sp->end };

	(void)ev;
	if (b->count++ >= ICS_OCCURRENCES_MAX)
		return;
	if (*b->n >= ICS_BUSY_MAX) {
		b->full = true;
		return;
	}
	if (b->all_day) {
		s.starts = local_midnight(b->zone, sp->start);
		s.ends = local_midnight(b->zone, sp->end > sp->start ?
		    sp->end : sp->start + 86400);
	}
	if (s.ends <= s.starts)
		s.ends = s.starts + 1;	/* a moment: still busy then */
	/* libical also hands over events whose end comes before their
	 * start, far outside the range: only what overlaps it counts. */
	if (s.ends <= b->from || s.starts >= b->to)
		return;
	*b->out = arena_grow(b->a, *b->out, *b->n, sizeof(**b->out));
	(*b->out)[(*b->n)++] = s;
}

/* Whether the event blocks time: not cancelled, not transparent, not
 * Porch's own, not repeating every minute. */
static bool
blocks(icalcomponent *ev, const char *own_host)
{
	icalproperty		*p;
	const char		*uid = icalcomponent_get_uid(ev), *at;
	struct icalrecurrencetype r;

	if (icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED)
		return false;
	p = icalcomponent_get_first_property(ev, ICAL_TRANSP_PROPERTY);
	if (p != NULL && icalproperty_get_transp(p) == ICAL_TRANSP_TRANSPARENT)
		return false;
	if (uid != NULL && own_host != NULL && *own_host != '\0' &&
	    (at = strrchr(uid, '@')) != NULL && strcmp(at + 1, own_host) == 0)
		return false;
	p = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
	if (p != NULL) {
		r = icalproperty_get_rrule(p);
		if (r.freq == ICAL_SECONDLY_RECURRENCE ||
		    r.freq == ICAL_MINUTELY_RECURRENCE) {
			icalcomponent_remove_property(ev, p);
			icalproperty_free(p);	/* removing does not */
		}
	}
	return true;
}

bool
ics_busy(struct arena *a, const char *text, const char *own_host,
    const char *zone, int64_t from, int64_t to, struct ics_span **out,
    size_t *n)
{
	struct busy		 b = { a, zone, from, to, false, 0, out, n,
				    false };
	icalcomponent		*cal, *ev;
	struct icaltimetype	 t0, t1;
	icaltimezone		*utc = icaltimezone_get_utc_timezone();

	if (strlen(text) > ICS_TEXT_MAX ||
	    (cal = icalparser_parse_string(text)) == NULL)
		return true;
	t0 = icaltime_from_timet_with_zone((time_t)from, 0, utc);
	t1 = icaltime_from_timet_with_zone((time_t)to, 0, utc);
	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	    ev != NULL && !b.full; ev = icalcomponent_get_next_component(cal,
	    ICAL_VEVENT_COMPONENT)) {
		if (icaltime_is_null_time(icalcomponent_get_dtstart(ev)) ||
		    !blocks(ev, own_host))
			continue;
		b.all_day = icalcomponent_get_dtstart(ev).is_date;
		b.count = 0;
		icalcomponent_foreach_recurrence(ev, t0, t1, occurrence, &b);
	}
	icalcomponent_free(cal);
	icalerror_clear_errno();
	return !b.full;
}
