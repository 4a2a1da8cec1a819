/*
 * test-timeline: a customer's timeline against a real office database:
 * which records become entries (and which never do: another customer's,
 * audit rows about someone else, a revoked link), who each names as the
 * actor, the order (newest first, ties by kind and then newest row) and
 * paging both ways.  The module is included to reach its statements, so
 * the test checks that every kind's take the customer as their only
 * parameter of their own.
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

#include "../../lib/data/timeline.c"

#include "appointment.h"
#include "audit.h"
#include "config.h"
#include "crypto.h"
#include "customer.h"
#include "deletion.h"
#include "fixture.h"
#include "linktoken.h"
#include "member.h"
#include "principal.h"
#include "tenant.h"

#define T0	INT64_C(1700000000)

struct fixture {
	struct fixture_office	 o;
	struct db	*db;
	struct arena	*a;
	struct customer	 ann, bob;
	struct principal mia;
};

/* appointment_add stamps the clock; the tests want fixed times */
static const struct db_sql set_created = { "test.appointment_created",
    "UPDATE appointments SET created = ?1, updated = ?1 WHERE pid = ?2" };

static void
appointment_at(struct fixture *f, int64_t customer_id, const char *project,
    const char *status, const char *source, int64_t created,
    const char **pid)
{
	sqlite3_stmt	*s;

	assert_int_equal(appointment_add(f->db, f->a, customer_id, project,
	    NULL, T0 + 86400, T0 + 90000, "", "", status, source, pid), DB_OK);
	assert_non_null(s = db_stmt(f->db, &set_created));
	db_bind_int(s, 1, created);
	db_bind_text(s, 2, *pid);
	assert_int_equal(db_step(f->db, s), DB_OK);
}

static int
setup(void **state)
{
	struct fixture	*f;
	int64_t		 mid;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	if ((f->db = fixture_open(&f->o, "test-timeline")) == NULL)
		return -1;
	f->o.a = f->a = arena_new(8192);
	if (customer_add_inactive(f->db, f->a, "ann@example.com", "Ann", T0,
	    &f->ann) != DB_OK ||
	    customer_add(f->db, f->a, "bob@example.com", "Bob", T0,
	    &f->bob) != DB_OK ||
	    member_add(f->db, f->a, "mia@example.com", "Mia", ROLE_AGENT, T0,
	    &mid) != DB_OK ||
	    member_by_email(f->db, f->a, "mia@example.com", &f->mia) != DB_OK)
		return -1;
	*state = f;
	return 0;
}

static void
test_kinds(void **state)
{
	size_t		 i, j;
	const char	*k;

	for (i = 0; i < NKINDS; i++) {
		assert_non_null(k = timeline_kind_name(i));
		/* template names: lower-case words */
		assert_int_equal(strspn(k, "abcdefghijklmnopqrstuvwxyz_"),
		    strlen(k));
		for (j = 0; j < i; j++)
			assert_string_not_equal(k, timeline_kind_name(j));
	}
	assert_null(timeline_kind_name(NKINDS));
	assert_null(timeline_kind_name((size_t)-1));
}

/* Each kind's statements take the position and the limit (?1 to ?3) and
 * the customer (?4), and nothing else. */
static void
test_parameters(void **state)
{
	struct fixture	*f = *state;
	sqlite3_stmt	*s;
	size_t		 i;

	for (i = 0; i < NKINDS; i++) {
		assert_non_null(s = db_stmt(f->db, &kind_sql[i].down));
		assert_int_equal(sqlite3_bind_parameter_count(s), 4);
		assert_non_null(s = db_stmt(f->db, &kind_sql[i].up));
		assert_int_equal(sqlite3_bind_parameter_count(s), 4);
	}
}

/* A timeline reads only the kinds timeline_kinds names for its customer,
 * so each kind needs a trigger that names it there: by its own name, or
 * for an audit row, by its action (the name with dashes). */
static const struct db_sql q_triggers = { "test.triggers",
    "SELECT group_concat(sql, ' ') FROM sqlite_master "
    "WHERE type = 'trigger' AND tbl_name <> 'timeline_kinds' "
    "AND sql LIKE '%timeline_kinds%'" };

