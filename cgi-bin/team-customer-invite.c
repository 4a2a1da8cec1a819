/*
 * team-customer-invite: GET /team/customers/{id}/invite[?agenda=ID]
 *     [&project=ID][&week=DAY]
 * An agent or admin invites a customer to book: choose an agenda (and,
 * if it is for one, a project), then send an invitation to book any free
 * time (team-customer-invite-save) or, when the office's plan has time
 * proposals, propose up to three of the agenda's free times in the week
 * from DAY (team-customer-propose).  An unknown or archived agenda or
 * project, or one the agenda does not serve, is 400, as is a malformed
 * day.  Viewers, and members without portal access, get 403 from the
 * loop.
 * 200 | 400 | 403 | 404 | 303 to /team/login when signed out
 */
#include "apptview.h"
#include "invite.h"
#include "page.h"
#include "util.h"

enum { F_AGENDA, F_PROJECT, F_WEEK };

static const struct field fields[] = {
	[F_AGENDA] = { "agenda", apptview_valid_id_or_none, FIELD_STRICT, 22 },
	[F_PROJECT] = { "project", apptview_valid_id_or_none, FIELD_STRICT, 22 },
	[F_WEEK] = { "week", valid_day, FIELD_STRICT, 10 },
};

static enum page_rc
invite_form(struct req *r)
{
	const struct invite_form	 f = {
		.agenda = page_field(r, F_AGENDA),
		.project = page_field(r, F_PROJECT),
		.week = page_field(r, F_WEEK),
	};

	return invite_team_page(r, &f, 0);
}

static const struct page PAGE = {
	.route = "GET /team/customers/{id}/invite",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = invite_form,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
