/*
 * invite: the invitation pages' shared parts (invite.h).
 *
 * The team proposes times from the week slotweek.h lays out, in the
 * process's zone, each slot shown in its agenda's own; the customer sees
 * them in the agenda's zone, as booking.c shows every slot.  A proposed
 * time is shown to the customer only while slot_fits says it can still
 * be booked, so the page never offers what the answer would refuse.
 * The mail carries a single-use sign-in link that lands on the
 * invitation's page; opening it changes nothing until the customer signs
 * in with its button, and the page books only from its own buttons'
 * POST.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "agenda.h"
#include "audit.h"
#include "booking.h"
#include "customer.h"
#include "invitation.h"
#include "invite.h"
#include "page.h"
#include "project.h"
#include "slot.h"
#include "slotweek.h"
#include "teambook.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

/* A mailed invitation's sign-in link lasts a week: it may be read days
 * later. */
#define INVITE_LINK_DAYS	7

/* What the team's form names: the customer, and the agenda and project
 * when chosen. */
struct choice {
	struct customer	 c;
	struct agenda	 g;
	struct project	 p;
	bool		 has_g, has_p;
};

static const char *
given(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/* Reads the choice: 0, an error status (404, 400), or -1 with *rc. */
static int
choose(struct req *r, const struct invite_form *f, struct choice *ch,
    enum db_rc *rc)
{
	bool	 served = true;

	memset(ch, 0, sizeof(*ch));
	if ((*rc = customer_by_pid(r->db, r->a, page_param(r, 0), &ch->c)) !=
	    DB_OK)
		return *rc == DB_NOTFOUND ? 404 : -1;
	if (given(f->agenda) != NULL) {
		if ((*rc = agenda_by_pid(r->db, r->a, f->agenda, &ch->g)) !=
		    DB_OK)
			return *rc == DB_NOTFOUND ? 400 : -1;
		ch->has_g = !ch->g.archived;
	}
	if (given(f->project) != NULL) {
		if ((*rc = project_by_pid(r->db, r->a, f->project, &ch->p)) !=
		    DB_OK)
			return *rc == DB_NOTFOUND ? 400 : -1;
		ch->has_p = !ch->p.archived;
		if (ch->has_g && (*rc = project_served_by(r->db, ch->p.id,
		    ch->g.id, &served)) != DB_OK)
			return -1;
	}
	if ((given(f->agenda) != NULL && !ch->has_g) ||
	    (given(f->project) != NULL && (!ch->has_p || !served)))
		return 400;
	return 0;
}

static enum page_rc
refuse(struct req *r, int st, enum db_rc rc)
{
	return st > 0 ? page_status(r, st) : page_db_fail(r, rc);
}

static enum db_rc
proposals(struct req *r, const struct choice *ch, const char *week)
{
	int64_t		 first = slotweek_first(r, week);
	size_t		 n = 0;
	enum db_rc	 rc;

	if ((rc = slotweek_values(r, r->tv, &ch->g, first, 0, &n)) != DB_OK)
		return rc;
	slotweek_nav(r, first, arena_printf(r->a,
	    "/team/customers/%s/invite?agenda=%s&%s%s%s", ch->c.pid,
	    ch->g.pid, ch->has_p ? "project=" : "", ch->has_p ? ch->p.pid :
	    "", ch->has_p ? "&" : ""));
	return DB_OK;
}

enum page_rc
invite_team_page(struct req *r, const struct invite_form *f, int status)
{
	struct choice	 ch;
	enum db_rc	 rc = DB_OK;
	int		 st;

	if ((st = choose(r, f, &ch, &rc)) != 0)
		return refuse(r, st, rc);
	view_customer(r->tv, &ch.c);
	if ((rc = teambook_choices(r, ch.has_g ? &ch.g : NULL, ch.has_p ?
	    &ch.p : NULL)) != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "choose_path", arena_printf(r->a,
	    "/team/customers/%s/invite", ch.c.pid));
	tval_bool(r->tv, "chosen", ch.has_g);
	tval_str(r->tv, "agenda_id", ch.has_g ? ch.g.pid : "");
	tval_str(r->tv, "agenda_name", ch.has_g ? ch.g.name : "");
	tval_str(r->tv, "project_id", ch.has_p ? ch.p.pid : "");
	tval_str(r->tv, "message", f->message != NULL ? f->message : "");
	tval_int(r->tv, "times_max", INVITATION_TIMES_MAX);
	tval_int(r->tv, "message_max", INVITATION_MESSAGE_MAX);
	tval_bool(r->tv, "taken", f->taken);
	if (ch.has_g && page_has(r, FEATURE_TIME_PROPOSALS) &&
	    (rc = proposals(r, &ch, f->week)) != DB_OK)
		return page_db_fail(r, rc);
	return page_render_status(r, status != 0 ? status : 200,
	    "team-customer-invite");
}

static const char *
what_of(struct arena *a, const struct invitation *iv)
{
	if (*iv->project != '\0')
		return arena_printf(a, "%s — %s", iv->project, iv->agenda);
	return iv->agenda;
}

/* Queues the invitation's mail to its customer. */
static enum db_rc
mail(struct req *r, const struct customer *c, const char *pid)
{
	struct invitation	 iv;
	struct principal	 who = customer_principal(c);
	struct tval		*tv = tval_map(r->a), *list, *v;
	size_t			 i;
	enum db_rc		 rc;

	if ((rc = invitation_get(r->db, r->a, &r->who, pid, &iv)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_ERR : rc;
	tval_str(tv, "what", what_of(r->a, &iv));
	tval_str(tv, "message", iv.message);
	tval_str(tv, "member", iv.member);
	tval_bool(tv, "any_time", iv.ntimes == 0);
	list = tval_list(tv, "times");
	for (i = 0; i < iv.ntimes; i++) {
		v = tval_push(list);
		tval_str(v, "when", page_time_in(r, iv.times[i].starts,
		    iv.zone, PAGE_TIME_LONG));
		tval_str(v, "zone", page_time_in(r, iv.times[i].starts,
		    iv.zone, PAGE_TIME_ZONE));
	}
	return page_mail_signin_link_tv(r, "invitation", &who, arena_printf(
	    r->a, "/portal/invitations/%s", pid), INVITE_LINK_DAYS * 86400LL,
	    tv);
}

enum page_rc
invite_send(struct req *r, const struct invite_form *f,
    const int64_t *starts, size_t n)
{
	struct invitation_new	 in;
	struct invite_form	 again;
	struct choice		 ch;
	const char		*pid;
	enum db_rc		 rc = DB_OK;
	int			 st;

	if ((st = choose(r, f, &ch, &rc)) != 0)
		return refuse(r, st, rc);
	if (!ch.has_g)
		return page_status(r, 400);
	memset(&in, 0, sizeof(in));
	in.customer_id = ch.c.id;
	in.agenda = &ch.g;
	in.project = ch.has_p ? &ch.p : NULL;
	in.member_id = r->who.id;
	in.message = f->message;
	in.starts = starts;
	in.nstarts = n;
	if ((rc = invitation_create(r->db, r->a, &in, r->now, &pid)) ==
	    DB_CONFLICT) {
		again = *f;
		again.taken = true;
		return invite_team_page(r, &again, 409);
	}
	if (rc != DB_OK || (rc = audit_add(r->db, &r->who, "invitation-sent",
	    ch.c.pid, pid, r->now)) != DB_OK ||
	    (rc = mail(r, &ch.c, pid)) != DB_OK)
		return page_db_fail(r, rc);
	return page_redirect(r, arena_printf(r->a,
	    "/team/customers/%s?invited=1", ch.c.pid));
}

enum page_rc
invite_propose(struct req *r, const struct invite_form *f,
    const int64_t *starts, size_t n)
{
	struct choice	 ch;
	enum db_rc	 rc = DB_OK;
	int		 st;

	/* an unknown customer is 404 before a missing time is 400 */
	if ((st = choose(r, f, &ch, &rc)) != 0)
		return refuse(r, st, rc);
	if (n == 0)
		return page_status(r, 400);
	return invite_send(r, f, starts, n);
}

/* The invitation's own values, on its page and in lists. */
static void
values(struct req *r, struct tval *v, const struct invitation *iv)
{
	tval_str(v, "id", iv->pid);
	tval_str(v, "what", what_of(r->a, iv));
	tval_str(v, "agenda", iv->agenda);
	tval_str(v, "project", iv->project);
	tval_str(v, "member", iv->member);
	tval_str(v, "created", page_time(r, iv->created));
	tval_str(v, "created_iso", page_time_iso(r, iv->created));
	tval_int(v, "ntimes", (long long)iv->ntimes);
	tval_bool(v, "any_time", iv->ntimes == 0);
	view_status(v, iv->status);
}

void
invite_item(struct req *r, struct tval *list, const struct invitation *iv)
{
	values(r, tval_push(list), iv);
}

enum db_rc
invite_list(struct req *r)
{
	struct invitation	*iv;
	struct tval		*list = tval_list(r->tv, "invitations");
	size_t			 i, n;
	enum db_rc		 rc;

	if ((rc = invitation_open(r->db, r->a, &r->who, INVITATION_LIST_MAX,
	    &iv, &n)) != DB_OK)
		return rc;
	for (i = 0; i < n; i++)
		invite_item(r, list, &iv[i]);
	return DB_OK;
}

/* The proposed times that can still be booked. */
static enum db_rc
proposed(struct req *r, const struct invitation *iv, const struct agenda *g)
{
	struct tval	*list = tval_list(r->tv, "proposed"), *v;
	int64_t		 ends, at;
	bool		 fits;
	size_t		 i;
	enum db_rc	 rc;

	for (i = 0; i < iv->ntimes && !g->archived; i++) {
		at = iv->times[i].starts;
		if ((rc = slot_fits(r->db, r->a, g, at, 1, r->now, 0, false,
		    &fits, &ends)) != DB_OK)
			return rc;
		if (!fits)
			continue;
		v = tval_push(list);
		tval_str(v, "at", arena_printf(r->a, "%lld", (long long)at));
		tval_str(v, "when", page_time_in(r, at, g->zone,
		    PAGE_TIME_LONG));
		tval_str(v, "iso", page_time_in(r, at, g->zone,
		    PAGE_TIME_ISO));
		tval_str(v, "until", page_time_in(r, ends, g->zone,
		    PAGE_TIME_CLOCK));
		tval_str(v, "zone", page_time_in(r, at, g->zone,
		    PAGE_TIME_ZONE));
	}
	return DB_OK;
}

enum page_rc
invite_page(struct req *r, const struct invitation *iv, const char *day,
    int status)
{
	struct agenda	 g;
	bool		 open = strcmp(iv->status, "open") == 0;
	enum db_rc	 rc;

	values(r, r->tv, iv);
	tval_str(r->tv, "message", iv->message);
	tval_bool(r->tv, "is_open", open);
	tval_bool(r->tv, "answered", strcmp(iv->status, "answered") == 0);
	tval_str(r->tv, "appointment_id", iv->appointment_pid);
	tval_bool(r->tv, "taken", status == 409);
	tval_bool(r->tv, "proposes", open && iv->ntimes > 0);
	tval_bool(r->tv, "week", open && iv->ntimes == 0);
	if ((rc = agenda_by_id(r->db, r->a, iv->agenda_id, &g)) != DB_OK ||
	    (rc = proposed(r, iv, &g)) != DB_OK)
		return page_db_fail(r, rc);
	tval_bool(r->tv, "bookable", !g.archived);
	if (open && iv->ntimes == 0 && !g.archived) {
		if ((rc = booking_week(r, &g, booking_first_day(&g, day,
		    r->now), 0)) != DB_OK)
			return page_db_fail(r, rc);
		tval_str(r->tv, "week_path", arena_printf(r->a,
		    "/portal/invitations/%s", iv->pid));
		tval_str(r->tv, "week_keep", "");
	}
	return page_render_status(r, status != 0 ? status : 200,
	    "invitation");
}
