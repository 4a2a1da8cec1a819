/*
 * password: Argon2id password hashes and the rules a new password must meet.
 *
 * Hashing and verification are libsodium's crypto_pwhash_str family at its
 * INTERACTIVE limits; the hash string carries its own salt and parameters,
 * so it is all the database keeps, and password_needs_rehash compares those
 * parameters with today's.  The rules run before any hashing and are cheap:
 * a byte limit first (so nothing below works on long input), then UTF-8
 * without control characters, then at least PASSWORD_MIN code points, then
 * the common-password list and the account's address, both compared after
 * ASCII lower-casing.  The lower-cased copy lives on the stack and is wiped.
 *
 * The list holds only common passwords that the length rule would let
 * through; it is kept sorted (bytewise) for bsearch, which the unit test
 * checks.  A password of one repeated character counts as common.
 *
 * It deliberately does not normalise Unicode (a password is its bytes),
 * does not count attempts (ratelimit.c does) and never logs a password or
 * a hash.  crypto_init() must have run before anything here hashes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "log.h"
#include "password.h"
#include "util.h"

#define OPSLIMIT	crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEMLIMIT	crypto_pwhash_MEMLIMIT_INTERACTIVE

/* Lower-case, at least PASSWORD_MIN characters, sorted by strcmp. */
static const char *const common[] = {
	"0102030405", "0123456789", "0987654321", "1020304050", "1029384756",
	"1111122222", "1122334455", "1212121212", "1231231231",
	"123123123123", "1234512345", "1234554321", "1234567890",
	"12345678900", "123456789012", "1234567890123", "1234567890a",
	"1234567890q", "1234567891", "12345678910", "1234567899",
	"123456789a", "123456789q", "1234abcd1234", "1234qwerasdf",
	"1234qwerty", "123abc123abc", "123qwe123qwe", "123qweasdzxc",
	"1313131313", "1314520520", "1357924680", "1472583690", "1q2w3e4r5t",
	"1q2w3e4r5t6y", "1q2w3e4r5t6y7u8i", "1qa2ws3ed4rf", "1qaz2wsx3edc",
	"1qaz2wsx3edc4rfv", "2468135790", "5201314520", "7418529630",
	"9876543210", "a123456789", "a1234567890", "a1b2c3d4e5",
	"a1b2c3d4e5f6", "aa12345678", "aaaaaa1111", "abc1234567",
	"abc123456789", "abc123abc123", "abcd123456", "abcd1234abcd",
	"abcdef123456", "abcdefg123", "abcdefghij", "abcdefghijk",
	"abcdefghijkl", "admin12345", "admin123456", "administrator",
	"administrator1", "arsenal123", "asdf123456", "asdfasdfasdf",
	"asdfghjkl1", "asdfghjkl123", "asdfghjkl;", "azerty1234",
	"azerty123456", "azertyuiop", "baseball123", "basketball",
	"basketball1", "basketball123", "batman12345", "blink182blink182",
	"butterfly1", "butterfly123", "changeme123", "charlie123",
	"chelsea123", "chocolate1", "chocolate123", "computer123",
	"contrasena", "contrasena1", "dragon1234", "facebook123",
	"football12", "football123", "football1234", "freedom123",
	"helloworld", "helloworld1", "helloworld123", "iloveyou!!",
	"iloveyou11", "iloveyou12", "iloveyou123", "iloveyou1234",
	"iloveyou22", "iloveyouiloveyou", "internet123", "jennifer123",
	"jordan2323", "letmein123", "letmein1234", "liverpool1",
	"liverpool123", "loveyou123", "manchester", "manchester1",
	"michael123", "monkey1234", "motdepasse", "motdepasse1", "mypassword",
	"mypassword1", "mypassword123", "newpassword", "newpassword1",
	"nothing123", "p@ssw0rd123", "p@ssword123", "pakistan123",
	"passpass12", "passw0rd123", "password00", "password01", "password1!",
	"password11", "password12", "password123", "password123!",
	"password1234", "password12345", "password2020", "password2021",
	"password2022", "password2023", "password2024", "password2025",
	"password99", "passwordpassword", "passwort123", "poiuytrewq",
	"pokemon123", "princess12", "princess123", "q1234567890",
	"q1w2e3r4t5", "q1w2e3r4t5y6", "qaz123wsx456", "qazwsx1234",
	"qazwsx123456", "qazwsxedc1", "qazwsxedc123", "qazwsxedcrfv",
	"qweasdzxc1", "qweasdzxc123", "qwer1234qwer", "qwerasdfzxcv",
	"qwerty123!", "qwerty1234", "qwerty12345", "qwerty123456",
	"qwertyqwerty", "qwertyu123", "qwertyui12", "qwertyuiop",
	"qwertyuiop1", "qwertyuiop12", "qwertyuiop123", "qwertyuiop[]",
	"qwertzuiop", "samsung123", "secretpassword", "senha12345",
	"shadow1234", "spiderman1", "spiderman123", "starwars123",
	"sunshine12", "sunshine123", "superman123", "superstar1",
	"thomas1234", "trustno1234", "wachtwoord", "wachtwoord1",
	"welcome123", "welcome1234", "welcome2024", "welcome@123",
	"whatever123", "zaq12wsxcde3", "zaq1xsw2cde3", "zxcvbnm,./",
	"zxcvbnm123", "zxcvbnm1234", "zxcvbnmasdfghjkl",
};

