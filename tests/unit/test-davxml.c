/*
 * test-davxml: a CalDAV server's multistatus answer, as Radicale,
 * Nextcloud and iCloud write it (any prefixes, CDATA, a 404 propstat
 * beside the 200 one), and answers that must be refused whole: a DTD
 * (entity expansion, an external entity), another root, too many
 * responses, too many bytes, broken XML, nesting past libxml2's limit.
 * And the busy times ics_busy reads from a calendar's events.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "davxml.h"
#include "ics.h"

static struct arena	*A;

static bool
parse(const char *xml, struct davxml_item **it, size_t *n, const char **err)
{
	*err = NULL;
	return davxml_multistatus(A, xml, strlen(xml), it, n, err);
}

static void
test_radicale_answer(void **state)
{
	static const char xml[] =
	    "<?xml version='1.0' encoding='utf-8'?>\n"
	    "<multistatus xmlns=\"DAV:\" "
	    "xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
	    "<response><href>/porch/cal/a.ics</href><propstat><prop>"
	    "<C:calendar-data>BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
	    "</C:calendar-data></prop><status>HTTP/1.1 200 OK</status>"
	    "</propstat></response>"
	    "<x:response xmlns:x=\"DAV:\"><x:href>/b.ics</x:href>"
	    "<x:propstat><x:prop><cal:calendar-data xmlns:cal="
	    "\"urn:ietf:params:xml:ns:caldav\"/></x:prop><x:status>"
	    "HTTP/1.1 404 Not Found</x:status></x:propstat><x:propstat>"
	    "<x:prop><cal:calendar-data xmlns:cal="
	    "\"urn:ietf:params:xml:ns:caldav\"><![CDATA[BEGIN:VEVENT & <x>]]>"
	    "</cal:calendar-data></x:prop><x:status>HTTP/1.1 200 OK"
	    "</x:status></x:propstat></x:response>"
	    "<response><href>/c.ics</href><status>HTTP/1.1 404 Not Found"
	    "</status></response>"
	    "<other>ignored</other></multistatus>";
	struct davxml_item	*it;
	const char		*err;
	size_t			 n;

	(void)state;
	assert_true(parse(xml, &it, &n, &err));
	assert_int_equal(n, 3);
	assert_string_equal(it[0].href, "/porch/cal/a.ics");
	/* XML reads a CR LF as LF (a server that means CR writes &#13;) */
	assert_string_equal(it[0].data, "BEGIN:VCALENDAR\nEND:VCALENDAR\n");
	assert_string_equal(it[1].href, "/b.ics");
	assert_string_equal(it[1].data, "BEGIN:VEVENT & <x>");
	assert_string_equal(it[2].data, "");
}

static void
test_hostile_answers(void **state)
{
	static const char *const bad[] = {
		/* entity expansion, external entities: no DTD at all */
		"<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY a \"aaaa\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
		"<multistatus xmlns=\"DAV:\">&b;</multistatus>",
		"<?xml version=\"1.0\"?><!DOCTYPE m SYSTEM "
		"\"file:///etc/passwd\"><multistatus xmlns=\"DAV:\"/>",
		/* not a multistatus: another name, no namespace, another */
		"<error xmlns=\"DAV:\"/>",
		"<multistatus/>",
		"<multistatus xmlns=\"urn:other\"/>",
		/* not XML */
		"", "<multistatus xmlns=\"DAV:\">", "HTTP/1.1 500\r\n\r\n",
		"<a xmlns=\"DAV:\"></b>",
	};
	struct davxml_item	*it;
	const char		*err;
	size_t			 i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(parse(bad[i], &it, &n, &err));
		assert_non_null(err);
		assert_int_equal(n, 0);
		assert_null(it);
	}
}

/* n copies of what between head and tail, in the arena. */
static char *
repeat(const char *head, const char *what, size_t n, const char *tail)
{
	size_t	 lh = strlen(head), lw = strlen(what), lt = strlen(tail), i;
	char	*s = arena_alloc(A, lh + lw * n + lt + 1), *p = s;

	memcpy(p, head, lh);
	for (p += lh, i = 0; i < n; i++, p += lw)
		memcpy(p, what, lw);
	memcpy(p, tail, lt + 1);
	return s;
}

