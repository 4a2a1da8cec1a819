/*
 * test-invitation: invitations to book (invitation.c) against a real
 * office database: proposing times the agenda offers, who may read an
 * invitation, answering with a proposed time or any free one, a time
 * taken meanwhile, answering twice, and cancelling.  Times are fixed;
 * `now` is passed in.
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
#include "appointment.h"
#include "arena.h"
#include "config.h"
#include "customer.h"
#include "fixture.h"
#include "invitation.h"
#include "principal.h"
#include "tenant.h"
#include "util.h"

struct fixture {
	struct fixture_office	 o;
	struct db	*db;
	struct arena	*a;
	struct customer	 ann, bob;
	struct principal ann_p, bob_p, member;
	struct agenda	 g;
	int64_t		 now;		/* a Monday, 00:00 UTC */
	int64_t		 nine;		/* Tuesday 09:00 UTC, a slot */
};

static int
setup(void **state)
{
	struct fixture		*f;
	struct agenda_hours	 h[AGENDA_HOURS_MAX];
	size_t			 n;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	if ((f->db = fixture_open(&f->o, "test-invitation")) == NULL)
		return -1;
	f->o.a = f->a = arena_new(8192);
	if (customer_add(f->db, f->a, "ann@example.com", "Ann", 0, &f->ann) !=
	    DB_OK || customer_add(f->db, f->a, "bob@example.com", "Bob", 0,
	    &f->bob) != DB_OK)
		return -1;
	f->ann_p = customer_principal(&f->ann);
	f->bob_p = customer_principal(&f->bob);
	f->member.kind = PRINCIPAL_MEMBER;
	f->member.role = ROLE_ADMIN;
	agenda_defaults(&f->g);
	f->g.name = "Viewings";
	f->g.zone = "UTC";
	f->g.notice_minutes = 0;
	f->g.horizon_days = 730;
	if (!agenda_week_parse("sun-sat 09:00-17:00", h, AGENDA_HOURS_MAX,
	    &n) || agenda_save(f->db, f->a, &f->g, 0) != DB_OK ||
	    agenda_set_hours(f->db, f->g.id, h, n) != DB_OK)
		return -1;
	f->now = day_number(2026, 12, 7) * 86400;
	f->nine = f->now + 86400 + 9 * 3600;
	*state = f;
	return 0;
}

/* Ann's invitation in the fixture's agenda at those times. */
static const char *
invite(struct fixture *f, const int64_t *starts, size_t n)
{
	struct invitation_new	 in = { .customer_id = f->ann.id,
	    .agenda = &f->g, .message = "Come and see", .starts = starts,
	    .nstarts = n };
	const char		*pid;

	assert_int_equal(invitation_create(f->db, f->a, &in, f->now, &pid),
	    DB_OK);
	return pid;
}

static void
test_only_its_customer_and_the_team_read_it(void **state)
{
	struct fixture		*f = *state;
	const int64_t		 t[] = { f->nine + 3600, f->nine };
	struct invitation	 iv, *l;
	const char		*pid = invite(f, t, 2);
	size_t			 n;

	assert_int_equal(invitation_get(f->db, f->a, &f->ann_p, pid, &iv),
	    DB_OK);
	assert_string_equal(iv.status, "open");
	assert_string_equal(iv.message, "Come and see");
	assert_string_equal(iv.agenda, "Viewings");
	assert_int_equal(iv.ntimes, 2);
	assert_true(iv.times[0].starts == f->nine);
	assert_true(iv.times[0].ends == f->nine + 1800);
	assert_int_equal(invitation_get(f->db, f->a, &f->bob_p, pid, &iv),
	    DB_NOTFOUND);
	assert_int_equal(invitation_get(f->db, f->a, NULL, pid, &iv),
	    DB_NOTFOUND);
	assert_int_equal(invitation_get(f->db, f->a, &f->member, pid, &iv),
	    DB_OK);
	assert_int_equal(invitation_open(f->db, f->a, &f->ann_p, 10, &l, &n),
	    DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].ntimes, 2);
	assert_int_equal(invitation_open(f->db, f->a, &f->bob_p, 10, &l, &n),
	    DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(invitation_for_customer(f->db, f->a, f->ann.id, 10,
	    &l, &n), DB_OK);
	assert_int_equal(n, 1);
}

