/*
 * test-password: the rules for a new password at their boundaries (bytes
 * for the maximum, characters for the minimum), the common-password list
 * (sorted for bsearch, matched in any case), the account's address, and
 * Argon2id hashes: round trip, wrong passwords, malformed hashes, salts and
 * when a stored hash needs remaking.  Includes password.c to check its list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/auth/password.c"
#include "crypto.h"

#define CHECK(s, email)	password_check((s), sizeof(s) - 1, (email))
#define EMAIL		"Ann.Example-Long@Example.com"

/* `n` bytes of `unit` repeated, then `tail`, in `out` (NUL-terminated). */
static size_t
fill(char *out, size_t cap, const char *unit, size_t n, const char *tail)
{
	size_t	 len, u = strlen(unit);

	for (len = 0; len < n; len += u)
		memcpy(out + len, unit, u);
	assert_int_equal(len, n);
	assert_true(len + strlen(tail) < cap);
	memcpy(out + len, tail, strlen(tail) + 1);
	return len + strlen(tail);
}

static void
ascii_upper(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* --------------------------------------------------------------- rules */

static void
length_boundaries(void **state)
{
	char	 buf[300];
	size_t	 n;

	assert_int_equal(CHECK("kx7#Lp2!v", NULL), PASSWORD_TOO_SHORT);
	assert_int_equal(CHECK("kx7#Lp2!vQ", NULL), PASSWORD_OK);
	assert_int_equal(CHECK("", NULL), PASSWORD_TOO_SHORT);
	assert_int_equal(password_check(NULL, 0, NULL), PASSWORD_TOO_SHORT);

	/* 128 bytes pass, 129 do not, whatever they are */
	n = fill(buf, sizeof(buf), "Tr0ub4dor&3-", 120, "horse-ba");
	assert_int_equal(n, PASSWORD_MAX);
	assert_int_equal(password_check(buf, n, NULL), PASSWORD_OK);
	n = fill(buf, sizeof(buf), "Tr0ub4dor&3-", 120, "horse-bat");
	assert_int_equal(n, PASSWORD_MAX + 1);
	assert_int_equal(password_check(buf, n, NULL), PASSWORD_TOO_LONG);
	/* the byte limit comes first, before the text is even looked at */
	buf[3] = '\x01';
	assert_int_equal(password_check(buf, n, NULL), PASSWORD_TOO_LONG);
	assert_int_equal(password_check(buf, SIZE_MAX, NULL),
	    PASSWORD_TOO_LONG);

	/* the maximum counts bytes: 43 euro signs (U+20AC, three bytes each)
	 * are too many */
	n = fill(buf, sizeof(buf), "\xe2\x82\xac", 126, "ab");
	assert_int_equal(password_check(buf, n, NULL), PASSWORD_OK);
	n = fill(buf, sizeof(buf), "\xe2\x82\xac", 129, "");
	assert_int_equal(n, 129);
	assert_int_equal(password_check(buf, n, NULL), PASSWORD_TOO_LONG);
}

static void
length_counts_characters(void **state)
{
	/* nine two-byte letters are 18 bytes but nine characters */
	assert_int_equal(CHECK("\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87\xc4\x99"
	    "\xc5\x9b\xc4\x85\xc5\x84\xc5\xba", NULL), PASSWORD_TOO_SHORT);
	assert_int_equal(CHECK("\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87\xc4\x99"
	    "\xc5\x9b\xc4\x85\xc5\x84\xc5\xbax", NULL), PASSWORD_OK);
	/* four-byte characters (emoji) too: 9 of them, then 10 */
	assert_int_equal(CHECK("\xf0\x9f\x94\x91\xf0\x9f\x94\x92"
	    "\xf0\x9f\x8f\xa0\xf0\x9f\x9a\xaa\xf0\x9f\x90\x88"
	    "\xf0\x9f\x8c\xb3\xf0\x9f\x8c\x99\xf0\x9f\x8d\x8e"
	    "\xf0\x9f\x8e\xb8", NULL), PASSWORD_TOO_SHORT);
	assert_int_equal(CHECK("\xf0\x9f\x94\x91\xf0\x9f\x94\x92"
	    "\xf0\x9f\x8f\xa0\xf0\x9f\x9a\xaa\xf0\x9f\x90\x88"
	    "\xf0\x9f\x8c\xb3\xf0\x9f\x8c\x99\xf0\x9f\x8d\x8e"
	    "\xf0\x9f\x8e\xb8\xf0\x9f\x8e\xb2", NULL), PASSWORD_OK);
	/* three-byte CJK: 9 and 10 */
	assert_int_equal(CHECK("\xe6\x98\xa5\xe5\xa4\x8f\xe7\xa7\x8b"
	    "\xe5\x86\xac\xe5\xb1\xb1\xe5\xb7\x9d\xe8\x8a\xb1\xe9\xb3\xa5"
	    "\xe9\xa2\xa8", NULL), PASSWORD_TOO_SHORT);
	assert_int_equal(CHECK("\xe6\x98\xa5\xe5\xa4\x8f\xe7\xa7\x8b"
	    "\xe5\x86\xac\xe5\xb1\xb1\xe5\xb7\x9d\xe8\x8a\xb1\xe9\xb3\xa5"
	    "\xe9\xa2\xa8\xe6\x9c\x88", NULL), PASSWORD_OK);
}

static void
bad_text(void **state)
{
	assert_int_equal(CHECK("correct\xff horse", NULL), PASSWORD_BAD_TEXT);
	/* overlong '/', a lone surrogate, a sequence cut at the end */
	assert_int_equal(CHECK("correct\xc0\xaf horse", NULL),
	    PASSWORD_BAD_TEXT);
	assert_int_equal(CHECK("correct\xed\xa0\x80 horse", NULL),
	    PASSWORD_BAD_TEXT);
	assert_int_equal(CHECK("correct horse\xe2\x82", NULL),
	    PASSWORD_BAD_TEXT);
	assert_int_equal(CHECK("correct\x01horse", NULL), PASSWORD_BAD_TEXT);
	assert_int_equal(CHECK("correct\thorse", NULL), PASSWORD_BAD_TEXT);
	assert_int_equal(CHECK("correct\nhorse", NULL), PASSWORD_BAD_TEXT);
	assert_int_equal(CHECK("correct\rhorse", NULL), PASSWORD_BAD_TEXT);
	assert_int_equal(CHECK("correct\x7fhorse", NULL), PASSWORD_BAD_TEXT);
	/* a NUL inside the given length is not the end of the password */
	assert_int_equal(CHECK("correct\0horse", NULL), PASSWORD_BAD_TEXT);
	/* bad text that is also short is bad text: it cannot be counted */
	assert_int_equal(CHECK("\xff", NULL), PASSWORD_BAD_TEXT);
	/* spaces are text */
	assert_int_equal(CHECK("correct horse battery", NULL), PASSWORD_OK);
}

static void
common_any_case(void **state)
{
	assert_int_equal(CHECK("1234567890", NULL), PASSWORD_COMMON);
	assert_int_equal(CHECK("qwertyuiop", NULL), PASSWORD_COMMON);
	assert_int_equal(CHECK("QwertyUIOP", NULL), PASSWORD_COMMON);
	assert_int_equal(CHECK("PASSWORD123", NULL), PASSWORD_COMMON);
	assert_int_equal(CHECK("Password123", NULL), PASSWORD_COMMON);
	assert_int_equal(CHECK("ILoveYou12", NULL), PASSWORD_COMMON);
	assert_int_equal(CHECK("qwerty1234", NULL), PASSWORD_COMMON);
	assert_int_equal(CHECK("P@ssw0rd123", NULL), PASSWORD_COMMON);
	/* near misses are not on the list */
	assert_int_equal(CHECK("qwertyuiopx", NULL), PASSWORD_OK);
	assert_int_equal(CHECK("password1234x", NULL), PASSWORD_OK);
	assert_int_equal(CHECK(" 1234567890", NULL), PASSWORD_OK);
	/* non-ASCII letters are not folded: the bytes differ */
	assert_int_equal(CHECK("qwertyuiop\xc3\x9f", NULL), PASSWORD_OK);
}

static void
common_repeated(void **state)
{
	assert_int_equal(CHECK("aaaaaaaaaa", NULL), PASSWORD_COMMON);
	assert_int_equal(CHECK("AaAaAaAaAaAa", NULL), PASSWORD_COMMON);
	assert_int_equal(CHECK("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", NULL),
	    PASSWORD_COMMON);
	assert_int_equal(CHECK("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", NULL), PASSWORD_COMMON);
	assert_int_equal(CHECK("\xf0\x9f\x99\x82\xf0\x9f\x99\x82"
	    "\xf0\x9f\x99\x82\xf0\x9f\x99\x82\xf0\x9f\x99\x82"
	    "\xf0\x9f\x99\x82\xf0\x9f\x99\x82\xf0\x9f\x99\x82"
	    "\xf0\x9f\x99\x82\xf0\x9f\x99\x82", NULL), PASSWORD_COMMON);
	/* one character different anywhere is not a repetition */
	assert_int_equal(CHECK("aaaaaaaaab", NULL), PASSWORD_OK);
	assert_int_equal(CHECK("baaaaaaaaa", NULL), PASSWORD_OK);
	assert_int_equal(CHECK("aaaaabaaaa", NULL), PASSWORD_OK);
	/* two characters alternating, e-acute then e-grave */
	assert_int_equal(CHECK("\xc3\xa9\xc3\xa8\xc3\xa9\xc3\xa8\xc3\xa9"
	    "\xc3\xa8\xc3\xa9\xc3\xa8\xc3\xa9\xc3\xa8", NULL), PASSWORD_OK);
	/* same lead byte, different character: a-acute then e-acute */
	assert_int_equal(CHECK("\xc3\xa1\xc3\xa1\xc3\xa1\xc3\xa1\xc3\xa1"
	    "\xc3\xa1\xc3\xa1\xc3\xa1\xc3\xa1\xc3\xa9", NULL), PASSWORD_OK);
}

/* The list is what bsearch needs, and every entry is refused. */
static void
common_list(void **state)
{
	size_t	 i, n = sizeof(common) / sizeof(common[0]);
	char	 up[PASSWORD_MAX + 1];

	assert_true(n >= 150);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(common[i - 1], common[i]) >= 0)
			fail_msg("not sorted at \"%s\"", common[i]);
		assert_true(strlen(common[i]) >= PASSWORD_MIN);
		assert_true(strlen(common[i]) <= PASSWORD_MAX);
		snprintf(up, sizeof(up), "%s", common[i]);
		lower(up);
		assert_string_equal(up, common[i]);
		assert_int_equal(password_check(common[i], strlen(common[i]),
		    NULL), PASSWORD_COMMON);
		ascii_upper(up);
		assert_int_equal(password_check(up, strlen(up), NULL),
		    PASSWORD_COMMON);
	}
}

