/*
 * ics: appointments as an iCalendar object (RFC 5545), for the invitation
 * attached to an appointment's mail (RFC 5546 METHOD:REQUEST or CANCEL)
 * and for a customer's calendar feed (METHOD:PUBLISH).
 *
 * The calendar is built with libical's components and properties and
 * serialized by libical, which escapes TEXT values (commas, semicolons,
 * backslashes, newlines) and folds lines at 75 octets; nothing here pastes
 * iCalendar text together.  Each appointment is one VEVENT whose UID is
 * its public id at the portal's host, so a calendar that receives a
 * reschedule or a cancellation updates the event it has; its SEQUENCE is
 * the appointment's.  Times are in the agenda's zone with that zone's
 * VTIMEZONE, made by libical from the system's zoneinfo (the same files
 * tz.h reads) and cut to the years the events need; an agenda without a
 * zone, or one libical does not know, gets UTC times.
 *
 * This module renders; it neither reads the database nor decides who may
 * see an appointment: callers pass what the principal may see.  Reading a
 * calendar's busy times (ics_busy) is the one thing it parses: a CalDAV
 * server's events, with libical, within limits.
 */
#ifndef PORCH_ICS_H
#define PORCH_ICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct appointment;
struct arena;

enum ics_method {
	ICS_PUBLISH,		/* a feed: the events as they are */
	ICS_REQUEST,		/* an invitation: confirmed or changed */
	ICS_CANCEL,		/* a cancellation */
	ICS_STORE,		/* a CalDAV calendar's object: the events
				   as they are, without METHOD (RFC 4791)
				   and without people, so that the server
				   invites nobody */
	ICS__MAX
};

/* Where the events come from. */
struct ics_origin {
	const char	*host;		/* UID's right-hand side: the portal's
					   host name (or a domain of the
					   office's) */
	const char	*url;		/* the portal's origin, "https://host";
					   each event links to its page there */
	const char	*name;		/* the office's name: SUMMARY when an
					   appointment has no project or agenda */
	const char	*organizer;	/* the office's e-mail, or NULL or ""
					   for no ORGANIZER */
};

/* The iCalendar text of the n appointments (n may be 0 for an empty
 * feed), in `a`, CRLF line endings: PRODID, VERSION, METHOD, one
 * VTIMEZONE per zone used and one VEVENT per appointment.  STATUS is
 * CANCELLED for a cancelled appointment and under ICS_CANCEL, TENTATIVE
 * while it is requested or invited, else CONFIRMED.  Under ICS_REQUEST and
 * ICS_CANCEL the customer is the ATTENDEE.  `now` is the DTSTAMP.  NULL,
 * logged, when libical fails. */
const char	*ics_calendar(struct arena *, const struct ics_origin *,
		    enum ics_method, const struct appointment *, size_t n,
		    int64_t now);
/* Busy times of a calendar: at most ICS_BUSY_MAX in all, and at most
 * ICS_OCCURRENCES_MAX occurrences of one recurring event. */
#define ICS_BUSY_MAX		5000
#define ICS_OCCURRENCES_MAX	500
#define ICS_TEXT_MAX		(256 * 1024)

struct ics_span {
	int64_t	 starts, ends;
};

/* Appends to *out (an arena array of *n) the times that the iCalendar
 * text (a calendar object of a CalDAV server, at most ICS_TEXT_MAX bytes)
 * makes busy within [from, to): each VEVENT's occurrences, recurrences
 * expanded, unless it is cancelled, transparent, or its UID ends with
 * "@" own_host (an event Porch wrote).  An all-day event is busy from
 * midnight to midnight in `zone`.  Text libical cannot read adds
 * nothing; false only when the limit is reached. */
bool		 ics_busy(struct arena *, const char *text, const char *own_host,
		    const char *zone, int64_t from, int64_t to,
		    struct ics_span **out, size_t *n);
/* The METHOD's name ("REQUEST"), for a Content-Type's method parameter. */
const char	*ics_method_name(enum ics_method);

#endif
