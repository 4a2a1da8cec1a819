/*
 * team-agendas: GET /team/agendas
 * The office's agendas for its team, by name, the archived ones in a list
 * of their own: each with its time zone, slot length, whether it takes
 * appointments moved from another (connected) and its public booking
 * link.  Every member reads it; members with agenda edit access also get
 * the way to a new agenda.
 * 200 | 303 to /team/login when signed out
 */
#include "agenda.h"
#include "member.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

static enum page_rc
team_agendas(struct req *r)
{
	struct agenda	*g;
	struct tval	*active, *archived, *v;
	size_t		 i, n;
	enum db_rc	 rc;

	if ((rc = agenda_list(r->db, r->a, true, &g, &n)) != DB_OK)
		return page_db_fail(r, rc);
	active = tval_list(r->tv, "agendas");
	archived = tval_list(r->tv, "archived");
	for (i = 0; i < n; i++) {
		v = tval_push(g[i].archived ? archived : active);
		tval_str(v, "pid", g[i].pid);
		tval_str(v, "name", g[i].name);
		tval_str(v, "zone", g[i].zone);
		tval_int(v, "slot_minutes", g[i].slot_minutes);
		tval_bool(v, "connected", g[i].connected);
		tval_str(v, "booking_path", arena_printf(r->a, "/book/%s",
		    g[i].pid));
	}
	tval_bool(r->tv, "can_edit", member_may(&r->who, PERM_AGENDA));
	return page_render(r, "team-agendas");
}

static const struct page PAGE = {
	.route = "GET /team/agendas",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.run = team_agendas,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
