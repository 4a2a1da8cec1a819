/*
 * view: the template values of records that more than one page shows.
 *
 * A page that lists appointments or inbox items pushes each record with
 * these functions, so every page names the same values the same way and
 * the templates that show them (partials) can be shared.  Nothing here
 * reads the database or decides who may see what: the pages pass only
 * records their data functions returned.
 */
#ifndef PORCH_VIEW_H
#define PORCH_VIEW_H

#include "page.h"

/* Appends an appointment: id, project, agenda, when, when_iso, until,
 * location, meeting_url, status, and the booleans invited, requested. */
void	 view_appointment(struct req *, struct tval *list,
	    const struct appointment *);
/* Appends an inbox item: kind, one boolean per kind name, when, when_iso,
 * title, customer, status, link. */
void	 view_inbox_item(struct req *, struct tval *list,
	    const struct inbox_item *);

#endif