static void
test_limits(void **state)
{
	struct davxml_item	*it;
	const char		*err, *xml;
	size_t			 n;

	(void)state;
	xml = repeat("<multistatus xmlns=\"DAV:\">", "<response/>",
	    DAVXML_ITEMS, "</multistatus>");
	assert_true(parse(xml, &it, &n, &err));
	assert_int_equal(n, DAVXML_ITEMS);
	xml = repeat("<multistatus xmlns=\"DAV:\">", "<response/>",
	    DAVXML_ITEMS + 1, "</multistatus>");
	assert_false(parse(xml, &it, &n, &err));
	assert_string_equal(err, "too many responses");
	/* deeper than libxml2 allows without XML_PARSE_HUGE */
	xml = repeat(repeat("<multistatus xmlns=\"DAV:\">", "<a>", 300000,
	    ""), "</a>", 300000, "</multistatus>");
	assert_false(parse(xml, &it, &n, &err));
	/* too long: refused before it is read */
	assert_false(davxml_multistatus(A, "<x/>", DAVXML_MAX + 1, &it, &n,
	    &err));
	assert_string_equal(err, "answer too large");
}

#define T0	INT64_C(1798761600)	/* 2027-01-01T00:00:00Z, a Friday */
#define HOUR	INT64_C(3600)
#define DAY	INT64_C(86400)

static const char cal[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n"
    "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n"
    "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\n"
    "END:VTIMEZONE\r\n"
    /* 10:00-11:00 Amsterdam (09:00 UTC), three days running */
    "BEGIN:VEVENT\r\nUID:gym@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;TZID=Europe/Amsterdam:20270104T100000\r\n"
    "DTEND;TZID=Europe/Amsterdam:20270104T110000\r\n"
    "RRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n"
    /* a whole day in the agenda's zone */
    "BEGIN:VEVENT\r\nUID:off@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;VALUE=DATE:20270110\r\nDTEND;VALUE=DATE:20270111\r\n"
    "END:VEVENT\r\n"
    /* not busy: transparent, cancelled, Porch's own */
    "BEGIN:VEVENT\r\nUID:t@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART:20270105T150000Z\r\nDTEND:20270105T160000Z\r\n"
    "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:c@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART:20270105T150000Z\r\nDTEND:20270105T160000Z\r\n"
    "STATUS:CANCELLED\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:abc@portal.example.com\r\n"
    "DTSTAMP:20260101T000000Z\r\n"
    "DTSTART:20270105T150000Z\r\nDTEND:20270105T160000Z\r\nEND:VEVENT\r\n"
    /* every second for a year: only its first time counts */
    "BEGIN:VEVENT\r\nUID:s@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART:20270120T080000Z\r\nDTEND:20270120T080001Z\r\n"
    "RRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";

static void
test_busy_times(void **state)
{
	struct ics_span	*sp = NULL;
	size_t		 n = 0;

	(void)state;
	assert_true(ics_busy(A, cal, "portal.example.com", "Europe/Amsterdam",
	    T0, T0 + 60 * DAY, &sp, &n));
	assert_int_equal(n, 5);
	assert_int_equal(sp[0].starts, T0 + 3 * DAY + 9 * HOUR);
	assert_int_equal(sp[0].ends, T0 + 3 * DAY + 10 * HOUR);
	assert_int_equal(sp[2].starts, T0 + 5 * DAY + 9 * HOUR);
	/* 10 January from midnight in Amsterdam (23:00 UTC the day before) */
	assert_int_equal(sp[3].starts, T0 + 9 * DAY - HOUR);
	assert_int_equal(sp[3].ends, T0 + 10 * DAY - HOUR);
	assert_int_equal(sp[4].starts, T0 + 19 * DAY + 8 * HOUR);
	/* outside the range: nothing; not iCalendar: nothing */
	n = 0;
	assert_true(ics_busy(A, cal, "", "UTC", T0 + 100 * DAY,
	    T0 + 101 * DAY, &sp, &n));
	assert_int_equal(n, 0);
	assert_true(ics_busy(A, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", "",
	    "UTC", T0, T0 + DAY, &sp, &n));
	assert_true(ics_busy(A, "<html>", "", "UTC", T0, T0 + DAY, &sp, &n));
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_radicale_answer),
		cmocka_unit_test(test_hostile_answers),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_busy_times),
	};
	int	 rc;

	A = arena_new(1 << 20);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	arena_free(A);
	return rc;
}