static void
test_every_kind_has_a_trigger(void **state)
{
	struct fixture	*f = *state;
	sqlite3_stmt	*s;
	const char	*sql;
	char		 quoted[64], *p;
	size_t		 i;

	assert_non_null(s = db_stmt(f->db, &q_triggers));
	assert_int_equal(db_step(f->db, s), DB_ROW);
	assert_non_null(sql = db_col_text(f->a, s, 0));
	db_reset(s);
	for (i = 0; i < NKINDS; i++) {
		snprintf(quoted, sizeof(quoted), "'%s'", kind_names[i]);
		if (strstr(sql, quoted) != NULL)
			continue;
		for (p = quoted; *p != '\0'; p++)
			if (*p == '_')
				*p = '-';
		if (strstr(sql, quoted) == NULL)
			fail_msg("no trigger names the kind %s", kind_names[i]);
	}
}

/* An office's database from before timeline_kinds gets the kinds of the
 * records it already holds. */
static void
test_kinds_of_older_records(void **state)
{
	struct fixture		*f = *state;
	struct timeline_entry	*e;
	struct keyset		 ks = keyset_first(10);
	struct keyset_page	 pg;
	char			 path[200];
	sqlite3			*raw;
	struct db		*db;
	size_t			 n;

	assert_non_null(raw = fixture_old_db(&f->o, 25, "INSERT INTO customers "
	    "(id, pid, email, name, created) VALUES (7, 'p7', "
	    "'old@example.com', 'Old', 1000);"
	    "INSERT INTO audit (at, action, subject) "
	    "VALUES (2000, 'activation-sent', 'p7');"
	    "INSERT INTO link_tokens (token_hash, customer_id, purpose, "
	    "created, expires, used) VALUES (x'01', 7, 'email', 2500, 9000, "
	    "3000);", path, sizeof(path)));
	assert_int_equal(sqlite3_close(raw), SQLITE_OK);

	assert_non_null(db = db_open(path));
	assert_int_equal(timeline_of_customer(db, f->a, 7, &ks, &e, &n, &pg),
	    DB_OK);
	assert_int_equal(n, 3);
	assert_string_equal(e[0].kind, "email_changed");
	assert_string_equal(e[1].kind, "activation_sent");
	assert_string_equal(e[2].kind, "created");
	db_close(db);
}

/* The page ks of a customer's timeline. */
static struct timeline_entry *
page(struct fixture *f, int64_t customer_id, const struct keyset *ks,
    size_t *n, struct keyset_page *pg)
{
	struct timeline_entry	*e;

	assert_int_equal(timeline_of_customer(f->db, f->a, customer_id, ks,
	    &e, n, pg), DB_OK);
	assert_false(pg->counted || pg->by_name);
	return e;
}

static void
test_a_new_customer(void **state)
{
	struct fixture		*f = *state;
	struct timeline_entry	*e;
	struct keyset		 ks = keyset_first(10);
	struct keyset_page	 pg;
	size_t			 n;

	e = page(f, f->ann.id, &ks, &n, &pg);
	assert_int_equal(n, 1);
	assert_false(pg.more_before || pg.more_after);
	assert_string_equal(e[0].kind, "created");
	assert_int_equal(e[0].at, T0);
	assert_int_equal(e[0].actor, PRINCIPAL_CUSTOMER);
	assert_string_equal(e[0].actor_name, "Ann");
	assert_string_equal(e[0].status, "invited");
	assert_string_equal(e[0].pid, "");
	assert_int_equal(e[0].about, 0);

	/* activated later than made: an entry of its own, once */
	assert_int_equal(customer_activate(f->db, f->ann.id, T0 + 50), DB_OK);
	assert_int_equal(customer_activate(f->db, f->ann.id, T0 + 70), DB_OK);
	e = page(f, f->ann.id, &ks, &n, &pg);
	assert_int_equal(n, 2);
	assert_string_equal(e[0].kind, "activated");
	assert_int_equal(e[0].at, T0 + 50);
	assert_int_equal(e[0].actor, PRINCIPAL_CUSTOMER);
	assert_string_equal(e[1].kind, "created");
	assert_string_equal(e[1].status, "active");

	/* no such customer: nothing, and no error */
	e = page(f, 9999, &ks, &n, &pg);
	assert_int_equal(n, 0);
	assert_null(e);
}

/* Ann's records at T0+1.. and Bob's at the same times: Ann's timeline
 * holds only hers. */
