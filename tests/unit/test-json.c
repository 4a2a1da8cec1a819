/*
 * test-json: the JSON writer's output, byte for byte: escaping of quotes,
 * backslashes and every control character, nesting, the commas between
 * members and elements, the values, and what happens past the depth
 * limit.  Every document written is also checked to be whole (brackets
 * balanced outside strings).
 *
 * The reader: every value type, nesting up to the limit and one past it,
 * escapes and surrogate pairs, each refusal with its reason, the size
 * limit, lookups, whole numbers at the edges of int64, documents at the
 * size limit read in n log n time rather than n squared, and what the
 * writer writes read back unchanged.
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

/* ------------------------------------------------------------ reader */

/* Parses n bytes of s, which must be accepted; checks the reason is unset. */
static const struct jval *
parsed_n(const char *s, size_t n)
{
	const struct jval	*v;
	const char		*err = "unset";

	v = json_parse(A, s, n, &err);
	if (v == NULL)
		fail_msg("refused \"%.*s\": %s", (int)(n < 60 ? n : 60), s, err);
	assert_null(err);
	return v;
}

static const struct jval *
parsed(const char *s)
{
	return parsed_n(s, strlen(s));
}

/* Parses n bytes of s, which must be refused: the reason. */
static const char *
refused_n(const char *s, size_t n)
{
	const char	*err = NULL;

	if (json_parse(A, s, n, &err) != NULL)
		fail_msg("accepted \"%.*s\"", (int)(n < 60 ? n : 60), s);
	assert_non_null(err);
	return err;
}

static const char *
refused(const char *s)
{
	return refused_n(s, strlen(s));
}

/* The string a one-string document decodes to; checks it is terminated. */
static const char *
str_of(const char *text, size_t *len)
{
	const struct jval	*v = parsed(text);

	assert_int_equal(v->type, JSON_STRING);
	assert_int_equal(v->str[v->len], '\0');
	*len = v->len;
	return v->str;
}

static void
read_literals(void **state)
{
	assert_int_equal(parsed("null")->type, JSON_NULL);
	assert_int_equal(parsed("true")->type, JSON_TRUE);
	assert_int_equal(parsed("false")->type, JSON_FALSE);
	assert_string_equal(refused("nul"), "unexpected end");
	assert_string_equal(refused("True"), "unexpected character");
	assert_string_equal(refused("nulL"), "unexpected character");
	assert_string_equal(refused("falsey"), "trailing text");
	assert_string_equal(refused("undefined"), "unexpected character");
}

static void
read_numbers(void **state)
{
	const char	*ok[] = { "0", "-0", "7", "-12", "1.5", "-0.25",
	    "1e3", "1E+3", "2e-7", "-1.5E10", "0.0", "0e0",
	    "123456789012345678901234567890",
	    "1.7976931348623157e309" };
	const struct jval *v;
	size_t		 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		v = parsed(ok[i]);
		assert_int_equal(v->type, JSON_NUMBER);
		/* the text as sent, terminated */
		assert_string_equal(v->str, ok[i]);
		assert_int_equal(v->len, strlen(ok[i]));
	}
	v = parsed("[1,-2.5e1]");
	assert_string_equal(v->kids[0].str, "1");
	assert_string_equal(v->kids[1].str, "-2.5e1");
}

static void
refuse_bad_numbers(void **state)
{
	assert_string_equal(refused("01"), "leading zero");
	assert_string_equal(refused("-01"), "leading zero");
	assert_string_equal(refused("00"), "leading zero");
	assert_string_equal(refused("[007]"), "leading zero");
	assert_string_equal(refused("-"), "unexpected end");
	assert_string_equal(refused("-x"), "invalid number");
	assert_string_equal(refused("1."), "unexpected end");
	assert_string_equal(refused("1.e3"), "invalid number");
	assert_string_equal(refused("[1.]"), "invalid number");
	assert_string_equal(refused("1e"), "unexpected end");
	assert_string_equal(refused("1e+"), "unexpected end");
	assert_string_equal(refused("1e+x"), "invalid number");
	assert_string_equal(refused("+1"), "unexpected character");
	assert_string_equal(refused(".5"), "unexpected character");
	assert_string_equal(refused("0x10"), "trailing text");
	assert_string_equal(refused("1.5.5"), "trailing text");
	assert_string_equal(refused("NaN"), "unexpected character");
	assert_string_equal(refused("Infinity"), "unexpected character");
	assert_string_equal(refused("-Infinity"), "invalid number");
}