static void
email_and_local_part(void **state)
{
	assert_int_equal(CHECK("ann.example-long@example.com", EMAIL),
	    PASSWORD_IS_EMAIL);
	assert_int_equal(CHECK("ANN.EXAMPLE-LONG@EXAMPLE.COM", EMAIL),
	    PASSWORD_IS_EMAIL);
	assert_int_equal(CHECK("Ann.Example-Long", EMAIL), PASSWORD_IS_EMAIL);
	assert_int_equal(CHECK("ann.example-long", EMAIL), PASSWORD_IS_EMAIL);
	/* a short local part is caught with the whole address */
	assert_int_equal(CHECK("Ann@Example.com", "ann@example.com"),
	    PASSWORD_IS_EMAIL);
	assert_int_equal(CHECK("ann.example-long@", EMAIL), PASSWORD_OK);
	assert_int_equal(CHECK("ann.example-long1", EMAIL), PASSWORD_OK);
	assert_int_equal(CHECK("nn.example-long", EMAIL), PASSWORD_OK);
	assert_int_equal(CHECK("example.com", EMAIL), PASSWORD_OK);
	/* the local part ends at the last '@' */
	assert_int_equal(CHECK("\"at@inside\"", "\"at@inside\"@example.com"),
	    PASSWORD_IS_EMAIL);
	/* no address given: only the other rules apply */
	assert_int_equal(CHECK("ann.example-long@example.com", NULL),
	    PASSWORD_OK);
	/* the length rules come first */
	assert_int_equal(CHECK("ann", "ann@example.com"), PASSWORD_TOO_SHORT);
}

