/*
 * test-ics: appointments as iCalendar, read back with libical's parser:
 * the method, each event's UID, SEQUENCE and STATUS, local times in
 * Europe/Amsterdam on both sides of each clock change (the VTIMEZONE must
 * turn them back into the same instants), TEXT values with commas,
 * semicolons, quotes and newlines, and lines folded within 75 octets
 * without splitting a character.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include <libical/ical.h>

#include "appointment.h"
#include "arena.h"
#include "ics.h"
#include "util.h"

#define NOW		1772366400	/* 2026-03-01 12:00 UTC */
#define HOUR		3600
#define AMS		"Europe/Amsterdam"

static struct arena	*A;

static const struct ics_origin ORIGIN = {
	.host = "portal.example",
	.url = "https://portal.example",
	.name = "Harbour \"Realty\"",
	.organizer = "office@harbour.example",
};

static int
setup(void **state)
{
	A = arena_new(65536);
	return 0;
}

static int
teardown(void **state)
{
	arena_free(A);
	return 0;
}

static struct appointment
appt(const char *pid, const char *zone, int64_t starts, const char *status,
    int sequence)
{
	struct appointment	 ap;

	memset(&ap, 0, sizeof(ap));
	ap.pid = pid;
	ap.project = "Quay Street 1";
	ap.project_pid = "";
	ap.project_address = "1 Quay Street, Harbourtown";
	ap.agenda = "Viewings";
	ap.agenda_pid = "";
	ap.zone = zone;
	ap.customer = "Ana Alvarez";
	ap.customer_pid = "";
	ap.customer_email = "ana@example.com";
	ap.starts = starts;
	ap.ends = starts + HOUR;
	ap.location = "";
	ap.meeting_url = "";
	ap.status = status;
	ap.source = "portal";
	ap.member = "";
	ap.sequence = sequence;
	ap.cancel_reason = "";
	ap.created = NOW - 86400;
	ap.updated = NOW - HOUR;
	return ap;
}

/* The calendar parsed back; the test fails when it does not parse. */
static icalcomponent *
parse(const char *text)
{
	icalcomponent	*cal;

	assert_non_null(text);
	cal = icalparser_parse_string(text);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	return cal;
}

static icalcomponent *
event(icalcomponent *cal, int i)
{
	icalcomponent	*ev;

	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	while (ev != NULL && i-- > 0)
		ev = icalcomponent_get_next_component(cal,
		    ICAL_VEVENT_COMPONENT);
	assert_non_null(ev);
	return ev;
}

static int
count_events(icalcomponent *cal)
{
	icalcomponent	*ev;
	int		 n = 0;

	for (ev = icalcomponent_get_first_component(cal,
	    ICAL_VEVENT_COMPONENT); ev != NULL;
	    ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		n++;
	return n;
}

static void
request_has_uid_sequence_and_people(void **state)
{
	struct appointment	 ap = appt("AAAAAAAAAAAAAAAAAAAAAQ", AMS,
				    1774688400, "confirmed", 3);
	icalcomponent		*cal, *ev;
	icalproperty		*p;

	cal = parse(ics_calendar(A, &ORIGIN, ICS_REQUEST, &ap, 1, NOW));
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_REQUEST);
	p = icalcomponent_get_first_property(cal, ICAL_VERSION_PROPERTY);
	assert_string_equal(icalproperty_get_version(p), "2.0");
	assert_non_null(icalcomponent_get_first_property(cal,
	    ICAL_PRODID_PROPERTY));
	ev = event(cal, 0);
	assert_string_equal(icalcomponent_get_uid(ev),
	    "AAAAAAAAAAAAAAAAAAAAAQ@portal.example");
	assert_int_equal(icalcomponent_get_sequence(ev), 3);
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
	assert_int_equal(icaltime_as_timet(icalcomponent_get_dtstamp(ev)),
	    NOW);
	assert_string_equal(icalcomponent_get_summary(ev),
	    "Quay Street 1 — Viewings");
	assert_string_equal(icalcomponent_get_location(ev),
	    "1 Quay Street, Harbourtown");
	p = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
	assert_string_equal(icalproperty_get_url(p),
	    "https://portal.example/portal/appointments/"
	    "AAAAAAAAAAAAAAAAAAAAAQ");
	p = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
	assert_string_equal(icalproperty_get_organizer(p),
	    "mailto:office@harbour.example");
	assert_string_equal(icalparameter_get_cn(icalproperty_get_first_parameter(
	    p, ICAL_CN_PARAMETER)), "Harbour 'Realty'");
	p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
	assert_string_equal(icalproperty_get_attendee(p),
	    "mailto:ana@example.com");
	icalcomponent_free(cal);
}

