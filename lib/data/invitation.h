/*
 * invitation: the team inviting a customer to book in an agenda, at any
 * free time or at one of the times it proposes, and the customer
 * answering by booking.
 *
 * An invitation names its customer, its agenda and, optionally, a
 * project, the member who sent it and a message.  It holds 0 to
 * INVITATION_TIMES_MAX proposed times (one slot each); none means "any
 * free time of the agenda".  It is open until the customer books
 * (answered, with the appointment it became) or the team cancels it.
 *
 * A customer reads only their own: the functions that take the signed-in
 * principal put the owner in the SQL, so another customer's invitation
 * is DB_NOTFOUND like one that does not exist.  A member reads every
 * invitation.  Answering books with appointment_book (slot.h's check in
 * the request's write transaction) and marks the invitation answered in
 * that same transaction, so a time taken meanwhile leaves both as they
 * were.  Whether the office's plan allows proposing times is the pages'
 * to decide; nothing here reads the plan.
 */
#ifndef PORCH_INVITATION_H
#define PORCH_INVITATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct agenda;
struct arena;
struct principal;
struct project;

/* Times one invitation may propose. */
#define INVITATION_TIMES_MAX	3
/* Bytes of the team's message. */
#define INVITATION_MESSAGE_MAX	2000
/* Open invitations a list shows. */
#define INVITATION_LIST_MAX	20

struct invitation_time {
	int64_t	 starts, ends;
};

struct invitation {
	int64_t		 id;		/* row id, for lib calls only */
	const char	*pid;
	int64_t		 customer_id;
	const char	*customer;	/* the customer's name */
	const char	*customer_pid;
	const char	*customer_email;
	int64_t		 agenda_id;
	const char	*agenda;	/* its name */
	const char	*agenda_pid;
	const char	*zone;		/* the agenda's time zone */
	int64_t		 project_id;	/* 0 for none */
	const char	*project;	/* title, or "" */
	const char	*project_pid;	/* or "" */
	const char	*member;	/* who sent it, or "" */
	const char	*message;	/* or "" */
	const char	*status;	/* open | answered | cancelled */
	const char	*appointment_pid;	/* answered: what it became */
	int64_t		 created, updated;
	size_t		 ntimes;	/* proposed times; 0: any free time */
	struct invitation_time *times;	/* invitation_get only: in order */
};

struct invitation_new {
	int64_t			 customer_id;
	const struct agenda	*agenda;
	const struct project	*project;	/* or NULL */
	int64_t			 member_id;	/* who invites, 0 for none */
	const char		*message;	/* or NULL */
	const int64_t		*starts;	/* proposed times, or NULL */
	size_t			 nstarts;	/* 0 .. INVITATION_TIMES_MAX */
};

/* Records an open invitation at `now`; its public id goes to *pid.
 * DB_CONFLICT when a proposed time is given twice, past the limit, or
 * not one a customer could book now in the agenda (slot_fits). */
enum db_rc	 invitation_create(struct db *, struct arena *,
		    const struct invitation_new *, int64_t now,
		    const char **pid);
/* The invitation of that public id with its times, if the principal may
 * see it: their own for a customer, any for a member; DB_NOTFOUND
 * otherwise. */
enum db_rc	 invitation_get(struct db *, struct arena *,
		    const struct principal *, const char *pid,
		    struct invitation *);
/* The principal's own open invitations, newest first, at most `max`
 * (arena array, times not read). */
enum db_rc	 invitation_open(struct db *, struct arena *,
		    const struct principal *, size_t max,
		    struct invitation **out, size_t *n);
/* For the team: a customer's (by row id) open invitations, newest
 * first, at most `max`. */
enum db_rc	 invitation_for_customer(struct db *, struct arena *,
		    int64_t customer_id, size_t max, struct invitation **out,
		    size_t *n);
/* Whether the customer may answer with the time `starts`: one of its
 * proposed times, or any when it proposes none. */
bool		 invitation_offers(const struct invitation *, int64_t starts);
/* The customer `who` answers their own open invitation: books `starts`
 * (one slot, source portal) in its agenda and project, and marks it
 * answered with that appointment, at `now`.  The appointment's public id
 * goes to *appt.  DB_NOTFOUND when it is not theirs; DB_CONFLICT when it
 * is no longer open, the time is not offered (invitation_offers), the
 * agenda is archived, or the time has no place left. */
enum db_rc	 invitation_answer(struct db *, struct arena *,
		    const struct principal *who, const struct invitation *,
		    int64_t starts, int64_t now, const char **appt);
/* A member cancels an open invitation; DB_CONFLICT when it is not. */
enum db_rc	 invitation_cancel(struct db *, const struct invitation *,
		    int64_t now);

#endif
