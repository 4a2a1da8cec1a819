/*
 * test-util: UTF-8 and control-character checks, base64url, hex, the field
 * validators, trim and lower, with good and bad examples for each.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* Validators and checks take (bytes, length); these take a C string. */
#define U8(s)		utf8_valid((s), sizeof(s) - 1)
#define EMAIL(s)	valid_email((s), strlen(s))
#define PATH(s)		valid_local_path((s), strlen(s))
#define NAME(s)		valid_name((s), strlen(s))
#define PHONE(s)	valid_phone((s), strlen(s))

static void
utf8_accepts_well_formed(void **state)
{
	assert_true(utf8_valid("", 0));
	assert_true(U8("plain ascii ~"));
	assert_true(U8("\xc3\xa9"));			/* U+00E9 */
	assert_true(U8("\xc2\x80"));			/* U+0080, smallest 2-byte */
	assert_true(U8("\xdf\xbf"));			/* U+07FF */
	assert_true(U8("\xe0\xa0\x80"));		/* U+0800, smallest 3-byte */
	assert_true(U8("\xe2\x82\xac"));		/* U+20AC */
	assert_true(U8("\xed\x9f\xbf"));		/* U+D7FF, below surrogates */
	assert_true(U8("\xee\x80\x80"));		/* U+E000, above surrogates */
	assert_true(U8("\xef\xbf\xbf"));		/* U+FFFF */
	assert_true(U8("\xf0\x90\x80\x80"));		/* U+10000 */
	assert_true(U8("\xf0\x9f\x98\x80"));		/* U+1F600 */
	assert_true(U8("\xf4\x8f\xbf\xbf"));		/* U+10FFFF, the last */
	/* NUL is valid UTF-8; the parsers refuse it separately. */
	assert_true(utf8_valid("a\0b", 3));
}

static void
utf8_refuses_malformed(void **state)
{
	/* Overlongs. */
	assert_false(U8("\xc0\x80"));
	assert_false(U8("\xc1\xbf"));
	assert_false(U8("\xe0\x80\x80"));
	assert_false(U8("\xe0\x9f\xbf"));
	assert_false(U8("\xf0\x80\x80\x80"));
	assert_false(U8("\xf0\x8f\xbf\xbf"));
	/* Surrogates. */
	assert_false(U8("\xed\xa0\x80"));
	assert_false(U8("\xed\xbf\xbf"));
	assert_false(U8("\xed\xa0\xbd\xed\xb8\x80"));	/* a CESU-8 pair */
	/* Past U+10FFFF. */
	assert_false(U8("\xf4\x90\x80\x80"));
	assert_false(U8("\xf5\x80\x80\x80"));
	assert_false(U8("\xf8\x88\x80\x80\x80"));
	assert_false(U8("\xfe"));
	assert_false(U8("\xff"));
	/* Truncated sequences, at the end and in the middle. */
	assert_false(U8("\xc3"));
	assert_false(U8("\xe2\x82"));
	assert_false(U8("\xf0\x9f\x98"));
	assert_false(U8("a\xe2\x82z"));
	assert_false(U8("\xf0\x9f\x98z"));
	/* Stray or wrong continuation bytes. */
	assert_false(U8("\x80"));
	assert_false(U8("a\xbf"));
	assert_false(U8("\xe2\x28\xa1"));
	assert_false(U8("\xc3\xc3\xa9"));
	/* The length is respected: a sequence cut by it is truncated. */
	assert_false(utf8_valid("\xc3\xa9", 1));
	assert_true(utf8_valid("a\xff", 1));
}

static void
control_characters(void **state)
{
	assert_false(has_control("", 0, false));
	assert_false(has_control("Hello, w\xc3\xb6rld ~", 15, false));
	assert_true(has_control("a\tb", 3, false));
	assert_false(has_control("a\tb", 3, true));
	assert_true(has_control("a\nb", 3, false));
	assert_false(has_control("a\r\nb", 4, true));
	assert_true(has_control("a\x01", 2, true));
	assert_true(has_control("\x1b[31m", 5, true));
	assert_true(has_control("a\x7f", 2, false));
	assert_true(has_control("a\x7f", 2, true));
	assert_true(has_control("a\0b", 3, true));
	assert_true(has_control("\x1f", 1, false));
	assert_false(has_control(" ", 1, false));
	/* Only the given length is looked at. */
	assert_false(has_control("ab\n", 2, false));
}

