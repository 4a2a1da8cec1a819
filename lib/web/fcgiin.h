/*
 * fcgiin: a FastCGI request's body, read from its STDIN records in large
 * pieces.
 *
 * libfcgi reads its connection 8 kB at a time, a system call for every
 * 8 kB of a body: a 1 GB upload costs 131,072 of them, and the thread
 * reading it spends more time entering the kernel than copying.  This
 * reader takes the connection over from libfcgi once the request's
 * parameters are read, starting with the bytes libfcgi had read past them
 * (http.c hands them over), and reads the records that follow FCGIIN_BUF
 * bytes at a time.
 *
 * The stream it reads is the FastCGI 1.0 specification's: records of an
 * 8-byte header (version 1, type, request id, content length, padding
 * length), content and padding.  STDIN records of the request carry the
 * body, and an empty one ends it; records of another request id are
 * skipped, as libfcgi skips them; anything else of this request (an
 * ABORT_REQUEST, another type, another version) is an error, as is the
 * connection ending before the empty record.  A record's content is at
 * most 65,535 bytes by its format, so no input makes it hold more than
 * its buffer.
 */
#ifndef PORCH_FCGIIN_H
#define PORCH_FCGIIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define FCGIIN_BUF	(256 * 1024)

struct fcgiin {
	/* reads up to n bytes of the connection: as read(2) */
	ssize_t		 (*rd)(void *arg, void *buf, size_t n);
	void		*arg;
	uint16_t	 id;		/* the request's */
	unsigned char	*buf;		/* FCGIIN_BUF bytes */
	size_t		 at, end;	/* the unread bytes: buf[at, end) */
	size_t		 content;	/* left of the STDIN record's content */
	size_t		 skip;		/* bytes to pass over: padding, or a
					   record not of this request */
	bool		 eof;		/* the empty STDIN record was read */
	bool		 failed;
};

/* Starts reading request id's STDIN records with rd(arg), the first
 * pre[0, prelen) (at most FCGIIN_BUF bytes) already read from the
 * connection.  buf is FCGIIN_BUF bytes of the caller's. */
void	 fcgiin_init(struct fcgiin *, uint16_t id, unsigned char *buf,
	    ssize_t (*rd)(void *, void *, size_t), void *arg,
	    const void *pre, size_t prelen);
/* Up to n bytes of the body into out: the count, 0 at its end, -1 on an
 * error of the connection or of the records (every later call too). */
long	 fcgiin_read(struct fcgiin *, void *out, size_t n);
/* Whether the body's end (its empty STDIN record) has been read. */
bool	 fcgiin_ended(const struct fcgiin *);

#endif
