/*
 * team-webhooks: GET /team/webhooks[?show=failed][&retried=1|&enabled=1]
 *     [&after=C|&before=C]
 * The office's CRM webhook for its admins: whether porch.conf names an
 * endpoint, whether a 410 Gone disabled it (since when, with the button
 * that enables it again, POST /team/webhooks/enable), and its events,
 * newest first, 25 a page: every one, or (show=failed) those that ran
 * out of attempts, by when they failed.  Each shows its type, when it
 * happened, its state, attempts and last answer, and a button that sends
 * one not yet delivered again (POST /team/webhooks/{id}/retry).  retried
 * and enabled say what just happened.  A cursor that is not one is 400.
 * 200 | 400 | 403 | 303 to /team/login when signed out
 */
#include <stdbool.h>
#include <string.h>

#include "page.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"
#include "webhook.h"

enum { F_SHOW, F_RETRIED, F_ENABLED, F_AFTER, F_BEFORE };

static const struct field fields[] = {
	[F_SHOW] = { "show", valid_word, FIELD_STRICT, 32 },
	[F_RETRIED] = { "retried", valid_flag, 0, 1 },
	[F_ENABLED] = { "enabled", valid_flag, 0, 1 },
	PAGE_PAGER_FIELDS(F_AFTER),
};

static enum page_rc
team_webhooks(struct req *r)
{
	struct webhook_event	*e;
	struct tval		*list;
	struct keyset		 ks;
	struct keyset_page	 pg;
	const char		*show = page_field(r, F_SHOW);
	bool			 failed;
	size_t			 i, n;
	enum db_rc		 rc;

	if (show != NULL && strcmp(show, "failed") != 0)
		return page_status(r, 400);
	failed = show != NULL;
	if (!page_keyset(r, F_AFTER, WEBHOOK_PAGE, &ks))
		return page_status(r, 400);
	if ((rc = view_webhook_endpoint(r)) != DB_OK ||
	    (rc = webhook_list(r->db, r->a, failed, &ks, &e, &n, &pg)) !=
	    DB_OK)
		return page_db_fail(r, rc);
	list = tval_list(r->tv, "events");
	for (i = 0; i < n; i++)
		view_webhook_event(r, list, &e[i]);
	tval_bool(r->tv, "show_failed", failed);
	tval_bool(r->tv, "retried", page_field(r, F_RETRIED) != NULL);
	tval_bool(r->tv, "enabled", page_field(r, F_ENABLED) != NULL);
	view_pager(r, "/team/webhooks", &pg, "show", show, NULL);
	return page_render(r, "team-webhooks");
}

static const struct page PAGE = {
	.route = "GET /team/webhooks",
	.need = NEED_MEMBER,
	.role = ROLE_ADMIN,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_webhooks,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
