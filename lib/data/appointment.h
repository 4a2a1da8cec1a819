/*
 * appointment: a customer's appointments, with the project and agenda
 * they belong to.
 *
 * A customer's own lists take the signed-in principal; the team's takes a
 * customer's row id, since a member may see every customer of the office.
 */
#ifndef PORCH_APPOINTMENT_H
#define PORCH_APPOINTMENT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;
struct principal;

struct appointment {
	const char	*pid;
	const char	*project;	/* project title, or "" */
	const char	*agenda;	/* agenda name, or "" */
	int64_t		 starts;
	int64_t		 ends;
	const char	*location;	/* address, or "" */
	const char	*meeting_url;	/* digital meeting link, or "" */
	const char	*status;	/* requested | invited | confirmed | cancelled */
	const char	*source;	/* portal | link | plugin | team */
};

/* The principal's own appointments ending after `now`, not cancelled:
 * the first `max` to end, soonest first. */
enum db_rc	 appointment_upcoming(struct db *, struct arena *,
		    const struct principal *, int64_t now, size_t max,
		    struct appointment **out, size_t *n);
/* For porchctl and the demo seed: creates project/agenda rows by name as
 * needed. */
enum db_rc	 appointment_add(struct db *, struct arena *, int64_t customer_id,
		    const char *project, const char *agenda, int64_t starts,
		    int64_t ends, const char *location, const char *meeting_url,
		    const char *status, const char *source, const char **pid);
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
