/*
 * util: text checks, base64url, hex and the field validators.
 *
 * Every function is pure: no allocation, no global state, no logging, and
 * nothing read past the length it is given (no NUL terminator is assumed).
 * The validators are deliberately strict and ASCII-minded where the value
 * ends up in a header, a URL or an SMTP envelope: they accept what Porch
 * itself produces and what people really type, and refuse the rest rather
 * than trying to repair it.  They do not trim; callers that want trimming
 * call trim() first.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "util.h"

#define EMAIL_MAX	254
#define EMAIL_LOCAL_MAX	64
#define DNS_LABEL_MAX	63
#define LOCAL_PATH_MAX	512
#define NAME_MAX_CHARS	200
#define PHONE_MAX	40
#define PHONE_MIN_DIGITS 3
#define TOKEN_BYTES	32
#define PUBLIC_ID_BYTES	16

static const char b64url_digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/*
 * The length of the UTF-8 sequence at s[0..n), or 0 when it is malformed.
 * The second byte's range is what rules out overlongs (E0, F0), surrogates
 * (ED) and code points past U+10FFFF (F4); lead bytes C0, C1 and F5..FF
 * can only start such sequences and are refused outright.
 */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char	 lo = 0x80, hi = 0xbf;
	size_t		 len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

bool
utf8_valid(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, len;

	for (i = 0; i < n; i += len)
		if ((len = utf8_seq(p + i, n - i)) == 0)
			return false;
	return true;
}

bool
has_control(const char *s, size_t n, bool multiline)
{
	unsigned char	 c;
	size_t		 i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7f)
			continue;
		if (multiline && (c == '\t' || c == '\r' || c == '\n'))
			continue;
		return true;
	}
	return false;
}

size_t
b64url_len(size_t n)
{
	return n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
}

void
b64url_encode(const uint8_t *in, size_t n, char *out)
{
	uint32_t	 v;
	size_t		 i, rest;

	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		*out++ = b64url_digits[v >> 18 & 63];
		*out++ = b64url_digits[v >> 12 & 63];
		*out++ = b64url_digits[v >> 6 & 63];
		*out++ = b64url_digits[v & 63];
	}
	if ((rest = n - i) > 0) {
		v = (uint32_t)in[i] << 16;
		if (rest == 2)
			v |= (uint32_t)in[i + 1] << 8;
		*out++ = b64url_digits[v >> 18 & 63];
		*out++ = b64url_digits[v >> 12 & 63];
		if (rest == 2)
			*out++ = b64url_digits[v >> 6 & 63];
	}
	*out = '\0';
}

static int
b64url_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/*
 * Strict: the unused low bits of the last digit must be zero, so each byte
 * string has exactly one spelling and a token compares equal only to itself.
 */
bool
b64url_decode(const char *s, size_t n, uint8_t *out, size_t outlen)
{
	uint32_t	 acc = 0;
	unsigned	 bits = 0;
	size_t		 i, o = 0;
	int		 v;

	if (n != b64url_len(outlen))
		return false;
	for (i = 0; i < n; i++) {
		if ((v = b64url_value(s[i])) < 0)
			return false;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	return acc == 0;
}

void
hex_encode(const uint8_t *in, size_t n, char *out)
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < n; i++) {
		*out++ = digits[in[i] >> 4];
		*out++ = digits[in[i] & 15];
	}
	*out = '\0';
}

bool
valid_any(const char *s, size_t n)
{
	return memchr(s, '\0', n) == NULL && utf8_valid(s, n);
}

/* RFC 5322 atext: the characters of an unquoted local part besides dots. */
static bool
is_atext(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static bool
is_ldh(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-';
}

/* Dot-separated runs of `ok` characters: no empty run, none too long. */
static bool
dotted(const char *s, size_t n, bool (*ok)(char), size_t maxrun)
{
	size_t	 i, run = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (run == 0)
				return false;
			run = 0;
		} else if (!ok(s[i]) || ++run > maxrun)
			return false;
	}
	return run > 0;
}

