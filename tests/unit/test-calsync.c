/*
 * test-calsync: the calendar sync outbox and busy times in a real office
 * database.  A change to an appointment of an agenda without a calendar
 * queues nothing; a second change before the first is delivered folds
 * into the same job with a new version, and delivering the old version
 * keeps the job for the new one; a failure waits with backoff and says
 * why on the connection; a flush makes every job due; busy times replace
 * each other and take their slots out of the agenda's; disconnecting
 * leaves nothing behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "agenda.h"
#include "arena.h"
#include "calsync.h"
#include "config.h"
#include "db.h"
#include "slot.h"
#include "tenant.h"

#define T0	INT64_C(1700000000)
#define DAY	INT64_C(86400)

struct fixture {
	char		 root[128];
	char		 dir[192];
	char		 db_path[224];
	struct office	 office;
	struct db	*db;
	struct arena	*a;
	struct agenda	 g, other;
};

static void
agenda_make(struct fixture *f, struct agenda *g, const char *name)
{
	struct agenda_hours	 h[7];
	int			 wd;

	agenda_defaults(g);
	g->name = name;
	g->zone = "UTC";
	g->location = "";
	g->meeting_url = "";
	g->notice_minutes = 0;
	for (wd = 0; wd < 7; wd++) {
		h[wd].weekday = wd;
		h[wd].opens = 9 * 60;
		h[wd].closes = 12 * 60;
	}
	assert_int_equal(agenda_save(f->db, f->a, g, T0), DB_OK);
	assert_int_equal(agenda_set_hours(f->db, g->id, h, 7), DB_OK);
}

static int
setup(void **state)
{
	struct fixture	*f;
	const char	*tmp;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	tmp = getenv("TMPDIR");
	snprintf(f->root, sizeof(f->root), "%s/test-calsync.XXXXXX",
	    tmp != NULL && strlen(tmp) < 80 ? tmp : "/tmp");
	if (mkdtemp(f->root) == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/state/offices/demo", f->root);
	snprintf(f->db_path, sizeof(f->db_path), "%s/porch.db", f->dir);
	f->office.id = "demo";
	f->office.name = "Demo";
	f->office.dir = f->dir;
	f->office.db_path = f->db_path;
	if ((f->db = tenant_db(&f->office)) == NULL)
		return -1;
	f->a = arena_new(65536);
	assert_int_equal(db_begin(f->db, true), DB_OK);
	agenda_make(f, &f->g, "Viewings");
	agenda_make(f, &f->other, "Sales");
	assert_int_equal(calsync_connect(f->db, f->a, f->g.id,
	    "https://cal.example.com/ana/viewings", "ana", "", T0), DB_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;
	char		 cmd[300];

	db_rollback(f->db);
	tenant_close_all();
	arena_free(f->a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static size_t
due(struct fixture *f, int64_t now, struct calsync_job **j)
{
	size_t	 n;

	assert_int_equal(calsync_due(f->db, f->a, now, 50, j, &n), DB_OK);
	return n;
}

static void
test_a_later_change_is_never_lost(void **state)
{
	struct fixture		*f = *state;
	struct calsync_job	*j, *again;
	struct calsync_conn	 k;

	assert_int_equal(calsync_enqueue(f->db, "apptA", f->other.id, T0),
	    DB_OK);
	assert_int_equal(due(f, T0, &j), 0);	/* no calendar there */
	assert_int_equal(calsync_enqueue(f->db, "apptA", f->g.id, T0), DB_OK);
	assert_int_equal(due(f, T0, &j), 1);
	assert_string_equal(j[0].appointment_pid, "apptA");
	assert_string_equal(j[0].conn.url,
	    "https://cal.example.com/ana/viewings/");
	/* changed again while the first version is on its way */
	assert_int_equal(calsync_enqueue(f->db, "apptA", f->g.id, T0 + 5),
	    DB_OK);
	assert_int_equal(calsync_done(f->db, &j[0], T0 + 6), DB_OK);
	assert_int_equal(due(f, T0 + 6, &again), 1);
	assert_int_equal(again[0].version, j[0].version + 1);
	assert_int_equal(calsync_done(f->db, &again[0], T0 + 7), DB_OK);
	assert_int_equal(due(f, INT64_MAX, &j), 0);
	assert_int_equal(calsync_get(f->db, f->a, f->g.id, &k), DB_OK);
	assert_int_equal(k.last_sync, T0 + 7);
	assert_int_equal(k.pending, 0);
}

static void
test_a_failure_waits_and_says_why(void **state)
{
	struct fixture		*f = *state;
	struct calsync_job	*j;
	struct calsync_conn	 k;

	assert_int_equal(calsync_enqueue(f->db, "apptB", f->g.id, T0), DB_OK);
	assert_int_equal(due(f, T0, &j), 1);
	assert_int_equal(calsync_failed(f->db, &j[0], "PUT: HTTP 503", T0),
	    DB_OK);
	assert_int_equal(due(f, T0 + 23, &j), 0);	/* 30 s, -20% */
	assert_int_equal(due(f, T0 + 37, &j), 1);
	assert_int_equal(j[0].attempts, 1);
	assert_int_equal(calsync_get(f->db, f->a, f->g.id, &k), DB_OK);
	assert_string_equal(k.last_error, "PUT: HTTP 503");
	assert_int_equal(k.pending, 1);
	assert_int_equal(calsync_flush(f->db, T0 + 1), DB_OK);
	assert_int_equal(due(f, T0 + 1, &j), 1);
	/* disconnected: nothing waits, nothing is busy */
	assert_int_equal(calsync_disconnect(f->db, f->g.id), DB_OK);
	assert_int_equal(due(f, INT64_MAX, &j), 0);
	assert_int_equal(calsync_disconnect(f->db, f->g.id), DB_NOTFOUND);
	assert_int_equal(calsync_get(f->db, f->a, f->g.id, &k), DB_NOTFOUND);
}

static void
test_busy_times_take_their_slots(void **state)
{
	struct fixture		*f = *state;
	int64_t			 day = T0 / DAY + 2, at = day * DAY + 10 * 3600;
	struct calsync_busy	 b[] = { { at, at + 600 },
	    { at + 7200, at + 7200 }, { day * DAY - DAY, day * DAY + 9 * 3600 } };
	struct calsync_busy	*got;
	struct slot		*sl;
	size_t			 n, i;

	assert_int_equal(slot_list(f->db, f->a, &f->g, day, 1, T0, 0, &sl,
	    &n), DB_OK);
	assert_int_equal(n, 6);			/* 09:00 .. 11:30 */
	assert_int_equal(calsync_busy_set(f->db, f->g.id, b, 3, T0), DB_OK);
	assert_int_equal(calsync_busy(f->db, f->a, f->g.id, day * DAY,
	    day * DAY + DAY, &got, &n), DB_OK);
	assert_int_equal(n, 2);		/* an empty one is not kept */
	assert_int_equal(slot_list(f->db, f->a, &f->g, day, 1, T0, 0, &sl,
	    &n), DB_OK);
	assert_int_equal(n, 5);
	for (i = 0; i < n; i++)
		assert_true(sl[i].starts != at);
	/* a new read replaces the last */
	assert_int_equal(calsync_busy_set(f->db, f->g.id, NULL, 0, T0), DB_OK);
	assert_int_equal(slot_list(f->db, f->a, &f->g, day, 1, T0, 0, &sl,
	    &n), DB_OK);
	assert_int_equal(n, 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_a_later_change_is_never_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_failure_waits_and_says_why, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_busy_times_take_their_slots, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
