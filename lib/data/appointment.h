/*
 * appointment: a customer's appointments in the office's agendas, and
 * the operations on them (book, reschedule or move, cancel, mark).
 *
 * A customer reads and changes only their own: the functions that take
 * the signed-in principal put the owner in the SQL, so another customer's
 * appointment is DB_NOTFOUND like one that does not exist.  A member of
 * the office may read and change every appointment.  Booking, rescheduling
 * and moving check the agenda's slots (slot.h) in the request's write
 * transaction, so no slot ever holds more than the agenda's capacity.
 * Each change records its webhook event (webhook.h) in the caller's
 * transaction: booked, changed or moved, cancelled, completed, no-show.
 */
#ifndef PORCH_APPOINTMENT_H
#define PORCH_APPOINTMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "keyset.h"

struct arena;
struct agenda;
struct principal;
struct project;

struct appointment {
	int64_t		 id;		/* row id, for lib calls only */
	const char	*pid;
	const char	*project;	/* project title, or "" */
	const char	*project_pid;	/* or "" */
	const char	*project_address;	/* or "" */
	const char	*agenda;	/* agenda name, or "" */
	const char	*agenda_pid;	/* or "" */
	const char	*zone;		/* the agenda's time zone, or "" */
	int		 cancel_hours;	/* the agenda's cut-off for customers */
	int64_t		 agenda_id;	/* 0 for none */
	int64_t		 customer_id;
	const char	*customer;	/* the customer's name */
	const char	*customer_pid;
	const char	*customer_email;
	int64_t		 starts;
	int64_t		 ends;
	int		 slots;
	const char	*location;	/* address, or "" */
	const char	*meeting_url;	/* digital meeting link, or "" */
	const char	*status;	/* requested | invited | confirmed |
					   cancelled | completed | no_show */
	const char	*source;	/* portal | link | embed | team */
	const char	*member;	/* who on the team booked it, or "" */
	int		 sequence;	/* bumped by every change (iCalendar) */
	const char	*cancel_reason;
	int64_t		 created, updated;
};

/* Where a booking comes from: the values of appointments.source. */
enum appointment_source {
	SOURCE_PORTAL,		/* a signed-in customer */
	SOURCE_LINK,		/* the public booking link */
	SOURCE_EMBED,		/* the booking page on the office's site */
	SOURCE_TEAM,		/* a member, on the customer's behalf */
};

struct booking {
	int64_t			 customer_id;
	const struct project	*project;	/* or NULL */
	const struct agenda	*agenda;
	int64_t			 starts;
	int			 nslots;	/* consecutive slots, >= 1 */
	enum appointment_source	 source;
	int64_t			 member_id;	/* SOURCE_TEAM: who */
};

/* A reason a customer gives when cancelling, at most this long. */
#define APPOINTMENT_REASON_MAX	500
/* Rows on a page of the lists. */
#define APPOINTMENT_PAGE	20

/* The appointment of that public id, if the principal may see it: their
 * own for a customer, any for a member; DB_NOTFOUND otherwise. */
enum db_rc	 appointment_get(struct db *, struct arena *,
		    const struct principal *, const char *pid,
		    struct appointment *);
/* Books b at `now` as confirmed; DB_CONFLICT when the time is not
 * offered or has no place left (someone was quicker).  The new public id
 * goes to *pid. */
enum db_rc	 appointment_book(struct db *, struct arena *,
		    const struct booking *, int64_t now, const char **pid);
/* Whether the principal may cancel or reschedule it at `now`: a member
 * while it is invited, requested or confirmed; its customer until the
 * agenda's cut-off before it starts. */
bool		 appointment_changeable(const struct appointment *,
		    const struct principal *, int64_t now);
/* Cancels it (reason may be ""); DB_CONFLICT when it may not be
 * (appointment_changeable). */
enum db_rc	 appointment_cancel(struct db *, const struct principal *,
		    const struct appointment *, const char *reason,
		    int64_t now);
/* Moves it to `starts` for the same number of slots, in `to` (its own
 * agenda, or for a member another connected one): the same appointment,
 * its SEQUENCE bumped.  DB_CONFLICT when it may not change or the time
 * has no place. */
enum db_rc	 appointment_reschedule(struct db *, struct arena *,
		    const struct principal *, const struct appointment *,
		    const struct agenda *to, int64_t starts, int64_t now);
/* A member marks a confirmed appointment completed or no_show;
 * DB_CONFLICT from any other status. */
enum db_rc	 appointment_mark(struct db *, const struct appointment *,
		    const char *status, int64_t now);
/* Whether s (len bytes) is a status; usable as a field validator. */
bool		 appointment_status_valid(const char *, size_t);
/* Status i, or NULL past the last: for filters. */
const char	*appointment_status_name(size_t i);

/* The principal's own appointments ending after `now`, not cancelled:
 * the first `max` to end, soonest first. */
enum db_rc	 appointment_upcoming(struct db *, struct arena *,
		    const struct principal *, int64_t now, size_t max,
		    struct appointment **out, size_t *n);
/* The page `ks` of the principal's own history (started before `now`,
 * or cancelled, completed or missed), newest first. */
enum db_rc	 appointment_history(struct db *, struct arena *,
		    const struct principal *, int64_t now,
		    const struct keyset *, struct appointment **out, size_t *n,
		    struct keyset_page *pg);
/* What the team's list shows: the appointments starting in [from, to)
 * in one agenda (row id, or 0: every agenda), of one customer (row id, or
 * 0: every customer), with one status ("" or NULL: any). */
struct appointment_filter {
	int64_t		 agenda_id;
	int64_t		 customer_id;
	const char	*status;
	int64_t		 from, to;
};
/* For the team: the page `ks` of the appointments the filter keeps, in
 * the order they start. */
enum db_rc	 appointment_list(struct db *, struct arena *,
		    const struct appointment_filter *, const struct keyset *,
		    struct appointment **out, size_t *n, struct keyset_page *pg);
/* For the sweep: the confirmed appointments not yet reminded that start
 * after `now` and by `until`, soonest first, at most `max`. */
enum db_rc	 appointment_to_remind(struct db *, struct arena *, int64_t now,
		    int64_t until, size_t max, struct appointment **out,
		    size_t *n);
/* Marks it reminded at `now`, in the transaction that queued the
 * reminder; DB_NOTFOUND when it was already (another sweep was first). */
enum db_rc	 appointment_reminded(struct db *, const struct appointment *,
		    int64_t now);
/* For porchctl and the demo seed: creates project/agenda rows by name as
 * needed. */
enum db_rc	 appointment_add(struct db *, struct arena *, int64_t customer_id,
		    const char *project, const char *agenda, int64_t starts,
		    int64_t ends, const char *location, const char *meeting_url,
		    const char *status, const char *source, const char **pid);
/* The principal's own appointments of every status (cancelled ones too)
 * ending after `since`: the first `max` to end, in the order they start
 * (for the calendar feed). */
enum db_rc	 appointment_since(struct db *, struct arena *,
		    const struct principal *, int64_t since, size_t max,
		    struct appointment **out, size_t *n);
/* Every appointment of the principal's own, past and cancelled ones
 * included, oldest first, at most `max` (for the data export). */
enum db_rc	 appointment_all_of(struct db *, struct arena *,
		    const struct principal *, size_t max,
		    struct appointment **out, size_t *n);
/* For the team: a customer's appointments (by row id) ending after `now`,
 * not cancelled: the first `max` to end, soonest first. */
enum db_rc	 appointment_for_customer(struct db *, struct arena *,
		    int64_t customer_id, int64_t now, size_t max,
		    struct appointment **out, size_t *n);

#endif