static void
read_strings(void **state)
{
	size_t	 len;

	assert_string_equal(str_of("\"\"", &len), "");
	assert_int_equal(len, 0);
	assert_string_equal(str_of("\"abc\"", &len), "abc");
	assert_int_equal(len, 3);
	/* raw UTF-8 passes through as is */
	assert_string_equal(str_of("\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", &len),
	    "caf\xc3\xa9 \xf0\x9f\x98\x80");
	assert_int_equal(len, 10);
	/* DEL is not a control character to RFC 8259 */
	assert_string_equal(str_of("\"a\x7f\"", &len), "a\x7f");
	assert_string_equal(str_of("\"</script>\"", &len), "</script>");
}

static void
read_escapes(void **state)
{
	size_t	 len;

	assert_string_equal(str_of("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", &len),
	    "\"\\/\b\f\n\r\t");
	assert_int_equal(len, 8);
	assert_string_equal(str_of("\"a\\u0041b\"", &len), "aAb");
	assert_string_equal(str_of("\"\\u0001\\u001f\"", &len), "\x01\x1f");
	assert_int_equal(len, 2);
	assert_string_equal(str_of("\"\\u00e9\\u00E9\"", &len),
	    "\xc3\xa9\xc3\xa9");
	assert_string_equal(str_of("\"\\u07ff\\u0800\"", &len),
	    "\xdf\xbf\xe0\xa0\x80");
	assert_string_equal(str_of("\"\\u20AC\"", &len), "\xe2\x82\xac");
	assert_string_equal(str_of("\"\\uffff\"", &len), "\xef\xbf\xbf");
	/* the escaped quote does not end the string */
	assert_string_equal(str_of("\"\\\"}\"", &len), "\"}");
	assert_string_equal(str_of("\"\\\\\"", &len), "\\");
}

static void
read_surrogate_pairs(void **state)
{
	size_t	 len;

	assert_string_equal(str_of("\"\\ud83d\\ude00\"", &len),
	    "\xf0\x9f\x98\x80");
	assert_int_equal(len, 4);
	assert_string_equal(str_of("\"x\\uD800\\uDC00y\"", &len),
	    "x\xf0\x90\x80\x80y");
	assert_string_equal(str_of("\"\\udbff\\udfff\"", &len),
	    "\xf4\x8f\xbf\xbf");
	/* the edges of the surrogate range on either side are plain */
	assert_string_equal(str_of("\"\\ud7ff\\ue000\"", &len),
	    "\xed\x9f\xbf\xee\x80\x80");
}

static void
refuse_bad_surrogates(void **state)
{
	assert_string_equal(refused("\"\\ud800\""), "lone surrogate");
	assert_string_equal(refused("\"\\udbff x\""), "lone surrogate");
	assert_string_equal(refused("\"\\udc00\""), "lone surrogate");
	assert_string_equal(refused("\"\\udfff\\ud800\""), "lone surrogate");
	/* reversed pair */
	assert_string_equal(refused("\"\\udc00\\ud800\""), "lone surrogate");
	/* two highs, and a high before a plain escape */
	assert_string_equal(refused("\"\\ud800\\ud800\""), "lone surrogate");
	assert_string_equal(refused("\"\\ud800\\u0041\""), "lone surrogate");
	assert_string_equal(refused("\"\\ud800\\n\""), "lone surrogate");
	assert_string_equal(refused("\"\\ud800\\udc0\""), "lone surrogate");
	/* a surrogate written as raw UTF-8 is invalid UTF-8 */
	assert_string_equal(refused("\"\xed\xa0\x80\""), "invalid UTF-8");
}

