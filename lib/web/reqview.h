/*
 * reqview: what the request pages share, on the customer's side and the
 * team's: a request's template values, the offer of a freed time to a
 * waiting customer, and telling the waiting customers when a place frees
 * up.
 *
 * A place frees up when an appointment that was still to come is
 * cancelled or moved away; the page that did it calls reqview_freed with
 * the appointment as it was, once, after the change.  The waiting
 * customers of every project its agenda serves are then told by e-mail,
 * all at once or the first in turn (the office's `waitlist` setting),
 * with a single-use sign-in link to the offer's page; that page shows
 * the time with a button, and the POST behind it books.  Mail goes into
 * the request's transaction (page_mail): it is sent only if the change
 * commits.
 */
#ifndef PORCH_REQVIEW_H
#define PORCH_REQVIEW_H

#include <stdbool.h>

#include "page.h"

struct agenda;
struct appointment;
struct apptmail_from;
struct request;
struct tval;

/* Waiting customers told of one freed place, at most. */
#define REQVIEW_WAITING_MAX	200
/* Preferred day and part of day choices on the asking form. */
#define REQVIEW_CHOICES		3

/* What the asking form of /book/{id}/request holds (NULL: not given). */
struct reqview_form {
	const char	*preferred;		/* free text */
	const char	*day[REQVIEW_CHOICES];	/* YYYY-MM-DD */
	const char	*part[REQVIEW_CHOICES];	/* morning | afternoon |
						   evening */
	const char	*message;
	bool		 err_preferred;		/* nothing said when */
	bool		 err_long;		/* a text too long */
	bool		 waiting;		/* on the waiting list already */
};

/* Sets a request's values in `map` (a list item or the page's own): pid,
 * kind, visit, waitlist, project, project_pid, preferred, message,
 * created(_iso), updated(_iso), customer, customer_pid, customer_email,
 * appointment_pid, closed_by, open, has_offer (a freed time offered and
 * still standing), notified(_iso) (when it was offered) and its status
 * (view_status). */
void		 reqview_values(struct req *, struct tval *map,
		    const struct request *);
/* Tells the waiting customers that the place of `was` (the appointment
 * before it was cancelled or moved) is free, when it was still to come. */
enum db_rc	 reqview_freed(struct req *, const struct appointment *was);
/* For the sweep: the offer of x ran out.  Ends it and, when the office
 * tells its waiting customers in turn and the time is still free and to
 * come, offers it to the next one after x who holds no offer, with the
 * mail.  In f's transaction. */
enum db_rc	 reqview_offer_next(const struct apptmail_from *,
		    const struct request *x);
/* The offer's values for its page: offer_when, offer_iso, offer_until,
 * zone, agenda (name), and in *fits whether the time can still be booked;
 * *g gets the agenda.  DB_NOTFOUND when the request holds no offer that
 * stands now (or its agenda is gone). */
enum db_rc	 reqview_offer(struct req *, const struct request *,
		    struct agenda *g, bool *fits);

/*
 * The page of /book/{pid} where a signed-in customer asks for a visit or
 * joins the waiting list, with the form's values and messages, at
 * `status` (0: 200).  404 when pid is no project that can be booked.
 */
enum page_rc	 reqview_ask_page(struct req *, const char *pid,
		    const struct reqview_form *, int status);
/* The preferred times as one text: the free text, then a line per day
 * chosen ("2026-12-08 morning"); "" for none (arena). */
const char	*reqview_preferred(struct req *, const struct reqview_form *);
/* Field validators: a part of day; a kind or status of a request, or ""
 * for any. */
bool		 reqview_valid_part(const char *, size_t);
bool		 reqview_valid_kind_or_any(const char *, size_t);
bool		 reqview_valid_status_or_any(const char *, size_t);

#endif
