/*
 * team-projects: GET /team/projects
 * The office's projects for its team, by title, the archived ones in a
 * list of their own: each with its address, whether customers may book
 * and bid on it, and its public booking link while it takes bookings.
 * Every member reads it; members with agenda edit access also get the way
 * to a new project.
 * 200 | 303 to /team/login when signed out
 */
#include "member.h"
#include "page.h"
#include "project.h"
#include "tmpl.h"
#include "util.h"

static enum page_rc
team_projects(struct req *r)
{
	struct project	*p;
	struct tval	*active, *archived, *v;
	size_t		 i, n;
	enum db_rc	 rc;

	if ((rc = project_list(r->db, r->a, true, &p, &n)) != DB_OK)
		return page_db_fail(r, rc);
	active = tval_list(r->tv, "projects");
	archived = tval_list(r->tv, "archived");
	for (i = 0; i < n; i++) {
		v = tval_push(p[i].archived ? archived : active);
		tval_str(v, "pid", p[i].pid);
		tval_str(v, "project_title", p[i].title);
		tval_str(v, "address", p[i].address);
		tval_bool(v, "booking", p[i].booking);
		tval_bool(v, "bidding", p[i].bidding);
		tval_str(v, "booking_path", arena_printf(r->a, "/book/%s",
		    p[i].pid));
	}
	tval_bool(r->tv, "can_edit", member_may(&r->who, PERM_AGENDA));
	return page_render(r, "team-projects");
}

static const struct page PAGE = {
	.route = "GET /team/projects",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.run = team_projects,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
