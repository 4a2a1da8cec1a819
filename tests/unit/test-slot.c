/*
 * test-slot: the times an agenda offers (slot.c) and the zone arithmetic
 * under them (tz.c), against a real office database: weekly hours, the
 * three kinds of exception, the buffer, capacity, bookings of several
 * slots, notice and horizon, and the two changes of summer time in
 * Europe/Amsterdam.  Times are fixed; `now` is passed in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "agenda.h"
#include "appointment.h"
#include "arena.h"
#include "config.h"
#include "customer.h"
#include "fixture.h"
#include "slot.h"
#include "tenant.h"
#include "tz.h"
#include "util.h"

#define AMS	"Europe/Amsterdam"

struct fixture {
	struct fixture_office	 o;
	struct db	*db;
	struct arena	*a;
	struct customer	 c;
	struct agenda	 g;
};

static int
setup(void **state)
{
	struct fixture	*f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	if ((f->db = fixture_open(&f->o, "test-slot")) == NULL)
		return -1;
	f->o.a = f->a = arena_new(8192);
	if (customer_add(f->db, f->a, "ann@example.com", "Ann", 0, &f->c) !=
	    DB_OK)
		return -1;
	agenda_defaults(&f->g);
	f->g.name = "Viewings";
	f->g.zone = AMS;
	f->g.notice_minutes = 0;
	f->g.horizon_days = 730;
	*state = f;
	return 0;
}

/* Saves the fixture's agenda with the week's hours. */
static void
agenda_with(struct fixture *f, const char *week)
{
	struct agenda_hours	 h[AGENDA_HOURS_MAX];
	size_t			 n;

	assert_true(agenda_valid(&f->g));
	assert_true(agenda_week_parse(week, h, AGENDA_HOURS_MAX, &n));
	f->g.id = 0;
	assert_int_equal(agenda_save(f->db, f->a, &f->g, 0), DB_OK);
	assert_int_equal(agenda_set_hours(f->db, f->g.id, h, n), DB_OK);
}

static void
exception(struct fixture *f, const char *day, const char *hours, bool open)
{
	struct agenda_exception	 x = { .opens = 0, .closes = 1440,
	    .open = open, .note = "" };

	snprintf(x.day, sizeof(x.day), "%s", day);
	if (hours != NULL) {
		assert_true(clock_parse(hours, 5, &x.opens));
		assert_true(clock_parse(hours + 6, 5, &x.closes));
	}
	assert_int_equal(agenda_exception_add(f->db, f->a, f->g.id, &x),
	    DB_OK);
}

/* The slots of one local day (YYYY-MM-DD) as offered at `now`. */
static size_t
slots_on(struct fixture *f, const char *day, int64_t now, struct slot **sl)
{
	int	 y, m, d;
	size_t	 n, i;

	assert_true(day_parse(day, strlen(day), &y, &m, &d));
	assert_int_equal(slot_list(f->db, f->a, &f->g, day_number(y, m, d), 1,
	    now, 0, sl, &n), DB_OK);
	/* each slot's wall clock is its start's in the agenda's zone */
	for (i = 0; i < n; i++)
		assert_int_equal((*sl)[i].wall, tz_wall(f->g.zone,
		    (*sl)[i].starts));
	return n;
}