static void
cancel_is_cancelled(void **state)
{
	struct appointment	 ap = appt("BBBBBBBBBBBBBBBBBBBBBQ", AMS,
				    1774688400, "cancelled", 4);
	icalcomponent		*cal, *ev;

	cal = parse(ics_calendar(A, &ORIGIN, ICS_CANCEL, &ap, 1, NOW));
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_CANCEL);
	ev = event(cal, 0);
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	assert_int_equal(icalcomponent_get_sequence(ev), 4);
	icalcomponent_free(cal);
	/* a confirmed one sent under CANCEL is cancelled all the same */
	ap.status = "confirmed";
	cal = parse(ics_calendar(A, &ORIGIN, ICS_CANCEL, &ap, 1, NOW));
	assert_int_equal(icalcomponent_get_status(event(cal, 0)),
	    ICAL_STATUS_CANCELLED);
	icalcomponent_free(cal);
}

/* Local wall clock and instant of event i's DTSTART and DTEND. */
static void
check_time(icalcomponent *ev, int64_t starts, int hour)
{
	icalproperty		*p;
	icalparameter		*tzid;
	struct icaltimetype	 t;

	p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	assert_non_null(tzid);
	assert_string_equal(icalparameter_get_tzid(tzid), AMS);
	t = icalproperty_get_dtstart(p);
	assert_int_equal(t.hour, hour);
	assert_false(icaltime_is_utc(t));
	/* resolved through the calendar's own VTIMEZONE */
	t = icalcomponent_get_dtstart(ev);
	assert_non_null(t.zone);
	assert_int_equal(icaltime_as_timet_with_zone(t, t.zone), starts);
	t = icalcomponent_get_dtend(ev);
	assert_int_equal(icaltime_as_timet_with_zone(t, t.zone), starts + HOUR);
}

static void
times_in_zone_across_dst(void **state)
{
	/* 10:00 in Amsterdam before and after each change of 2026 */
	struct appointment	 ap[4] = {
		appt("CCCCCCCCCCCCCCCCCCCCCA", AMS, 1774688400, "confirmed", 0),
		appt("DDDDDDDDDDDDDDDDDDDDDA", AMS, 1774857600, "confirmed", 0),
		appt("EEEEEEEEEEEEEEEEEEEEEA", AMS, 1792828800, "confirmed", 0),
		appt("FFFFFFFFFFFFFFFFFFFFFA", AMS, 1793005200, "cancelled", 2),
	};
	icalcomponent		*cal, *vtz;
	const char		*text;

	text = ics_calendar(A, &ORIGIN, ICS_PUBLISH, ap, 4, NOW);
	cal = parse(text);
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_PUBLISH);
	assert_int_equal(count_events(cal), 4);
	vtz = icalcomponent_get_first_component(cal,
	    ICAL_VTIMEZONE_COMPONENT);
	assert_non_null(vtz);
	assert_string_equal(icalproperty_get_tzid(
	    icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY)), AMS);
	assert_null(icalcomponent_get_next_component(cal,
	    ICAL_VTIMEZONE_COMPONENT));
	check_time(event(cal, 0), 1774688400, 10);
	check_time(event(cal, 1), 1774857600, 10);
	check_time(event(cal, 2), 1792828800, 10);
	check_time(event(cal, 3), 1793005200, 10);
	assert_int_equal(icalcomponent_get_status(event(cal, 3)),
	    ICAL_STATUS_CANCELLED);
	/* a feed names no attendee */
	assert_null(icalcomponent_get_first_property(event(cal, 0),
	    ICAL_ATTENDEE_PROPERTY));
	assert_non_null(strstr(text, "DTSTART;TZID=Europe/Amsterdam:"
	    "20260328T100000\r\n"));
	icalcomponent_free(cal);
}

