/*
 * util: small pure helpers shared by the parsers, validators and crypto.
 *
 * Text checks (UTF-8, control characters), base64url, hex, and the
 * validators that declared fields use.  Every function here is pure, has no
 * limits of its own beyond the lengths it is given, and is unit-tested and
 * fuzzed.  Validators take (value, length) and return true when the value is
 * acceptable; they never allocate.
 */
#ifndef PORCH_UTIL_H
#define PORCH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* Well-formed UTF-8: no overlongs, surrogates or code points past U+10FFFF. */
bool	 utf8_valid(const char *, size_t);
/* True when any byte is a C0 control or DEL; tab, CR and LF are allowed
 * when `multiline` is set. */
bool	 has_control(const char *, size_t, bool multiline);

/* base64url without padding (RFC 4648 section 5).  `out` must hold
 * b64url_len(n) + 1 bytes; the result is NUL-terminated. */
size_t	 b64url_len(size_t n);
void	 b64url_encode(const uint8_t *, size_t, char *out);
/* Decodes exactly `outlen` bytes; false on any other length or bad digit. */
bool	 b64url_decode(const char *, size_t, uint8_t *out, size_t outlen);

/* s as a URL query value (arena): RFC 3986 unreserved bytes as they
 * are, every other byte (UTF-8 included) percent-encoded. */
char	*url_encode(struct arena *, const char *s)
	    __attribute__((returns_nonnull));

/* Lower-case hex; `out` holds 2n + 1 bytes. */
void	 hex_encode(const uint8_t *, size_t, char *out);

/* Validators for declared fields. */
bool	 valid_any(const char *, size_t);	/* any text within the field's limits */
/* Writes a formatted message into err (errlen bytes, cut short if need
 * be): how loaders report "file:line: what" to their caller.  Does
 * nothing when err is NULL or errlen 0. */
void	 err_printf(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
bool	 valid_email(const char *, size_t);	/* addr-spec a mail server accepts, <= 254 */
bool	 valid_token(const char *, size_t);	/* 43 base64url chars: a 256-bit token */
bool	 valid_public_id(const char *, size_t);	/* 22 base64url chars: a 128-bit id */
/* A calendar day "YYYY-MM-DD" (years 2000-2199) into y, m (1-12), d. */
bool	 day_parse(const char *, size_t, int *y, int *m, int *d);
bool	 valid_day(const char *, size_t);
/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar, and
 * back; a day's weekday (0 Sunday) is (n + 4) mod 7. */
int64_t	 day_number(int y, int m, int d);
void	 day_civil(int64_t n, int *y, int *m, int *d);
/* The day number of a time in seconds since 1970 (t / 86400 rounded
 * down, also before 1970). */
int64_t	 day_of(int64_t t);
/* A time of day "HH:MM" (24:00 too, as an end) into minutes from
 * midnight. */
bool	 clock_parse(const char *, size_t, int *min);
bool	 valid_clock(const char *, size_t);
bool	 valid_local_path(const char *, size_t); /* "/..." of this site, no "//", no "\\", no scheme */
bool	 valid_name(const char *, size_t);	/* 1..200 chars, no control characters */
/* Empty, or 3..40 of digits, space and "+-()./" with at least 3 digits. */
bool	 valid_phone(const char *, size_t);
bool	 valid_flag(const char *, size_t);
bool	 valid_word(const char *, size_t);	/* [a-z-]{1,32}: a choice among fixed words */
bool	 valid_conf_id(const char *, size_t);	/* [a-z0-9-]{1,40}: an id from porch.conf */
/* [0-9]{1,12} without a leading zero (or "0"): a count or a Unix time a
 * link carries.  num_parse reads one into *out. */
bool	 valid_number(const char *, size_t);
bool	 num_parse(const char *, int64_t *out);

/* Writes n in decimal at p, at least `width` digits (zeros in front),
 * without a NUL; returns the end.  p must hold 21 bytes or `width` + 1. */
char	*decimal_put(char *p, int64_t n, int width)
	    __attribute__((returns_nonnull));
/* n (0 to 99) in two digits at p, without a NUL; returns the end: the
 * parts of a time, inline. */
static inline char *
two_digits(char *p, int n)
{
	p[0] = (char)('0' + n / 10);
	p[1] = (char)('0' + n % 10);
	return p + 2;
}

/* Trims ASCII white space in place; returns the new length. */
size_t	 trim(char *, size_t);
/* ASCII lower-case in place. */
void	 lower(char *);

#endif
