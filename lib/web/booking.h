/*
 * booking: what the booking pages (/book, /embed/book) and the customer's
 * appointment pages share: finding what a booking link books, a week of
 * an agenda's free slots as template values, and the e-mails that tell a
 * customer what happened to an appointment.
 *
 * A booking link names an agenda or a project by public id.  Archived
 * ones, a project whose booking is off and a project no agenda serves are
 * not found, like an id that does not exist.  Nothing here writes but the
 * mails, which go into the request's transaction (page_mail); booking and
 * changing are appointment.c's.
 */
#ifndef PORCH_BOOKING_H
#define PORCH_BOOKING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agenda.h"
#include "appointment.h"
#include "apptmail.h"
#include "page.h"
#include "project.h"
#include "slotweek.h"

/* Days a page of slots shows. */
#define BOOKING_DAYS	SLOTWEEK_DAYS
/* Projects the empty states offer to book. */
#define BOOKING_OFFERS_MAX	5

struct booking_place {
	const char		*pid;		/* as the link named it */
	bool			 is_project;
	struct project		 project;	/* when is_project */
	struct agenda		*agendas;	/* the project's, or the one */
	size_t			 nagendas;
	const struct agenda	*agenda;	/* the one booked in */
};

/* What /book/{pid} books, and in which of its agendas: the one of public
 * id `agenda_pid` (NULL or "": the first by name).  DB_NOTFOUND when
 * nothing may be booked there or the agenda is not one of the place's. */
enum db_rc	 booking_place_find(struct req *, const char *pid,
		    const char *agenda_pid, struct booking_place *);
/* The place's values: book_pid, place_title, address, description,
 * agenda (its name), agenda_pid, is_project, online, and "agendas" (name,
 * pid, current) when there is a choice. */
void		 booking_place_values(struct req *,
		    const struct booking_place *);
/* The first day a page of slots shows: the agenda's local day `day`
 * (YYYY-MM-DD, NULL for today), never before today. */
int64_t		 booking_first_day(const struct agenda *, const char *day,
		    int64_t now);
/*
 * A week of the agenda's free slots from `first_day`, the appointment of
 * row id `ignore` holding no place (0: none): "days" and has_slots as
 * slotweek_days sets them, zone_name (the agenda's zone,
 * "Europe/Amsterdam"), and the weeks around it, prev_day and next_day
 * (YYYY-MM-DD, "" when out of the agenda's reach).
 */
enum db_rc	 booking_week(struct req *, const struct agenda *,
		    int64_t first_day, int64_t ignore);
/* The values of the slot at `at` for `nslots` slots when it can be booked
 * now: at, slot_when, slot_until, zone, and "lengths" (n, minutes,
 * selected) when the agenda takes several; false when it cannot. */
enum db_rc	 booking_slot_values(struct req *, const struct agenda *,
		    int64_t at, int nslots, bool *fits);
/* "bookable": up to BOOKING_OFFERS_MAX projects a customer can book
 * (title, href), for an empty list to point to. */
enum db_rc	 booking_offers(struct req *);
/* What a booking page was asked for: the query of /book, or the form
 * posted to it when it comes back (NULL: not given). */
struct booking_form {
	const char	*agenda;	/* the agenda's public id */
	const char	*day;		/* YYYY-MM-DD: the week from that day */
	const char	*at;		/* a slot's start (Unix time) */
	const char	*length;	/* slots, 1 .. the agenda's max_slots */
	const char	*name, *email;	/* a visitor's, as typed */
	bool		 err_name, err_email;
	bool		 via_embed;	/* reached from the embedded page */
	bool		 taken;		/* the time was just taken: 409 */
};
/*
 * The booking page of /book/{pid}: the confirming step for the slot `at`
 * when it can still be booked ("book-confirm", with the form's values),
 * else a week of slots ("book"; `gone` when `at` was given).  `status`
 * is the answer's (0: 200), 409 with the week when `taken`; 404 when
 * nothing can be booked there.  A page made embeddable (page_embed) moves
 * by weeks under /embed.
 */
enum page_rc	 booking_page(struct req *, const char *pid,
		    const struct booking_form *, int status);
/* Who books, as a booking page's form says. */
struct booking_save {
	enum appointment_source	 source;	/* SOURCE_PORTAL: signed in */
	const char		*name, *email;	/* a visitor's, validated
						 * (NULL: missing or invalid) */
};
/*
 * Books the slot f->at (f->length slots) of /book/{pid} as s->source, in
 * the request's write transaction: a signed-in customer for themselves,
 * a visitor for the customer of their address (booking_visitor), rate
 * limited per address and per client, with the same answer whether or
 * not the address was known.  The mail carries a sign-in link to the
 * appointment (booking_notify).  Answers 303 to the appointment (signed
 * in), "book-done" (a visitor), 400 for a slot or length out of reach,
 * 403 when the plan does not let r book, 404, 409 with the week when the
 * time was taken meanwhile (nothing written), or 422 with the form.
 */
enum page_rc	 booking_book(struct req *, const char *pid,
		    struct booking_form *, const struct booking_save *);
/*
 * The reschedule page of the customer's appointment: a week of its
 * agenda's free slots from `day` (NULL: today), its own place counted
 * free, at `status` (0: 200; 409 says the time picked was just taken).
 * 409 "appointment-refused" when it may no longer change.
 */
enum page_rc	 booking_reschedule_page(struct req *,
		    const struct appointment *, const char *day, int status);
/*
 * The customer a visitor books for: the one with that address (lower case,
 * valid), active or not and its name kept, else a new inactive one with
 * that name (its first sign-in activates it).  A waiting sign-up for the
 * address is dropped when the customer is made (customer.c).
 */
enum db_rc	 booking_visitor(struct req *, const char *email,
		    const char *name, struct principal *who);
/* Whether the office's plan lets r book: a signed-in customer always;
 * a visitor only where the plan includes booking links. */
bool		 booking_open_to(const struct req *);
/* The consecutive slots one booking of g may take: its own limit where the
 * office's plan includes multi-slot appointments, else one. */
int		 booking_max_slots(const struct req *, const struct agenda *);
/* After the customer `who` booked, moved or cancelled the appointment of
 * public id `pid` themselves: reads it as it is now into *ap and mails
 * them about it (apptmail.h, with the invitation attached) with a
 * single-use sign-in link, valid seven days, that lands on its page (on
 * the list for a cancellation). */
enum db_rc	 booking_notify(struct req *, enum apptmail_kind,
		    const struct principal *who, const char *pid,
		    struct appointment *ap);

#endif
