/*
 * clamd: the INSTREAM client (see clamd.h).
 *
 * The socket is non-blocking and every wait is a poll() bounded by the
 * timeout, so a clamd that hangs costs a request at most that long.
 * Sends use MSG_NOSIGNAL: a clamd that closes early must not kill the
 * FastCGI process with SIGPIPE.  While sending, a readable socket means
 * clamd has answered before the end of the file, which is always an error
 * ("INSTREAM size limit exceeded. ERROR"); it is read and logged.  Frames
 * are at most FRAME_MAX bytes, well under any StreamMaxLength.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "clamd.h"
#include "arena.h"
#include "log.h"

#define FRAME_MAX	(256 * 1024)
#define REPLY_MAX	512

struct clamd {
	int	 fd;		/* -1 once failed */
	int	 timeout;	/* ms */
};

/* "/path", "a.b.c.d:port" or "[v6]:port" into ss; false when not. */
static bool
parse_where(const char *where, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_un	*un = (struct sockaddr_un *)ss;
	struct sockaddr_in	*in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*in6 = (struct sockaddr_in6 *)ss;
	char			 host[64], *end;
	const char		*colon;
	size_t			 hl;
	long			 port;

	memset(ss, 0, sizeof(*ss));
	if (where == NULL || *where == '\0')
		return false;
	if (*where == '/') {
		if (strlen(where) >= sizeof(un->sun_path))
			return false;
		un->sun_family = AF_UNIX;
		memcpy(un->sun_path, where, strlen(where) + 1);
		*len = sizeof(*un);
		return true;
	}
	if ((colon = strrchr(where, ':')) == NULL)
		return false;
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || port < 1 ||
	    port > 65535)
		return false;
	hl = (size_t)(colon - where);
	if (hl >= 2 && where[0] == '[' && where[hl - 1] == ']') {
		where++;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof(host))
		return false;
	memcpy(host, where, hl);
	host[hl] = '\0';
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof(*in4);
		return true;
	}
	if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*in6);
		return true;
	}
	return false;
}

bool
clamd_where_ok(const char *where)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;

	return parse_where(where, &ss, &len);
}

/* Marks the scan failed; always false, for `return fail(...)`. */
static bool
fail(struct clamd *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	return false;
}

/* Waits for `events` on the socket: the revents, 0 on timeout, -1. */
static int
wait_for(struct clamd *c, short events)
{
	struct pollfd	 p = { .fd = c->fd, .events = events };
	int		 n;

	while ((n = poll(&p, 1, c->timeout)) < 0 && errno == EINTR)
		;
	if (n <= 0)
		return n;
	return p.revents;
}

static bool
connect_to(struct clamd *c, const char *where)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len, elen = sizeof(int);
	int			 err = 0;

	if (!parse_where(where, &ss, &len)) {
		log_err("clamd: %s: not a socket path or ip:port", where);
		return false;
	}
	c->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		log_err("clamd: socket: %s", strerror(errno));
		return false;
	}
	if (connect(c->fd, (struct sockaddr *)&ss, len) == 0)
		return true;
	/* EAGAIN on a unix socket is a full backlog: clamd is too busy,
	 * and waiting would not connect. */
	if (errno != EINPROGRESS) {
		log_err("clamd: connect %s: %s", where, strerror(errno));
		return fail(c);
	}
	if (wait_for(c, POLLOUT) <= 0) {
		log_err("clamd: connect %s: timed out", where);
		return fail(c);
	}
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0 ||
	    err != 0) {
		log_err("clamd: connect %s: %s", where, strerror(err));
		return fail(c);
	}
	return true;
}

/* Reads clamd's reply (NUL- or EOF-terminated) into buf. */
static bool
read_reply(struct clamd *c, char *buf, size_t size)
{
	size_t	 have = 0;
	ssize_t	 n;
	int	 ev;

	while (have + 1 < size) {
		if ((ev = wait_for(c, POLLIN)) <= 0) {
			log_err("clamd: no verdict: %s", ev == 0 ?
			    "timed out" : strerror(errno));
			return false;
		}
		n = recv(c->fd, buf + have, size - 1 - have, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			log_err("clamd: read: %s", strerror(errno));
			return false;
		}
		if (n == 0)
			break;
		have += (size_t)n;
		if (memchr(buf, '\0', have) != NULL)
			break;
	}
	buf[have] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return true;
}

