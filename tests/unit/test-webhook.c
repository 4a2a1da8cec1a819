/*
 * test-webhook: the events of appointment changes (webhook.c) against a
 * real office database: each change records its event in the caller's
 * transaction (a change rolled back records none), the JSON body's shape,
 * the signature against a vector made independently, the backoff's
 * bounds, and what delivery outcomes do to an event and the endpoint.
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
#include "crypto.h"
#include "customer.h"
#include "db.h"
#include "fixture.h"
#include "json.h"
#include "keyset.h"
#include "principal.h"
#include "tenant.h"
#include "webhook.h"

#define T0	INT64_C(1700000000)
#define DAY	INT64_C(86400)
/* 10:00 UTC two days after T0: open in the test agendas */
#define AT	((T0 / DAY + 2) * DAY + 10 * 3600)

struct fixture {
	struct fixture_office	 o;
	struct db	*db;
	struct arena	*a;
	struct customer	 c;
	struct agenda	 sales, viewings;
};

static const struct db_sql count_events = { "test.count_events",
    "SELECT count(*) FROM webhook_events" };
static const struct db_sql last_event = { "test.last_event",
    "SELECT event_id FROM webhook_events ORDER BY id DESC LIMIT 1" };

static int64_t
events(struct fixture *f)
{
	sqlite3_stmt	*s;
	int64_t		 n;

	assert_non_null(s = db_stmt(f->db, &count_events));
	assert_int_equal(db_step(f->db, s), DB_ROW);
	n = db_col_int(s, 0);
	db_reset(s);
	return n;
}

/* The newest event, read back. */
static void
newest(struct fixture *f, struct webhook_event *e)
{
	sqlite3_stmt	*s;
	const char	*eid;

	assert_non_null(s = db_stmt(f->db, &last_event));
	assert_int_equal(db_step(f->db, s), DB_ROW);
	eid = db_col_text(f->a, s, 0);
	db_reset(s);
	assert_int_equal(webhook_get(f->db, f->a, eid, e), DB_OK);
}

static void
agenda_make(struct fixture *f, struct agenda *g, const char *name)
{
	struct agenda_hours	 h[7];
	int			 wd;

	agenda_defaults(g);
	g->name = name;
	g->zone = "UTC";
	g->connected = true;
	g->location = "1 Quay Street";
	g->meeting_url = "";
	for (wd = 0; wd < 7; wd++) {
		h[wd].weekday = wd;
		h[wd].opens = 8 * 60;
		h[wd].closes = 18 * 60;
	}
	assert_int_equal(agenda_save(f->db, f->a, g, T0), DB_OK);
	assert_int_equal(agenda_set_hours(f->db, g->id, h, 7), DB_OK);
}

static int
setup(void **state)
{
	struct fixture	*f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	if ((f->db = fixture_open(&f->o, "test-webhook")) == NULL)
		return -1;
	f->o.a = f->a = arena_new(65536);
	assert_int_equal(db_begin(f->db, true), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "ana@example.com",
	    "Ana \"A\" Alvarez", T0, &f->c), DB_OK);
	agenda_make(f, &f->sales, "Sales");
	agenda_make(f, &f->viewings, "Viewings");
	assert_int_equal(db_commit(f->db), DB_OK);
	*state = f;
	return 0;
}

static const char *
book(struct fixture *f, const struct agenda *g, int64_t starts)
{
	struct booking	 b;
	const char	*pid = NULL;

	memset(&b, 0, sizeof(b));
	b.customer_id = f->c.id;
	b.agenda = g;
	b.starts = starts;
	b.nslots = 1;
	b.source = SOURCE_TEAM;
	assert_int_equal(appointment_book(f->db, f->a, &b, T0, &pid), DB_OK);
	return pid;
}

/* ------------------------------------------------------------ the tests */

/*
 * The vector was made apart from libsodium, with Python's hmac:
 *   hmac.new(b"porch-test-secret", b'1700000000.{"id":"x"}',
 *            hashlib.sha256).hexdigest()
 */
static void
test_signature(void **state)
{
	struct fixture	*f = *state;
	const char	*body = "{\"id\":\"x\"}";

	assert_string_equal(webhook_signature(f->a, "porch-test-secret", 17,
	    T0, body), "v1=2930fed5738766c8a05048c3a670eab163daa3cae54ca3f6"
	    "a43b77b323edbc0e");
	/* the key is its bytes, whatever they are; another changes it */
	assert_string_not_equal(webhook_signature(f->a, "porch-test-secreT",
	    17, T0, body), webhook_signature(f->a, "porch-test-secret", 17,
	    T0, body));
	assert_string_not_equal(webhook_signature(f->a, "porch-test-secret",
	    17, T0 + 1, body), webhook_signature(f->a, "porch-test-secret",
	    17, T0, body));
}