static void
validator(void **state)
{
	char	 buf[300];
	size_t	 n;

	assert_true(valid_password("", 0));
	assert_true(valid_password("short", 5));
	assert_true(valid_password("gr\xc3\xbc\xc3\x9f" "dich", 10));
	n = fill(buf, sizeof(buf), "x", PASSWORD_MAX, "");
	assert_true(valid_password(buf, n));
	n = fill(buf, sizeof(buf), "x", PASSWORD_MAX + 1, "");
	assert_false(valid_password(buf, n));
	assert_false(valid_password("bad\xff", 4));
	assert_false(valid_password("cut\xe2\x82", 5));
	assert_false(valid_password(NULL, 0));
}

/* -------------------------------------------------------------- hashes */

static void
hash_round_trip(void **state)
{
	struct arena	*a = *state;
	const char	*pw = "correct horse battery staple";
	const char	*h;

	assert_non_null(h = password_hash(a, pw, strlen(pw)));
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_true(strlen(h) < crypto_pwhash_STRBYTES);
	assert_null(strstr(h, pw));
	assert_true(password_verify(h, pw, strlen(pw)));

	/* wrong: one letter, case, a prefix, more, nothing */
	assert_false(password_verify(h, "correct horse battery stapLe",
	    strlen(pw)));
	assert_false(password_verify(h, "Correct horse battery staple",
	    strlen(pw)));
	assert_false(password_verify(h, pw, strlen(pw) - 1));
	assert_false(password_verify(h, "correct horse battery staple!",
	    strlen(pw) + 1));
	assert_false(password_verify(h, "", 0));
	assert_false(password_verify(h, NULL, 0));

	/* the length given is the password, NUL or not */
	assert_non_null(h = password_hash(a, "abc\0def", 7));
	assert_true(password_verify(h, "abc\0def", 7));
	assert_false(password_verify(h, "abc", 3));
	assert_false(password_verify(h, "abc\0deg", 7));
}