static void
refuse_bad_escapes(void **state)
{
	assert_string_equal(refused("\"\\x41\""), "invalid escape");
	assert_string_equal(refused("\"\\'\""), "invalid escape");
	assert_string_equal(refused("\"\\U0041\""), "invalid escape");
	assert_string_equal(refused("\"\\a\""), "invalid escape");
	assert_string_equal(refused("\"\\u41\""), "invalid escape");
	assert_string_equal(refused("\"\\u004g\""), "invalid escape");
	assert_string_equal(refused("\"\\u\""), "invalid escape");
	assert_string_equal(refused("\"\\ \""), "invalid escape");
	assert_string_equal(refused("\"\\"), "unexpected end");
	assert_string_equal(refused("\"\\\""), "unexpected end");
}

static void
refuse_nul_and_controls(void **state)
{
	char	 text[] = "\"a?b\"";
	int	 c;

	assert_string_equal(refused("\"\\u0000\""), "escaped NUL");
	assert_string_equal(refused("{\"a\\u0000b\":1}"), "escaped NUL");
	for (c = 0; c < 0x20; c++) {
		text[2] = (char)c;
		assert_string_equal(refused_n(text, sizeof(text) - 1),
		    "control character in string");
	}
	assert_string_equal(refused("{\"a\tb\":1}"),
	    "control character in string");
	/* a NUL outside a string is no token */
	assert_string_equal(refused_n("[1,\0]", 5), "unexpected character");
	assert_string_equal(refused_n("1\0", 2), "trailing text");
}

static void
refuse_invalid_utf8(void **state)
{
	assert_string_equal(refused("\"\xc0\x80\""), "invalid UTF-8");
	assert_string_equal(refused("\"\x80\""), "invalid UTF-8");
	assert_string_equal(refused("\"\xe2\x82\""), "invalid UTF-8");
	assert_string_equal(refused("\"\xf5\x80\x80\x80\""), "invalid UTF-8");
	assert_string_equal(refused("\"\xf4\x90\x80\x80\""), "invalid UTF-8");
	assert_string_equal(refused("\"\xff\""), "invalid UTF-8");
	assert_string_equal(refused("{\"k\xe9y\":1}"), "invalid UTF-8");
	/* outside strings too, and before any other fault */
	assert_string_equal(refused("[1] \xc3"), "invalid UTF-8");
	/* valid UTF-8 is still no token outside a string */
	assert_string_equal(refused("[\xc3\xa9]"), "unexpected character");
	/* a byte-order mark is valid UTF-8 but no JSON token */
	assert_string_equal(refused("\xef\xbb\xbf{}"), "unexpected character");
}

static void
read_arrays_and_objects(void **state)
{
	const struct jval	*v, *o;

	v = parsed("[1,\"two\",[true,false],{\"k\":null},null]");
	assert_int_equal(v->type, JSON_ARRAY);
	assert_int_equal(v->n, 5);
	assert_null(v->keys);
	assert_string_equal(v->kids[0].str, "1");
	assert_string_equal(v->kids[1].str, "two");
	assert_int_equal(v->kids[2].type, JSON_ARRAY);
	assert_int_equal(v->kids[2].n, 2);
	assert_int_equal(v->kids[2].kids[0].type, JSON_TRUE);
	assert_int_equal(v->kids[2].kids[1].type, JSON_FALSE);
	assert_int_equal(v->kids[3].type, JSON_OBJECT);
	assert_int_equal(v->kids[4].type, JSON_NULL);

	o = parsed("{\"b\":1,\"a\":{\"x\":[\"y\"]},\"\":\"empty key\"}");
	assert_int_equal(o->type, JSON_OBJECT);
	assert_int_equal(o->n, 3);
	/* document order, not sorted by the duplicate check */
	assert_string_equal(o->keys[0], "b");
	assert_string_equal(o->keys[1], "a");
	assert_string_equal(o->keys[2], "");
	assert_string_equal(o->kids[0].str, "1");
	assert_string_equal(o->kids[1].keys[0], "x");
	assert_string_equal(o->kids[1].kids[0].kids[0].str, "y");
	assert_string_equal(o->kids[2].str, "empty key");
	/* keys are decoded like any string */
	o = parsed("{\"\\u00e9t\\u00e9\":true}");
	assert_string_equal(o->keys[0], "\xc3\xa9t\xc3\xa9");
}