static void
test_backoff(void **state)
{
	int64_t		 a, total = 0, lo, hi, base = WEBHOOK_FIRST;

	(void)state;
	for (a = 1; a <= 40; a++) {
		lo = base * (1000 - WEBHOOK_JITTER) / 1000;
		hi = base * (1000 + WEBHOOK_JITTER) / 1000;
		assert_int_equal(webhook_backoff(a, 0), lo);
		assert_int_equal(webhook_backoff(a, 2 * WEBHOOK_JITTER), hi);
		assert_int_equal(webhook_backoff(a, WEBHOOK_JITTER), base);
		/* a jitter out of range is held to it */
		assert_int_equal(webhook_backoff(a, 100000), hi);
		assert_true(webhook_backoff(a, 123) >= lo &&
		    webhook_backoff(a, 123) <= hi);
		if (a < WEBHOOK_ATTEMPTS)
			total += base;
		base = base * 2 > WEBHOOK_CAP ? WEBHOOK_CAP : base * 2;
	}
	assert_int_equal(webhook_backoff(1, WEBHOOK_JITTER), 30);
	assert_int_equal(webhook_backoff(2, WEBHOOK_JITTER), 60);
	assert_int_equal(webhook_backoff(40, WEBHOOK_JITTER), 6 * 3600);
	/* the attempts span about two days */
	assert_true(total >= 36 * 3600 && total <= 60 * 3600);
}

static void
test_payload_shape(void **state)
{
	struct fixture		*f = *state;
	struct appointment	 ap;
	const struct jval	*v, *d, *x;
	const char		*body, *err;

	memset(&ap, 0, sizeof(ap));
	ap.pid = "apPID";
	ap.status = "confirmed";
	ap.starts = AT;
	ap.ends = AT + 1800;
	ap.zone = "Europe/London";
	ap.project = "";
	ap.project_pid = "";
	ap.agenda = "Sales";
	ap.agenda_pid = "agPID";
	ap.customer_pid = "cuPID";
	ap.customer = "Ana \"A\" Alvarez";
	ap.customer_email = "ana@example.com";
	ap.location = "1 Quay Street\n(back door)";
	ap.meeting_url = "";
	ap.source = "portal";
	ap.sequence = 3;
	body = webhook_payload(f->a, "evPID", WEBHOOK_MOVED, &ap, T0);
	assert_non_null(v = json_parse(f->a, body, strlen(body), &err));
	assert_string_equal(json_get_str(v, "id"), "evPID");
	assert_string_equal(json_get_str(v, "type"), "appointment.moved");
	assert_string_equal(json_get_str(v, "created"),
	    "2023-11-14T22:13:20Z");
	assert_non_null(d = json_get(json_get(v, "data"), "appointment"));
	assert_string_equal(json_get_str(d, "id"), "apPID");
	assert_string_equal(json_get_str(d, "status"), "confirmed");
	assert_string_equal(json_get_str(d, "starts"), "2023-11-16T10:00:00Z");
	assert_string_equal(json_get_str(d, "ends"), "2023-11-16T10:30:00Z");
	assert_string_equal(json_get_str(d, "time_zone"), "Europe/London");
	assert_int_equal(json_get(d, "project")->type, JSON_NULL);
	x = json_get(d, "agenda");
	assert_string_equal(json_get_str(x, "id"), "agPID");
	assert_string_equal(json_get_str(x, "name"), "Sales");
	x = json_get(d, "customer");
	assert_string_equal(json_get_str(x, "id"), "cuPID");
	assert_string_equal(json_get_str(x, "name"), "Ana \"A\" Alvarez");
	assert_string_equal(json_get_str(x, "email"), "ana@example.com");
	assert_string_equal(json_get_str(d, "location"),
	    "1 Quay Street\n(back door)");
	assert_string_equal(json_get_str(d, "meeting_url"), "");
	assert_string_equal(json_get_str(d, "source"), "portal");
	assert_string_equal(json_get(d, "sequence")->str, "3");
	/* with a project */
	ap.project = "Harbour View";
	ap.project_pid = "pjPID";
	body = webhook_payload(f->a, "evPID", WEBHOOK_CREATED, &ap, T0);
	assert_non_null(v = json_parse(f->a, body, strlen(body), &err));
	x = json_get(json_get(json_get(v, "data"), "appointment"), "project");
	assert_string_equal(json_get_str(x, "id"), "pjPID");
	assert_string_equal(json_get_str(x, "title"), "Harbour View");
	assert_null(webhook_type_name(WEBHOOK__MAX));
}

