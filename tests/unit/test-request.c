/*
 * test-request: customers' appointment requests and waiting-list entries
 * (request.c) against a real office database: asking, reading one's own
 * and not another's, cancelling and closing, one waiting-list entry per
 * project, booking, offers of a freed time and their end, and the lists
 * of the customer and of the team.  Times are fixed; `now` is passed in.
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
#include "config.h"
#include "customer.h"
#include "fixture.h"
#include "keyset.h"
#include "principal.h"
#include "project.h"
#include "request.h"
#include "tenant.h"

#define T0	INT64_C(1800000000)

struct fixture {
	struct fixture_office	 o;
	struct db		*db;
	struct arena		*a;
	struct principal	 ann, bob, member;
	struct project		 p;
	struct agenda		 g;
};

static struct principal
principal_of(struct fixture *f, const char *email, const char *name)
{
	struct customer	 c;

	assert_int_equal(customer_add(f->db, f->a, email, name, 0, &c), DB_OK);
	return customer_principal(&c);
}

static int
setup(void **state)
{
	struct fixture	*f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	if ((f->db = fixture_open(&f->o, "test-request")) == NULL)
		return -1;
	f->o.a = f->a = arena_new(8192);
	f->ann = principal_of(f, "ann@example.com", "Ann");
	f->bob = principal_of(f, "bob@example.com", "Bob");
	f->member.kind = PRINCIPAL_MEMBER;
	f->member.role = ROLE_AGENT;
	agenda_defaults(&f->g);
	f->g.name = "Viewings";
	f->g.zone = "Europe/Amsterdam";
	if (agenda_save(f->db, f->a, &f->g, T0) != DB_OK)
		return -1;
	project_defaults(&f->p);
	f->p.title = "12 Harbour Lane";
	if (project_save(f->db, f->a, &f->p, T0) != DB_OK)
		return -1;
	*state = f;
	return 0;
}

static const char *
ask(struct fixture *f, const struct principal *who, bool waitlist,
    int64_t at, enum db_rc want)
{
	struct request_new	 n = { .project_id = f->p.id,
	    .waitlist = waitlist, .preferred = "Mornings", .message = "Hi" };
	const char		*pid = NULL;

	assert_int_equal(request_add(f->db, f->a, who, &n, at, &pid), want);
	return pid;
}

/* A customer reads their own request; another customer and nobody find
 * none, a member finds it. */
static void
test_owner(void **state)
{
	struct fixture	*f = *state;
	struct request	 rq;
	const char	*pid = ask(f, &f->ann, false, T0, DB_OK);

	assert_int_equal(request_get(f->db, f->a, &f->ann, pid, &rq), DB_OK);
	assert_string_equal(rq.kind, "visit");
	assert_string_equal(rq.status, "open");
	assert_string_equal(rq.preferred, "Mornings");
	assert_string_equal(rq.project, "12 Harbour Lane");
	assert_int_equal(request_get(f->db, f->a, &f->bob, pid, &rq),
	    DB_NOTFOUND);
	assert_int_equal(request_get(f->db, f->a, NULL, pid, &rq),
	    DB_NOTFOUND);
	assert_int_equal(request_get(f->db, f->a, &f->member, pid, &rq),
	    DB_OK);
	assert_string_equal(rq.customer, "Ann");
	assert_int_equal(request_add(f->db, f->a, &f->member,
	    &(struct request_new){ .project_id = f->p.id }, T0, &pid),
	    DB_NOTFOUND);
}

/* Another customer cannot cancel; the owner can, once; a member closes
 * and is named. */
static void
test_cancel(void **state)
{
	struct fixture	*f = *state;
	struct request	 rq;
	const char	*pid = ask(f, &f->ann, false, T0, DB_OK);

	assert_int_equal(request_get(f->db, f->a, &f->ann, pid, &rq), DB_OK);
	assert_int_equal(request_cancel(f->db, &f->bob, &rq, T0 + 1),
	    DB_NOTFOUND);
	assert_int_equal(request_cancel(f->db, &f->ann, &rq, T0 + 1), DB_OK);
	assert_int_equal(request_get(f->db, f->a, &f->ann, pid, &rq), DB_OK);
	assert_string_equal(rq.status, "cancelled");
	assert_int_equal(rq.updated, T0 + 1);
	assert_int_equal(request_cancel(f->db, &f->ann, &rq, T0 + 2),
	    DB_CONFLICT);

	pid = ask(f, &f->bob, false, T0, DB_OK);
	assert_int_equal(request_get(f->db, f->a, &f->member, pid, &rq),
	    DB_OK);
	assert_int_equal(request_cancel(f->db, &f->member, &rq, T0 + 3),
	    DB_OK);
	assert_int_equal(request_get(f->db, f->a, &f->bob, pid, &rq), DB_OK);
	assert_string_equal(rq.status, "cancelled");
}

/* One open waiting-list entry per customer and project; a new one once
 * the first is cancelled; the list is in the order they joined. */
