/*
 * team-customer-invite-save: POST /team/customers/{id}/invite
 * An agent or admin invites the customer to book any free time of agenda
 * `agenda`, for project `project` if given (one the agenda serves), with
 * an optional message.  The customer gets an e-mail whose link leads,
 * through sign-in, to the invitation's page; the audit log records it
 * ("invitation-sent", the customer's public id, the invitation's).  Every
 * plan may invite; proposing times is team-customer-propose.  An unknown
 * or archived agenda or project, or one the agenda does not serve, is
 * 400.  Viewers, and members without portal access, get 403 from the
 * loop.
 * 303 to /team/customers/{id}?invited=1 | 400 | 403 | 404
 */
#include "apptview.h"
#include "invitation.h"
#include "invite.h"
#include "page.h"
#include "util.h"

enum { F_AGENDA, F_PROJECT, F_MESSAGE };

static const struct field fields[] = {
	[F_AGENDA] = { "agenda", valid_public_id, 0, 22 },
	[F_PROJECT] = { "project", apptview_valid_id_or_none, 0, 22 },
	/* the form's maxlength counts characters: room for 4 bytes each */
	[F_MESSAGE] = { "message", valid_any, FIELD_MULTILINE | FIELD_TRIM |
	    FIELD_STRICT, INVITATION_MESSAGE_MAX * 4 },
};

static enum page_rc
invite(struct req *r)
{
	const struct invite_form	 f = {
		.agenda = page_field(r, F_AGENDA),
		.project = page_field(r, F_PROJECT),
		.message = page_field(r, F_MESSAGE),
	};

	return invite_send(r, &f, NULL, 0);
}

static const struct page PAGE = {
	.route = "POST /team/customers/{id}/invite",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = invite,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