static void
no_zone_is_utc(void **state)
{
	struct appointment	 ap[2] = {
		appt("GGGGGGGGGGGGGGGGGGGGGA", "", 1774688400, "confirmed", 0),
		appt("HHHHHHHHHHHHHHHHHHHHHA", "Nowhere/Else", 1774688400,
		    "requested", 0),
	};
	const char		*text;
	icalcomponent		*cal;

	text = ics_calendar(A, &ORIGIN, ICS_PUBLISH, ap, 2, NOW);
	cal = parse(text);
	assert_null(icalcomponent_get_first_component(cal,
	    ICAL_VTIMEZONE_COMPONENT));
	assert_non_null(strstr(text, "DTSTART:20260328T090000Z\r\n"));
	assert_int_equal(icalcomponent_get_status(event(cal, 1)),
	    ICAL_STATUS_TENTATIVE);
	icalcomponent_free(cal);
}

static void
text_is_escaped(void **state)
{
	struct appointment	 ap = appt("IIIIIIIIIIIIIIIIIIIIIA", AMS,
				    1774688400, "confirmed", 0);
	const char		*text;
	icalcomponent		*cal, *ev;

	ap.project = "Dock, \"North\"; unit\\2";
	ap.agenda = "Line one\nline two";
	ap.location = "Quay 1, 2; back\r\nentrance";
	ap.meeting_url = "https://meet.example/a?b=1;c=2,3";
	text = ics_calendar(A, &ORIGIN, ICS_REQUEST, &ap, 1, NOW);
	assert_non_null(strstr(text, "SUMMARY:Dock\\, \"North\"\\; unit\\\\2 — "
	    "Line one\\nline two\r\n"));
	cal = parse(text);
	ev = event(cal, 0);
	assert_string_equal(icalcomponent_get_summary(ev),
	    "Dock, \"North\"; unit\\2 — Line one\nline two");
	assert_string_equal(icalcomponent_get_location(ev),
	    "Quay 1, 2; back\nentrance");
	assert_non_null(strstr(icalcomponent_get_description(ev),
	    "https://meet.example/a?b=1;c=2,3\n"));
	/* one event: nothing a value held began a component of its own */
	assert_int_equal(count_events(cal), 1);
	icalcomponent_free(cal);
}

static void
long_lines_fold(void **state)
{
	struct appointment	 ap = appt("JJJJJJJJJJJJJJJJJJJJJA", AMS,
				    1774688400, "confirmed", 0);
	struct buf		 b;
	const char		*text, *p, *eol;
	icalcomponent		*cal;
	size_t			 i, len;

	buf_init(&b, A);
	for (i = 0; i < 60; i++)
		buf_puts(&b, "Straße é ");
	buf_puts(&b, "end");	/* the parser drops a final space */
	ap.location = buf_cstr(&b);
	text = ics_calendar(A, &ORIGIN, ICS_REQUEST, &ap, 1, NOW);
	assert_non_null(text);
	for (p = text; *p != '\0'; p = eol + 2) {
		eol = strstr(p, "\r\n");
		assert_non_null(eol);
		len = (size_t)(eol - p);
		assert_true(len <= 75);
		assert_true(utf8_valid(p, len));
		assert_null(memchr(p, '\n', len));
	}
	cal = parse(text);
	assert_string_equal(icalcomponent_get_location(event(cal, 0)),
	    ap.location);
	icalcomponent_free(cal);
}

static void
empty_feed(void **state)
{
	icalcomponent	*cal;

	cal = parse(ics_calendar(A, &ORIGIN, ICS_PUBLISH, NULL, 0, NOW));
	assert_int_equal(count_events(cal), 0);
	icalcomponent_free(cal);
	assert_string_equal(ics_method_name(ICS_REQUEST), "REQUEST");
	assert_string_equal(ics_method_name(ICS_CANCEL), "CANCEL");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_has_uid_sequence_and_people),
		cmocka_unit_test(cancel_is_cancelled),
		cmocka_unit_test(times_in_zone_across_dst),
		cmocka_unit_test(no_zone_is_utc),
		cmocka_unit_test(text_is_escaped),
		cmocka_unit_test(long_lines_fold),
		cmocka_unit_test(empty_feed),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
