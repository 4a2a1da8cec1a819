/*
 * agendaform: reading and checking the agenda form, and rendering the
 * agenda page (see agendaform.h).  Numbers are read here with the bounds
 * agenda_valid and the table's CHECKs hold, so a person is told which
 * field is out of range instead of meeting a refused write.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "agenda.h"
#include "agendaform.h"
#include "calsync.h"
#include "member.h"
#include "page.h"
#include "slot.h"
#include "slotweek.h"
#include "tmpl.h"
#include "tz.h"
#include "util.h"

/* Longest location, and meeting link, in bytes. */
#define PLACE_MAX	600
#define URL_MAX		500

#define TEXT	(FIELD_TRIM)
const struct field agendaform_fields[AGENDAFORM__MAX] = {
	[AGENDAFORM_NAME] = { "name", valid_any, TEXT, AGENDA_NAME_MAX * 4 },
	[AGENDAFORM_ZONE] = { "zone", valid_any, TEXT, TZ_NAME_MAX },
	[AGENDAFORM_SLOT] = { "slot_minutes", valid_any, TEXT, 8 },
	[AGENDAFORM_BUFFER] = { "buffer_minutes", valid_any, TEXT, 8 },
	[AGENDAFORM_CAPACITY] = { "capacity", valid_any, TEXT, 8 },
	[AGENDAFORM_MAXSLOTS] = { "max_slots", valid_any, TEXT, 8 },
	[AGENDAFORM_NOTICE] = { "notice_minutes", valid_any, TEXT, 8 },
	[AGENDAFORM_HORIZON] = { "horizon_days", valid_any, TEXT, 8 },
	[AGENDAFORM_CANCEL] = { "cancel_hours", valid_any, TEXT, 8 },
	[AGENDAFORM_LOCATION] = { "location", valid_any, TEXT, PLACE_MAX },
	[AGENDAFORM_MEETING] = { "meeting_url", valid_any, TEXT, URL_MAX },
	[AGENDAFORM_CONNECTED] = { "connected", valid_flag, 0, 1 },
	[AGENDAFORM_ARCHIVED] = { "archived", valid_flag, 0, 1 },
	[AGENDAFORM_HOURS + 0] = { "hours_sun", valid_any, TEXT, 200 },
	[AGENDAFORM_HOURS + 1] = { "hours_mon", valid_any, TEXT, 200 },
	[AGENDAFORM_HOURS + 2] = { "hours_tue", valid_any, TEXT, 200 },
	[AGENDAFORM_HOURS + 3] = { "hours_wed", valid_any, TEXT, 200 },
	[AGENDAFORM_HOURS + 4] = { "hours_thu", valid_any, TEXT, 200 },
	[AGENDAFORM_HOURS + 5] = { "hours_fri", valid_any, TEXT, 200 },
	[AGENDAFORM_HOURS + 6] = { "hours_sat", valid_any, TEXT, 200 },
};

const struct field agendaform_exc_fields[AGENDAFORM_X__MAX] = {
	[AGENDAFORM_X_DAY] = { "day", valid_any, TEXT, 10 },
	[AGENDAFORM_X_FROM] = { "from", valid_any, TEXT, 5 },
	[AGENDAFORM_X_TO] = { "to", valid_any, TEXT, 5 },
	[AGENDAFORM_X_KIND] = { "kind", valid_word, 0, 8 },
	[AGENDAFORM_X_NOTE] = { "note", valid_any, TEXT, 600 },
};

/* The bounds of the numbers, as agenda_valid has them. */
static const struct bound {
	int	 field, min, max;
} bounds[] = {
	{ AGENDAFORM_SLOT, 5, 480 },
	{ AGENDAFORM_BUFFER, 0, 240 },
	{ AGENDAFORM_CAPACITY, 1, 100 },
	{ AGENDAFORM_MAXSLOTS, 1, 8 },
	{ AGENDAFORM_NOTICE, 0, 43200 },
	{ AGENDAFORM_HORIZON, 1, 730 },
	{ AGENDAFORM_CANCEL, 0, 720 },
};

static const char *
text_of(const struct req *r, size_t i)
{
	const char	*v = page_field(r, i);

	return v != NULL ? v : "";
}

/* A whole number of at most 5 digits within [min, max], else -1. */
static int
number(const char *s, int min, int max)
{
	int	 v = 0;
	size_t	 i, n = strlen(s);

	if (n == 0 || n > 5)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v >= min && v <= max ? v : -1;
}

