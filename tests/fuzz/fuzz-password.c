/*
 * fuzz-password: the new-password rules and the password field's validator
 * under libFuzzer.
 *
 * Each input is checked as a new password for one fixed account address.
 * The answer must be one of the rules and agree with the byte limit, the
 * text checks and the validator; an accepted password must be text of at
 * least PASSWORD_MIN characters that is not the address; and changing the
 * case of ASCII letters must not change the answer, since every comparison
 * ignores it.  The input is passed as it comes, without a terminating NUL,
 * so reading past the given length shows up under AddressSanitizer.
 * Nothing is hashed: Argon2 is far too slow to fuzz, and the rules run
 * before any hashing.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "password.h"
#include "util.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

/* as typed, not lower-cased, so the rules must fold the address too */
#define EMAIL		"Fuzz.Person@Example.com"
#define LOCAL_LEN	11	/* "Fuzz.Person" */

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static size_t
characters(const char *s, size_t n)
{
	size_t	 i, count;

	for (i = count = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

/* The address or its local part, ignoring ASCII case (s has no NUL). */
static bool
is_address(const char *s, size_t n)
{
	return (n == strlen(EMAIL) || n == LOCAL_LEN) &&
	    strncasecmp(s, EMAIL, n) == 0;
}

static void
check_rule(const char *s, size_t n, enum password_rule rc)
{
	bool	 text;

	CHECK(rc < PASSWORD_RULE__MAX);
	CHECK((n > PASSWORD_MAX) == (rc == PASSWORD_TOO_LONG));
	CHECK(valid_password(s, n) == (n <= PASSWORD_MAX &&
	    utf8_valid(s, n)));
	if (n > PASSWORD_MAX)
		return;
	text = utf8_valid(s, n) && !has_control(s, n, false);
	CHECK(text == (rc != PASSWORD_BAD_TEXT));
	if (!text)
		return;
	CHECK((characters(s, n) < PASSWORD_MIN) ==
	    (rc == PASSWORD_TOO_SHORT));
	if (rc == PASSWORD_OK)
		CHECK(!is_address(s, n));
	if (is_address(s, n))
		CHECK(rc == PASSWORD_IS_EMAIL);
}

/* The input with every ASCII letter's case swapped (caller frees). */
static char *
swapped(const uint8_t *data, size_t size)
{
	char	*s;
	size_t	 i;

	if ((s = malloc(size > 0 ? size : 1)) == NULL)
		abort();
	for (i = 0; i < size; i++) {
		s[i] = (char)data[i];
		if (s[i] >= 'a' && s[i] <= 'z')
			s[i] = (char)(s[i] - 'a' + 'A');
		else if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
	}
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*s = (const char *)data;
	enum password_rule	 rc;
	char			*other;

	rc = password_check(s, size, EMAIL);
	check_rule(s, size, rc);
	other = swapped(data, size);
	CHECK(password_check(other, size, EMAIL) == rc);
	free(other);
	return 0;
}