static void
read_empty_containers(void **state)
{
	const struct jval	*v;

	v = parsed("{}");
	assert_int_equal(v->type, JSON_OBJECT);
	assert_int_equal(v->n, 0);
	v = parsed("[]");
	assert_int_equal(v->type, JSON_ARRAY);
	assert_int_equal(v->n, 0);
	v = parsed("[[],{},[{}]]");
	assert_int_equal(v->n, 3);
	assert_int_equal(v->kids[0].n, 0);
	assert_int_equal(v->kids[1].n, 0);
	assert_int_equal(v->kids[2].n, 1);
	assert_int_equal(v->kids[2].kids[0].type, JSON_OBJECT);
	assert_int_equal(parsed("{ }")->n, 0);
	assert_int_equal(parsed("[\n]")->n, 0);
}

static void
read_whitespace(void **state)
{
	const struct jval	*v;

	v = parsed(" \t\r\n{ \"a\" \n:\t[ 1 ,\r2 ] , \"b\":\"c d\" }\r\n ");
	assert_int_equal(v->n, 2);
	assert_int_equal(v->kids[0].n, 2);
	assert_string_equal(v->kids[1].str, "c d");
	assert_int_equal(parsed(" true ")->type, JSON_TRUE);
	/* only the four RFC 8259 whitespace bytes */
	assert_string_equal(refused("\v[]"), "unexpected character");
	assert_string_equal(refused("[]\f"), "trailing text");
	assert_string_equal(refused("[\xc2\xa0]"), "unexpected character");
	assert_string_equal(refused("[1\xe2\x80\xa8]"), "expected ',' or ']'");
}

static void
refuse_bad_syntax(void **state)
{
	assert_string_equal(refused("[1,]"), "unexpected character");
	assert_string_equal(refused("[,1]"), "unexpected character");
	assert_string_equal(refused("[1 2]"), "expected ',' or ']'");
	assert_string_equal(refused("[1:2]"), "expected ',' or ']'");
	assert_string_equal(refused("{\"a\":1,}"), "expected a key");
	assert_string_equal(refused("{\"a\":1 \"b\":2}"),
	    "expected ',' or '}'");
	assert_string_equal(refused("{\"a\" 1}"), "expected ':'");
	assert_string_equal(refused("{\"a\"=1}"), "expected ':'");
	assert_string_equal(refused("{1:2}"), "expected a key");
	assert_string_equal(refused("{a:1}"), "expected a key");
	assert_string_equal(refused("{'a':1}"), "expected a key");
	assert_string_equal(refused("['a']"), "unexpected character");
	assert_string_equal(refused("[1]/* c */"), "trailing text");
	assert_string_equal(refused("// c\n[]"), "unexpected character");
	assert_string_equal(refused("{\"a\":}"), "unexpected character");
	assert_string_equal(refused("]"), "unexpected character");
}

static void
refuse_duplicate_keys(void **state)
{
	char		 text[512];
	size_t		 n;
	int		 i;

	assert_string_equal(refused("{\"a\":1,\"a\":2}"), "duplicate key");
	assert_string_equal(refused("{\"a\":1,\"b\":2,\"a\":1}"),
	    "duplicate key");
	assert_string_equal(refused("{\"\":1,\"\":2}"), "duplicate key");
	/* the same key however it is spelt */
	assert_string_equal(refused("{\"a\":1,\"\\u0061\":2}"),
	    "duplicate key");
	/* deep inside an array */
	assert_string_equal(refused("[[{\"x\":{\"y\":1,\"y\":1}}]]"),
	    "duplicate key");
	/* past the pairwise check's size, first and last */
	n = (size_t)snprintf(text, sizeof(text), "{\"dup\":0");
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
		    ",\"k%d\":%d", i, i);
	snprintf(text + n, sizeof(text) - n, ",\"dup\":1}");
	assert_string_equal(refused(text), "duplicate key");
	snprintf(text + n, sizeof(text) - n, ",\"dup2\":1}");
	assert_int_equal(parsed(text)->n, 42);

	/* keys that differ only by case or prefix are distinct */
	assert_int_equal(parsed("{\"a\":1,\"A\":2,\"aa\":3,\"a \":4}")->n,
	    4);
	/* one key in different objects is no duplicate */
	assert_int_equal(parsed("{\"a\":{\"a\":{\"a\":1}},"
	    "\"b\":[{\"a\":1},{\"a\":2}]}")->n, 2);
}