static int *
rule(struct agenda *g, int field)
{
	switch (field) {
	case AGENDAFORM_SLOT: return &g->slot_minutes;
	case AGENDAFORM_BUFFER: return &g->buffer_minutes;
	case AGENDAFORM_CAPACITY: return &g->capacity;
	case AGENDAFORM_MAXSLOTS: return &g->max_slots;
	case AGENDAFORM_NOTICE: return &g->notice_minutes;
	case AGENDAFORM_HORIZON: return &g->horizon_days;
	default: return &g->cancel_hours;
	}
}

/* A text of 1 .. max characters (0 .. max when `empty`), no control
 * characters. */
static bool
text_ok(const char *s, size_t max, bool empty)
{
	size_t	 n = strlen(s), chars = 0, i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	return (empty || n > 0) && chars <= max && !has_control(s, n, false);
}

static bool
meeting_ok(const char *s)
{
	return *s == '\0' || (strncmp(s, "https://", 8) == 0 && s[8] != '\0' &&
	    strpbrk(s, " \"'<>\\") == NULL);
}

static void
read_hours(struct agendaform *f)
{
	size_t	 n;
	int	 wd;

	f->nhours = 0;
	for (wd = 0; wd < 7; wd++) {
		if (!agenda_hours_parse(f->text[AGENDAFORM_HOURS + wd], wd,
		    f->hours + f->nhours, AGENDA_HOURS_MAX - f->nhours, &n))
			f->errs |= 1UL << (AGENDAFORM_HOURS + wd);
		else
			f->nhours += n;
	}
}

bool
agendaform_read(struct req *r, const struct agenda *g, struct agendaform *f)
{
	size_t	 i;
	int	 v;

	memset(f, 0, sizeof(*f));
	f->g = *g;
	for (i = 0; i < AGENDAFORM__MAX; i++)
		f->text[i] = text_of(r, i);
	f->g.name = f->text[AGENDAFORM_NAME];
	if (!text_ok(f->g.name, AGENDA_NAME_MAX, false))
		f->errs |= 1UL << AGENDAFORM_NAME;
	f->g.zone = f->text[AGENDAFORM_ZONE];
	if (!tz_valid(f->g.zone, strlen(f->g.zone)))
		f->errs |= 1UL << AGENDAFORM_ZONE;
	for (i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
		if ((v = number(f->text[bounds[i].field], bounds[i].min,
		    bounds[i].max)) < 0)
			f->errs |= 1UL << bounds[i].field;
		else
			*rule(&f->g, bounds[i].field) = v;
	}
	f->g.location = f->text[AGENDAFORM_LOCATION];
	if (!text_ok(f->g.location, 200, true))
		f->errs |= 1UL << AGENDAFORM_LOCATION;
	f->g.meeting_url = f->text[AGENDAFORM_MEETING];
	if (!meeting_ok(f->g.meeting_url))
		f->errs |= 1UL << AGENDAFORM_MEETING;
	f->g.connected = *f->text[AGENDAFORM_CONNECTED] != '\0';
	f->g.archived = *f->text[AGENDAFORM_ARCHIVED] != '\0';
	read_hours(f);
	return f->errs == 0 && agenda_valid(&f->g);
}

/* "09:00-12:00, 13:00-17:00" of one weekday's stretches. */
static const char *
hours_text(struct arena *a, int wd, const struct agenda_hours *h, size_t nh)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, a);
	for (i = 0; i < nh; i++)
		if (h[i].weekday == wd)
			buf_printf(&b, "%s%02d:%02d-%02d:%02d", b.len > 0 ?
			    ", " : "", h[i].opens / 60, h[i].opens % 60,
			    h[i].closes / 60, h[i].closes % 60);
	return buf_cstr(&b);
}

void
agendaform_from(struct req *r, const struct agenda *g,
    const struct agenda_hours *h, size_t nh, struct agendaform *f)
{
	size_t	 i;
	int	 wd;

	memset(f, 0, sizeof(*f));
	f->g = *g;
	f->text[AGENDAFORM_NAME] = g->name;
	f->text[AGENDAFORM_ZONE] = g->zone;
	for (i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++)
		f->text[bounds[i].field] = arena_printf(r->a, "%d",
		    *rule(&f->g, bounds[i].field));
	f->text[AGENDAFORM_LOCATION] = g->location;
	f->text[AGENDAFORM_MEETING] = g->meeting_url;
	f->text[AGENDAFORM_CONNECTED] = g->connected ? "1" : "";
	f->text[AGENDAFORM_ARCHIVED] = g->archived ? "1" : "";
	for (wd = 0; wd < 7; wd++)
		f->text[AGENDAFORM_HOURS + wd] = hours_text(r->a, wd, h, nh);
}

