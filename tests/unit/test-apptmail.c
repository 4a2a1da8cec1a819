/*
 * test-apptmail: an appointment's mail queued through a request made by
 * hand (a real database and the real templates, no web server): the
 * subject, both parts in the agenda's zone with its abbreviation, the
 * invitation attached as text/calendar with the appointment's UID and
 * SEQUENCE, METHOD:CANCEL for a cancellation with its reason, and the
 * customer's choice of appointment messages heeded for an update.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "appointment.h"
#include "apptmail.h"
#include "arena.h"
#include "config.h"
#include "customer.h"
#include "db.h"
#include "outbox.h"
#include "page.h"
#include "tenant.h"
#include "tmpl.h"

#define T0		1792828800	/* 2026-10-24 08:00 UTC, 10:00 CEST */
#define HOSTILE		"Dock <b>1</b> & \"Co\""

struct fixture {
	char			 root[128];
	char			 dir[192];
	char			 db_path[224];
	struct office		 office;
	struct portal		 portal;
	struct tmpl_set		*tmpl;
	struct req		 r;
	struct customer		 c;
	const char		*pid;
};

static const struct db_sql set_zone = { "test.set_zone",
    "UPDATE agendas SET zone = 'Europe/Amsterdam' WHERE id > ?" };

static int
setup(void **state)
{
	struct fixture	*f;
	const char	*tmp;
	char		 err[512];

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	tmp = getenv("TMPDIR");
	snprintf(f->root, sizeof(f->root), "%s/test-apptmail.XXXXXX",
	    tmp != NULL && strlen(tmp) < 80 ? tmp : "/tmp");
	if (mkdtemp(f->root) == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/offices/demo", f->root);
	snprintf(f->db_path, sizeof(f->db_path), "%s/porch.db", f->dir);
	f->office.id = "demo";
	f->office.name = "Harbour Realty";
	f->office.email = "office@harbour.example";
	f->office.dir = f->dir;
	f->office.db_path = f->db_path;
	f->portal.name = "Harbour";
	f->portal.url = "https://portal.harbour.example";
	f->portal.office = &f->office;
	if ((f->tmpl = tmpl_set_load(TEMPLATES_DIR, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	f->r.a = arena_new(65536);
	f->r.db = tenant_db(&f->office);
	f->r.tmpl = f->tmpl;
	f->r.portal = &f->portal;
	f->r.office = &f->office;
	f->r.now = T0 - 7 * 86400;
	f->r.who.kind = PRINCIPAL_MEMBER;
	if (f->r.db == NULL)
		return -1;
	assert_int_equal(customer_add(f->r.db, f->r.a, "ana@example.com",
	    "Ana Alvarez", f->r.now, &f->c), DB_OK);
	assert_int_equal(appointment_add(f->r.db, f->r.a, f->c.id,
	    HOSTILE, "Viewings", T0, T0 + 3600, "Quay 1, Harbourtown", "",
	    "confirmed", "team", &f->pid), DB_OK);
	assert_int_equal(db_run_int(f->r.db, &set_zone, 0), DB_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;
	char		 cmd[200];

	tenant_close_all();
	tmpl_set_free(f->tmpl);
	arena_free(f->r.a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static struct appointment
get(struct fixture *f)
{
	struct appointment	 ap;

	assert_int_equal(appointment_get(f->r.db, f->r.a, &f->r.who, f->pid,
	    &ap), DB_OK);
	return ap;
}

/* The only queued mail, removed from the queue once read. */
static struct outmail
take(struct fixture *f)
{
	struct outmail	*m;
	size_t		 n;

	assert_int_equal(outbox_queued(f->r.db, f->r.a, 10, &m, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(outbox_sent(f->r.db, m[0].id, f->r.now), DB_OK);
	return m[0];
}

static icalcomponent *
invitation(const struct outmail *m, icalproperty_method method)
{
	icalcomponent	*cal;

	assert_string_equal(m->att.name, "invite.ics");
	assert_non_null(m->att.data);
	cal = icalparser_parse_string(m->att.data);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_get_method(cal), method);
	return cal;
}

static void
confirmed_mail_carries_the_invitation(void **state)
{
	struct fixture		*f = *state;
	struct appointment	 ap = get(f);
	struct outmail		 m;
	icalcomponent		*cal, *ev;

	assert_int_equal(apptmail_queue(&f->r, &ap, APPTMAIL_CONFIRMED, NULL),
	    DB_OK);
	m = take(f);
	assert_string_equal(m.to, "ana@example.com");
	assert_string_equal(m.subject,
	    "Your appointment with Harbour is confirmed");
	assert_string_equal(m.att.type,
	    "text/calendar; charset=utf-8; method=REQUEST");
	assert_non_null(strstr(m.body, "Sat 24 Oct 2026, 10:00 – 11:00 "
	    "(CEST)"));
	assert_non_null(strstr(m.body, "Where: Quay 1, Harbourtown"));
	assert_non_null(strstr(m.body, "https://portal.harbour.example/"
	    "portal/appointments/"));
	assert_non_null(strstr(m.html, "Dock &lt;b&gt;1&lt;/b&gt; &amp; "
	    "&quot;Co&quot;"));
	assert_null(strstr(m.html, "<b>1</b>"));
	cal = invitation(&m, ICAL_METHOD_REQUEST);
	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_non_null(ev);
	assert_string_equal(icalcomponent_get_uid(ev), arena_printf(f->r.a,
	    "%s@portal.harbour.example", f->pid));
	assert_int_equal(icalcomponent_get_sequence(ev), ap.sequence);
	icalcomponent_free(cal);
}

static void
cancelled_mail_cancels_with_the_reason(void **state)
{
	struct fixture		*f = *state;
	struct appointment	 ap = get(f);
	struct outmail		 m;
	icalcomponent		*cal, *ev;

	assert_int_equal(appointment_cancel(f->r.db, &f->r.who, &ap,
	    "The house is sold", f->r.now), DB_OK);
	ap = get(f);
	assert_int_equal(apptmail_queue(&f->r, &ap, APPTMAIL_CANCELLED,
	    NULL), DB_OK);
	m = take(f);
	assert_non_null(strstr(m.body, "Reason: The house is sold"));
	assert_string_equal(m.att.type,
	    "text/calendar; charset=utf-8; method=CANCEL");
	cal = invitation(&m, ICAL_METHOD_CANCEL);
	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	assert_int_equal(icalcomponent_get_sequence(ev), 1);
	icalcomponent_free(cal);
}

static void
updates_respect_the_preference(void **state)
{
	struct fixture		*f = *state;
	struct appointment	 ap = get(f);
	struct principal	 ana = { .kind = PRINCIPAL_CUSTOMER };
	struct customer_prefs	 off = { .appointments = false,
				    .updates = true };
	struct outmail		*m;
	size_t			 n;

	ana.id = f->c.id;
	assert_int_equal(customer_set_notifications(f->r.db, &ana, &off),
	    DB_OK);
	assert_int_equal(apptmail_queue(&f->r, &ap, APPTMAIL_UPDATED, NULL),
	    DB_OK);
	assert_int_equal(apptmail_queue(&f->r, &ap, APPTMAIL_REMINDER, NULL),
	    DB_OK);
	assert_int_equal(outbox_queued(f->r.db, f->r.a, 10, &m, &n), DB_OK);
	assert_int_equal(n, 0);
	/* a confirmation goes all the same, here with a sign-in link */
	assert_int_equal(apptmail_queue(&f->r, &ap, APPTMAIL_CONFIRMED,
	    "https://portal.harbour.example/auth?t=x"), DB_OK);
	assert_non_null(strstr(take(f).body,
	    "https://portal.harbour.example/auth?t=x"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    confirmed_mail_carries_the_invitation, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    cancelled_mail_cancels_with_the_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    updates_respect_the_preference, setup, teardown),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
