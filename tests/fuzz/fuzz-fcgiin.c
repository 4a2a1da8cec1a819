/*
 * fuzz-fcgiin: a FastCGI body read from its STDIN records, under
 * libFuzzer.
 *
 * Input: two bytes that pick how many bytes a read of the connection
 * gives (1..256, or all) and how many are handed over as already read,
 * then the connection's bytes.  The body read through fcgiin must be
 * what a plain walk of the same records, all of them in memory, finds:
 * the contents of request 1's STDIN records up to its empty one, other
 * requests' records passed over.  Where the walk finds the stream broken
 * (cut short, another version, another record of request 1), the reader
 * must return an error, after no more bytes than the walk found.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fastcgi.h>

#include "fcgiin.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static unsigned char	 buf[FCGIIN_BUF];
static unsigned char	 want[1 << 20], got[1 << 20];

struct conn {
	const uint8_t	*p;
	size_t		 len, at, piece;
};

static ssize_t
rd(void *arg, void *out, size_t n)
{
	struct conn	*c = arg;

	if (c->piece > 0 && n > c->piece)
		n = c->piece;
	if (n > c->len - c->at)
		n = c->len - c->at;
	memcpy(out, c->p + c->at, n);
	c->at += n;
	return (ssize_t)n;
}

/* The walk: request 1's body into want; whether it ends whole. */
static bool
walk(const uint8_t *p, size_t n, size_t *len)
{
	size_t	 at = 0, clen, plen;

	*len = 0;
	while (n - at >= FCGI_HEADER_LEN) {
		clen = (size_t)p[at + 4] << 8 | p[at + 5];
		plen = p[at + 6];
		if (p[at] != FCGI_VERSION_1)
			return false;
		if ((p[at + 2] << 8 | p[at + 3]) == 1) {
			if (p[at + 1] != FCGI_STDIN)
				return false;
			if (clen == 0)
				return true;
			if (n - at - FCGI_HEADER_LEN < clen) {
				/* cut short: what there is may come first */
				memcpy(want + *len, p + at + FCGI_HEADER_LEN,
				    n - at - FCGI_HEADER_LEN);
				*len += n - at - FCGI_HEADER_LEN;
				return false;
			}
			memcpy(want + *len, p + at + FCGI_HEADER_LEN, clen);
			*len += clen;
		}
		at += FCGI_HEADER_LEN + clen + plen;
		if (at > n)
			return false;
	}
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fcgiin	 f;
	struct conn	 c;
	size_t		 pre, len, total = 0;
	long		 r;
	bool		 whole;

	if (size < 2 || size - 2 > sizeof(want))
		return 0;
	c = (struct conn){ data + 2, size - 2, 0, data[0] };
	pre = data[1] < c.len ? data[1] : c.len;
	c.at = pre;
	whole = walk(c.p, c.len, &len);
	fcgiin_init(&f, 1, buf, rd, &c, c.p, pre);
	while ((r = fcgiin_read(&f, got + total,
	    1 + (total * 7 + data[0]) % 70000)) > 0) {
		total += (size_t)r;
		CHECK(total <= len);
	}
	CHECK(total <= len && memcmp(got, want, total) == 0);
	if (whole) {
		CHECK(r == 0 && total == len && fcgiin_ended(&f));
	} else {
		CHECK(r == -1 && !fcgiin_ended(&f));
	}
	return 0;
}