bool
agendaform_x_read(struct req *r, struct agendaform_x *x)
{
	const char	*kind;
	size_t		 i;
	int		 from = 0, to = 1440;

	memset(x, 0, sizeof(*x));
	for (i = 0; i < AGENDAFORM_X__MAX; i++)
		x->text[i] = text_of(r, i);
	kind = x->text[AGENDAFORM_X_KIND];
	x->x.open = strcmp(kind, "open") == 0;
	if (!x->x.open && strcmp(kind, "closed") != 0)
		x->errs |= 1U << AGENDAFORM_X_KIND;
	if (!valid_day(x->text[AGENDAFORM_X_DAY],
	    strlen(x->text[AGENDAFORM_X_DAY])))
		x->errs |= 1U << AGENDAFORM_X_DAY;
	else
		snprintf(x->x.day, sizeof(x->x.day), "%s",
		    x->text[AGENDAFORM_X_DAY]);
	/* a closed day needs no hours: it is closed from 00:00 to 24:00 */
	if ((*x->text[AGENDAFORM_X_FROM] != '\0' || x->x.open) &&
	    !clock_parse(x->text[AGENDAFORM_X_FROM],
	    strlen(x->text[AGENDAFORM_X_FROM]), &from))
		x->errs |= 1U << AGENDAFORM_X_FROM;
	if ((*x->text[AGENDAFORM_X_TO] != '\0' || x->x.open) &&
	    (!clock_parse(x->text[AGENDAFORM_X_TO],
	    strlen(x->text[AGENDAFORM_X_TO]), &to) || to <= from))
		x->errs |= 1U << AGENDAFORM_X_TO;
	x->x.opens = from;
	x->x.closes = to;
	x->x.note = x->text[AGENDAFORM_X_NOTE];
	if (!text_ok(x->x.note, 200, true))
		x->errs |= 1U << AGENDAFORM_X_NOTE;
	return x->errs == 0;
}

/* The rules form's values: each field as typed, err_<name> for those
 * that could not be used. */
static void
form_values(struct req *r, const struct agendaform *f)
{
	size_t	 i;

	for (i = 0; i < AGENDAFORM__MAX; i++) {
		tval_str(r->tv, agendaform_fields[i].name, f->text[i] != NULL ?
		    f->text[i] : "");
		tval_bool(r->tv, arena_printf(r->a, "err_%s",
		    agendaform_fields[i].name), (f->errs & (1UL << i)) != 0);
	}
	tval_bool(r->tv, "connected_on", f->text[AGENDAFORM_CONNECTED] !=
	    NULL && *f->text[AGENDAFORM_CONNECTED] != '\0');
	tval_bool(r->tv, "archived_on", f->text[AGENDAFORM_ARCHIVED] !=
	    NULL && *f->text[AGENDAFORM_ARCHIVED] != '\0');
	tval_bool(r->tv, "has_errors", f->errs != 0);
}

static void
exception_form(struct req *r, const struct agendaform_x *x)
{
	static const char *const keys[AGENDAFORM_X__MAX] = { "x_day",
	    "x_from", "x_to", "x_kind", "x_note" };
	size_t		 i;

	for (i = 0; i < AGENDAFORM_X__MAX; i++) {
		tval_str(r->tv, keys[i], x != NULL ? x->text[i] : "");
		tval_bool(r->tv, arena_printf(r->a, "err_%s", keys[i]),
		    x != NULL && (x->errs & (1U << i)) != 0);
	}
	tval_bool(r->tv, "x_open", x != NULL && x->x.open);
	tval_bool(r->tv, "x_errors", x != NULL && x->errs != 0);
}

static const char *
clock_text(struct arena *a, int min)
{
	return arena_printf(a, "%02d:%02d", min / 60, min % 60);
}

static enum db_rc
exceptions(struct req *r, const struct agenda *g)
{
	struct agenda_exception	*x;
	struct tval		*list, *v;
	int64_t			 today = slot_today(g, r->now);
	int			 y, m, d;
	size_t			 n, i;
	enum db_rc		 rc;

	day_civil(today, &y, &m, &d);
	if ((rc = agenda_exceptions(r->db, r->a, g->id, arena_printf(r->a,
	    "%04d-%02d-%02d", y, m, d), AGENDA_EXCEPTIONS_MAX, &x, &n)) !=
	    DB_OK)
		return rc;
	list = tval_list(r->tv, "exceptions");
	for (i = 0; i < n; i++) {
		v = tval_push(list);
		tval_str(v, "xid", x[i].pid);
		tval_str(v, "day", x[i].day);
		tval_bool(v, "open", x[i].open);
		tval_bool(v, "whole_day", x[i].opens == 0 &&
		    x[i].closes == 1440);
		tval_str(v, "from", clock_text(r->a, x[i].opens));
		tval_str(v, "to", clock_text(r->a, x[i].closes));
		tval_str(v, "note", x[i].note);
	}
	return DB_OK;
}

