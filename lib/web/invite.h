/*
 * invite: what the invitation pages share.  The team's side
 * (templates/team-customer-invite.html): choosing the agenda and
 * project, the form that invites to book any free time and, when the
 * office's plan has time proposals, the form that proposes up to
 * INVITATION_TIMES_MAX of the agenda's free times; sending one, with its
 * mail to the customer.  The customer's side (templates/invitation.html):
 * the invitation with its proposed times that are still free, or a week
 * of the agenda's free slots when it proposes none, each a button that
 * books it.
 *
 * Who may see an invitation is invitation.c's; that the plan allows
 * proposals is the proposing program's (.features).  Nothing here
 * writes but invite_send.
 */
#ifndef PORCH_INVITE_H
#define PORCH_INVITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "page.h"

struct invitation;

/* The team's form as posted (NULL: not given). */
struct invite_form {
	const char	*agenda;	/* public ids */
	const char	*project;	/* "" or NULL: none */
	const char	*message;
	const char	*week;		/* YYYY-MM-DD: the week proposed from */
	bool		 taken;		/* a proposed time was not free: 409 */
};

/* The team's invitation page for the customer of public id `customer`
 * (page_param 0), at `status` (0: 200).  404 when there is no such
 * customer, 400 for an unknown or archived agenda or project, or one the
 * agenda does not serve. */
enum page_rc	 invite_team_page(struct req *, const struct invite_form *,
		    int status);
/* Sends the invitation of the form to the customer of page_param 0, with
 * the times `starts` (n of them, 0: any free time): records it, its
 * audit row and its mail, then 303 to the customer's page.  The page
 * again with 409 when a time is not free (nothing written); 404 and 400
 * as invite_team_page. */
enum page_rc	 invite_send(struct req *, const struct invite_form *,
		    const int64_t *starts, size_t n);
/* invite_send for the proposing form: 400 when it names no time. */
enum page_rc	 invite_propose(struct req *, const struct invite_form *,
		    const int64_t *starts, size_t n);
/* The customer's page of their invitation, the week from `day`
 * (YYYY-MM-DD, NULL: today) when it proposes no time, at `status` (0:
 * 200; 409 says the time chosen was just taken). */
enum page_rc	 invite_page(struct req *, const struct invitation *,
		    const char *day, int status);
/* Appends to `list` an invitation of a list: id, what, agenda, project,
 * created (and its iso), ntimes, any_time. */
void		 invite_item(struct req *, struct tval *list,
		    const struct invitation *);
/* "invitations": the signed-in customer's open ones, newest first. */
enum db_rc	 invite_list(struct req *);

#endif
