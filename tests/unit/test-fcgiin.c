/*
 * test-fcgiin: a FastCGI body read from its STDIN records.  Records of
 * every size, with padding and with another request's records between,
 * give back the body whatever the reads' sizes and however the bytes
 * arrive (one at a time, or already read before it starts); a broken
 * stream (a connection that ends early, an ABORT_REQUEST, another
 * version) is an error, never a short body taken for a whole one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <fastcgi.h>

#include "fcgiin.h"

#define ID	1

/* A connection in memory: it hands out at most `piece` bytes a read. */
struct conn {
	const unsigned char	*p;
	size_t			 len, at, piece;
	unsigned		 reads;
};

static ssize_t
conn_rd(void *arg, void *buf, size_t n)
{
	struct conn	*c = arg;

	c->reads++;
	if (c->piece > 0 && n > c->piece)
		n = c->piece;
	if (n > c->len - c->at)
		n = c->len - c->at;
	memcpy(buf, c->p + c->at, n);
	c->at += n;
	return (ssize_t)n;
}

/* Appends a record to s at *n. */
static void
record(unsigned char *s, size_t *n, unsigned type, unsigned id,
    const unsigned char *content, size_t len, unsigned padding)
{
	unsigned char	 h[FCGI_HEADER_LEN] = { FCGI_VERSION_1, (unsigned char)type,
	    (unsigned char)(id >> 8), (unsigned char)id,
	    (unsigned char)(len >> 8), (unsigned char)len,
	    (unsigned char)padding, 0 };

	memcpy(s + *n, h, sizeof(h));
	*n += sizeof(h);
	if (len > 0)
		memcpy(s + *n, content, len);
	*n += len;
	memset(s + *n, 0xee, padding);
	*n += padding;
}

static unsigned char	*body, *stream, *buf, *out;
static size_t		 bodylen = 300000, streamlen;

static int
setup(void **state)
{
	size_t	 i, at, len;

	body = malloc(bodylen);
	stream = malloc(bodylen + 4096);
	buf = malloc(FCGIIN_BUF);
	out = malloc(bodylen + 1);
	if (body == NULL || stream == NULL || buf == NULL || out == NULL)
		return -1;
	for (i = 0; i < bodylen; i++)
		body[i] = (unsigned char)(i * 7 + i / 251);
	/* records of growing sizes, padded, another request's between */
	for (at = 0, len = 1; at < bodylen; at += len, len = len * 3 + 5) {
		if (len > 65535)
			len = 65535;
		if (len > bodylen - at)
			len = bodylen - at;
		record(stream, &streamlen, FCGI_STDIN, ID, body + at, len,
		    (unsigned)(len % 8));
		if (len % 3 == 0)
			record(stream, &streamlen, FCGI_STDIN, ID + 1, body, 100,
			    4);
	}
	record(stream, &streamlen, FCGI_STDIN, ID, NULL, 0, 0);
	return 0;
}

static int
teardown(void **state)
{
	free(body);
	free(stream);
	free(buf);
	free(out);
	return 0;
}

/* Reads the body through f in reads of `each`: the total, or -1. */
static long
read_all(struct fcgiin *f, size_t each)
{
	long	 got, total = 0;

	while ((got = fcgiin_read(f, out + total,
	    each < bodylen + 1 - (size_t)total ? each :
	    bodylen + 1 - (size_t)total)) > 0)
		total += got;
	return got < 0 ? -1 : total;
}

static void
the_body_comes_back_however_it_arrives(void **state)
{
	static const size_t pieces[] = { 0, 1, 7, 8, 9, 4096, 70000 };
	static const size_t eaches[] = { 1, 100, 65536, 300001 };
	static const size_t pres[] = { 0, 3, 8, 8192 };
	struct fcgiin	 f;
	struct conn	 c;
	size_t		 i, j, k;

	(void)state;
	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++)
		for (j = 0; j < sizeof(eaches) / sizeof(eaches[0]); j++)
			for (k = 0; k < sizeof(pres) / sizeof(pres[0]); k++) {
				c = (struct conn){ stream + pres[k],
				    streamlen - pres[k], 0, pieces[i], 0 };
				fcgiin_init(&f, ID, buf, conn_rd, &c, stream,
				    pres[k]);
				assert_false(fcgiin_ended(&f));
				assert_int_equal(read_all(&f, eaches[j]),
				    (long)bodylen);
				assert_memory_equal(out, body, bodylen);
				assert_true(fcgiin_ended(&f));
				assert_int_equal(fcgiin_read(&f, out, 10), 0);
			}
}

/* Large reads: the whole body in a few reads of the connection. */
static void
the_connection_is_read_in_large_pieces(void **state)
{
	struct fcgiin	 f;
	struct conn	 c = { stream, streamlen, 0, 0, 0 };

	(void)state;
	fcgiin_init(&f, ID, buf, conn_rd, &c, NULL, 0);
	assert_int_equal(read_all(&f, 65536), (long)bodylen);
	assert_true(c.reads <= streamlen / FCGIIN_BUF + 2);
}

static void
a_broken_stream_is_an_error(void **state)
{
	unsigned char	 s[512];
	size_t		 n, cut;
	struct fcgiin	 f;
	struct conn	 c;

	(void)state;
	/* the connection ends anywhere before the empty record */
	for (cut = 0; cut < streamlen; cut += 4999) {
		c = (struct conn){ stream, cut, 0, 0, 0 };
		fcgiin_init(&f, ID, buf, conn_rd, &c, NULL, 0);
		assert_int_equal(read_all(&f, 65536), -1);
		assert_false(fcgiin_ended(&f));
		assert_int_equal(fcgiin_read(&f, out, 1), -1);
	}
	/* an ABORT_REQUEST, another type, another version */
	n = 0;
	record(s, &n, FCGI_STDIN, ID, body, 10, 0);
	record(s, &n, FCGI_ABORT_REQUEST, ID, NULL, 0, 0);
	c = (struct conn){ s, n, 0, 0, 0 };
	fcgiin_init(&f, ID, buf, conn_rd, &c, NULL, 0);
	assert_int_equal(read_all(&f, 100), -1);
	n = 0;
	record(s, &n, FCGI_PARAMS, ID, body, 10, 0);
	c = (struct conn){ s, n, 0, 0, 0 };
	fcgiin_init(&f, ID, buf, conn_rd, &c, NULL, 0);
	assert_int_equal(read_all(&f, 100), -1);
	n = 0;
	record(s, &n, FCGI_STDIN, ID, body, 10, 0);
	s[0] = 2;
	c = (struct conn){ s, n, 0, 0, 0 };
	fcgiin_init(&f, ID, buf, conn_rd, &c, NULL, 0);
	assert_int_equal(read_all(&f, 100), -1);
	/* more bytes already read than the buffer holds */
	fcgiin_init(&f, ID, buf, conn_rd, &c, stream, FCGIIN_BUF + 1);
	assert_int_equal(fcgiin_read(&f, out, 1), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_body_comes_back_however_it_arrives),
		cmocka_unit_test(the_connection_is_read_in_large_pieces),
		cmocka_unit_test(a_broken_stream_is_an_error),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
