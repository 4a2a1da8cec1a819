/*
 * team-appointment-move: GET /team/appointments/{id}/move[?week=DAY]
 * An agent or admin picks another time for an open appointment: its own
 * agenda and every other connected one (not archived), each with its
 * free slots in the week from DAY (default today, the office's days; see
 * slotweek.h), the appointment itself holding no place.  Each agenda is a
 * form posting its pid and the chosen start to the same path.  When none
 * has a free slot that week the page says the move is not possible.  An
 * appointment that can no longer change is 409.  Viewers, and members
 * without portal access, get 403 from the loop.
 * 200 | 400 a malformed day | 403 | 404 | 409
 */
#include "agenda.h"
#include "appointment.h"
#include "apptview.h"
#include "page.h"
#include "slotweek.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "week", valid_day, FIELD_STRICT, 10 },
};

/* Adds agenda g and its free slots to the list; *n counts the slots. */
static enum db_rc
target(struct req *r, struct tval *list, const struct agenda *g,
    const struct appointment *ap, int64_t first, size_t *n)
{
	struct tval	*v = tval_push(list);
	size_t		 k;
	enum db_rc	 rc;

	tval_str(v, "pid", g->pid);
	tval_str(v, "name", g->name);
	tval_bool(v, "current", g->id == ap->agenda_id);
	rc = slotweek_values(r, v, g, first, ap->id, &k);
	*n += k;
	return rc;
}

static enum page_rc
move_page(struct req *r)
{
	struct appointment	 ap;
	struct agenda		 own, *g;
	struct tval		*list;
	int64_t			 first = slotweek_first(r, page_field(r, 0));
	size_t			 i, ng, n = 0;
	enum db_rc		 rc;

	if (!apptview_load(r, &ap))
		return PAGE_OK;		/* answered */
	if (!appointment_changeable(&ap, &r->who, r->now))
		return apptview_conflict(r, &ap, false);
	list = tval_list(r->tv, "targets");
	if (ap.agenda_id != 0 && ((rc = agenda_by_id(r->db, r->a,
	    ap.agenda_id, &own)) != DB_OK || (rc = target(r, list, &own, &ap,
	    first, &n)) != DB_OK))
		return page_db_fail(r, rc);
	if ((rc = agenda_list(r->db, r->a, false, &g, &ng)) != DB_OK)
		return page_db_fail(r, rc);
	for (i = 0; i < ng; i++)
		if (g[i].connected && g[i].id != ap.agenda_id &&
		    (rc = target(r, list, &g[i], &ap, first, &n)) != DB_OK)
			return page_db_fail(r, rc);
	apptview_values(r, r->tv, &ap);
	tval_bool(r->tv, "none", n == 0);
	slotweek_nav(r, first, arena_printf(r->a,
	    "/team/appointments/%s/move?", ap.pid));
	return page_render(r, "team-appointment-move");
}

static const struct page PAGE = {
	.route = "GET /team/appointments/{id}/move",
	.need = NEED_MEMBER,
	.role = ROLE_AGENT,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = move_page,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