static bool
valid_domain(const char *s, size_t n)
{
	size_t	 i;

	if (memchr(s, '.', n) == NULL || !dotted(s, n, is_ldh, DNS_LABEL_MAX))
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] != '-')
			continue;
		if (i == 0 || i == n - 1 || s[i - 1] == '.' || s[i + 1] == '.')
			return false;
	}
	return true;
}

bool
valid_email(const char *s, size_t n)
{
	const char	*at;
	size_t		 local;

	if (n == 0 || n > EMAIL_MAX || (at = memchr(s, '@', n)) == NULL)
		return false;
	local = (size_t)(at - s);
	if (local == 0 || local > EMAIL_LOCAL_MAX)
		return false;
	return dotted(s, local, is_atext, EMAIL_LOCAL_MAX) &&
	    valid_domain(at + 1, n - local - 1);
}

bool
valid_token(const char *s, size_t n)
{
	uint8_t	 raw[TOKEN_BYTES];

	return b64url_decode(s, n, raw, sizeof(raw));
}

bool
valid_public_id(const char *s, size_t n)
{
	uint8_t	 raw[PUBLIC_ID_BYTES];

	return b64url_decode(s, n, raw, sizeof(raw));
}

/* Days in month m (1-12) of year y, Gregorian. */
static int
month_days(int y, int m)
{
	static const int	 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* n ASCII digits at s as a number, or -1. */
static int
digits(const char *s, size_t n)
{
	int	 v = 0;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool
day_parse(const char *s, size_t n, int *y, int *m, int *d)
{
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	*y = digits(s, 4);
	*m = digits(s + 5, 2);
	*d = digits(s + 8, 2);
	return *y >= 2000 && *y <= 2199 && *m >= 1 && *m <= 12 && *d >= 1 &&
	    *d <= month_days(*y, *m);
}

bool
valid_day(const char *s, size_t n)
{
	int	 y, m, d;

	return day_parse(s, n, &y, &m, &d);
}

/* After H. Hinnant's days_from_civil and civil_from_days: eras of 400
 * years, March first. */
int64_t
day_number(int y, int m, int d)
{
	int64_t	 yy = y - (m <= 2), era, yoe, doy, doe;

	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t
day_of(int64_t t)
{
	return t >= 0 ? t / 86400 : -((-(t + 1)) / 86400) - 1;
}

void
day_civil(int64_t n, int *y, int *m, int *d)
{
	int64_t	 z = n + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

bool
clock_parse(const char *s, size_t n, int *min)
{
	int	 h, mm;

	if (n != 5 || s[2] != ':')
		return false;
	h = digits(s, 2);
	mm = digits(s + 3, 2);
	if (h < 0 || mm < 0 || mm > 59 || h > 24 || (h == 24 && mm != 0))
		return false;
	*min = h * 60 + mm;
	return true;
}

bool
valid_clock(const char *s, size_t n)
{
	int	 min;

	return clock_parse(s, n, &min);
}

/*
 * A path a redirect may go to.  Browsers read "//host" and "/\host" as
 * another site and drop tabs and newlines before deciding, so each of those
 * is refused; "://" before the query would make a scheme-relative or
 * absolute URL in some resolvers, so it is refused too.
 */
bool
valid_local_path(const char *s, size_t n)
{
	const char	*q;
	size_t		 pathlen, i;

	if (n == 0 || n > LOCAL_PATH_MAX || s[0] != '/')
		return false;
	if (n > 1 && (s[1] == '/' || s[1] == '\\'))
		return false;
	if (memchr(s, '\\', n) != NULL || has_control(s, n, false) ||
	    !utf8_valid(s, n))
		return false;
	q = memchr(s, '?', n);
	pathlen = q == NULL ? n : (size_t)(q - s);
	for (i = 0; i + 3 <= pathlen; i++)
		if (memcmp(s + i, "://", 3) == 0)
			return false;
	return true;
}

/*
 * Counts characters, not bytes; C1 controls (U+0080..U+009F) are refused
 * along with the C0 ones because a name is shown in pages and mail headers.
 */
bool
valid_name(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, len, chars = 0;

	if (has_control(s, n, false))
		return false;
	for (i = 0; i < n; i += len) {
		if ((len = utf8_seq(p + i, n - i)) == 0)
			return false;
		if (p[i] == 0xc2 && p[i + 1] < 0xa0)
			return false;
		chars++;
	}
	return chars >= 1 && chars <= NAME_MAX_CHARS;
}

/*
 * Loose on purpose: people write numbers in many national styles, so only
 * the characters they use are allowed, and a few digits are required so
 * that "--" or "()" is not taken for a number (which also makes 3 the
 * shortest).  Empty means "none".
 */
bool
valid_phone(const char *s, size_t n)
{
	size_t	 i, digits = 0;

	if (n == 0)
		return true;
	if (n > PHONE_MAX)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '\0' || strchr(" +-()./", s[i]) == NULL)
			return false;
	}
	return digits >= PHONE_MIN_DIGITS;
}

/* A query flag a redirect sets (?saved=1): one spelling only. */
bool
valid_flag(const char *s, size_t n)
{
	return n == 1 && s[0] == '1';
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	    c == '\r';
}

/* Two digits at a time from a table: pages write times and numbers by the
 * hundred, and the division by 100 halves the divisions by 10.  The parts
 * of a time (two digits, at most two wide) are written without a loop. */
static const char	 digit_pairs[] =
    "00010203040506070809101112131415161718192021222324"
    "25262728293031323334353637383940414243444546474849"
    "50515253545556575859606162636465666768697071727374"
    "75767778798081828384858687888990919293949596979899";

char *
decimal_put(char *p, int64_t n, int width)
{
	char		 d[24], *e = d + sizeof(d);
	uint64_t	 u;

	if (n >= 0 && n < 100 && width <= 2) {
		if (n < 10 && width < 2) {
			*p = (char)('0' + n);
			return p + 1;
		}
		return two_digits(p, (int)n);
	}
	u = n < 0 ? -(uint64_t)n : (uint64_t)n;
	if (n < 0)
		*p++ = '-';
	while (u >= 100) {
		e -= 2;
		e[0] = digit_pairs[2 * (u % 100)];
		e[1] = digit_pairs[2 * (u % 100) + 1];
		u /= 100;
	}
	if (u >= 10) {
		e -= 2;
		e[0] = digit_pairs[2 * u];
		e[1] = digit_pairs[2 * u + 1];
	} else
		*--e = (char)('0' + u);
	while (e > d && (int)(d + sizeof(d) - e) < width)
		*--e = '0';
	while (e < d + sizeof(d))
		*p++ = *e++;
	return p;
}

/* Writes a NUL at the new end only when something was cut, since s[n] may
 * not be ours to write. */
size_t
trim(char *s, size_t n)
{
	size_t	 start = 0, end = n;

	while (start < end && is_space(s[start]))
		start++;
	while (end > start && is_space(s[end - 1]))
		end--;
	if (start == 0 && end == n)
		return n;
	memmove(s, s + start, end - start);
	s[end - start] = '\0';
	return end - start;
}

void
lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

bool
valid_conf_id(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > 40)
		return false;
	for (i = 0; i < len; i++)
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < '0' || s[i] > '9') &&
		    s[i] != '-')
			return false;
	return true;
}

bool
valid_word(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > 32)
		return false;
	for (i = 0; i < len; i++)
		if ((s[i] < 'a' || s[i] > 'z') && s[i] != '-')
			return false;
	return true;
}

bool
valid_number(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > 12 || (s[0] == '0' && len > 1))
		return false;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool
num_parse(const char *s, int64_t *out)
{
	*out = 0;
	if (s == NULL || !valid_number(s, strlen(s)))
		return false;
	for (; *s != '\0'; s++)
		*out = *out * 10 + (*s - '0');
	return true;
}

char *
url_encode(struct arena *a, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	char			*out, *o;
	unsigned char		 c;

	o = out = arena_alloc(a, 3 * strlen(s) + 1);
	for (; (c = (unsigned char)*s) != '\0'; s++) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			*o++ = (char)c;
		else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

void
err_printf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}