static void
hash_malformed(void **state)
{
	struct arena	*a = *state;
	const char	*pw = "correct horse battery staple";
	const char	*h;
	char		 bad[crypto_pwhash_STRBYTES];
	char		 long_hash[crypto_pwhash_STRBYTES + 1];
	size_t		 n;

	assert_non_null(h = password_hash(a, pw, strlen(pw)));
	n = strlen(h);

	assert_false(password_verify(NULL, pw, strlen(pw)));
	assert_false(password_verify("", pw, strlen(pw)));
	assert_false(password_verify("$argon2id$", pw, strlen(pw)));
	assert_false(password_verify("$argon2id$v=19$m=65536,t=2,p=1$", pw,
	    strlen(pw)));
	/* a password stored in the clear never matches itself */
	assert_false(password_verify(pw, pw, strlen(pw)));
	assert_false(password_verify("$2y$10$abcdefghijklmnopqrstuu"
	    "5mQ6Va7N5NCHdQd.Y1p/9e1dNnVoHiW", pw, strlen(pw)));
	/* cut short, or with the salt or the digest changed */
	snprintf(bad, sizeof(bad), "%.*s", (int)(n - 5), h);
	assert_false(password_verify(bad, pw, strlen(pw)));
	snprintf(bad, sizeof(bad), "%s", h);
	bad[n - 2] = bad[n - 2] == 'A' ? 'B' : 'A';
	assert_false(password_verify(bad, pw, strlen(pw)));
	snprintf(bad, sizeof(bad), "%s", h);
	bad[strrchr(h, '$') - h - 2] ^= 0x01;
	assert_false(password_verify(bad, pw, strlen(pw)));
	/* longer than any of libsodium's hashes, however it starts */
	fill(long_hash, sizeof(long_hash), "A", crypto_pwhash_STRBYTES,
	    "");
	memcpy(long_hash, h, strlen(h));
	assert_false(password_verify(long_hash, pw, strlen(pw)));
	assert_true(password_needs_rehash(long_hash));
	/* the untouched hash still matches */
	assert_true(password_verify(h, pw, strlen(pw)));
}

