/*
 * agenda: an office's agendas, the calendars appointments are booked in,
 * with their weekly opening hours, dated exceptions and slot rules.
 *
 * An agenda is the office's, not a customer's: every member may read it,
 * and the pages that change one declare PERM_AGENDA.  A customer reaches
 * an agenda only through a booking page (slot.h), which reads it by
 * public id and offers nothing of an archived one.
 */
#ifndef PORCH_AGENDA_H
#define PORCH_AGENDA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "tz.h"

struct arena;

struct agenda {
	int64_t		 id;
	const char	*pid;
	const char	*name;
	const char	*zone;		/* IANA time zone */
	int		 slot_minutes;	/* length of one slot */
	int		 buffer_minutes;	/* kept free after an appointment */
	int		 capacity;	/* appointments one slot holds */
	int		 max_slots;	/* consecutive slots one booking may take */
	int		 notice_minutes;	/* booking closes this long before */
	int		 horizon_days;	/* booking opens this far ahead */
	int		 cancel_hours;	/* a customer cancels or reschedules
					   until this long before */
	const char	*location;	/* address, or "" */
	const char	*meeting_url;	/* digital meeting link, or "" */
	bool		 connected;	/* takes appointments moved from another */
	bool		 archived;
};

/* One stretch of weekly opening hours, minutes from local midnight. */
struct agenda_hours {
	int	 weekday;	/* 0 Sunday .. 6 Saturday */
	int	 opens, closes;
};

/* A dated exception: the day closed (0-1440), hours blocked, or hours
 * added (open). */
struct agenda_exception {
	const char	*pid;
	char		 day[11];	/* YYYY-MM-DD in the agenda's zone */
	int		 opens, closes;
	bool		 open;
	const char	*note;
};

/* The limits the pages and porchctl check before agenda_save (the
 * database checks them again). */
#define AGENDA_NAME_MAX		120
#define AGENDA_HOURS_MAX	21	/* stretches a week */
#define AGENDA_EXCEPTIONS_MAX	400	/* per agenda, dated from today on */

/* Defaults for a new agenda: 30-minute slots, one a slot, Europe-style
 * office hours are the caller's to add. */
void		 agenda_defaults(struct agenda *);
/* Whether the rules in a are within the limits above and the table's. */
bool		 agenda_valid(const struct agenda *);

enum db_rc	 agenda_by_pid(struct db *, struct arena *, const char *pid,
		    struct agenda *);
enum db_rc	 agenda_by_id(struct db *, struct arena *, int64_t id,
		    struct agenda *);
/* Every agenda (archived ones after the others if `archived`, else left
 * out), by name; at most AGENDA_LIST_MAX. */
#define AGENDA_LIST_MAX	200
enum db_rc	 agenda_list(struct db *, struct arena *, bool archived,
		    struct agenda **out, size_t *n);
/* The agendas that serve a project (project.h), archived ones left out,
 * by name. */
enum db_rc	 agenda_for_project(struct db *, struct arena *,
		    int64_t project_id, struct agenda **out, size_t *n);
/* Creates (a->id 0; sets id and pid) or updates by a->id. */
enum db_rc	 agenda_save(struct db *, struct arena *, struct agenda *,
		    int64_t now);
/* Replaces the weekly hours with h (n stretches, each valid). */
enum db_rc	 agenda_set_hours(struct db *, int64_t agenda_id,
		    const struct agenda_hours *h, size_t n);
enum db_rc	 agenda_hours(struct db *, struct arena *, int64_t agenda_id,
		    struct agenda_hours **out, size_t *n);
/* Parses "mon 09:00-12:00, 13:00-17:00; tue ..." style text of one
 * weekday's stretches ("09:00-17:00" or "" for closed) into h. */
bool		 agenda_hours_parse(const char *, int weekday,
		    struct agenda_hours *h, size_t max, size_t *n);
/* Parses a week's hours, "mon-fri 09:00-12:00, 13:00-17:00; sat
 * 10:00-12:00": parts separated by ';', each a weekday (sun .. sat) or a
 * range of them and that day's stretches as agenda_hours_parse reads
 * them; a day left out is closed.  False on anything else or past `max`
 * stretches. */
bool		 agenda_week_parse(const char *, struct agenda_hours *h,
		    size_t max, size_t *n);
/* Exceptions on or after `from_day` (YYYY-MM-DD), by day. */
enum db_rc	 agenda_exceptions(struct db *, struct arena *,
		    int64_t agenda_id, const char *from_day, size_t max,
		    struct agenda_exception **out, size_t *n);
enum db_rc	 agenda_exception_add(struct db *, struct arena *,
		    int64_t agenda_id, const struct agenda_exception *);
enum db_rc	 agenda_exception_delete(struct db *, int64_t agenda_id,
		    const char *pid);

#endif
