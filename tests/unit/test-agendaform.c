/*
 * test-agendaform: the agenda form's checks and the slot-week field,
 * without a request: numbers within the rules' bounds and nothing else,
 * texts by characters with no control characters, the meeting link https
 * only, each weekday's hours read (and a bad day marked alone), stored
 * hours written back as a person types them, and a slot's start as the
 * form sends it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "../../lib/web/agendaform.c"

static void
numbers(void **state)
{
	(void)state;
	assert_int_equal(number("30", 5, 480), 30);
	assert_int_equal(number("5", 5, 480), 5);
	assert_int_equal(number("480", 5, 480), 480);
	assert_int_equal(number("4", 5, 480), -1);
	assert_int_equal(number("481", 5, 480), -1);
	assert_int_equal(number("", 0, 10), -1);
	assert_int_equal(number("-1", 0, 10), -1);
	assert_int_equal(number("1.5", 0, 10), -1);
	assert_int_equal(number(" 3", 0, 10), -1);
	assert_int_equal(number("999999", 0, 1000000), -1);	/* 6 digits */
	assert_int_equal(number("43200", 0, 43200), 43200);
}

static void
texts(void **state)
{
	char	 s[241];
	size_t	 i;

	(void)state;
	assert_true(text_ok("Viewings", 120, false));
	assert_false(text_ok("", 120, false));
	assert_true(text_ok("", 200, true));
	assert_false(text_ok("a\tb", 120, false));
	/* characters, not bytes: 120 two-byte letters fit */
	for (i = 0; i < 240; i += 2)
		memcpy(s + i, "\xc3\xa9", 2);
	s[240] = '\0';
	assert_true(text_ok(s, 120, false));
	assert_false(text_ok(s, 119, false));
}

static void
meeting_links(void **state)
{
	(void)state;
	assert_true(meeting_ok(""));
	assert_true(meeting_ok("https://meet.example/abc"));
	assert_false(meeting_ok("http://meet.example/abc"));
	assert_false(meeting_ok("https://"));
	assert_false(meeting_ok("javascript:alert(1)"));
	assert_false(meeting_ok("https://x.example/a b"));
	assert_false(meeting_ok("https://x.example/\"><b>"));
}

static void
weekly_hours(void **state)
{
	struct agendaform	 f;
	int			 wd;

	(void)state;
	memset(&f, 0, sizeof(f));
	for (wd = 0; wd < 7; wd++)
		f.text[AGENDAFORM_HOURS + wd] = "";
	f.text[AGENDAFORM_HOURS + 1] = "09:00-12:00, 13:00-17:00";
	f.text[AGENDAFORM_HOURS + 5] = " 10:00-11:00 ";
	f.text[AGENDAFORM_HOURS + 3] = "9-5";
	read_hours(&f);
	assert_int_equal(f.errs, 1UL << (AGENDAFORM_HOURS + 3));
	assert_int_equal(f.nhours, 3);
	assert_int_equal(f.hours[0].weekday, 1);
	assert_int_equal(f.hours[0].opens, 540);
	assert_int_equal(f.hours[1].closes, 1020);
	assert_int_equal(f.hours[2].weekday, 5);
}

static void
hours_written_back(void **state)
{
	struct arena		*a = arena_new(4096);
	struct agenda_hours	 h[] = {
		{ 1, 540, 720 }, { 1, 780, 1020 }, { 2, 0, 1440 },
	};

	(void)state;
	assert_string_equal(hours_text(a, 1, h, 3), "09:00-12:00, 13:00-17:00");
	assert_string_equal(hours_text(a, 2, h, 3), "00:00-24:00");
	assert_string_equal(hours_text(a, 0, h, 3), "");
	arena_free(a);
}

static void
slot_starts(void **state)
{
	(void)state;
	assert_true(slotweek_valid_start("1796545800", 10));
	assert_false(slotweek_valid_start("", 0));
	assert_false(slotweek_valid_start("0", 1));
	assert_false(slotweek_valid_start("017", 3));
	assert_false(slotweek_valid_start("-5", 2));
	assert_false(slotweek_valid_start("12a", 3));
	assert_false(slotweek_valid_start("1234567890123", 13));
	assert_int_equal(slotweek_start("1796545800"), 1796545800LL);
	assert_int_equal(slotweek_start(NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers),
		cmocka_unit_test(texts),
		cmocka_unit_test(meeting_links),
		cmocka_unit_test(weekly_hours),
		cmocka_unit_test(hours_written_back),
		cmocka_unit_test(slot_starts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
