/*
 * team-document: GET /team/documents/{id}[?done=WHAT]
 * One document for the team: its name, type and size, the customer
 * (linked) or the project, the request it answers, its status and the
 * reason of a rejection, when it came and when the retention removes it,
 * and a download button.  Agents and admins also get its actions: accept
 * and reject (with an optional reason the customer sees) for a
 * customer's document, and delete (a confirming step).  done= says which
 * action just succeeded (accepted, rejected); any other word shows
 * nothing.
 * Members without portal access get 403 from the loop.
 * 200 | 403 | 404 | 303 to /team/login when signed out
 */
#include <string.h>

#include "document.h"
#include "docview.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

static const char *const notices[] = { "accepted", "rejected" };

static const struct field fields[] = {
	{ "done", valid_word, 0, 16 },
};

static enum page_rc
team_document(struct req *r)
{
	struct document	 d;
	const char	*done = page_field(r, 0);
	bool		 agent = r->who.role >= ROLE_AGENT;
	size_t		 i;

	if (!docview_team_load(r, &d))
		return PAGE_OK;		/* answered */
	docview_values(r, r->tv, &d);
	tval_bool(r->tv, "can_delete", agent);
	tval_bool(r->tv, "can_accept", agent && d.project_id == 0 &&
	    strcmp(d.status, "accepted") != 0);
	tval_bool(r->tv, "can_reject", agent && d.project_id == 0 &&
	    strcmp(d.status, "rejected") != 0);
	for (i = 0; i < sizeof(notices) / sizeof(notices[0]); i++)
		tval_bool(r->tv, arena_printf(r->a, "done_%s", notices[i]),
		    done != NULL && strcmp(done, notices[i]) == 0);
	return page_render(r, "team-document");
}

static const struct page PAGE = {
	.route = "GET /team/documents/{id}",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_document,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
