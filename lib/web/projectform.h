/*
 * projectform: the team's project form and project page, shared by the
 * programs that show a project, create one and save one.
 *
 * Like the agenda form (agendaform.h), every text field is declared as
 * text within its limits, so what cannot be used comes back as typed
 * with a message beside it; project_valid checks the same again before
 * the write.  Who may change a project is the page declaration's
 * business (PERM_AGENDA); the page only shows the form enabled or not.
 */
#ifndef PORCH_PROJECTFORM_H
#define PORCH_PROJECTFORM_H

#include <stdbool.h>

#include "docupload.h"
#include "keyset.h"
#include "page.h"
#include "project.h"

enum projectform_field {
	PROJECTFORM_TITLE,
	PROJECTFORM_ADDRESS,
	PROJECTFORM_DESCRIPTION,
	PROJECTFORM_BOOKING,
	PROJECTFORM_BIDDING,
	PROJECTFORM_ARCHIVED,
	PROJECTFORM__MAX
};

extern const struct field projectform_fields[PROJECTFORM__MAX];

/* The project page's documents: the page of them to show (NULL: the
 * first) and why an upload was just refused (DOCUPLOAD_OK: it was not). */
struct projectform_docs {
	const struct keyset	*ks;
	enum docupload_rc	 why;
	const struct docupload	*u;
	bool			 unknown;	/* sharing with an address
						   no customer has */
};

struct projectform {
	struct project	 p;
	unsigned	 errs;	/* one bit per enum projectform_field */
};

/* Reads the declared form over p (the project edited, or
 * project_defaults) into f; true when every field could be used. */
bool		 projectform_read(struct req *, const struct project *p,
		    struct projectform *f);
/*
 * Renders the project page (templates/team-project.html) with `status`:
 * a new project when p->id is 0, else p with the agendas that may serve
 * it (each marked when it does) and its public booking link while it
 * takes bookings, and its documents (docs; NULL: their first page).  f
 * is the form as typed (NULL: from p); `saved` says which change just
 * succeeded (created, saved, agendas, uploaded, shared, deleted; NULL:
 * none).
 */
enum page_rc	 projectform_render(struct req *, int status,
		    const struct project *p, const struct projectform *f,
		    const char *saved, const struct projectform_docs *docs);

#endif
