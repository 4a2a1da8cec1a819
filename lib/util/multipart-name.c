/*
 * multipart-name: file names as sent in a multipart body, made safe to
 * show (mp_display_name, see multipart.h).
 *
 * Works on code points, so nothing it removes can leave half a character
 * behind, and it only ever removes: the result is never longer than the
 * name (or "file").  It is for display; stored files are named by the
 * server (docstore.h).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "multipart.h"
#include "util.h"

/* The length of the UTF-8 character at s (and its code point), 0 when
 * it is not a well-formed one. */
static size_t
utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t	 c;
	size_t		 len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 ||
	    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Characters a displayed name never shows. */
static bool
hidden(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x61c ||
	    c == 0x200e || c == 0x200f || c == 0x2028 || c == 0x2029 ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

char *
mp_display_name(struct arena *a, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*out;
	size_t			 i, len, o = 0, cut = 0;
	uint32_t		 c;

	for (i = n; i > 0; i--)
		if (s[i - 1] == '/' || s[i - 1] == '\\')
			break;
	out = arena_alloc(a, n - i + 1);
	for (; i < n; i += len) {
		if ((len = utf8_char(p + i, n - i, &c)) == 0) {
			len = 1;
			continue;
		}
		if (!hidden(c)) {
			memcpy(out + o, s + i, len);
			o += len;
		}
	}
	out[o] = '\0';
	o = trim(out, o);
	/* Cut between characters: a continuation byte is never a start. */
	for (i = 0; i < o && i <= MP_DISPLAY_MAX; i++)
		if ((out[i] & 0xc0) != 0x80)
			cut = i;
	if (o > MP_DISPLAY_MAX) {
		out[cut] = '\0';
		o = trim(out, cut);
	}
	if (o == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
		return arena_strdup(a, "file");
	return out;
}
