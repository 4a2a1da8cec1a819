/*
 * teambook: the team's page for booking an appointment on a customer's
 * behalf (templates/team-customer-book.html), shared by the page that
 * shows it and the action that books, which shows it again when the time
 * was taken meanwhile.
 *
 * The page offers every agenda that is not archived and every project
 * that is not archived; once an agenda is chosen, its free slots for a
 * week (slotweek.h).  A project is optional; when one is chosen it must
 * be served by the agenda (project_served_by), which the action checks.
 */
#ifndef PORCH_TEAMBOOK_H
#define PORCH_TEAMBOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "page.h"

struct agenda;
struct customer;
struct project;

/* The choices of the agenda and project form
 * (templates/partials/agenda-choice.html): "agendas" (pid, name,
 * selected) not archived, and "projects" (pid, title, selected), g and p
 * (either may be NULL) the ones selected.  The invitation page shows the
 * same form. */
enum db_rc	 teambook_choices(struct req *, const struct agenda *g,
		    const struct project *p);
/* Renders the page with `status` for customer c: the agenda g (NULL:
 * none chosen yet) and project p (NULL: none) chosen, the week from
 * `first`, and `taken` when a booking just failed because its time had
 * no place left. */
enum page_rc	 teambook_render(struct req *, int status,
		    const struct customer *c, const struct agenda *g,
		    const struct project *p, int64_t first, bool taken);

#endif
