/*
 * project: what an office books and bids on (a property, a service), and
 * the agendas that serve it.
 *
 * A project is the office's: every member may read it and PERM_AGENDA
 * changes it.  Customers reach a project through its booking page, which
 * offers nothing of an archived one or of one whose booking is off.
 */
#ifndef PORCH_PROJECT_H
#define PORCH_PROJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;

struct project {
	int64_t		 id;
	const char	*pid;
	const char	*title;
	const char	*address;	/* or "" */
	const char	*description;	/* plain text, or "" */
	bool		 booking;	/* customers may book it */
	bool		 bidding;	/* customers may bid on it */
	bool		 archived;
};

#define PROJECT_TITLE_MAX	160
#define PROJECT_TEXT_MAX	4000
#define PROJECT_LIST_MAX	200

void		 project_defaults(struct project *);
bool		 project_valid(const struct project *);
enum db_rc	 project_by_pid(struct db *, struct arena *, const char *pid,
		    struct project *);
enum db_rc	 project_by_id(struct db *, struct arena *, int64_t id,
		    struct project *);
/* Every project by title (archived ones last if `archived`, else left
 * out), at most PROJECT_LIST_MAX. */
enum db_rc	 project_list(struct db *, struct arena *, bool archived,
		    struct project **out, size_t *n);
/* The projects a customer can book (booking on, not archived, served by
 * an agenda that is not archived and has weekly hours), by title, at most
 * `max`. */
enum db_rc	 project_bookable(struct db *, struct arena *, size_t max,
		    struct project **out, size_t *n);
/* Creates (p->id 0; sets id and pid) or updates by p->id. */
enum db_rc	 project_save(struct db *, struct arena *, struct project *,
		    int64_t now);
/* Whether the agenda serves the project. */
enum db_rc	 project_served_by(struct db *, int64_t project_id,
		    int64_t agenda_id, bool *yes);
/* Makes the agenda serve the project or not. */
enum db_rc	 project_link_agenda(struct db *, int64_t project_id,
		    int64_t agenda_id, bool on);

#endif
