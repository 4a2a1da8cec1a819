/*
 * apptmail: the e-mail a customer gets about one of their appointments,
 * with the appointment attached as an iCalendar invitation (ics.h).
 *
 * Four mails, templates/mail/appointment-KIND.txt and .html: confirmed,
 * updated (rescheduled or moved), cancelled and reminder.  Each says what
 * the appointment is (project and agenda), when in the agenda's zone with
 * the zone's abbreviation, where or its meeting link, links to the
 * customer's appointment page, and for a cancellation gives the reason.
 * The attachment, invite.ics, is METHOD:REQUEST (or CANCEL for a
 * cancellation) with the appointment's UID and SEQUENCE, so a calendar
 * that took the first invitation updates or removes the same event.
 *
 * The mail is queued in the request's transaction like every mail: it
 * goes out only if the change that caused it commits.
 */
#ifndef PORCH_APPTMAIL_H
#define PORCH_APPTMAIL_H

#include <stdint.h>

#include "db.h"

struct appointment;
struct arena;
struct office;
struct portal;
struct principal;
struct req;
struct tmpl_set;

enum apptmail_kind {
	APPTMAIL_CONFIRMED,	/* booked, or an invitation accepted */
	APPTMAIL_UPDATED,	/* rescheduled, moved, its place changed */
	APPTMAIL_CANCELLED,	/* cancelled, by the customer or the team */
	APPTMAIL_REMINDER,	/* shortly before it starts */
	APPTMAIL__MAX
};

/*
 * Queues mail of that kind about `ap` to its customer (ap->customer_email)
 * in r's transaction, with the appointment attached as invite.ics.
 *
 * `ap` must be the appointment as it is after the change, read again with
 * appointment_get() in the same transaction, so that its times, status
 * and SEQUENCE (bumped by every change) are the new ones; for
 * APPTMAIL_CANCELLED its cancel_reason is the reason shown.  The caller
 * has already authorized it (appointment_get took r's principal): a
 * customer's own appointment, or any for a member.
 *
 * The mail's button opens the appointment's page in the portal,
 * r->portal->url + "/portal/appointments/" + ap->pid (the list,
 * "/portal/appointments", for a cancellation), unless `signin_link` is
 * given: a sign-in link (page_link.h's helpers make one) that should land
 * on that page, for a customer who booked without being signed in.
 * NULL or "" for none.
 *
 * APPTMAIL_UPDATED and APPTMAIL_REMINDER respect the customer's choice of
 * appointment messages (customer_prefs.appointments, on the account
 * page): when it is off nothing is queued and the answer is DB_OK.
 * Confirmations and cancellations always go: they are the record of what
 * the customer booked or lost.
 *
 * DB_OK when queued or rightly skipped; DB_ERR (logged) when the
 * templates, the calendar or the queue failed: the page should fail the
 * request (PAGE_FAIL) so the change rolls back with its mail.
 */
enum db_rc	 apptmail_queue(struct req *r, const struct appointment *ap,
		    enum apptmail_kind kind, const char *signin_link);

/*
 * After a change made in r: reads the appointment of public id `pid` as
 * it is now, as `reader` may see it (the customer who made the change, or
 * r's member), and queues mail of that kind to its customer.  With
 * `signin_days` > 0 the button is a single-use sign-in link, valid that
 * many days, for the customer (`reader`) that lands on the appointment
 * (its list for a cancellation): for who booked without being signed in.
 * *ap, when not NULL, gets the appointment as read.
 */
enum db_rc	 apptmail_after(struct req *r, const struct principal *reader,
		    const char *pid, enum apptmail_kind kind, int signin_days,
		    struct appointment *ap);

/* Where a mail is made outside a request (the sweep's reminders): the
 * office's database in a write transaction, an arena, the portal whose
 * templates, language and address the mail uses, and the time. */
struct apptmail_from {
	struct db		*db;
	struct arena		*a;
	const struct tmpl_set	*tmpl;	/* the portal's language's */
	const struct portal	*portal;
	const struct office	*office;
	int64_t			 now;
};
/* apptmail_queue from there. */
enum db_rc	 apptmail_queue_from(const struct apptmail_from *,
		    const struct appointment *, enum apptmail_kind kind,
		    const char *signin_link);

#endif