static void
refuse_trailing_text(void **state)
{
	assert_string_equal(refused("{} x"), "trailing text");
	assert_string_equal(refused("{}{}"), "trailing text");
	assert_string_equal(refused("[]]"), "trailing text");
	assert_string_equal(refused("1 2"), "trailing text");
	assert_string_equal(refused("\"a\"\"b\""), "trailing text");
	assert_string_equal(refused("null,"), "trailing text");
	assert_string_equal(refused("truefalse"), "trailing text");
	assert_int_equal(parsed("{}  \n")->type, JSON_OBJECT);
}

static void
refuse_unexpected_end(void **state)
{
	const char	*docs[] = { "", "   ", "[", "[1", "[1,", "{",
	    "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\":1,", "\"abc", "tru",
	    "fals", "-", "1e", "{\"a", "[\"\\u00" };
	size_t		 i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		assert_string_equal(refused(docs[i]), "unexpected end");
	/* the length given is the end, whatever follows in memory */
	assert_string_equal(refused_n("[1]", 2), "unexpected end");
	assert_string_equal(refused_n(NULL, 0), "unexpected end");
}

/* `depth` arrays nested inside each other around a 1, with an object at
 * every other level. */
static const char *
nested_doc(int depth)
{
	struct buf	 b;
	int		 i;

	buf_init(&b, A);
	for (i = 0; i < depth; i++)
		buf_puts(&b, i % 2 ? "{\"k\":" : "[");
	buf_puts(&b, "1");
	for (i = depth - 1; i >= 0; i--)
		buf_puts(&b, i % 2 ? "}" : "]");
	return buf_cstr(&b);
}

static void
read_depth_limit(void **state)
{
	const struct jval	*v;
	char			*deep;
	int			 i;

	v = parsed(nested_doc(JSON_MAXDEPTH));
	for (i = 1; i < JSON_MAXDEPTH; i++)
		v = &v->kids[0];
	assert_int_equal(v->n, 1);
	assert_int_equal(v->kids[0].type, JSON_NUMBER);
	assert_string_equal(refused(nested_doc(JSON_MAXDEPTH + 1)),
	    "nested too deep");
	/* depth is nesting, not count: many siblings at the limit are fine */
	v = parsed("[[[],[],[]],[[]],{\"a\":[]}]");
	assert_int_equal(v->n, 3);
	/* far too deep fails at the limit, without running out of stack */
	deep = arena_alloc(A, JSON_READ_MAX + 1);
	memset(deep, '[', JSON_READ_MAX);
	assert_string_equal(refused_n(deep, JSON_READ_MAX), "nested too deep");
}

static void
read_size_limit(void **state)
{
	const struct jval	*v;
	char			*text;

	/* a string that makes the document exactly the limit */
	text = arena_alloc(A, JSON_READ_MAX + 2);
	memset(text, 'x', JSON_READ_MAX + 1);
	text[0] = '"';
	text[JSON_READ_MAX - 1] = '"';
	v = parsed_n(text, JSON_READ_MAX);
	assert_int_equal(v->len, JSON_READ_MAX - 2);
	assert_int_equal(strlen(v->str), JSON_READ_MAX - 2);
	/* one byte more (trailing space) */
	text[JSON_READ_MAX] = ' ';
	assert_string_equal(refused_n(text, JSON_READ_MAX + 1), "too large");
	assert_string_equal(refused_n(text, SIZE_MAX), "too large");
}