static void
busy_day(struct fixture *f, const char **apid, const char **dpid)
{
	struct principal	 ann = { PRINCIPAL_CUSTOMER, f->ann.id,
	    f->ann.pid, f->ann.email, f->ann.name, ROLE_VIEWER, 0 };
	struct principal	 bob = { PRINCIPAL_CUSTOMER, f->bob.id,
	    f->bob.pid, f->bob.email, f->bob.name, ROLE_VIEWER, 0 };
	struct linktoken	 tok;
	const char		*t, *other, *bpid;

	appointment_at(f, f->ann.id, "Viewing", "confirmed", "portal", T0 + 1,
	    apid);
	appointment_at(f, f->bob.id, "Bob's viewing", "confirmed", "portal",
	    T0 + 1, &bpid);
	appointment_at(f, f->ann.id, "Valuation", "invited", "team", T0 + 2,
	    &bpid);
	assert_int_equal(audit_add(f->db, &f->mia, "activation-sent",
	    f->ann.pid, "", T0 + 3), DB_OK);
	assert_int_equal(audit_add(f->db, NULL, "activation-sent", f->ann.pid,
	    "", T0 + 3), DB_OK);
	assert_int_equal(audit_add(f->db, &f->mia, "activation-sent",
	    f->bob.pid, "", T0 + 3), DB_OK);
	/* another action naming Ann is no kind of the timeline */
	assert_int_equal(audit_add(f->db, &f->mia, "role-changed", f->ann.pid,
	    "", T0 + 3), DB_OK);
	assert_int_equal(deletion_request(f->db, f->a, &ann, T0 + 4, dpid),
	    DB_OK);
	assert_int_equal(deletion_cancel(f->db, &ann, T0 + 60), DB_OK);
	assert_int_equal(deletion_request(f->db, f->a, &bob, T0 + 4, &bpid),
	    DB_OK);
	/* an e-mail change: the link used and, in the same second, the one
	 * still open revoked, which is one change, not two */
	assert_int_equal(linktoken_create(f->db, f->a, f->ann.id, LINK_EMAIL,
	    "ann2@example.com", T0, 3600, &t), DB_OK);
	assert_int_equal(linktoken_create(f->db, f->a, f->ann.id, LINK_EMAIL,
	    "ann3@example.com", T0, 3600, &other), DB_OK);
	assert_int_equal(linktoken_consume(f->db, f->a, t, LINK_EMAIL, T0 + 5,
	    &tok), DB_OK);
	assert_int_equal(linktoken_revoke(f->db, f->ann.id, LINK_EMAIL,
	    T0 + 5), DB_OK);
	/* a reset link is not an e-mail change */
	assert_int_equal(linktoken_create(f->db, f->a, f->ann.id, LINK_RESET,
	    NULL, T0, 3600, &t), DB_OK);
	assert_int_equal(linktoken_consume(f->db, f->a, t, LINK_RESET, T0 + 6,
	    &tok), DB_OK);
}

static void
test_what_and_who(void **state)
{
	struct fixture		*f = *state;
	struct timeline_entry	*e;
	struct keyset		 ks = keyset_first(50);
	struct keyset_page	 pg;
	const char		*apid, *dpid;
	size_t			 n;

	busy_day(f, &apid, &dpid);
	e = page(f, f->ann.id, &ks, &n, &pg);
	assert_int_equal(n, 8);

	assert_string_equal(e[0].kind, "deletion_cancelled");
	assert_int_equal(e[0].at, T0 + 60);
	assert_string_equal(e[0].pid, dpid);
	assert_int_equal(e[0].actor, PRINCIPAL_CUSTOMER);
	e++;

	assert_string_equal(e[0].kind, "email_changed");
	assert_int_equal(e[0].at, T0 + 5);
	assert_int_equal(e[0].actor, PRINCIPAL_CUSTOMER);
	assert_string_equal(e[0].actor_name, "Ann");

	assert_string_equal(e[1].kind, "deletion");
	assert_int_equal(e[1].at, T0 + 4);
	assert_string_equal(e[1].status, "cancelled");
	assert_string_equal(e[1].pid, dpid);
	assert_int_equal(e[1].actor, PRINCIPAL_CUSTOMER);

	/* the same second: the newer audit row first */
	assert_string_equal(e[2].kind, "activation_sent");
	assert_int_equal(e[2].actor, PRINCIPAL_NONE);
	assert_string_equal(e[2].actor_name, "");
	assert_string_equal(e[3].kind, "activation_sent");
	assert_int_equal(e[3].actor, PRINCIPAL_MEMBER);
	assert_string_equal(e[3].actor_name, "Mia");
	assert_int_equal(e[3].at, T0 + 3);

	assert_string_equal(e[4].kind, "appointment");
	assert_string_equal(e[4].title, "Valuation");
	assert_string_equal(e[4].status, "invited");
	assert_int_equal(e[4].actor, PRINCIPAL_MEMBER);
	assert_string_equal(e[4].actor_name, "");
	assert_string_equal(e[5].kind, "appointment");
	assert_string_equal(e[5].title, "Viewing");
	assert_string_equal(e[5].pid, apid);
	assert_int_equal(e[5].about, T0 + 86400);
	assert_int_equal(e[5].actor, PRINCIPAL_CUSTOMER);
	assert_string_equal(e[5].actor_name, "Ann");

	assert_string_equal(e[6].kind, "created");

	/* Bob sees his own: created, his appointment, the link, his request */
	e = page(f, f->bob.id, &ks, &n, &pg);
	assert_int_equal(n, 4);
	assert_string_equal(e[2].title, "Bob's viewing");
}