/* The agenda's calendar sync, read-only, when the plan has it: where it
 * goes, how the last sync went, how many changes wait.  Never the
 * password, nor the path of its file. */
static enum db_rc
calendar(struct req *r, const struct agenda *g)
{
	struct calsync_conn	 k;
	enum db_rc		 rc;

	tval_bool(r->tv, "cal_feature", page_has(r, FEATURE_CALENDAR_SYNC));
	if (!page_has(r, FEATURE_CALENDAR_SYNC))
		return DB_OK;
	if ((rc = calsync_get(r->db, r->a, g->id, &k)) == DB_NOTFOUND) {
		tval_bool(r->tv, "cal_connected", false);
		return DB_OK;
	}
	if (rc != DB_OK)
		return rc;
	tval_bool(r->tv, "cal_connected", true);
	tval_str(r->tv, "cal_url", k.url);
	tval_bool(r->tv, "cal_synced", k.last_sync != 0);
	tval_str(r->tv, "cal_sync", page_time(r, k.last_sync));
	tval_str(r->tv, "cal_sync_iso", page_time_iso(r, k.last_sync));
	tval_bool(r->tv, "cal_failing", *k.last_error != '\0');
	tval_str(r->tv, "cal_error", k.last_error);
	tval_str(r->tv, "cal_error_at", page_time(r, k.last_error_at));
	tval_str(r->tv, "cal_error_iso", page_time_iso(r, k.last_error_at));
	tval_str(r->tv, "cal_pending", arena_printf(r->a, "%lld",
	    (long long)k.pending));
	tval_bool(r->tv, "cal_waiting", k.pending > 0);
	return DB_OK;
}

/* The stored agenda's own values: its link, exceptions and free slots. */
static enum db_rc
agenda_values(struct req *r, const struct agenda *g, int64_t first)
{
	size_t		 n;
	enum db_rc	 rc;

	tval_str(r->tv, "booking_path", arena_printf(r->a, "/book/%s",
	    g->pid));
	tval_str(r->tv, "booking_url", arena_printf(r->a, "%s/book/%s",
	    r->portal != NULL ? r->portal->url : "", g->pid));
	if ((rc = exceptions(r, g)) != DB_OK ||
	    (rc = calendar(r, g)) != DB_OK)
		return rc;
	slotweek_nav(r, first, arena_printf(r->a, "/team/agendas/%s?",
	    g->pid));
	return slotweek_values(r, r->tv, g, first, 0, &n);
}

enum page_rc
agendaform_render(struct req *r, int status, const struct agenda *g,
    const struct agendaform *f, const struct agendaform_x *x, int64_t first,
    const char *saved)
{
	static const char *const notices[] = { "created", "rules",
	    "exception", "deleted" };
	struct agenda_hours	*h;
	struct agendaform	 own;
	size_t			 nh, i;
	enum db_rc		 rc;

	for (i = 0; i < sizeof(notices) / sizeof(notices[0]); i++)
		tval_bool(r->tv, arena_printf(r->a, "saved_%s", notices[i]),
		    saved != NULL && strcmp(saved, notices[i]) == 0);

	if (f == NULL) {
		h = NULL;
		nh = 0;
		if (g->id != 0 && (rc = agenda_hours(r->db, r->a, g->id, &h,
		    &nh)) != DB_OK)
			return page_db_fail(r, rc);
		agendaform_from(r, g, h, nh, &own);
		f = &own;
	}
	tval_bool(r->tv, "is_new", g->id == 0);
	tval_str(r->tv, "pid", g->id != 0 ? g->pid : "");
	tval_bool(r->tv, "is_archived", g->id != 0 && g->archived);
	tval_bool(r->tv, "can_edit", member_may(&r->who, PERM_AGENDA));
	tval_str(r->tv, "title_name", g->id != 0 ? g->name : "");
	form_values(r, f);
	exception_form(r, x);
	if (g->id != 0 && (rc = agenda_values(r, g, first)) != DB_OK)
		return page_db_fail(r, rc);
	if (status == 200)
		return page_render(r, "team-agenda");
	return page_render_status(r, status, "team-agenda");
}