/* An event's type and what its body says of the appointment. */
static void
expect(struct fixture *f, const char *type, const char *pid,
    const char *status, const char *agenda)
{
	struct webhook_event	 e;
	const struct jval	*v, *d;
	const char		*err;

	newest(f, &e);
	assert_string_equal(e.type, type);
	assert_int_equal(e.delivered, 0);
	assert_int_equal(e.failed, 0);
	assert_int_equal(e.next_attempt, e.created);
	assert_non_null(v = json_parse(f->a, e.payload, strlen(e.payload),
	    &err));
	assert_string_equal(json_get_str(v, "id"), e.event_id);
	assert_string_equal(json_get_str(v, "type"), type);
	d = json_get(json_get(v, "data"), "appointment");
	assert_string_equal(json_get_str(d, "id"), pid);
	assert_string_equal(json_get_str(d, "status"), status);
	assert_string_equal(json_get_str(json_get(d, "agenda"), "name"),
	    agenda);
	assert_string_equal(json_get_str(json_get(d, "customer"), "email"),
	    "ana@example.com");
}

static void
test_changes_emit_in_their_transaction(void **state)
{
	struct fixture		*f = *state;
	struct principal	 team = { .kind = PRINCIPAL_MEMBER, .id = 1 };
	struct appointment	 ap;
	const char		*pid;

	/* a change rolled back records nothing */
	assert_int_equal(db_begin(f->db, true), DB_OK);
	book(f, &f->sales, AT);
	assert_int_equal(events(f), 1);
	db_rollback(f->db);
	assert_int_equal(events(f), 0);

	assert_int_equal(db_begin(f->db, true), DB_OK);
	pid = book(f, &f->sales, AT);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_int_equal(events(f), 1);
	expect(f, "appointment.created", pid, "confirmed", "Sales");

	assert_int_equal(db_begin(f->db, true), DB_OK);
	assert_int_equal(appointment_get(f->db, f->a, &team, pid, &ap), DB_OK);
	assert_int_equal(appointment_reschedule(f->db, f->a, &team, &ap,
	    &f->sales, AT + 3600, T0), DB_OK);
	expect(f, "appointment.changed", pid, "confirmed", "Sales");
	assert_int_equal(appointment_get(f->db, f->a, &team, pid, &ap), DB_OK);
	assert_int_equal(appointment_reschedule(f->db, f->a, &team, &ap,
	    &f->viewings, AT + 7200, T0), DB_OK);
	expect(f, "appointment.moved", pid, "confirmed", "Viewings");
	assert_int_equal(appointment_get(f->db, f->a, &team, pid, &ap), DB_OK);
	assert_int_equal(appointment_cancel(f->db, &team, &ap, "", T0), DB_OK);
	expect(f, "appointment.cancelled", pid, "cancelled", "Viewings");
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_int_equal(events(f), 4);

	/* marking, and a change refused, which records nothing */
	assert_int_equal(db_begin(f->db, true), DB_OK);
	pid = book(f, &f->sales, AT + 4 * 3600);
	assert_int_equal(appointment_get(f->db, f->a, &team, pid, &ap), DB_OK);
	assert_int_equal(appointment_mark(f->db, &ap, "no_show", T0), DB_OK);
	expect(f, "appointment.no_show", pid, "no_show", "Sales");
	assert_int_equal(appointment_mark(f->db, &ap, "completed", T0),
	    DB_CONFLICT);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_int_equal(events(f), 6);
}

static int64_t
emit_one(struct fixture *f)
{
	struct webhook_event	 e;

	assert_int_equal(db_begin(f->db, true), DB_OK);
	book(f, &f->sales, AT + (events(f) % 8) * 1800);
	assert_int_equal(db_commit(f->db), DB_OK);
	newest(f, &e);
	return e.id;
}