static void
b64url_lengths(void **state)
{
	static const size_t	 want[] = { 0, 2, 3, 4, 6, 7, 8, 10 };
	size_t			 i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(b64url_len(i), want[i]);
	assert_int_equal(b64url_len(16), 22);
	assert_int_equal(b64url_len(32), 43);
}

static void
b64url_known_vectors(void **state)
{
	/* RFC 4648 section 10, without the padding. */
	static const char	*const in[] = { "", "f", "fo", "foo", "foob",
	    "fooba", "foobar" };
	static const char	*const out[] = { "", "Zg", "Zm8", "Zm9v",
	    "Zm9vYg", "Zm9vYmE", "Zm9vYmFy" };
	static const uint8_t	 urlsafe[] = { 0xfb, 0xff, 0xbf };
	char			 enc[16];
	uint8_t			 dec[16];
	size_t			 i, n;

	for (i = 0; i < 7; i++) {
		n = strlen(in[i]);
		memset(enc, 'X', sizeof(enc));
		b64url_encode((const uint8_t *)in[i], n, enc);
		assert_string_equal(enc, out[i]);
		assert_true(b64url_decode(out[i], strlen(out[i]), dec, n));
		assert_memory_equal(dec, in[i], n);
	}
	/* The URL alphabet: '-' and '_' where base64 has '+' and '/'. */
	b64url_encode(urlsafe, 3, enc);
	assert_string_equal(enc, "-_-_");
	assert_true(b64url_decode("-_-_", 4, dec, 3));
	assert_memory_equal(dec, urlsafe, 3);
}

static void
b64url_round_trips(void **state)
{
	uint8_t		 in[70], out[70];
	char		 enc[100];
	uint32_t	 x = 12345;
	size_t		 n, i;

	for (n = 0; n < sizeof(in); n++) {
		for (i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			in[i] = (uint8_t)(x >> 16);
		}
		b64url_encode(in, n, enc);
		assert_int_equal(strlen(enc), b64url_len(n));
		memset(out, 0xaa, sizeof(out));
		assert_true(b64url_decode(enc, strlen(enc), out, n));
		assert_memory_equal(out, in, n);
	}
}

static void
b64url_refuses_bad_input(void **state)
{
	uint8_t	 out[8];

	/* A length other than the one `outlen` needs. */
	assert_false(b64url_decode("Zm9v", 4, out, 2));
	assert_false(b64url_decode("Zm9v", 4, out, 4));
	assert_false(b64url_decode("Zm9", 3, out, 3));
	assert_false(b64url_decode("Z", 1, out, 1));
	/* Padding and the standard alphabet's digits. */
	assert_false(b64url_decode("Zg==", 4, out, 1));
	assert_false(b64url_decode("Zm+v", 4, out, 3));
	assert_false(b64url_decode("Zm/v", 4, out, 3));
	assert_false(b64url_decode("Zm v", 4, out, 3));
	assert_false(b64url_decode("Zm\0v", 4, out, 3));
	assert_false(b64url_decode("Zm9\xc3", 4, out, 3));
	/* Non-canonical: unused low bits set in the last digit. */
	assert_true(b64url_decode("Zg", 2, out, 1));
	assert_false(b64url_decode("Zh", 2, out, 1));
	assert_true(b64url_decode("Zm8", 3, out, 2));
	assert_false(b64url_decode("Zm9", 3, out, 2));
}

static void
hex(void **state)
{
	static const uint8_t	 in[] = { 0x00, 0x09, 0xab, 0xff, 0x10 };
	char			 out[11];

	hex_encode(in, sizeof(in), out);
	assert_string_equal(out, "0009abff10");
	hex_encode(in, 0, out);
	assert_string_equal(out, "");
}

static void
any(void **state)
{
	assert_true(valid_any("", 0));
	assert_true(valid_any("h\xc3\xa9llo\nworld", 12));
	assert_false(valid_any("a\0b", 3));
	assert_false(valid_any("\xff", 1));
	assert_false(valid_any("\xed\xa0\x80", 3));
}

/* A string of `n` copies of c followed by `tail`, in a static buffer. */
static const char *
rep(char c, size_t n, const char *tail)
{
	static char	 b[1024];

	memset(b, c, n);
	memcpy(b + n, tail, strlen(tail) + 1);
	return b;
}

