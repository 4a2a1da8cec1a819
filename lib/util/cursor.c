/*
 * cursor: a list position as the text of a pager link (see cursor.h).
 *
 * The record, before base64url: a version byte (1), a kind byte (0 a
 * row, 1 the end of the list) and, for a row only, the time and the id as
 * 8-byte big-endian numbers around a rank byte, then the text part's
 * bytes to the end.  Every byte is accounted for, so a decoder that
 * accepts a record accepts only what the encoder makes of it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "cursor.h"
#include "util.h"

#define RECORD_VERSION	1
#define KIND_ROW	0
#define KIND_END	1
#define HEAD		2		/* version and kind */
#define ROW_HEAD	(HEAD + 8 + 1 + 8)
#define RECORD_MAX	(ROW_HEAD + CURSOR_TEXT_MAX)

static void
put64(uint8_t *p, int64_t v)
{
	uint64_t	 u = (uint64_t)v;
	int		 i;

	for (i = 7; i >= 0; i--, u >>= 8)
		p[i] = (uint8_t)(u & 0xff);
}

static int64_t
get64(const uint8_t *p)
{
	uint64_t	 u = 0;
	int		 i;

	for (i = 0; i < 8; i++)
		u = u << 8 | p[i];
	return (int64_t)u;
}

/* The text part as a cursor may hold it. */
static bool
clean_text(const char *s, size_t n)
{
	return n <= CURSOR_TEXT_MAX && memchr(s, '\0', n) == NULL &&
	    utf8_valid(s, n) && !has_control(s, n, false);
}

char *
cursor_encode(struct arena *a, const struct cursor *c)
{
	uint8_t		 rec[RECORD_MAX];
	size_t		 n, tlen;
	char		*out;

	rec[0] = RECORD_VERSION;
	if (c->end) {
		rec[1] = KIND_END;
		n = HEAD;
	} else {
		tlen = strnlen(c->text, sizeof(c->text));
		if (c->at < 0 || c->id < 0 || c->rank > CURSOR_RANK_MAX ||
		    !clean_text(c->text, tlen))
			return NULL;
		rec[1] = KIND_ROW;
		put64(rec + HEAD, c->at);
		rec[HEAD + 8] = (uint8_t)c->rank;
		put64(rec + HEAD + 9, c->id);
		memcpy(rec + ROW_HEAD, c->text, tlen);
		n = ROW_HEAD + tlen;
	}
	out = arena_alloc(a, b64url_len(n) + 1);
	b64url_encode(rec, n, out);
	return out;
}

bool
cursor_decode(const char *s, size_t len, struct cursor *c)
{
	uint8_t		 rec[RECORD_MAX];
	size_t		 n;

	memset(c, 0, sizeof(*c));
	/* a length of 1 mod 4 is no whole number of bytes */
	if (len > CURSOR_LEN_MAX || len % 4 == 1)
		return false;
	n = len / 4 * 3 + (len % 4 == 0 ? 0 : len % 4 - 1);
	if (n < HEAD || !b64url_decode(s, len, rec, n) ||
	    rec[0] != RECORD_VERSION)
		return false;
	if (rec[1] == KIND_END && n == HEAD) {
		c->end = true;
		return true;
	}
	if (rec[1] != KIND_ROW || n < ROW_HEAD ||
	    !clean_text((const char *)rec + ROW_HEAD, n - ROW_HEAD))
		return false;
	c->at = get64(rec + HEAD);
	c->rank = rec[HEAD + 8];
	c->id = get64(rec + HEAD + 9);
	if (c->at < 0 || c->id < 0)
		return false;
	memcpy(c->text, rec + ROW_HEAD, n - ROW_HEAD);
	c->text[n - ROW_HEAD] = '\0';
	return true;
}

bool
valid_cursor(const char *s, size_t len)
{
	struct cursor	 c;

	return cursor_decode(s, len, &c);
}
