/*
 * test-json: the JSON writer's output, byte for byte: escaping of quotes,
 * backslashes and every control character, nesting, the commas between
 * members and elements, the values, and what happens past the depth
 * limit.  Every document written is also checked to be whole (brackets
 * balanced outside strings).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "json.h"

static struct arena	*A;

static int
setup(void **state)
{
	A = arena_new(4096);
	return 0;
}

static int
teardown(void **state)
{
	arena_free(A);
	return 0;
}

static const char *
quoted(const char *s)
{
	struct buf	 b;

	buf_init(&b, A);
	json_quote(&b, s);
	return buf_cstr(&b);
}

static void
escapes_quotes_and_backslashes(void **state)
{
	assert_string_equal(quoted(""), "\"\"");
	assert_string_equal(quoted("plain ~ text"), "\"plain ~ text\"");
	assert_string_equal(quoted("a\"b"), "\"a\\\"b\"");
	assert_string_equal(quoted("a\\b"), "\"a\\\\b\"");
	assert_string_equal(quoted("\\\""), "\"\\\\\\\"\"");
	assert_string_equal(quoted("</script>"), "\"</script>\"");
	/* UTF-8 passes through untouched */
	assert_string_equal(quoted("caf\xc3\xa9 \xe2\x82\xac"),
	    "\"caf\xc3\xa9 \xe2\x82\xac\"");
}

static void
escapes_every_control(void **state)
{
	char	 in[2], want[16];
	int	 c;

	in[1] = '\0';
	for (c = 1; c < 0x20; c++) {
		in[0] = (char)c;
		snprintf(want, sizeof(want), "\"\\u%04x\"", c);
		assert_string_equal(quoted(in), want);
	}
	assert_string_equal(quoted("\x7f"), "\"\\u007f\"");
	assert_string_equal(quoted("a\nb\tc\r"), "\"a\\u000ab\\u0009c\\u000d\"");
	/* the byte after the controls is not escaped */
	assert_string_equal(quoted(" "), "\" \"");
}

static const char *
doc(void (*write)(struct json *))
{
	struct buf	 b;
	struct json	 j;

	buf_init(&b, A);
	json_init(&j, &b);
	write(&j);
	return buf_cstr(&b);
}

static void
write_values(struct json *j)
{
	json_obj_open(j, NULL);
	json_str(j, "s", "x");
	json_str(j, "n", NULL);
	json_int(j, "i", -42);
	json_int(j, "max", INT64_MAX);
	json_int(j, "min", INT64_MIN);
	json_bool(j, "t", true);
	json_bool(j, "f", false);
	json_null(j, "z");
	json_obj_close(j);
}

static void
values_and_commas(void **state)
{
	assert_string_equal(doc(write_values),
	    "{\"s\":\"x\",\"n\":null,\"i\":-42,"
	    "\"max\":9223372036854775807,\"min\":-9223372036854775808,"
	    "\"t\":true,\"f\":false,\"z\":null}");
}

static void
write_nested(struct json *j)
{
	json_obj_open(j, NULL);
	json_arr_open(j, "empty");
	json_arr_close(j);
	json_obj_open(j, "o");
	json_obj_close(j);
	json_arr_open(j, "list");
	json_int(j, NULL, 1);
	json_obj_open(j, NULL);
	json_str(j, "k\"", "v");
	json_arr_open(j, "in");
	json_arr_open(j, NULL);
	json_arr_close(j);
	json_bool(j, NULL, true);
	json_arr_close(j);
	json_obj_close(j);
	json_obj_open(j, NULL);
	json_obj_close(j);
	json_arr_close(j);
	json_int(j, "after", 2);
	json_obj_close(j);
}

static void
nesting(void **state)
{
	assert_string_equal(doc(write_nested),
	    "{\"empty\":[],\"o\":{},\"list\":[1,{\"k\\\"\":\"v\","
	    "\"in\":[[],true]},{}],\"after\":2}");
}

static void
write_top_array(struct json *j)
{
	json_arr_open(j, NULL);
	json_str(j, NULL, "a");
	json_str(j, NULL, "b");
	json_arr_close(j);
	/* a close too many at the top level writes nothing */
	json_arr_close(j);
}

static void
top_level_array(void **state)
{
	assert_string_equal(doc(write_top_array), "[\"a\",\"b\"]");
}

static void
write_too_deep(struct json *j)
{
	int	 i;

	for (i = 0; i < JSON_MAXDEPTH + 3; i++)
		json_arr_open(j, NULL);
	json_int(j, NULL, 1);
	for (i = 0; i < JSON_MAXDEPTH + 3; i++)
		json_arr_close(j);
	assert_true(j->overflow);
}

static void
depth_limit(void **state)
{
	const char	*s = doc(write_too_deep);
	size_t		 i;

	/* the limit's worth of levels, then nothing: never mis-nested */
	assert_int_equal(strlen(s), JSON_MAXDEPTH);
	for (i = 0; i < JSON_MAXDEPTH; i++)
		assert_int_equal(s[i], '[');
}

static void
write_at_limit(struct json *j)
{
	int	 i;

	for (i = 0; i < JSON_MAXDEPTH; i++)
		json_arr_open(j, NULL);
	for (i = 0; i < JSON_MAXDEPTH; i++)
		json_arr_close(j);
	assert_false(j->overflow);
}

static void
depth_at_limit(void **state)
{
	const char	*s = doc(write_at_limit);

	assert_int_equal(strlen(s), 2 * JSON_MAXDEPTH);
	assert_int_equal(s[JSON_MAXDEPTH - 1], '[');
	assert_int_equal(s[JSON_MAXDEPTH], ']');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_quotes_and_backslashes),
		cmocka_unit_test(escapes_every_control),
		cmocka_unit_test(values_and_commas),
		cmocka_unit_test(nesting),
		cmocka_unit_test(top_level_array),
		cmocka_unit_test(depth_limit),
		cmocka_unit_test(depth_at_limit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
