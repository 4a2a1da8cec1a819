/*
 * team-home: GET /team[?password=1]
 * The team member's start page: who is signed in, with which role, and
 * for members with portal access what needs attention (one count per row
 * of the table below, each linked to the inbox filtered to it) and the
 * newest 10 items of the inbox; the others are told what they lack
 * instead.  password=1 says a reset link just set the member's password.
 * 200
 */
#include <stdbool.h>
#include <string.h>

#include "inbox.h"
#include "member.h"
#include "page.h"
#include "team.h"
#include "util.h"
#include "view.h"
#include "tmpl.h"

#define NEWEST	10

/* What needs the team's attention: an inbox kind in one status. */
static const struct attention {
	const char	*key;		/* the template's count and link */
	const char	*kind;
	const char	*status;
} attention[] = {
	{ "requested_appointments", "appointment", "requested" },
	{ "invited_customers", "signup", "invited" },
	{ "open_deletions", "deletion", "open" },
};

static enum db_rc
counts(struct req *r)
{
	struct keyset_page	 pg;
	const struct attention	*at;
	size_t			 i;
	enum db_rc		 rc;

	for (i = 0; i < sizeof(attention) / sizeof(attention[0]); i++) {
		at = &attention[i];
		memset(&pg, 0, sizeof(pg));
		if ((rc = inbox_count(r->db, at->kind, at->status, &pg)) !=
		    DB_OK)
			return rc;
		tval_str(r->tv, at->key, view_count(r, &pg));
		tval_str(r->tv, arena_printf(r->a, "%s_href", at->key),
		    arena_printf(r->a, "/team/inbox?kind=%s&status=%s",
		    at->kind, at->status));
	}
	return DB_OK;
}


static const struct field fields[] = {
	{ "password", valid_flag, 0, 1 },
};

static enum page_rc
team_home(struct req *r)
{
	struct inbox_item	*it = NULL;
	struct tval		*list;
	struct keyset		 ks = keyset_first(NEWEST);
	struct keyset_page	 pg = { .more_after = false };
	size_t			 i, n = 0;
	bool			 portal = member_may(&r->who, PERM_PORTAL);
	enum db_rc		 rc;

	if (portal && ((rc = counts(r)) != DB_OK ||
	    (rc = inbox_list(r->db, r->a, NULL, NULL, &ks, &it, &n,
	    &pg)) != DB_OK))
		return page_db_fail(r, rc);
	tval_str(r->tv, "name", r->who.name);
	tval_str(r->tv, "role", team_role_label(r, r->who.role));
	tval_bool(r->tv, "is_admin", r->who.role >= ROLE_ADMIN);
	tval_bool(r->tv, "portal", portal);
	tval_bool(r->tv, "more", pg.more_after);
	list = tval_list(r->tv, "items");
	for (i = 0; i < n; i++)
		view_inbox_item(r, list, &it[i]);
	if (page_field(r, 0) != NULL)
		page_flash(r, FLASH_PASSWORD_RESET);
	return page_render(r, "team-home");
}

static const struct page PAGE = {
	.route = "GET /team",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_home,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