static void
lookups(void **state)
{
	const struct jval	*o, *arr;

	o = parsed("{\"iss\":\"https://id.example\",\"exp\":1700000000,"
	    "\"aud\":[\"a\",\"b\"],\"n\":null,\"e\":\"\"}");
	assert_ptr_equal(json_get(o, "iss"), &o->kids[0]);
	assert_int_equal(json_get(o, "aud")->type, JSON_ARRAY);
	assert_string_equal(json_get_str(o, "iss"), "https://id.example");
	assert_string_equal(json_get_str(o, "e"), "");
	/* present but not a string */
	assert_null(json_get_str(o, "exp"));
	assert_null(json_get_str(o, "aud"));
	assert_null(json_get_str(o, "n"));
	assert_int_equal(json_get(o, "n")->type, JSON_NULL);
	/* missing, or a near miss */
	assert_null(json_get(o, "sub"));
	assert_null(json_get(o, "is"));
	assert_null(json_get(o, "iss "));
	assert_null(json_get(o, "ISS"));
	assert_null(json_get(o, ""));
	assert_null(json_get_str(o, "sub"));
	assert_null(json_get(o, NULL));
	/* not an object, or nothing */
	arr = json_get(o, "aud");
	assert_null(json_get(arr, "a"));
	assert_null(json_get(json_get(o, "iss"), "iss"));
	assert_null(json_get(NULL, "iss"));
	assert_null(json_get_str(NULL, "iss"));
	assert_null(json_get(json_get(o, "missing"), "x"));
	assert_null(json_get(parsed("{}"), "a"));
}

/* json_to_int of a one-number document. */
static bool
whole(const char *text, int64_t *out)
{
	return json_to_int(parsed(text), out);
}

static void
whole_numbers(void **state)
{
	struct jval	 fake;
	int64_t		 i;

	assert_true(whole("0", &i));
	assert_int_equal(i, 0);
	i = 5;
	assert_true(whole("-0", &i));
	assert_int_equal(i, 0);
	assert_true(whole("1700000000", &i));
	assert_int_equal(i, 1700000000);
	assert_true(whole("-42", &i));
	assert_int_equal(i, -42);
	assert_true(whole("9223372036854775807", &i));
	assert_true(i == INT64_MAX);
	assert_true(whole("-9223372036854775808", &i));
	assert_true(i == INT64_MIN);
	assert_true(whole("9223372036854775806", &i));
	assert_true(i == INT64_MAX - 1);

	/* one past either end, and far past */
	i = 7;
	assert_false(whole("9223372036854775808", &i));
	assert_false(whole("-9223372036854775809", &i));
	assert_false(whole("10000000000000000000", &i));
	assert_false(whole("18446744073709551616", &i));
	assert_false(whole("99999999999999999999999999", &i));
	/* whole in value but not in form */
	assert_false(whole("1.0", &i));
	assert_false(whole("1e3", &i));
	assert_false(whole("1E0", &i));
	assert_false(whole("-0.0", &i));
	assert_int_equal(i, 7);
	/* not numbers */
	assert_false(json_to_int(parsed("\"1\""), &i));
	assert_false(json_to_int(parsed("true"), &i));
	assert_false(json_to_int(parsed("[1]"), &i));
	assert_false(json_to_int(NULL, &i));
	/* a tree made by hand is checked, not trusted */
	memset(&fake, 0, sizeof(fake));
	fake.type = JSON_NUMBER;
	fake.str = "-";
	fake.len = 1;
	assert_false(json_to_int(&fake, &i));
	fake.str = "";
	fake.len = 0;
	assert_false(json_to_int(&fake, &i));
	fake.str = "12x";
	fake.len = 3;
	assert_false(json_to_int(&fake, &i));
	fake.len = 2;
	assert_true(json_to_int(&fake, &i));
	assert_int_equal(i, 12);
}

