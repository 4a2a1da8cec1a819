/*
 * apptview: what the team's appointment pages show of one appointment,
 * and the answers they share.
 *
 * The values of view_appointment (view.h), which both sides show, plus
 * what only the team reads: where the booking came from and who made it,
 * the customer's link, why it was cancelled, when it was made and last
 * changed, and which actions the member's role allows on it now.  Times
 * are in the agenda's own zone.  Whether an action is allowed is decided
 * again by the action itself (its page declaration and the data
 * function); these values only choose which buttons to show.
 */
#ifndef PORCH_APPTVIEW_H
#define PORCH_APPTVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "page.h"

struct appointment;
struct tval;

/* Sets the appointment's values in `map`: id, customer, customer_id,
 * project, agenda, when, when_iso, until_time, zone, location,
 * meeting_url, member, reason, created(_iso), updated(_iso), the status
 * badge (view_status), src_<source> booleans, and can_change (open and
 * the member at least an agent) and can_mark (confirmed and begun,
 * likewise). */
void		 apptview_values(struct req *, struct tval *map,
		    const struct appointment *);
/* Reads the appointment of the path's {id} into ap: true when there is
 * one; false with the response built (404 when there is none, the error
 * page when the database failed). */
bool		 apptview_load(struct req *, struct appointment *ap);
/* The 409 page (templates/team-appointment-conflict.html) for an action
 * that could not be done to ap: `gone` when the time it asked for is not
 * free (any more), else because the appointment can no longer change. */
enum page_rc	 apptview_conflict(struct req *, const struct appointment *,
		    bool gone);

/* Field validators for the team's filter and choosing forms, which a
 * browser sends whole: empty (any, none, the default), or a public id,
 * an appointment status, a day. */
bool		 apptview_valid_id_or_none(const char *, size_t);
bool		 apptview_valid_status_or_any(const char *, size_t);
bool		 apptview_valid_day_or_none(const char *, size_t);
/* The list's filter choices: "agendas" (every agenda, archived ones
 * marked; the one of public id `agenda` selected) and "statuses" (each
 * status's badge values, `status` selected). */
enum db_rc	 apptview_filters(struct req *, const char *agenda,
		    const char *status);
/* The day `day` names (YYYY-MM-DD; NULL or "" for today plus `plus`), in
 * the process's zone (the office's): its text, and in *start the instant
 * it begins, or the next day begins when `end`. */
const char	*apptview_day(struct req *, const char *day, int plus,
		    bool end, int64_t *start);

#endif