static void
test_a_proposed_time_must_be_bookable(void **state)
{
	struct fixture		*f = *state;
	const int64_t		 past[] = { f->now - 86400 + 9 * 3600 };
	const int64_t		 closed[] = { f->nine - 3600 };
	const int64_t		 twice[] = { f->nine, f->nine };
	const int64_t		 many[] = { f->nine, f->nine + 1800,
	    f->nine + 3600, f->nine + 5400 };
	struct invitation_new	 in = { .customer_id = f->ann.id,
	    .agenda = &f->g };
	const char		*pid;

	in.starts = past;
	in.nstarts = 1;
	assert_int_equal(invitation_create(f->db, f->a, &in, f->now, &pid),
	    DB_CONFLICT);
	in.starts = closed;
	assert_int_equal(invitation_create(f->db, f->a, &in, f->now, &pid),
	    DB_CONFLICT);
	in.starts = twice;
	in.nstarts = 2;
	assert_int_equal(invitation_create(f->db, f->a, &in, f->now, &pid),
	    DB_CONFLICT);
	in.starts = many;
	in.nstarts = 4;
	assert_int_equal(invitation_create(f->db, f->a, &in, f->now, &pid),
	    DB_CONFLICT);
}

static void
test_answering_books_a_proposed_time_once(void **state)
{
	struct fixture		*f = *state;
	const int64_t		 t[] = { f->nine, f->nine + 3600 };
	struct invitation	 iv;
	struct appointment	 ap;
	const char		*pid = invite(f, t, 2), *appt;

	assert_int_equal(invitation_get(f->db, f->a, &f->ann_p, pid, &iv),
	    DB_OK);
	assert_false(invitation_offers(&iv, f->nine + 1800));
	assert_int_equal(invitation_answer(f->db, f->a, &f->ann_p, &iv,
	    f->nine + 1800, f->now, &appt), DB_CONFLICT);
	assert_int_equal(invitation_answer(f->db, f->a, &f->bob_p, &iv,
	    f->nine, f->now, &appt), DB_NOTFOUND);
	assert_int_equal(invitation_answer(f->db, f->a, &f->ann_p, &iv,
	    f->nine + 3600, f->now, &appt), DB_OK);
	assert_int_equal(appointment_get(f->db, f->a, &f->ann_p, appt, &ap),
	    DB_OK);
	assert_string_equal(ap.status, "confirmed");
	assert_string_equal(ap.source, "portal");
	assert_true(ap.starts == f->nine + 3600);
	assert_int_equal(invitation_get(f->db, f->a, &f->ann_p, pid, &iv),
	    DB_OK);
	assert_string_equal(iv.status, "answered");
	assert_string_equal(iv.appointment_pid, appt);
	assert_int_equal(invitation_answer(f->db, f->a, &f->ann_p, &iv,
	    f->nine, f->now, &appt), DB_CONFLICT);
}

static void
test_a_time_taken_meanwhile_is_a_conflict(void **state)
{
	struct fixture		*f = *state;
	const int64_t		 t[] = { f->nine + 7200 };
	struct booking		 b = { .customer_id = f->bob.id,
	    .agenda = &f->g, .starts = f->nine + 7200, .nslots = 1,
	    .source = SOURCE_PORTAL };
	struct invitation	 iv;
	const char		*pid = invite(f, t, 1), *appt;

	assert_int_equal(appointment_book(f->db, f->a, &b, f->now, &appt),
	    DB_OK);
	assert_int_equal(invitation_get(f->db, f->a, &f->ann_p, pid, &iv),
	    DB_OK);
	assert_int_equal(invitation_answer(f->db, f->a, &f->ann_p, &iv,
	    f->nine + 7200, f->now, &appt), DB_CONFLICT);
}

static void
test_any_time_and_cancelling(void **state)
{
	struct fixture		*f = *state;
	struct invitation	 iv;
	const char		*pid = invite(f, NULL, 0), *other, *appt;

	assert_int_equal(invitation_get(f->db, f->a, &f->ann_p, pid, &iv),
	    DB_OK);
	assert_int_equal(iv.ntimes, 0);
	assert_true(invitation_offers(&iv, f->nine + 86400));
	assert_int_equal(invitation_answer(f->db, f->a, &f->ann_p, &iv,
	    f->nine + 86400, f->now, &appt), DB_OK);
	other = invite(f, NULL, 0);
	assert_int_equal(invitation_get(f->db, f->a, &f->member, other, &iv),
	    DB_OK);
	assert_int_equal(invitation_cancel(f->db, &iv, f->now), DB_OK);
	assert_int_equal(invitation_cancel(f->db, &iv, f->now), DB_CONFLICT);
	assert_int_equal(invitation_get(f->db, f->a, &f->ann_p, other, &iv),
	    DB_OK);
	assert_string_equal(iv.status, "cancelled");
	assert_int_equal(invitation_answer(f->db, f->a, &f->ann_p, &iv,
	    f->nine + 86400 + 1800, f->now, &appt), DB_CONFLICT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_only_its_customer_and_the_team_read_it, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_proposed_time_must_be_bookable, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_answering_books_a_proposed_time_once, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_time_taken_meanwhile_is_a_conflict, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_any_time_and_cancelling,
		    setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