/* Three characters, different for each i below 64^3. */
static void
short_key(size_t i, char key[4])
{
	static const char	 digit[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_";

	key[0] = digit[i / 4096 % 64];
	key[1] = digit[i / 64 % 64];
	key[2] = digit[i % 64];
	key[3] = '\0';
}

/* An object of n members with short distinct keys, the last one given
 * the first one's key when `dup` is set: {"AAA":0,"AAB":0,...}. */
static const char *
many_keys(size_t n, bool dup, size_t *len)
{
	struct buf	 b;
	char		 key[4];
	size_t		 i;

	buf_init(&b, A);
	buf_putc(&b, '{');
	for (i = 0; i < n; i++) {
		short_key(dup && i == n - 1 ? 0 : i, key);
		buf_printf(&b, "%s\"%s\":0", i ? "," : "", key);
	}
	buf_putc(&b, '}');
	*len = b.len;
	return b.data;
}

static void
large_documents(void **state)
{
	const struct jval	*v;
	struct buf		 b;
	const char		*text;
	char			 key[4];
	size_t			 len, n = (JSON_READ_MAX - 2) / 8;

	/* 32,767 members fill the size limit (how fast the duplicate
	 * check is on them is bench/'s question, not a test's) */
	text = many_keys(n, false, &len);
	assert_true(len <= JSON_READ_MAX);
	v = parsed_n(text, len);
	assert_int_equal(v->n, n);
	short_key(n - 1, key);
	assert_string_equal(v->keys[n - 1], key);
	assert_ptr_equal(json_get(v, key), &v->kids[n - 1]);
	text = many_keys(n, true, &len);
	assert_string_equal(refused_n(text, len), "duplicate key");

	/* an array of 131,071 elements */
	buf_init(&b, A);
	buf_putc(&b, '[');
	for (n = 0; n < JSON_READ_MAX / 2 - 1; n++)
		buf_puts(&b, n ? ",0" : "0");
	buf_putc(&b, ']');
	v = parsed_n(b.data, b.len);
	assert_int_equal(v->n, JSON_READ_MAX / 2 - 1);
	assert_string_equal(v->kids[v->n - 1].str, "0");
}

static void
write_strings(struct json *j)
{
	char	 all[128];
	int	 c;

	for (c = 1; c < 128; c++)
		all[c - 1] = (char)c;
	all[127] = '\0';
	json_obj_open(j, NULL);
	json_str(j, all, all);
	json_str(j, "utf8", "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\" \\");
	json_int(j, "min", INT64_MIN);
	json_arr_open(j, "list");
	json_bool(j, NULL, true);
	json_null(j, NULL);
	json_arr_close(j);
	json_obj_close(j);
}

/* What the writer writes, the reader reads back unchanged. */
static void
writer_round_trip(void **state)
{
	const struct jval	*v;
	char			 all[128];
	int64_t			 i;
	int			 c;

	for (c = 1; c < 128; c++)
		all[c - 1] = (char)c;
	all[127] = '\0';
	v = parsed(doc(write_strings));
	assert_int_equal(v->n, 4);
	assert_string_equal(v->keys[0], all);
	assert_string_equal(v->kids[0].str, all);
	assert_int_equal(v->kids[0].len, 127);
	assert_string_equal(json_get_str(v, "utf8"),
	    "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\" \\");
	assert_true(json_to_int(json_get(v, "min"), &i));
	assert_true(i == INT64_MIN);
	assert_int_equal(json_get(v, "list")->n, 2);
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
		cmocka_unit_test(read_literals),
		cmocka_unit_test(read_numbers),
		cmocka_unit_test(refuse_bad_numbers),
		cmocka_unit_test(read_strings),
		cmocka_unit_test(read_escapes),
		cmocka_unit_test(read_surrogate_pairs),
		cmocka_unit_test(refuse_bad_surrogates),
		cmocka_unit_test(refuse_bad_escapes),
		cmocka_unit_test(refuse_nul_and_controls),
		cmocka_unit_test(refuse_invalid_utf8),
		cmocka_unit_test(read_arrays_and_objects),
		cmocka_unit_test(read_empty_containers),
		cmocka_unit_test(read_whitespace),
		cmocka_unit_test(refuse_bad_syntax),
		cmocka_unit_test(refuse_duplicate_keys),
		cmocka_unit_test(refuse_trailing_text),
		cmocka_unit_test(refuse_unexpected_end),
		cmocka_unit_test(read_depth_limit),
		cmocka_unit_test(read_size_limit),
		cmocka_unit_test(lookups),
		cmocka_unit_test(whole_numbers),
		cmocka_unit_test(large_documents),
		cmocka_unit_test(writer_round_trip),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
