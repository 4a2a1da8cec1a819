/*
 * agendaform: the team's agenda form and agenda page, shared by the
 * programs that show an agenda, create one, save its rules and hours, and
 * add or delete its exceptions.
 *
 * The form's fields are declared once here (agendaform_fields), all as
 * text within their limits, so a value that cannot be used comes back to
 * the person as typed, with a message beside it, instead of being
 * dropped by the parser.  agendaform_read turns them into an agenda and
 * its weekly hours and says which could not be used; the database checks
 * the same rules again (agenda_valid, the table's CHECKs).  Who may
 * change an agenda is the page declaration's business (PERM_AGENDA);
 * the page only says whether to show the form enabled (can_edit).
 */
#ifndef PORCH_AGENDAFORM_H
#define PORCH_AGENDAFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agenda.h"
#include "page.h"

/* The form's fields, in the order of agendaform_fields. */
enum agendaform_field {
	AGENDAFORM_NAME,
	AGENDAFORM_ZONE,
	AGENDAFORM_SLOT,
	AGENDAFORM_BUFFER,
	AGENDAFORM_CAPACITY,
	AGENDAFORM_MAXSLOTS,
	AGENDAFORM_NOTICE,
	AGENDAFORM_HORIZON,
	AGENDAFORM_CANCEL,
	AGENDAFORM_LOCATION,
	AGENDAFORM_MEETING,
	AGENDAFORM_CONNECTED,
	AGENDAFORM_ARCHIVED,
	AGENDAFORM_HOURS,	/* Sunday's; the week's follow */
	AGENDAFORM__MAX = AGENDAFORM_HOURS + 7
};

extern const struct field agendaform_fields[AGENDAFORM__MAX];

/* What the form holds: the values as typed, which ones could not be
 * used (one bit per enum agendaform_field), and what they parse to. */
struct agendaform {
	const char		*text[AGENDAFORM__MAX];
	unsigned long		 errs;
	struct agenda		 g;
	struct agenda_hours	 hours[AGENDA_HOURS_MAX];
	size_t			 nhours;
};

/* The exception form's fields, in this order from a page's field `i`. */
enum agendaform_exc {
	AGENDAFORM_X_DAY,
	AGENDAFORM_X_FROM,
	AGENDAFORM_X_TO,
	AGENDAFORM_X_KIND,	/* "closed" or "open" */
	AGENDAFORM_X_NOTE,
	AGENDAFORM_X__MAX
};
extern const struct field agendaform_exc_fields[AGENDAFORM_X__MAX];

struct agendaform_x {
	const char		*text[AGENDAFORM_X__MAX];
	unsigned		 errs;	/* one bit per enum agendaform_exc */
	struct agenda_exception	 x;
};

/* Reads the declared form (fields 0 .. AGENDAFORM__MAX - 1) over the
 * rules of g (the agenda being edited, or agenda_defaults for a new one)
 * into f; true when every field could be used. */
bool		 agendaform_read(struct req *, const struct agenda *g,
		    struct agendaform *f);
/* Fills f from an agenda and its stored hours (for showing it). */
void		 agendaform_from(struct req *, const struct agenda *g,
		    const struct agenda_hours *h, size_t nh,
		    struct agendaform *f);
/* Reads the declared exception form (fields 0 .. AGENDAFORM_X__MAX - 1);
 * true when it can be added. */
bool		 agendaform_x_read(struct req *, struct agendaform_x *);
/*
 * Renders the agenda page (templates/team-agenda.html) with `status`:
 * for a new agenda when g->id is 0, else for g with its exceptions from
 * today, its public booking link and its free slots in the week from
 * `first` (slotweek.h).  f is the rules form as typed (NULL: from g and
 * its stored hours), x the exception form (NULL: empty).  `saved` names
 * the change that just succeeded, for its notice (created, rules,
 * exception, deleted; NULL or another word: none).
 */
enum page_rc	 agendaform_render(struct req *, int status,
		    const struct agenda *g, const struct agendaform *f,
		    const struct agendaform_x *x, int64_t first,
		    const char *saved);

#endif
