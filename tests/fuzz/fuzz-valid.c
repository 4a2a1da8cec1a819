/*
 * fuzz-valid: every field validator under libFuzzer.
 *
 * Each input goes, without a terminating NUL, to every validator a page
 * can declare.  Beyond not crashing or reading past the given length, a
 * value a validator accepts must have the properties pages rely on: text
 * without control characters (and valid UTF-8), ids and tokens of their
 * exact length in the base64url alphabet, local paths that cannot leave
 * the site, e-mail addresses of one '@' within 254 bytes, phone numbers
 * short and with digits, cursors that decode to what encodes back to
 * the same text.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cursor.h"
#include "password.h"
#include "util.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static bool
all_b64url(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-_", s[i]) == NULL || s[i] == '\0')
			return false;
	return true;
}

/* A cursor accepted is one cursor_encode makes: the same text again, a
 * clean text part within its limit, no negative number. */
static void
check_cursor(const char *s, size_t n)
{
	static struct arena	*a;
	struct cursor		 c;
	const char		*again;
	size_t			 tlen;

	if (a == NULL && (a = arena_new(4096)) == NULL)
		abort();
	arena_reset(a);
	CHECK(n <= CURSOR_LEN_MAX && all_b64url(s, n));
	CHECK(cursor_decode(s, n, &c));
	tlen = strlen(c.text);
	CHECK(tlen <= CURSOR_TEXT_MAX && utf8_valid(c.text, tlen) &&
	    !has_control(c.text, tlen, true));
	CHECK(c.end || (c.at >= 0 && c.id >= 0 && c.rank <= CURSOR_RANK_MAX));
	CHECK((again = cursor_encode(a, &c)) != NULL);
	CHECK(strlen(again) == n && memcmp(again, s, n) == 0);
}

static void
check_path(const char *s, size_t n)
{
	CHECK(n >= 1 && s[0] == '/');
	CHECK(n < 2 || (s[1] != '/' && s[1] != '\\'));
	CHECK(memchr(s, '\\', n) == NULL);
	CHECK(!has_control(s, n, true));
}

static void
check_email(const char *s, size_t n)
{
	const char	*at = memchr(s, '@', n);

	CHECK(n <= 254 && at != NULL && at != s);
	CHECK(memchr(at + 1, '@', n - (size_t)(at - s) - 1) == NULL);
	CHECK(!has_control(s, n, true) && utf8_valid(s, n));
}

/* s is not NUL-terminated: each byte is looked up on its own. */
static void
check_conf_id(const char *s, size_t n)
{
	static const char	 ok[] = "abcdefghijklmnopqrstuvwxyz0123456789-";
	size_t			 i;

	CHECK(n >= 1 && n <= 40);
	for (i = 0; i < n; i++)
		CHECK(s[i] != '\0' && memchr(ok, s[i], sizeof(ok) - 1) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s = malloc(size ? size : 1);
	size_t	 i, digits = 0;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	if (valid_token(s, size))
		CHECK(size == 43 && all_b64url(s, size));
	if (valid_public_id(s, size))
		CHECK(size == 22 && all_b64url(s, size));
	if (valid_local_path(s, size))
		check_path(s, size);
	if (valid_email(s, size))
		check_email(s, size);
	if (valid_name(s, size))
		CHECK(size > 0 && utf8_valid(s, size) &&
		    !has_control(s, size, true));
	if (valid_phone(s, size) && size > 0) {
		for (i = 0; i < size; i++)
			digits += s[i] >= '0' && s[i] <= '9';
		CHECK(size <= 40 && digits >= 3);
	}
	if (valid_flag(s, size))
		CHECK(size == 1 && s[0] == '1');
	if (valid_cursor(s, size))
		check_cursor(s, size);
	if (valid_word(s, size))
		CHECK(size >= 1 && size <= 32 && !has_control(s, size, false));
	if (valid_conf_id(s, size))
		check_conf_id(s, size);
	if (valid_any(s, size) || valid_password(s, size))
		CHECK(utf8_valid(s, size));
	free(s);
	return 0;
}
