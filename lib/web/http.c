/*
 * http: FastCGI (libfcgi) and plain CGI behind one small interface.
 *
 * The FastCGI side keeps one FCGX_Request per process (a worker serves one
 * request at a time) and never uses libfcgi's stdio emulation.  The CGI side
 * reads the process environment and stdin and writes stdout.  Neither knows
 * anything about pages, sessions or templates.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include <fastcgi.h>
#include <fcgiapp.h>

#include "http.h"

static FCGX_Request	 fcgi_req;
static int		 fcgi_inited;

static const char *
fcgi_getenv(struct http_io *io, const char *name)
{
	FCGX_Request	*rq = io->ctx;

	return FCGX_GetParam(name, rq->envp);
}

static long
fcgi_read(struct http_io *io, char *buf, size_t n)
{
	FCGX_Request	*rq = io->ctx;
	int		 got;

	if (n > 1 << 30)
		n = 1 << 30;
	got = FCGX_GetStr(buf, (int)n, rq->in);
	if (got < (int)n && FCGX_GetError(rq->in) != 0)
		return -1;
	return got;
}

/*
 * libfcgi sends its output stream in records of 8 kB, one write() each:
 * a document's body of many MB costs a system call (and a wake-up of the
 * web server) per 8 kB.  A large write therefore flushes the stream and
 * sends STDOUT records of up to 64 kB itself, as many as RECORDS in one
 * writev; the stream, empty, stays in use for what follows, and libfcgi
 * ends the request as usual.
 */
#define FCGI_BIG	(16 * 1024)
#define FCGI_RECORD	(FCGI_MAX_LENGTH & ~7)	/* 8-byte aligned: no padding */
#define RECORDS		8

/* Writes all of v[0..nv), a short or interrupted writev continued. */
static bool
writev_all(int fd, struct iovec *v, int nv)
{
	ssize_t	 w;

	while (nv > 0) {
		if ((w = writev(fd, v, nv)) < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		for (; nv > 0 && (size_t)w >= v->iov_len; v++, nv--)
			w -= (ssize_t)v->iov_len;
		if (nv > 0) {
			v->iov_base = (char *)v->iov_base + w;
			v->iov_len -= (size_t)w;
		}
	}
	return true;
}

static bool
fcgi_write(struct http_io *io, const char *buf, size_t n)
{
	FCGX_Request	*rq = io->ctx;
	FCGI_Header	 h[RECORDS];
	struct iovec	 v[2 * RECORDS];
	size_t		 len;
	int		 i;

	if (n < FCGI_BIG)
		return FCGX_PutStr(buf, (int)n, rq->out) == (int)n;
	if (FCGX_FFlush(rq->out) != 0)
		return false;
	while (n > 0) {
		for (i = 0; i < RECORDS && n > 0; i++) {
			len = n > FCGI_RECORD ? FCGI_RECORD : n;
			h[i] = (FCGI_Header){
				.version = FCGI_VERSION_1,
				.type = FCGI_STDOUT,
				.requestIdB1 = (unsigned char)(rq->requestId >> 8),
				.requestIdB0 = (unsigned char)rq->requestId,
				.contentLengthB1 = (unsigned char)(len >> 8),
				.contentLengthB0 = (unsigned char)len,
			};
			v[2 * i] = (struct iovec){ &h[i], sizeof(h[i]) };
			v[2 * i + 1] = (struct iovec){ (void *)buf, len };
			buf += len;
			n -= len;
		}
		if (!writev_all(rq->ipcFd, v, 2 * i))
			return false;
	}
	return true;
}

bool
http_is_fastcgi(void)
{
	return !FCGX_IsCGI();
}

int
http_listen(const char *where, int backlog)
{
	if (FCGX_Init() != 0)
		return -1;
	return FCGX_OpenSocket(where, backlog);
}

bool
http_fcgi_accept(int fd, struct http_io *io)
{
	if (!fcgi_inited) {
		if (FCGX_Init() != 0 ||
		    FCGX_InitRequest(&fcgi_req, fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
			return false;
		fcgi_inited = 1;
	}
	if (FCGX_Accept_r(&fcgi_req) < 0)
		return false;
	io->getenv = fcgi_getenv;
	io->read = fcgi_read;
	io->write = fcgi_write;
	io->ctx = &fcgi_req;
	return true;
}

void
http_fcgi_finish(struct http_io *io)
{
	FCGX_Finish_r(io->ctx);
}

static const char *
cgi_getenv(struct http_io *io, const char *name)
{
	return getenv(name);
}

static long
cgi_read(struct http_io *io, char *buf, size_t n)
{
	size_t	 got = fread(buf, 1, n, stdin);

	if (got < n && ferror(stdin))
		return -1;
	return (long)got;
}

static bool
cgi_write(struct http_io *io, const char *buf, size_t n)
{
	return fwrite(buf, 1, n, stdout) == n && fflush(stdout) == 0;
}

void
http_cgi_init(struct http_io *io)
{
	io->getenv = cgi_getenv;
	io->read = cgi_read;
	io->write = cgi_write;
	io->ctx = NULL;
}

const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Content Too Large";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "Unknown";
	}
}
