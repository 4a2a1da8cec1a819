/*
 * team-customer-propose: POST /team/customers/{id}/propose
 * An agent or admin invites the customer to book one of up to three
 * times they propose (time1..time3, free slots' starts as the week's
 * picker sends them) in agenda `agenda`, for project `project` if given,
 * with an optional message; mailed and audited like an invitation to
 * book any time (team-customer-invite-save).  Only when the office's
 * plan has time proposals: else 403 from the loop.  A time that is not
 * free (any more) shows the page again with 409 and sends nothing; no
 * time at all, or an unknown or archived agenda or project, is 400.
 * 303 to /team/customers/{id}?invited=1 | 400 | 403 | 404 | 409
 */
#include "apptview.h"
#include "invitation.h"
#include "invite.h"
#include "page.h"
#include "slotweek.h"
#include "util.h"

enum { F_AGENDA, F_PROJECT, F_MESSAGE, F_WEEK, F_TIME1, F_TIME2, F_TIME3 };

static const struct field fields[] = {
	[F_AGENDA] = { "agenda", valid_public_id, 0, 22 },
	[F_PROJECT] = { "project", apptview_valid_id_or_none, 0, 22 },
	[F_MESSAGE] = { "message", valid_any, FIELD_MULTILINE | FIELD_TRIM |
	    FIELD_STRICT, INVITATION_MESSAGE_MAX * 4 },
	[F_WEEK] = { "week", valid_day, 0, 10 },
	[F_TIME1] = { "time1", slotweek_valid_start, 0, SLOTWEEK_START_MAX },
	[F_TIME2] = { "time2", slotweek_valid_start, 0, SLOTWEEK_START_MAX },
	[F_TIME3] = { "time3", slotweek_valid_start, 0, SLOTWEEK_START_MAX },
};

static enum page_rc
propose(struct req *r)
{
	const struct invite_form	 f = {
		.agenda = page_field(r, F_AGENDA),
		.project = page_field(r, F_PROJECT),
		.message = page_field(r, F_MESSAGE),
		.week = page_field(r, F_WEEK),
	};
	int64_t				 starts[INVITATION_TIMES_MAX];
	size_t				 i, n = 0;

	for (i = F_TIME1; i <= F_TIME3; i++)
		if (page_field(r, i) != NULL)
			starts[n++] = slotweek_start(page_field(r, i));
	return invite_propose(r, &f, starts, n);
}

static const struct page PAGE = {
	.route = "POST /team/customers/{id}/propose",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.features = FEATURE_TIME_PROPOSALS,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = propose,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
