/*
 * log: one line per event on stderr.
 *
 * A line is "porch: prog=P req=R office=O level=L message\n", at most
 * LOG_LINE bytes (longer messages are cut), built in a static buffer and
 * written with a single write(2): no allocation, so logging works when
 * memory has run out, and no stdio buffering, so lines from the processes
 * sharing one stderr do not interleave.  Every control character in the
 * line becomes '?', so no value can forge a second line.
 *
 * The context is copied, not pointed to, because a request id usually
 * lives in the request arena.  It deliberately keeps no per-thread state:
 * a Porch program serves one request at a time per process.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

#define LOG_LINE	2048	/* bytes of a line, newline included */
#define LOG_FIELD	128	/* bytes kept of each context value */

static char	 log_prog[LOG_FIELD] = "-";
static char	 log_req[LOG_FIELD] = "-";
static char	 log_office[LOG_FIELD] = "-";
static char	 log_line[LOG_LINE];

static void
set_field(char *dst, const char *src)
{
	size_t	 n;

	if (src == NULL || *src == '\0')
		src = "-";
	n = strnlen(src, LOG_FIELD - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Appends s at line[*len], within room. */
static void
put_field(const char *s, size_t *len, size_t room)
{
	size_t	 n = strlen(s);

	if (n > room - *len)
		n = room - *len;
	memcpy(log_line + *len, s, n);
	*len += n;
}

void
log_set_program(const char *prog)
{
	set_field(log_prog, prog);
}

void
log_set_request(const char *request_id, const char *office)
{
	set_field(log_req, request_id);
	set_field(log_office, office);
}

/* What snprintf() wrote, given it had room for `room` characters. */
static size_t
clamp(int n, size_t room)
{
	if (n < 0)
		return 0;
	return (size_t)n > room ? room : (size_t)n;
}

static void __attribute__((format(printf, 2, 0)))
log_write(const char *level, const char *fmt, va_list ap)
{
	size_t	 len, i, room = LOG_LINE - 1;	/* the newline needs one */
	ssize_t	 w;
	int	 saved = errno;

	/* the prefix without printf: a line a request */
	len = 0;
	put_field("porch: prog=", &len, room);
	put_field(log_prog, &len, room);
	put_field(" req=", &len, room);
	put_field(log_req, &len, room);
	put_field(" office=", &len, room);
	put_field(log_office, &len, room);
	put_field(" level=", &len, room);
	put_field(level, &len, room);
	put_field(" ", &len, room);
	len += clamp(vsnprintf(log_line + len, room + 1 - len, fmt, ap),
	    room - len);
	for (i = 0; i < len; i++)
		if ((unsigned char)log_line[i] < 0x20 || log_line[i] == 0x7f)
			log_line[i] = '?';
	log_line[len++] = '\n';
	do
		w = write(STDERR_FILENO, log_line, len);
	while (w < 0 && errno == EINTR);
	errno = saved;
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_write("info", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_write("warn", fmt, ap);
	va_end(ap);
}

void
log_err(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_write("error", fmt, ap);
	va_end(ap);
}