static void
test_waitlist(void **state)
{
	struct fixture	*f = *state;
	struct request	 rq, *w;
	size_t		 n;
	const char	*pid = ask(f, &f->ann, true, T0 + 5, DB_OK);

	ask(f, &f->ann, true, T0 + 6, DB_CONFLICT);
	ask(f, &f->bob, true, T0 + 4, DB_OK);
	ask(f, &f->bob, false, T0 + 7, DB_OK);
	assert_int_equal(request_waiting(f->db, f->a, f->p.id, 10, &w, &n),
	    DB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(w[0].customer, "Bob");
	assert_string_equal(w[1].customer, "Ann");
	assert_int_equal(request_waiting_for_agenda(f->db, f->a, f->g.id, 10,
	    &w, &n), DB_OK);
	assert_int_equal(n, 0);		/* the agenda serves no project yet */
	assert_int_equal(project_link_agenda(f->db, f->p.id, f->g.id, true),
	    DB_OK);
	assert_int_equal(request_waiting_for_agenda(f->db, f->a, f->g.id, 10,
	    &w, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(w[0].customer, "Bob");
	assert_int_equal(request_get(f->db, f->a, &f->ann, pid, &rq), DB_OK);
	assert_int_equal(request_cancel(f->db, &f->ann, &rq, T0 + 8), DB_OK);
	ask(f, &f->ann, true, T0 + 9, DB_OK);
}

/* An offer stands until it expires or the time starts; booking ends the
 * request, and a booked one cannot be booked again. */
static void
test_offer(void **state)
{
	struct fixture	*f = *state;
	struct request	 rq, *x;
	size_t		 n;
	const char	*pid = ask(f, &f->ann, true, T0, DB_OK);

	assert_int_equal(request_get(f->db, f->a, &f->ann, pid, &rq), DB_OK);
	assert_false(request_has_offer(&rq, T0));
	assert_int_equal(request_offer(f->db, &rq, f->g.id, T0 + 86400, T0 + 7200,
	    T0 + 10), DB_OK);
	assert_int_equal(request_get(f->db, f->a, &f->ann, pid, &rq), DB_OK);
	assert_int_equal(rq.notified_at, T0 + 10);
	assert_true(request_has_offer(&rq, T0 + 20));
	assert_false(request_has_offer(&rq, T0 + 7200));
	assert_int_equal(request_offers_expired(f->db, f->a, T0 + 7199, 10,
	    &x, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(request_offers_expired(f->db, f->a, T0 + 7200, 10,
	    &x, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(request_offer_end(f->db, &x[0]), DB_OK);
	assert_int_equal(request_offers_expired(f->db, f->a, T0 + 7200, 10,
	    &x, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(request_get(f->db, f->a, &f->ann, pid, &rq), DB_OK);
	assert_false(request_has_offer(&rq, T0 + 20));
}

/* The customer's pages hold only their own, newest first; their open
 * ones leave out the ended; the team's filters keep kind and status. */
static void
test_lists(void **state)
{
	struct fixture		*f = *state;
	struct request		*rq;
	struct keyset		 ks = keyset_first(2);
	struct keyset_page	 pg;
	size_t			 n;
	struct request		 one;
	const char		*pid;

	ask(f, &f->ann, false, T0 + 1, DB_OK);
	pid = ask(f, &f->ann, false, T0 + 2, DB_OK);
	ask(f, &f->ann, true, T0 + 3, DB_OK);
	ask(f, &f->bob, false, T0 + 4, DB_OK);
	assert_int_equal(request_get(f->db, f->a, &f->ann, pid, &one), DB_OK);
	assert_int_equal(request_cancel(f->db, &f->ann, &one, T0 + 5), DB_OK);

	assert_int_equal(request_of_customer(f->db, f->a, &f->ann, &ks, &rq,
	    &n, &pg), DB_OK);
	assert_int_equal(n, 2);
	assert_true(pg.more_after);
	assert_string_equal(rq[0].kind, "waitlist");
	assert_int_equal(request_open_of(f->db, f->a, &f->ann, 10, &rq, &n),
	    DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(request_open_of(f->db, f->a, &f->member, 10, &rq,
	    &n), DB_OK);
	assert_int_equal(n, 0);

	ks = keyset_first(25);
	assert_int_equal(request_list(f->db, f->a, "visit", "open", &ks, &rq,
	    &n, &pg), DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(request_list(f->db, f->a, "", "cancelled", &ks, &rq,
	    &n, &pg), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(request_list(f->db, f->a, NULL, NULL, &ks, &rq, &n,
	    &pg), DB_OK);
	assert_int_equal(n, 4);
}

/* A member's booking for the project books the customer's open requests
 * for it, and no one else's. */
static void
test_booked_for(void **state)
{
	struct fixture	*f = *state;
	struct request	 rq;
	const char	*a1 = ask(f, &f->ann, false, T0, DB_OK);
	const char	*b1 = ask(f, &f->bob, false, T0, DB_OK);

	assert_int_equal(request_booked_for(f->db, f->ann.id, f->p.id, 0,
	    T0 + 1), DB_OK);
	assert_int_equal(request_get(f->db, f->a, &f->ann, a1, &rq), DB_OK);
	assert_string_equal(rq.status, "booked");
	assert_int_equal(request_booked(f->db, &rq, 0, T0 + 2), DB_CONFLICT);
	assert_int_equal(request_get(f->db, f->a, &f->bob, b1, &rq), DB_OK);
	assert_string_equal(rq.status, "open");
	/* nothing open left: nothing to do, and no error */
	assert_int_equal(request_booked_for(f->db, f->ann.id, f->p.id, 0,
	    T0 + 3), DB_OK);
}

static void
test_words(void **state)
{
	(void)state;
	assert_true(request_kind_valid("visit", 5));
	assert_true(request_kind_valid("waitlist", 8));
	assert_false(request_kind_valid("visits", 6));
	assert_true(request_status_valid("expired", 7));
	assert_false(request_status_valid("done", 4));
	assert_string_equal(request_status_name(1), "booked");
	assert_null(request_kind_name(2));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_owner, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_cancel, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_waitlist, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_offer, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_lists, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_booked_for, setup,
		    fixture_teardown),
		cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
