/*
 * teambook: the team's booking page (see teambook.h).
 */
#include <stdbool.h>
#include <string.h>

#include "agenda.h"
#include "customer.h"
#include "page.h"
#include "project.h"
#include "slotweek.h"
#include "teambook.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

enum db_rc
teambook_choices(struct req *r, const struct agenda *chosen,
    const struct project *pchosen)
{
	struct agenda	*g;
	struct project	*p;
	struct tval	*list, *v;
	size_t		 i, n;
	enum db_rc	 rc;

	if ((rc = agenda_list(r->db, r->a, false, &g, &n)) != DB_OK)
		return rc;
	list = tval_list(r->tv, "agendas");
	for (i = 0; i < n; i++) {
		v = tval_push(list);
		tval_str(v, "pid", g[i].pid);
		tval_str(v, "name", g[i].name);
		tval_bool(v, "selected", chosen != NULL && g[i].id == chosen->id);
	}
	if ((rc = project_list(r->db, r->a, false, &p, &n)) != DB_OK)
		return rc;
	list = tval_list(r->tv, "projects");
	for (i = 0; i < n; i++) {
		v = tval_push(list);
		tval_str(v, "pid", p[i].pid);
		tval_str(v, "title", p[i].title);
		tval_bool(v, "selected", pchosen != NULL &&
		    p[i].id == pchosen->id);
	}
	return DB_OK;
}

enum page_rc
teambook_render(struct req *r, int status, const struct customer *c,
    const struct agenda *g, const struct project *p, int64_t first,
    bool taken)
{
	size_t		 n = 0;
	enum db_rc	 rc;

	view_customer(r->tv, c);
	if ((rc = teambook_choices(r, g, p)) != DB_OK)
		return page_db_fail(r, rc);
	tval_bool(r->tv, "chosen", g != NULL);
	tval_str(r->tv, "agenda_id", g != NULL ? g->pid : "");
	tval_str(r->tv, "agenda_name", g != NULL ? g->name : "");
	tval_str(r->tv, "project_id", p != NULL ? p->pid : "");
	tval_bool(r->tv, "taken", taken);
	tval_str(r->tv, "choose_path", arena_printf(r->a,
	    "/team/customers/%s/book", c->pid));
	if (g != NULL) {
		if ((rc = slotweek_values(r, r->tv, g, first, 0, &n)) != DB_OK)
			return page_db_fail(r, rc);
		slotweek_nav(r, first, arena_printf(r->a,
		    "/team/customers/%s/book?agenda=%s&%s%s%s", c->pid, g->pid,
		    p != NULL ? "project=" : "", p != NULL ? p->pid : "",
		    p != NULL ? "&" : ""));
	}
	if (status == 200)
		return page_render(r, "team-customer-book");
	return page_render_status(r, status, "team-customer-book");
}