static void
test_outcomes(void **state)
{
	struct fixture		*f = *state;
	struct webhook_event	*ev, e;
	struct webhook_endpoint	 ep;
	struct keyset_page	 pg;
	struct keyset		 ks = keyset_first(WEBHOOK_PAGE);
	int64_t			 id, now;
	size_t			 n;
	int			 i, k;

	id = emit_one(f);
	newest(f, &e);
	assert_int_equal(webhook_due(f->db, f->a, e.created, 10, &ev, &n),
	    DB_OK);
	assert_int_equal(n, 1);
	/* a failed attempt waits its backoff; it is pending meanwhile */
	now = e.created;
	assert_int_equal(webhook_failed(f->db, id, 500, "HTTP 500", now),
	    DB_OK);
	assert_int_equal(webhook_get(f->db, f->a, e.event_id, &e), DB_OK);
	assert_int_equal(e.attempts, 1);
	assert_int_equal(e.last_status, 500);
	assert_string_equal(e.last_error, "HTTP 500");
	assert_true(e.next_attempt >= now + 24 && e.next_attempt <= now + 36);
	assert_int_equal(webhook_due(f->db, f->a, now, 10, &ev, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(webhook_pending(f->db, f->a, 10, &ev, &n), DB_OK);
	assert_int_equal(n, 1);
	/* ... until the last attempt fails it, kept and listed */
	for (i = 1; i < WEBHOOK_ATTEMPTS; i++)
		assert_int_equal(webhook_failed(f->db, id, 0, "refused", now),
		    DB_OK);
	assert_int_equal(webhook_get(f->db, f->a, e.event_id, &e), DB_OK);
	assert_int_equal(e.attempts, WEBHOOK_ATTEMPTS);
	assert_int_equal(e.failed, now);
	assert_int_equal(webhook_failed(f->db, id, 0, "again", now),
	    DB_NOTFOUND);
	assert_int_equal(webhook_pending(f->db, f->a, 10, &ev, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(webhook_list(f->db, f->a, true, &ks, &ev, &n, &pg),
	    DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].event_id, e.event_id);
	/* a retry schedules it now, with a new round of attempts */
	assert_int_equal(webhook_retry(f->db, e.event_id, now + 5), DB_OK);
	assert_int_equal(webhook_get(f->db, f->a, e.event_id, &e), DB_OK);
	assert_int_equal(e.failed, 0);
	assert_int_equal(e.attempts, 0);
	assert_int_equal(e.next_attempt, now + 5);
	assert_int_equal(webhook_delivered(f->db, id, 204, now + 6), DB_OK);
	assert_int_equal(webhook_get(f->db, f->a, e.event_id, &e), DB_OK);
	assert_int_equal(e.delivered, now + 6);
	assert_int_equal(e.attempts, 1);
	/* delivered once is delivered: no outcome or retry changes it */
	assert_int_equal(webhook_delivered(f->db, id, 200, now + 7),
	    DB_NOTFOUND);
	assert_int_equal(webhook_retry(f->db, e.event_id, now), DB_NOTFOUND);
	assert_int_equal(webhook_retry(f->db, "no-such-event", now),
	    DB_NOTFOUND);

	/* a 410 disables the endpoint for that url; the event stays due */
	id = emit_one(f);
	newest(f, &e);
	assert_int_equal(webhook_endpoint_get(f->db, f->a, &ep), DB_OK);
	assert_false(webhook_disabled(&ep, "https://crm.example/h"));
	assert_int_equal(webhook_gone(f->db, id, "https://crm.example/h",
	    e.created), DB_OK);
	assert_int_equal(webhook_endpoint_get(f->db, f->a, &ep), DB_OK);
	assert_true(webhook_disabled(&ep, "https://crm.example/h"));
	assert_false(webhook_disabled(&ep, "https://new.example/h"));
	assert_int_equal(ep.disabled, e.created);
	assert_int_equal(webhook_due(f->db, f->a, e.created, 10, &ev, &n),
	    DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].last_status, 410);
	assert_int_equal(webhook_enable(f->db), DB_OK);
	assert_int_equal(webhook_endpoint_get(f->db, f->a, &ep), DB_OK);
	assert_false(webhook_disabled(&ep, "https://crm.example/h"));

	/* every failed one again, then an office without an endpoint drops
	 * what is pending; the sweep takes what is old and finished (the
	 * 410 counted as an attempt) */
	for (i = 1; i < WEBHOOK_ATTEMPTS; i++)
		assert_int_equal(webhook_failed(f->db, id, 0, "refused", now),
		    DB_OK);
	assert_int_equal(webhook_retry_failed(f->db, now, &k), DB_OK);
	assert_int_equal(k, 1);
	emit_one(f);
	assert_int_equal(webhook_drop(f->db, &k), DB_OK);
	assert_int_equal(k, 2);
	assert_int_equal(events(f), 1);		/* the delivered one */
	assert_int_equal(webhook_sweep(f->db, now + WEBHOOK_KEEP), DB_OK);
	assert_int_equal(events(f), 1);
	assert_int_equal(webhook_sweep(f->db, now + 6 + WEBHOOK_KEEP), DB_OK);
	assert_int_equal(events(f), 0);
}

/* Deleting a customer's data takes their events with it: the bodies
 * hold their name and address. */
static const struct db_sql delete_customer = { "test.delete_customer",
    "DELETE FROM customers WHERE id = ?" };

static void
test_events_go_with_their_customer(void **state)
{
	struct fixture	*f = *state;

	emit_one(f);
	assert_int_equal(events(f), 1);
	assert_int_equal(db_begin(f->db, true), DB_OK);
	assert_int_equal(db_run_int(f->db, &delete_customer, f->c.id), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_int_equal(events(f), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_signature, setup,
		    fixture_teardown),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test_setup_teardown(test_payload_shape, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_changes_emit_in_their_transaction, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_outcomes, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_events_go_with_their_customer, setup,
		    fixture_teardown),
	};

	if (!crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