static void
email_good(void **state)
{
	assert_true(EMAIL("a@b.co"));
	assert_true(EMAIL("first.last@example.com"));
	assert_true(EMAIL("x+tag@mail.example.org"));
	assert_true(EMAIL("o'brien@ex-ample.ie"));
	assert_true(EMAIL("A.B-C_D@Sub.Example.COM"));
	assert_true(EMAIL("!#$%&'*+-/=?^_`{|}~@x.io"));
	assert_true(EMAIL("1@2.3"));
	assert_true(EMAIL("a@b--c.de"));
	assert_true(EMAIL(rep('l', 64, "@b.co")));
	assert_true(EMAIL(rep('l', 63, "@b.co")));
	assert_true(valid_email("a@b.co", 6));
}

static void
email_bad(void **state)
{
	static const char	*const bad[] = {
		"", "a", "a@b", "@b.co", "a@", "a@.", "a..b@c.de", ".a@b.co",
		"a.@b.co", "a@.b.co", "a@b.co.", "a@b..co", "a@-b.co",
		"a@b-.co", "a@b.-co", "a@b.co-", "a b@c.de", "a@b c.de",
		"a@b@c.de", "\"a\"@b.co", "a@b_c.de", "\xc3\xa9@b.co",
		"a@b\xc3\xa9.co", "a@b.co\n", "a(b)@c.de", "a@[1.2.3.4]",
		"a,b@c.de", "a;b@c.de", "a\\b@c.de", "<a@b.co>", " a@b.co",
		"a@b.co ", "a:b@c.de",
	};
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (EMAIL(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(valid_email("a\0@b.co", 7));
	assert_false(valid_email("a@b.co\0", 7));
	/* Only the given length is read. */
	assert_true(valid_email("a@b.cox", 6));
	assert_false(valid_email("a@b.co", 4));
}

static void
email_limits(void **state)
{
	char	 addr[300];
	size_t	 n;

	/* The local part: 64 is the most. */
	assert_false(EMAIL(rep('l', 65, "@b.co")));
	/* A label: 63 is the most. */
	snprintf(addr, sizeof(addr), "a@%s", rep('d', 63, ".co"));
	assert_true(EMAIL(addr));
	snprintf(addr, sizeof(addr), "a@%s", rep('d', 64, ".co"));
	assert_false(EMAIL(addr));
	/* The whole address: 254 is the most. */
	memcpy(addr, "a@", 2);
	for (n = 2; n < 254 - 4; n += 10)
		memcpy(addr + n, "bbbbbbbbb.", 10);
	memset(addr + n, 'c', 254 - n);
	addr[254] = '\0';
	assert_int_equal(strlen(addr), 254);
	assert_true(EMAIL(addr));
	addr[254] = 'c';
	addr[255] = '\0';
	assert_false(EMAIL(addr));
}

static void
tokens_and_ids(void **state)
{
	uint8_t	 raw[32];
	char	 tok[44], id[23];

	memset(raw, 0xa7, sizeof(raw));
	b64url_encode(raw, 32, tok);
	b64url_encode(raw, 16, id);
	assert_true(valid_token(tok, 43));
	assert_true(valid_public_id(id, 22));
	/* The other's length, and one off either way. */
	assert_false(valid_token(id, 22));
	assert_false(valid_public_id(tok, 43));
	assert_false(valid_token(tok, 42));
	assert_false(valid_public_id(id, 21));
	assert_false(valid_token("", 0));
	/* A last digit with its unused bits set is not a token we made. */
	tok[42] = 'B';
	assert_false(valid_token(tok, 43));
	tok[42] = '+';
	assert_false(valid_token(tok, 43));
	id[21] = '=';
	assert_false(valid_public_id(id, 22));
	assert_true(valid_token("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 43));
	assert_true(valid_public_id("_____________________w", 22));
	assert_false(valid_public_id("______________________", 22));
}

static void
local_paths(void **state)
{
	static const char	*const good[] = {
		"/", "/portal", "/portal?x=1", "/portal/", "/a/b#frag",
		"/portal/documents/Ab-_9z/download",
		"/login?next=https://evil.example", "/a?b=//c", "/a:b",
		"/caf\xc3\xa9", "/a%2F%2Fb",
	};
	static const char	*const bad[] = {
		"", "portal", "//evil.com", "/\\evil", "/a\\b", "https://x",
		"http://x/y", "/redirect/https://x", "/a://b?c", "/\tevil",
		"/\t/evil.com", "/a\nb", "/a\rb", "/a\x7f", "/\xff",
		"javascript:alert(1)", " /a", "\\/evil", "///x",
		"/t?x=a\\b",
	};
	size_t			 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!PATH(good[i]))
			fail_msg("refused \"%s\"", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (PATH(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(valid_local_path("/a\0b", 4));
}

static void
local_path_limit(void **state)
{
	char	 p[600];

	memset(p, 'p', sizeof(p));
	p[0] = '/';
	assert_true(valid_local_path(p, 512));
	assert_false(valid_local_path(p, 513));
	assert_true(valid_local_path(p, 1));
}

static void
names(void **state)
{
	char	 b[1024];
	size_t	 i;

	assert_true(NAME("Ann"));
	assert_true(NAME("Zo\xc3\xab \xc3\x91\xc3\xba\xc3\xb1""ez"));
	assert_true(NAME("\xf0\x9f\x98\x80"));
	assert_true(NAME("a\xc2\xa0" "b"));		/* no-break space */
	assert_false(NAME(""));
	assert_false(NAME("a\nb"));
	assert_false(NAME("a\tb"));
	assert_false(NAME("a\x7f"));
	assert_false(NAME("a\xc2\x85"));		/* NEL, a C1 control */
	assert_false(NAME("a\xc2\x9f"));
	assert_false(NAME("\xff"));
	assert_false(NAME("\xed\xa0\x80"));
	assert_false(valid_name("a\0", 2));
	/* 200 characters, counted as characters, not bytes. */
	assert_true(NAME(rep('a', 200, "")));
	assert_false(NAME(rep('a', 201, "")));
	for (i = 0; i < 200; i++)
		memcpy(b + 2 * i, "\xc3\xa9", 2);
	assert_true(valid_name(b, 400));
	memcpy(b + 400, "\xc3\xa9", 2);
	assert_false(valid_name(b, 402));
}

static void
phones(void **state)
{
	/* empty means "no number" */
	assert_true(valid_phone("", 0));
	assert_true(PHONE("+31 20 123 4567"));
	assert_true(PHONE("(020) 555-0199"));
	assert_true(PHONE("020.555.0199"));
	assert_true(PHONE("+1/555/0100"));
	assert_true(PHONE("112"));
	/* at least three digits, whatever else is there */
	assert_false(PHONE("12"));
	assert_false(PHONE("1 2"));
	assert_false(PHONE("+()-./ 12"));
	assert_false(PHONE("   "));
	assert_false(PHONE("---"));
	/* only the characters numbers are written with */
	assert_false(PHONE("555 0100 ext 3"));
	assert_false(PHONE("+31#20"));
	assert_false(PHONE("<script>112"));
	assert_false(PHONE("\xd9\xa1\xd9\xa2\xd9\xa3"));	/* Arabic-Indic */
	assert_false(valid_phone("112\0", 4));
	assert_false(PHONE("1\t2\t3"));
	/* 40 characters at most */
	assert_true(PHONE(rep('1', 40, "")));
	assert_false(PHONE(rep('1', 41, "")));
	assert_true(PHONE(rep(' ', 37, "123")));
	assert_false(PHONE(rep(' ', 38, "123")));
}

#define V(f, s)	f(s, sizeof(s) - 1)

static void
words_and_ids(void **state)
{
	assert_true(V(valid_word, "request"));
	assert_true(V(valid_word, "sign-out"));
	assert_false(V(valid_word, "Request"));
	assert_false(V(valid_word, "re quest"));
	assert_false(V(valid_word, ""));
	assert_false(V(valid_word, "abcdefghijklmnopqrstuvwxyzabcdefg"));
	assert_true(V(valid_word, "abcdefghijklmnopqrstuvwxyzabcdef"));
	assert_true(V(valid_conf_id, "google"));
	assert_true(V(valid_conf_id, "azure-ad-2"));
	assert_false(V(valid_conf_id, "Google"));
	assert_false(V(valid_conf_id, "a_b"));
	assert_false(V(valid_conf_id, ""));
	assert_false(V(valid_conf_id, "a\0b"));
	assert_true(V(valid_conf_id, "abcdefghijklmnopqrstuvwxyzabcdefghijklmn"));
	assert_false(V(valid_conf_id, "abcdefghijklmnopqrstuvwxyzabcdefghijklmno"));
}

static void
flags(void **state)
{
	assert_true(valid_flag("1", 1));
	assert_false(valid_flag("", 0));
	assert_false(valid_flag("0", 1));
	assert_false(valid_flag("11", 2));
	assert_false(valid_flag("yes", 3));
	assert_false(valid_flag("1\0", 2));
}

static void
decimals(void **state)
{
	static const struct {
		int64_t		 n;
		int		 width;
		const char	*want;
	} cases[] = {
		{ 0, 1, "0" }, { 7, 2, "07" }, { 10, 1, "10" }, { 99, 4, "0099" },
		{ 100, 2, "100" }, { 2026, 4, "2026" }, { -5, 2, "-05" },
		{ 1733443200, 1, "1733443200" },
		{ INT64_MAX, 1, "9223372036854775807" },
		{ INT64_MIN, 1, "-9223372036854775808" },
	};
	char	 s[32];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(s, 'x', sizeof(s));
		*decimal_put(s, cases[i].n, cases[i].width) = '\0';
		assert_string_equal(s, cases[i].want);
	}
}

static void
days_of_times(void **state)
{
	(void)state;
	assert_int_equal(day_of(0), 0);
	assert_int_equal(day_of(86399), 0);
	assert_int_equal(day_of(86400), 1);
	assert_int_equal(day_of(-1), -1);
	assert_int_equal(day_of(-86400), -1);
	assert_int_equal(day_of(-86401), -2);
	assert_int_equal(day_of(1796512526), 20792);
}

static void
trimming(void **state)
{
	char	 s[32];

	snprintf(s, sizeof(s), "%s", "  a b \t\r\n");
	assert_int_equal(trim(s, strlen(s)), 3);
	assert_string_equal(s, "a b");
	snprintf(s, sizeof(s), "%s", "   ");
	assert_int_equal(trim(s, 3), 0);
	assert_string_equal(s, "");
	snprintf(s, sizeof(s), "%s", "");
	assert_int_equal(trim(s, 0), 0);
	/* Nothing to cut: the byte past the length is left alone. */
	snprintf(s, sizeof(s), "%s", "abcX");
	assert_int_equal(trim(s, 3), 3);
	assert_string_equal(s, "abcX");
	snprintf(s, sizeof(s), "%s", "\vx\f");
	assert_int_equal(trim(s, 3), 1);
	assert_string_equal(s, "x");
}

static void
lowering(void **state)
{
	char	 s[32];

	snprintf(s, sizeof(s), "%s", "HeLLo-World_09@EXAMPLE.com");
	lower(s);
	assert_string_equal(s, "hello-world_09@example.com");
	snprintf(s, sizeof(s), "%s", "\xc3\x89T\xc3\x89");			/* "ÉTÉ": only ASCII */
	lower(s);
	assert_string_equal(s, "\xc3\x89t\xc3\x89");
	snprintf(s, sizeof(s), "%s", "");
	lower(s);
	assert_string_equal(s, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_accepts_well_formed),
		cmocka_unit_test(utf8_refuses_malformed),
		cmocka_unit_test(control_characters),
		cmocka_unit_test(b64url_lengths),
		cmocka_unit_test(b64url_known_vectors),
		cmocka_unit_test(b64url_round_trips),
		cmocka_unit_test(b64url_refuses_bad_input),
		cmocka_unit_test(hex),
		cmocka_unit_test(any),
		cmocka_unit_test(email_good),
		cmocka_unit_test(email_bad),
		cmocka_unit_test(email_limits),
		cmocka_unit_test(tokens_and_ids),
		cmocka_unit_test(local_paths),
		cmocka_unit_test(local_path_limit),
		cmocka_unit_test(names),
		cmocka_unit_test(phones),
		cmocka_unit_test(flags),
		cmocka_unit_test(words_and_ids),
		cmocka_unit_test(decimals),
		cmocka_unit_test(days_of_times),
		cmocka_unit_test(trimming),
		cmocka_unit_test(lowering),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