/* clamd answered while it was still being sent: log why, and fail. */
static bool
early_reply(struct clamd *c)
{
	char	 buf[REPLY_MAX];

	if (read_reply(c, buf, sizeof(buf)))
		log_err("clamd: refused the stream: %s", buf);
	return fail(c);
}

static bool
send_all(struct clamd *c, const void *p, size_t n)
{
	const char	*b = p;
	ssize_t		 w;
	int		 ev;

	while (n > 0) {
		if ((ev = wait_for(c, POLLOUT | POLLIN)) <= 0) {
			log_err("clamd: send: %s", ev == 0 ? "timed out" :
			    strerror(errno));
			return fail(c);
		}
		if (ev & POLLIN)
			return early_reply(c);
		w = send(c->fd, b, n, MSG_NOSIGNAL);
		if (w < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (w < 0) {
			log_err("clamd: send: %s", strerror(errno));
			return errno == EPIPE || errno == ECONNRESET ?
			    early_reply(c) : fail(c);
		}
		b += w;
		n -= (size_t)w;
	}
	return true;
}

struct clamd *
clamd_open(const char *where, int timeout_ms)
{
	static const char	 cmd[] = "zINSTREAM";
	struct clamd		*c;

	c = heap_zalloc(sizeof(*c));
	c->fd = -1;
	c->timeout = timeout_ms > 0 ? timeout_ms : 1;
	if (connect_to(c, where))
		(void)send_all(c, cmd, sizeof(cmd));	/* with its NUL */
	return c;
}

bool
clamd_send(struct clamd *c, const void *buf, size_t n)
{
	const char	*p = buf;
	uint32_t	 len;
	size_t		 take;

	while (n > 0 && c->fd >= 0) {
		take = n < FRAME_MAX ? n : FRAME_MAX;
		len = htonl((uint32_t)take);
		if (!send_all(c, &len, sizeof(len)) || !send_all(c, p, take))
			return false;
		p += take;
		n -= take;
	}
	return c->fd >= 0;
}

/* "stream: OK", "stream: NAME FOUND", or anything else. */
static enum clamd_rc
verdict(const char *r, char sig[CLAMD_SIG_MAX])
{
	static const char	 found[] = " FOUND";
	size_t			 n = strlen(r), i, o = 0;

	if (strncmp(r, "stream: ", 8) != 0)
		return CLAMD_UNAVAILABLE;
	r += 8;
	n -= 8;
	if (strcmp(r, "OK") == 0)
		return CLAMD_CLEAN;
	if (n <= sizeof(found) - 1 || strcmp(r + n - (sizeof(found) - 1),
	    found) != 0)
		return CLAMD_UNAVAILABLE;
	for (i = 0; i < n - (sizeof(found) - 1) && o + 1 < CLAMD_SIG_MAX; i++)
		if (r[i] > ' ' && r[i] < 0x7f)
			sig[o++] = r[i];
	sig[o] = '\0';
	return CLAMD_INFECTED;
}

enum clamd_rc
clamd_finish(struct clamd *c, char sig[CLAMD_SIG_MAX])
{
	static const uint32_t	 end = 0;
	char			 buf[REPLY_MAX];
	enum clamd_rc		 rc;

	sig[0] = '\0';
	if (c->fd < 0 || !send_all(c, &end, sizeof(end)))
		return CLAMD_UNAVAILABLE;
	if (!read_reply(c, buf, sizeof(buf))) {
		fail(c);
		return CLAMD_UNAVAILABLE;
	}
	if ((rc = verdict(buf, sig)) == CLAMD_UNAVAILABLE)
		log_err("clamd: unexpected answer: %s", buf);
	fail(c);	/* one scan per connection */
	return rc;
}

void
clamd_free(struct clamd *c)
{
	if (c == NULL)
		return;
	if (c->fd >= 0)
		close(c->fd);
	free(c);
}
