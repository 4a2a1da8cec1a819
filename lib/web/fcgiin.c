/*
 * fcgiin: a FastCGI request's body from its STDIN records (see fcgiin.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <fastcgi.h>

#include "fcgiin.h"

void
fcgiin_init(struct fcgiin *f, uint16_t id, unsigned char *buf,
    ssize_t (*rd)(void *, void *, size_t), void *arg, const void *pre,
    size_t prelen)
{
	*f = (struct fcgiin){ .rd = rd, .arg = arg, .id = id, .buf = buf };
	if (prelen > FCGIIN_BUF)
		f->failed = true;	/* cannot be: the caller's mistake */
	else if (prelen > 0) {
		memcpy(buf, pre, prelen);
		f->end = prelen;
	}
}

/* Makes want (1..FCGI_HEADER_LEN) unread bytes available, reading as
 * much as the buffer takes: false at the connection's end or an error. */
static bool
fill(struct fcgiin *f, size_t want)
{
	ssize_t	 r;

	if (f->end - f->at >= want)
		return true;
	/* fewer than a header's bytes are left: to the buffer's start */
	memmove(f->buf, f->buf + f->at, f->end - f->at);
	f->end -= f->at;
	f->at = 0;
	while (f->end < want) {
		if ((r = f->rd(f->arg, f->buf + f->end, FCGIIN_BUF - f->end)) < 0 &&
		    errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		f->end += (size_t)r;
	}
	return true;
}

/* Reads the next record's header: false when the stream is broken. */
static bool
next_record(struct fcgiin *f)
{
	const unsigned char	*h;
	size_t			 len;
	unsigned		 id;

	if (!fill(f, FCGI_HEADER_LEN))
		return false;
	h = f->buf + f->at;
	f->at += FCGI_HEADER_LEN;
	id = (unsigned)h[2] << 8 | h[3];
	len = (size_t)h[4] << 8 | h[5];
	if (h[0] != FCGI_VERSION_1)
		return false;
	if (id != f->id) {
		f->skip = len + h[6];	/* another request's: passed over */
		return true;
	}
	if (h[1] != FCGI_STDIN)
		return false;	/* an ABORT_REQUEST, or out of place */
	f->content = len;
	f->skip = h[6];		/* the padding, after the content */
	f->eof = len == 0;
	return true;
}

long
fcgiin_read(struct fcgiin *f, void *out, size_t n)
{
	unsigned char	*o = out;
	size_t		 got = 0, take;

	while (got < n && !f->eof && !f->failed) {
		if (f->content + f->skip > 0 && !fill(f, 1)) {
			f->failed = true;
			break;
		}
		if (f->content > 0) {
			take = f->end - f->at;
			if (take > f->content)
				take = f->content;
			if (take > n - got)
				take = n - got;
			memcpy(o + got, f->buf + f->at, take);
			f->at += take;
			f->content -= take;
			got += take;
		} else if (f->skip > 0) {
			take = f->end - f->at < f->skip ? f->end - f->at :
			    f->skip;
			f->at += take;
			f->skip -= take;
		} else if (!next_record(f))
			f->failed = true;
	}
	return f->failed ? -1 : (long)got;
}

bool
fcgiin_ended(const struct fcgiin *f)
{
	return f->eof && !f->failed;
}
