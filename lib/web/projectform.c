/*
 * projectform: reading the project form and rendering the project page
 * (see projectform.h).
 */
#include <stdbool.h>
#include <string.h>

#include "agenda.h"
#include "docview.h"
#include "member.h"
#include "page.h"
#include "project.h"
#include "projectform.h"
#include "tmpl.h"
#include "util.h"

#define TEXT	(FIELD_TRIM)
const struct field projectform_fields[PROJECTFORM__MAX] = {
	[PROJECTFORM_TITLE] = { "title", valid_any, TEXT,
	    PROJECT_TITLE_MAX * 4 },
	[PROJECTFORM_ADDRESS] = { "address", valid_any, TEXT,
	    PROJECT_TITLE_MAX * 4 },
	[PROJECTFORM_DESCRIPTION] = { "description", valid_any,
	    TEXT | FIELD_MULTILINE, PROJECT_TEXT_MAX * 2 },
	[PROJECTFORM_BOOKING] = { "booking", valid_flag, 0, 1 },
	[PROJECTFORM_BIDDING] = { "bidding", valid_flag, 0, 1 },
	[PROJECTFORM_ARCHIVED] = { "archived", valid_flag, 0, 1 },
};

/* At most max characters, no control characters but line breaks where
 * `multiline`; not empty unless `empty`. */
static bool
text_ok(const char *s, size_t max, bool multiline, bool empty)
{
	size_t	 n = strlen(s), chars = 0, i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	return (empty || n > 0) && chars <= max &&
	    !has_control(s, n, multiline);
}

static const char *
text_of(const struct req *r, size_t i)
{
	const char	*v = page_field(r, i);

	return v != NULL ? v : "";
}

bool
projectform_read(struct req *r, const struct project *p,
    struct projectform *f)
{
	f->p = *p;
	f->errs = 0;
	f->p.title = text_of(r, PROJECTFORM_TITLE);
	f->p.address = text_of(r, PROJECTFORM_ADDRESS);
	f->p.description = text_of(r, PROJECTFORM_DESCRIPTION);
	f->p.booking = page_field(r, PROJECTFORM_BOOKING) != NULL;
	f->p.bidding = page_field(r, PROJECTFORM_BIDDING) != NULL;
	f->p.archived = page_field(r, PROJECTFORM_ARCHIVED) != NULL;
	if (!text_ok(f->p.title, PROJECT_TITLE_MAX, false, false))
		f->errs |= 1U << PROJECTFORM_TITLE;
	if (!text_ok(f->p.address, PROJECT_TITLE_MAX, false, true))
		f->errs |= 1U << PROJECTFORM_ADDRESS;
	if (!text_ok(f->p.description, PROJECT_TEXT_MAX, true, true))
		f->errs |= 1U << PROJECTFORM_DESCRIPTION;
	return f->errs == 0 && project_valid(&f->p);
}

/* The agendas, each marked when it serves project p. */
static enum db_rc
agendas(struct req *r, const struct project *p)
{
	struct agenda	*g;
	struct tval	*list, *v;
	size_t		 i, n;
	bool		 yes;
	enum db_rc	 rc;

	if ((rc = agenda_list(r->db, r->a, false, &g, &n)) != DB_OK)
		return rc;
	list = tval_list(r->tv, "agendas");
	for (i = 0; i < n; i++) {
		if ((rc = project_served_by(r->db, p->id, g[i].id, &yes)) !=
		    DB_OK)
			return rc;
		v = tval_push(list);
		tval_str(v, "pid", g[i].pid);
		tval_str(v, "name", g[i].name);
		tval_bool(v, "serves", yes);
	}
	return DB_OK;
}

enum page_rc
projectform_render(struct req *r, int status, const struct project *p,
    const struct projectform *f, const char *saved,
    const struct projectform_docs *docs)
{
	static const char *const notices[] = { "created", "saved", "agendas",
	    "uploaded", "shared", "deleted" };
	const struct project	*shown = f != NULL ? &f->p : p;
	size_t			 i;
	enum db_rc		 rc;

	for (i = 0; i < sizeof(notices) / sizeof(notices[0]); i++)
		tval_bool(r->tv, arena_printf(r->a, "saved_%s", notices[i]),
		    saved != NULL && strcmp(saved, notices[i]) == 0);
	for (i = 0; i < PROJECTFORM__MAX; i++)
		tval_bool(r->tv, arena_printf(r->a, "err_%s",
		    projectform_fields[i].name), f != NULL &&
		    (f->errs & (1U << i)) != 0);
	tval_bool(r->tv, "is_new", p->id == 0);
	tval_bool(r->tv, "can_edit", member_may(&r->who, PERM_AGENDA));
	tval_str(r->tv, "title_name", p->id != 0 ? p->title : "");
	tval_str(r->tv, "pid", p->id != 0 ? p->pid : "");
	tval_str(r->tv, "project_pid", p->id != 0 ? p->pid : "");
	tval_str(r->tv, "project_title", shown->title);
	tval_str(r->tv, "address", shown->address);
	tval_str(r->tv, "description", shown->description);
	tval_bool(r->tv, "booking", shown->booking);
	tval_bool(r->tv, "bidding", shown->bidding);
	tval_bool(r->tv, "archived", shown->archived);
	tval_bool(r->tv, "bookable", p->id != 0 && p->booking && !p->archived);
	tval_str(r->tv, "booking_path", p->id != 0 ? arena_printf(r->a,
	    "/book/%s", p->pid) : "");
	tval_str(r->tv, "booking_url", p->id != 0 ? arena_printf(r->a,
	    "%s/book/%s", r->portal != NULL ? r->portal->url : "", p->pid) :
	    "");
	if (p->id != 0 && (rc = agendas(r, p)) != DB_OK)
		return page_db_fail(r, rc);
	if (p->id != 0 && (rc = docview_project_values(r, p->id, p->pid,
	    docs != NULL ? docs->ks : NULL, docs != NULL ? docs->why :
	    DOCUPLOAD_OK, docs != NULL ? docs->u : NULL)) != DB_OK)
		return page_db_fail(r, rc);
	tval_bool(r->tv, "share_unknown", docs != NULL && docs->unknown);
	if (status == 200)
		return page_render(r, "team-project");
	return page_render_status(r, status, "team-project");
}