/* Local wall clock of t, "HH:MM". */
static const char *
clock_of(struct arena *a, int64_t t)
{
	struct tm	 tm;

	tz_local(AMS, t, &tm);
	return arena_printf(a, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

static int64_t
at(int y, int mo, int d, int h, int mi)
{
	return tz_utc(AMS, y, mo, d, h, mi);
}

static enum db_rc
book(struct fixture *f, int64_t starts, int nslots)
{
	struct booking	 b = { .customer_id = f->c.id, .agenda = &f->g,
	    .starts = starts, .nslots = nslots, .source = SOURCE_PORTAL };

	return appointment_book(f->db, f->a, &b, at(2027, 1, 1, 0, 0), NULL);
}

#define NOW	at(2027, 1, 1, 0, 0)

static void
test_weekly_hours(void **state)
{
	struct fixture	*f = *state;
	struct slot	*sl;

	agenda_with(f, "mon 09:00-12:00, 13:00-14:00; wed-thu 10:00-11:00");
	/* Monday 4 January 2027: 6 in the morning, 2 after lunch */
	assert_int_equal(slots_on(f, "2027-01-04", NOW, &sl), 8);
	assert_int_equal(sl[0].starts, at(2027, 1, 4, 9, 0));
	assert_int_equal(sl[0].starts, INT64_C(1799049600));
	assert_string_equal(clock_of(f->a, sl[6].starts), "13:00");
	assert_int_equal(sl[0].free, 1);
	assert_int_equal(slots_on(f, "2027-01-05", NOW, &sl), 0);
	assert_int_equal(slots_on(f, "2027-01-06", NOW, &sl), 2);
	assert_int_equal(slots_on(f, "2027-01-07", NOW, &sl), 2);
	assert_int_equal(slots_on(f, "2027-01-08", NOW, &sl), 0);
}

static void
test_week_parse(void **state)
{
	struct agenda_hours	 h[AGENDA_HOURS_MAX];
	size_t			 n;

	(void)state;
	assert_true(agenda_week_parse("", h, AGENDA_HOURS_MAX, &n));
	assert_int_equal(n, 0);
	assert_true(agenda_week_parse("sun-sat 08:00-20:00", h,
	    AGENDA_HOURS_MAX, &n));
	assert_int_equal(n, 7);
	assert_false(agenda_week_parse("fri-mon 09:00-17:00", h,
	    AGENDA_HOURS_MAX, &n));
	assert_false(agenda_week_parse("mon", h, AGENDA_HOURS_MAX, &n));
	assert_false(agenda_week_parse("moo 09:00-17:00", h,
	    AGENDA_HOURS_MAX, &n));
	assert_false(agenda_week_parse("mon 17:00-09:00", h,
	    AGENDA_HOURS_MAX, &n));
	assert_false(agenda_week_parse("sun-sat 08:00-09:00, 10:00-11:00, "
	    "12:00-13:00, 14:00-15:00", h, AGENDA_HOURS_MAX, &n));
}

static void
test_exceptions(void **state)
{
	struct fixture	*f = *state;
	struct slot	*sl;

	agenda_with(f, "mon-fri 09:00-12:00");
	exception(f, "2027-01-05", NULL, false);		/* closed */
	exception(f, "2027-01-06", "10:00-11:00", false);	/* blocked */
	exception(f, "2027-01-09", "10:00-11:00", true);	/* a Saturday */
	exception(f, "2027-01-07", NULL, false);		/* closed, */
	exception(f, "2027-01-07", "09:00-10:00", true);	/* but this */
	assert_int_equal(slots_on(f, "2027-01-04", NOW, &sl), 6);
	assert_int_equal(slots_on(f, "2027-01-05", NOW, &sl), 0);
	assert_int_equal(slots_on(f, "2027-01-06", NOW, &sl), 4);
	assert_string_equal(clock_of(f->a, sl[2].starts), "11:00");
	assert_int_equal(slots_on(f, "2027-01-09", NOW, &sl), 2);
	assert_string_equal(clock_of(f->a, sl[0].starts), "10:00");
	assert_int_equal(slots_on(f, "2027-01-07", NOW, &sl), 0);
}

static void
test_buffer(void **state)
{
	struct fixture	*f = *state;
	struct slot	*sl;

	f->g.buffer_minutes = 15;
	agenda_with(f, "mon 09:00-12:00");
	assert_int_equal(slots_on(f, "2027-01-04", NOW, &sl), 4);
	assert_string_equal(clock_of(f->a, sl[1].starts), "09:45");
	assert_string_equal(clock_of(f->a, sl[3].starts), "11:15");
	/* a booking at 09:45 keeps its buffer free, not its neighbours */
	assert_int_equal(book(f, at(2027, 1, 4, 9, 45), 1), DB_OK);
	assert_int_equal(slots_on(f, "2027-01-04", NOW, &sl), 3);
	assert_string_equal(clock_of(f->a, sl[1].starts), "10:30");
}

static void
test_capacity(void **state)
{
	struct fixture	*f = *state;
	struct slot	*sl;
	int64_t		 nine = at(2027, 1, 4, 9, 0);

	f->g.capacity = 2;
	agenda_with(f, "mon 09:00-10:00");
	assert_int_equal(book(f, nine, 1), DB_OK);
	assert_int_equal(slots_on(f, "2027-01-04", NOW, &sl), 2);
	assert_int_equal(sl[0].free, 1);
	assert_int_equal(book(f, nine, 1), DB_OK);
	assert_int_equal(slots_on(f, "2027-01-04", NOW, &sl), 1);
	assert_int_equal(sl[0].starts, nine + 1800);
	assert_int_equal(book(f, nine, 1), DB_CONFLICT);
	/* a time that is no slot's start is never offered */
	assert_int_equal(book(f, nine + 600, 1), DB_CONFLICT);
}

static void
test_several_slots(void **state)
{
	struct fixture	*f = *state;
	int64_t		 nine = at(2027, 1, 4, 9, 0), ends;
	bool		 fits;

	f->g.max_slots = 3;
	agenda_with(f, "mon 09:00-12:00");
	assert_int_equal(slot_fits(f->db, f->a, &f->g, nine, 3, NOW, 0, false,
	    &fits, &ends), DB_OK);
	assert_true(fits);
	assert_int_equal(ends, nine + 3 * 1800);
	assert_int_equal(slot_fits(f->db, f->a, &f->g, nine, 4, NOW, 0, false,
	    &fits, &ends), DB_OK);
	assert_false(fits);
	/* past closing time */
	assert_int_equal(slot_fits(f->db, f->a, &f->g, at(2027, 1, 4, 11, 0),
	    3, NOW, 0, false, &fits, &ends), DB_OK);
	assert_false(fits);
	assert_int_equal(book(f, nine + 3600, 1), DB_OK);
	assert_int_equal(slot_fits(f->db, f->a, &f->g, nine, 3, NOW, 0, false,
	    &fits, &ends), DB_OK);
	assert_false(fits);
	assert_int_equal(book(f, nine, 2), DB_OK);
	assert_int_equal(book(f, nine + 1800, 1), DB_CONFLICT);
}

static void
test_notice_and_horizon(void **state)
{
	struct fixture	*f = *state;
	struct slot	*sl;
	int64_t		 now = at(2027, 1, 4, 8, 0);

	f->g.notice_minutes = 120;
	f->g.horizon_days = 2;
	agenda_with(f, "sun-sat 09:00-12:00");
	assert_int_equal(slots_on(f, "2027-01-04", now, &sl), 4);
	assert_string_equal(clock_of(f->a, sl[0].starts), "10:00");
	assert_int_equal(slots_on(f, "2027-01-05", now, &sl), 6);
	/* two days ahead: up to 08:00 */
	assert_int_equal(slots_on(f, "2027-01-06", now, &sl), 0);
	/* the past is never offered, notice or not */
	f->g.notice_minutes = 0;
	assert_int_equal(slots_on(f, "2027-01-03", now, &sl), 0);
}

static void
test_spring_forward(void **state)
{
	struct fixture	*f = *state;
	struct slot	*sl;
	size_t		 n, i;
	int64_t		 sat, mon;

	agenda_with(f, "sun-sat 00:00-05:00, 09:00-10:00");
	/* Sunday 28 March 2027: 02:00 to 03:00 does not happen */
	n = slots_on(f, "2027-03-28", NOW, &sl);
	assert_int_equal(n, 10 - 2 + 2);
	for (i = 0; i < n; i++) {
		assert_string_not_equal(clock_of(f->a, sl[i].starts), "02:00");
		assert_string_not_equal(clock_of(f->a, sl[i].starts), "02:30");
	}
	slots_on(f, "2027-03-27", NOW, &sl);
	sat = sl[10].starts;
	assert_string_equal(clock_of(f->a, sat), "09:00");
	slots_on(f, "2027-03-29", NOW, &sl);
	mon = sl[10].starts;
	assert_string_equal(clock_of(f->a, mon), "09:00");
	assert_int_equal(mon - sat, 2 * 86400 - 3600);
	assert_int_equal(sat, INT64_C(1806134400));
}

static void
test_fall_back(void **state)
{
	struct fixture	*f = *state;
	struct slot	*sl;
	size_t		 n, i;
	int64_t		 sat, mon;

	agenda_with(f, "sun-sat 01:00-04:00, 09:00-10:00");
	/* Sunday 31 October 2027: 02:00 to 03:00 happens twice; each
	 * local start is offered once */
	n = slots_on(f, "2027-10-31", NOW, &sl);
	assert_int_equal(n, 6 + 2);
	for (i = 1; i < n; i++)
		assert_true(sl[i].starts > sl[i - 1].starts);
	slots_on(f, "2027-10-30", NOW, &sl);
	sat = sl[6].starts;
	slots_on(f, "2027-11-01", NOW, &sl);
	mon = sl[6].starts;
	assert_string_equal(clock_of(f->a, mon), "09:00");
	assert_int_equal(mon - sat, 2 * 86400 + 3600);
}

static void
test_tz_valid(void **state)
{
	static const char *const bad[] = { "../etc/passwd", "", "Europe//X",
	    "Europe/Nowhere", "/etc/passwd", "Europe/", "Europe/../UTC",
	    "Europe/Amsterdam ", "Europe\n" };
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(tz_valid(bad[i], strlen(bad[i])));
	assert_true(tz_valid(AMS, strlen(AMS)));
	assert_true(tz_valid("UTC", 3));
	assert_true(tz_valid("America/Argentina/Buenos_Aires", 30));
}

/* The library's own answer, with TZ switched for each call. */
static void
reference_local(const char *zone, int64_t t, struct tm *out)
{
	char	 v[80];
	time_t	 tt = (time_t)t;

	snprintf(v, sizeof(v), ":%s", zone);
	setenv("TZ", v, 1);
	tzset();
	assert_non_null(localtime_r(&tt, out));
}

static int64_t
reference_utc(const char *zone, int y, int m, int d, int h, int min)
{
	struct tm	 tm;
	char		 v[80];

	snprintf(v, sizeof(v), ":%s", zone);
	setenv("TZ", v, 1);
	tzset();
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = min;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* The offsets learnt once per zone give what the library gives, every
 * few hours over the span they cover and past it, wall clocks as seconds
 * included, and local times back
 * to instants the same way mktime does, gaps and repeated hours included
 * (zones with summer time north and south, a half hour's change, none). */
static void
test_tz_learnt_matches_the_library(void **state)
{
	static const char *const names[] = { "Europe/Amsterdam",
	    "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
	    "America/Santiago", "UTC" };
	struct tm	 a, b;
	int64_t		 now = (int64_t)time(NULL), t;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		for (t = now - 500 * 86400LL; t < now + 900 * 86400LL;
		    t += 3 * 3600 + 17 * 60) {
			tz_local(names[i], t, &a);
			reference_local(names[i], t, &b);
			assert_int_equal(a.tm_year, b.tm_year);
			assert_int_equal(a.tm_yday, b.tm_yday);
			assert_int_equal(a.tm_hour, b.tm_hour);
			assert_int_equal(a.tm_min, b.tm_min);
			assert_int_equal(a.tm_gmtoff, b.tm_gmtoff);
			assert_string_equal(a.tm_zone, b.tm_zone);
			/* the wall clock as seconds, and back to the instant
			 * (the first, where the hour happens twice) */
			assert_int_equal(tz_wall(names[i], t), t + b.tm_gmtoff);
			assert_int_equal(tz_utc_wall(names[i], t + b.tm_gmtoff),
			    reference_utc(names[i], b.tm_year + 1900,
			    b.tm_mon + 1, b.tm_mday, b.tm_hour, b.tm_min) +
			    b.tm_sec);
			if (a.tm_min == 0 || t % 7 == 0)
				continue;
			/* each wall clock on the half hour back to an instant */
			assert_int_equal(tz_utc(names[i], b.tm_year + 1900,
			    b.tm_mon + 1, b.tm_mday, b.tm_hour, 30),
			    reference_utc(names[i], b.tm_year + 1900,
			    b.tm_mon + 1, b.tm_mday, b.tm_hour, 30));
		}
}

static void
test_tz_abbrev(void **state)
{
	char	 z[16];

	(void)state;
	tz_abbrev(AMS, at(2027, 1, 4, 12, 0), z, sizeof(z));
	assert_string_equal(z, "CET");
	tz_abbrev(AMS, at(2027, 7, 4, 12, 0), z, sizeof(z));
	assert_string_equal(z, "CEST");
	/* 02:30 on the day clocks go forward is taken before the change */
	assert_int_equal(at(2027, 3, 28, 2, 30), at(2027, 3, 28, 1, 30) +
	    3600);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_weekly_hours, setup,
		    fixture_teardown),
		cmocka_unit_test(test_week_parse),
		cmocka_unit_test_setup_teardown(test_exceptions, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_buffer, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_capacity, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_several_slots, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_notice_and_horizon, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_spring_forward, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_fall_back, setup,
		    fixture_teardown),
		cmocka_unit_test(test_tz_valid),
		cmocka_unit_test(test_tz_abbrev),
		cmocka_unit_test(test_tz_learnt_matches_the_library),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