/* A hash of a random password, made on first use, for unknown accounts. */
static char	 dummy_hash[crypto_pwhash_STRBYTES];

static int
cmp_common(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* Code points in valid UTF-8: every byte that is not a continuation. */
static size_t
utf8_count(const char *s, size_t n)
{
	size_t	 i, count;

	for (i = count = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

/* True when valid UTF-8 `s` (n > 0) is one code point over and over. */
static bool
one_repeated(const char *s, size_t n)
{
	size_t	 step, i;

	for (step = 1; step < n && ((unsigned char)s[step] & 0xc0) == 0x80;
	    step++)
		continue;
	for (i = step; i < n; i += step)
		if (n - i < step || memcmp(s + i, s, step) != 0)
			return false;
	return true;
}

/* Lower-cased `lc` (n bytes) equals `s` (sn bytes) ignoring ASCII case. */
static bool
same_lower(const char *lc, size_t n, const char *s, size_t sn)
{
	size_t	 i;
	char	 c;

	if (n != sn)
		return false;
	for (i = 0; i < n; i++) {
		c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (lc[i] != c)
			return false;
	}
	return true;
}

/* The address itself, or what comes before its last '@'. */
static bool
is_email(const char *lc, size_t n, const char *email)
{
	const char	*at;

	if (email == NULL)
		return false;
	if (same_lower(lc, n, email, strlen(email)))
		return true;
	at = strrchr(email, '@');
	return at != NULL && same_lower(lc, n, email, (size_t)(at - email));
}

static enum password_rule
check_lowered(const char *lc, size_t n, const char *email)
{
	if (one_repeated(lc, n) || bsearch(lc, common,
	    sizeof(common) / sizeof(common[0]), sizeof(common[0]),
	    cmp_common) != NULL)
		return PASSWORD_COMMON;
	if (is_email(lc, n, email))
		return PASSWORD_IS_EMAIL;
	return PASSWORD_OK;
}

enum password_rule
password_check(const char *pw, size_t len, const char *email)
{
	char			 lc[PASSWORD_MAX + 1];
	enum password_rule	 rc;

	if (len > PASSWORD_MAX)
		return PASSWORD_TOO_LONG;
	if (pw == NULL)
		return PASSWORD_TOO_SHORT;
	/* has_control also refuses NUL, so lc below is a C string */
	if (!utf8_valid(pw, len) || has_control(pw, len, false))
		return PASSWORD_BAD_TEXT;
	if (utf8_count(pw, len) < PASSWORD_MIN)
		return PASSWORD_TOO_SHORT;
	memcpy(lc, pw, len);
	lc[len] = '\0';
	lower(lc);
	rc = check_lowered(lc, len, email);
	sodium_memzero(lc, sizeof(lc));
	return rc;
}

const char *
password_hash(struct arena *a, const char *pw, size_t len)
{
	char	*out;

	out = arena_alloc(a, crypto_pwhash_STRBYTES);
	if (crypto_pwhash_str(out, pw != NULL ? pw : "", len, OPSLIMIT,
	    MEMLIMIT) != 0) {
		log_err("password: cannot hash: out of memory");
		return NULL;
	}
	return out;
}

/*
 * Copies a hash string into the fixed-size buffer libsodium's prototypes
 * ask for, so it never reads past a shorter string; false when there is no
 * string or it is too long to be one of libsodium's hashes.
 */
static bool
hash_copy(char out[crypto_pwhash_STRBYTES], const char *hash)
{
	size_t	 n;

	if (hash == NULL)
		return false;
	if ((n = strnlen(hash, crypto_pwhash_STRBYTES)) ==
	    crypto_pwhash_STRBYTES)
		return false;
	memcpy(out, hash, n + 1);
	return true;
}

bool
password_verify(const char *hash, const char *pw, size_t len)
{
	char	 h[crypto_pwhash_STRBYTES];

	if (pw == NULL || !hash_copy(h, hash))
		return false;
	/* libsodium refuses anything that does not parse as its own hash */
	return crypto_pwhash_str_verify(h, pw, len) == 0;
}

/*
 * The dummy hash is made on the first call in each process, so that call
 * costs a hash more than a verification; every later one costs the same
 * as a real verification with today's parameters.
 */
void
password_verify_dummy(const char *pw, size_t len)
{
	uint8_t	 noise[16];

	if (dummy_hash[0] == '\0') {
		randombytes_buf(noise, sizeof(noise));
		if (crypto_pwhash_str(dummy_hash, (const char *)noise,
		    sizeof(noise), OPSLIMIT, MEMLIMIT) != 0) {
			dummy_hash[0] = '\0';
			log_err("password: cannot hash: out of memory");
			return;
		}
	}
	(void)password_verify(dummy_hash, pw != NULL ? pw : "", len);
}

bool
password_needs_rehash(const char *hash)
{
	char	 h[crypto_pwhash_STRBYTES];

	/* -1 (not a hash libsodium knows) needs replacing as much as 1 */
	if (!hash_copy(h, hash))
		return true;
	return crypto_pwhash_str_needs_rehash(h, OPSLIMIT, MEMLIMIT) != 0;
}

bool
valid_password(const char *s, size_t n)
{
	return s != NULL && n <= PASSWORD_MAX && utf8_valid(s, n);
}