/* Pages of `size` from the first on, then back from the last: each
 * entry of `all` once, in order, whichever way. */
static void
walk(struct fixture *f, const struct timeline_entry *all, size_t nall,
    size_t size)
{
	struct timeline_entry	*e;
	struct keyset		 ks = keyset_first(size);
	struct keyset_page	 pg;
	size_t			 n, i, seen = 0;

	for (;;) {
		e = page(f, f->ann.id, &ks, &n, &pg);
		assert_true(n <= size);
		for (i = 0; i < n; i++, seen++) {
			assert_string_equal(e[i].kind, all[seen].kind);
			assert_int_equal(e[i].at, all[seen].at);
			assert_string_equal(e[i].actor_name,
			    all[seen].actor_name);
		}
		if (!pg.more_after)
			break;
		ks.dir = KEYSET_AFTER;
		ks.at = pg.tail;
	}
	assert_int_equal(seen, nall);
	/* from the end, going back */
	ks.dir = KEYSET_BEFORE;
	memset(&ks.at, 0, sizeof(ks.at));
	ks.at.end = true;
	for (;;) {
		e = page(f, f->ann.id, &ks, &n, &pg);
		assert_true(n <= size && n <= seen);
		seen -= n;
		for (i = 0; i < n; i++) {
			assert_string_equal(e[i].kind, all[seen + i].kind);
			assert_int_equal(e[i].at, all[seen + i].at);
		}
		if (!pg.more_before)
			break;
		ks.at = pg.head;
	}
	assert_int_equal(seen, 0);
}

static void
test_paging(void **state)
{
	struct fixture		*f = *state;
	struct timeline_entry	*all, *e;
	struct keyset		 ks = keyset_first(50);
	struct keyset_page	 pg;
	const char		*apid, *dpid;
	size_t			 n, size;

	busy_day(f, &apid, &dpid);
	all = page(f, f->ann.id, &ks, &n, &pg);
	assert_int_equal(n, 8);
	for (size = 1; size <= 9; size++)
		walk(f, all, n, size);

	/* after the last entry: nothing, with a page before it */
	ks = keyset_first(3);
	ks.dir = KEYSET_AFTER;
	ks.at = pg.tail;
	e = page(f, f->ann.id, &ks, &n, &pg);
	assert_int_equal(n, 0);
	assert_null(e);
	assert_true(pg.more_before);
	assert_false(pg.more_after);
	/* asking for none, or after the end */
	ks = keyset_first(0);
	page(f, f->ann.id, &ks, &n, &pg);
	assert_int_equal(n, 0);
	ks = keyset_first(3);
	ks.dir = KEYSET_AFTER;
	ks.at.end = true;
	page(f, f->ann.id, &ks, &n, &pg);
	assert_int_equal(n, 0);
	ks = keyset_first(SIZE_MAX);
	page(f, f->ann.id, &ks, &n, &pg);
	assert_int_equal(n, 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test_setup_teardown(test_parameters, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_every_kind_has_a_trigger,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_kinds_of_older_records,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_a_new_customer, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_what_and_who, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_paging, setup,
		    fixture_teardown),
	};

	if (!crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