static void
hash_salted(void **state)
{
	struct arena	*a = *state;
	const char	*h1, *h2;

	assert_non_null(h1 = password_hash(a, "same password", 13));
	assert_non_null(h2 = password_hash(a, "same password", 13));
	assert_string_not_equal(h1, h2);
	assert_true(password_verify(h1, "same password", 13));
	assert_true(password_verify(h2, "same password", 13));
}

static void
rehash(void **state)
{
	struct arena	*a = *state;
	const char	*pw = "correct horse battery staple";
	const char	*h;
	char		 old[crypto_pwhash_STRBYTES];

	assert_non_null(h = password_hash(a, pw, strlen(pw)));
	assert_false(password_needs_rehash(h));

	/* more passes than today's */
	assert_int_equal(crypto_pwhash_str(old, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_MODERATE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	assert_true(password_needs_rehash(old));
	/* an old hash still signs in, so it can be upgraded */
	assert_true(password_verify(old, pw, strlen(pw)));
	/* less memory than today's */
	assert_int_equal(crypto_pwhash_str(old, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_MIN), 0);
	assert_true(password_needs_rehash(old));
	/* Argon2i rather than Argon2id */
	assert_int_equal(crypto_pwhash_str_alg(old, pw, strlen(pw),
	    crypto_pwhash_argon2i_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
	    crypto_pwhash_ALG_ARGON2I13), 0);
	assert_true(password_needs_rehash(old));
	assert_true(password_verify(old, pw, strlen(pw)));
	/* anything that is no hash needs a real one */
	assert_true(password_needs_rehash(""));
	assert_true(password_needs_rehash("plain text"));
	assert_true(password_needs_rehash(NULL));
}

static void
dummy_verification(void **state)
{
	char	 first[crypto_pwhash_STRBYTES];

	password_verify_dummy("whatever", 8);
	/* made once, with today's parameters, and matching nothing given */
	assert_true(strncmp(dummy_hash, "$argon2id$", 10) == 0);
	assert_false(password_needs_rehash(dummy_hash));
	assert_false(password_verify(dummy_hash, "whatever", 8));
	snprintf(first, sizeof(first), "%s", dummy_hash);
	password_verify_dummy("", 0);
	password_verify_dummy(NULL, 0);
	assert_string_equal(dummy_hash, first);
}

static int
setup(void **state)
{
	*state = arena_new(4096);
	return 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(length_boundaries),
		cmocka_unit_test(length_counts_characters),
		cmocka_unit_test(bad_text),
		cmocka_unit_test(common_any_case),
		cmocka_unit_test(common_repeated),
		cmocka_unit_test(common_list),
		cmocka_unit_test(email_and_local_part),
		cmocka_unit_test(validator),
		cmocka_unit_test(hash_round_trip),
		cmocka_unit_test(hash_malformed),
		cmocka_unit_test(hash_salted),
		cmocka_unit_test(rehash),
		cmocka_unit_test(dummy_verification),
	};

	if (!crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
