/*
 * http: FastCGI (libfcgi) and plain CGI behind one small interface.
 *
 * The FastCGI side keeps one FCGX_Request per process (a worker serves one
 * request at a time) and never uses libfcgi's stdio emulation; it reads a
 * request's body with fcgiin.h and sends large output in records of its
 * own.  The CGI side reads the process environment and stdin and writes
 * stdout.  Neither knows anything about pages, sessions or templates.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include <fastcgi.h>
#include <fcgiapp.h>

#include "fcgiin.h"
#include "http.h"

static FCGX_Request	 fcgi_req;
static int		 fcgi_inited;
static unsigned long long fcgi_body_read;	/* of this request */

/*
 * The request's variables by name: libfcgi's FCGX_GetParam compares the
 * name with each of the two dozen the web server sends, and a request asks
 * for a dozen or more.  At the first lookup of a request they are put in
 * a small open-addressed table of their names' hashes; NULL where the
 * table overflows sends the lookup to libfcgi.
 */
#define ENV_SLOTS	128		/* a power of two, well over the count */

static struct env_slot {
	const char	*entry;		/* "NAME=value" in libfcgi's envp */
	size_t		 namelen;
} env_tab[ENV_SLOTS];
static bool		 env_made, env_whole;

static unsigned
env_hash(const char *s, size_t n)
{
	unsigned	 h = 2166136261u;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
env_index(char **envp)
{
	const char	*eq;
	size_t		 n, i, left = ENV_SLOTS / 2;

	memset(env_tab, 0, sizeof(env_tab));
	env_whole = true;
	for (; envp != NULL && *envp != NULL; envp++) {
		if ((eq = strchr(*envp, '=')) == NULL)
			continue;
		if (left-- == 0) {
			env_whole = false;
			break;
		}
		n = (size_t)(eq - *envp);
		for (i = env_hash(*envp, n); env_tab[i % ENV_SLOTS].entry !=
		    NULL; i++)
			;
		env_tab[i % ENV_SLOTS] = (struct env_slot){ *envp, n };
	}
	env_made = true;
}

static const char *
fcgi_getenv(struct http_io *io, const char *name)
{
	FCGX_Request		*rq = io->ctx;
	const struct env_slot	*e;
	size_t			 n = strlen(name), i;

	if (!env_made)
		env_index(rq->envp);
	if (!env_whole)
		return FCGX_GetParam(name, rq->envp);
	for (i = env_hash(name, n); (e = &env_tab[i % ENV_SLOTS])->entry !=
	    NULL; i++)
		if (e->namelen == n && memcmp(e->entry, name, n) == 0)
			return e->entry + n + 1;
	return NULL;
}

/*
 * The body.  libfcgi reads its connection 8 kB at a time (fcgiin.h says
 * what that costs), so once it has read the parameters, fcgiin reads the
 * body's records itself, starting with what libfcgi read past them.
 * Those bytes are buff[rdNext, buffStop) of libfcgi's input stream, left
 * by FCGX_Accept_r at the start of the STDIN records with no record
 * begun; buffStop is in the stream's private data, whose layout (libfcgi
 * 2.4's FCGX_Stream_Data) is copied below.  It is used only when every
 * field read agrees with the request and with the stream's public
 * pointers; when one does not, libfcgi reads the body as before.
 */
struct libfcgi_stream_data {
	unsigned char	*buff;
	int		 bufflen;
	unsigned char	*mBuff;
	unsigned char	*buffStop;
	int		 type;
	int		 eorStop;
	int		 skip;
	int		 contentLen;
	int		 paddingLen;
	int		 isAnythingWritten;
	int		 rawWrite;
	FCGX_Request	*reqDataPtr;
};

static struct fcgiin	 body;
static bool		 body_taken;	/* fcgiin reads this request's body */
static unsigned char	*body_buf;

static ssize_t
conn_read(void *arg, void *buf, size_t n)
{
	return read(((FCGX_Request *)arg)->ipcFd, buf, n);
}

/* Takes the body over from libfcgi when its stream is as described. */
static bool
take_body(FCGX_Request *rq)
{
	const FCGX_Stream			*in = rq->in;
	const struct libfcgi_stream_data	*d;

	if (in == NULL || !in->isReader || in->isClosed || in->FCGI_errno != 0 ||
	    in->rdNext != in->stop || (d = in->data) == NULL ||
	    d->reqDataPtr != rq || d->type != FCGI_STDIN || d->eorStop ||
	    d->skip || d->contentLen != 0 || d->paddingLen != 0 ||
	    d->bufflen <= 0 || d->bufflen > FCGIIN_BUF || d->buff == NULL ||
	    in->rdNext < d->buff || d->buffStop < in->rdNext ||
	    d->buffStop > d->buff + d->bufflen)
		return false;
	if (body_buf == NULL && (body_buf = malloc(FCGIIN_BUF)) == NULL)
		return false;
	fcgiin_init(&body, (uint16_t)rq->requestId, body_buf, conn_read, rq,
	    in->rdNext, (size_t)(d->buffStop - in->rdNext));
	return true;
}

static long
fcgi_read(struct http_io *io, char *buf, size_t n)
{
	FCGX_Request	*rq = io->ctx;
	long		 got;

	if (n > 1 << 30)
		n = 1 << 30;
	if (body_taken)
		got = fcgiin_read(&body, buf, n);
	else if ((got = FCGX_GetStr(buf, (int)n, rq->in)) < (long)n &&
	    FCGX_GetError(rq->in) != 0)
		got = -1;
	if (got > 0)
		fcgi_body_read += (unsigned long long)got;
	return got;
}

/*
 * libfcgi sends its output stream in records of 8 kB, one write() each:
 * a document's body of many MB costs a system call (and a wake-up of the
 * web server) per 8 kB, and a page past 8 kB two, the second with the
 * records that end the request.  A large write therefore flushes the
 * stream and sends STDOUT records of up to 64 kB itself, as many as
 * RECORDS in one writev; the stream, empty, stays in use for what follows,
 * and libfcgi ends the request as usual.  A page goes out whole in one
 * writev, the end of its stream and of the request with it
 * (fcgi_write_last), and libfcgi is left nothing to write.
 */
#define FCGI_BIG	(16 * 1024)
#define FCGI_RECORD	(FCGI_MAX_LENGTH & ~7)	/* 8-byte aligned: no padding */
#define RECORDS		8

static bool		 fcgi_ended;	/* the request's end records sent */

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

static FCGI_Header
record_header(const FCGX_Request *rq, unsigned char type, size_t len)
{
	return (FCGI_Header){
		.version = FCGI_VERSION_1,
		.type = type,
		.requestIdB1 = (unsigned char)(rq->requestId >> 8),
		.requestIdB0 = (unsigned char)rq->requestId,
		.contentLengthB1 = (unsigned char)(len >> 8),
		.contentLengthB0 = (unsigned char)len,
	};
}

/* buf[0, n) as STDOUT records, RECORDS to a writev, after what libfcgi's
 * stream holds; with `last`, the empty STDOUT record and END_REQUEST go
 * with the final piece. */
static bool
fcgi_records(FCGX_Request *rq, const char *buf, size_t n, bool last)
{
	FCGI_Header		 h[RECORDS + 1];
	FCGI_EndRequestRecord	 end;
	struct iovec		 v[2 * RECORDS + 2];
	size_t			 len;
	int			 i, nv;

	if (FCGX_FFlush(rq->out) != 0)
		return false;
	do {
		for (i = nv = 0; i < RECORDS && n > 0; i++) {
			len = n > FCGI_RECORD ? FCGI_RECORD : n;
			h[i] = record_header(rq, FCGI_STDOUT, len);
			v[nv++] = (struct iovec){ &h[i], sizeof(h[i]) };
			v[nv++] = (struct iovec){ (void *)buf, len };
			buf += len;
			n -= len;
		}
		if (last && n == 0) {
			h[i] = record_header(rq, FCGI_STDOUT, 0);
			end = (FCGI_EndRequestRecord){
				.header = record_header(rq, FCGI_END_REQUEST,
				    sizeof(end.body)),
				.body = { .protocolStatus = FCGI_REQUEST_COMPLETE },
			};
			v[nv++] = (struct iovec){ &h[i], sizeof(h[i]) };
			v[nv++] = (struct iovec){ &end, sizeof(end) };
		}
		if (!writev_all(rq->ipcFd, v, nv))
			return false;
	} while (n > 0);
	if (last)
		fcgi_ended = true;
	return true;
}

static bool
fcgi_write(struct http_io *io, const char *buf, size_t n)
{
	FCGX_Request	*rq = io->ctx;

	if (n < FCGI_BIG)
		return FCGX_PutStr(buf, (int)n, rq->out) == (int)n;
	return fcgi_records(rq, buf, n, false);
}

static bool
fcgi_write_last(struct http_io *io, const char *buf, size_t n)
{
	return fcgi_records(io->ctx, buf, n, true);
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
	fcgi_body_read = 0;
	fcgi_ended = false;
	env_made = false;
	body_taken = take_body(&fcgi_req);
	io->getenv = fcgi_getenv;
	io->read = fcgi_read;
	io->write = fcgi_write;
	io->write_last = fcgi_write_last;
	io->ctx = &fcgi_req;
	return true;
}

/* Whether the request's input has been read to its end: the body, as long
 * as CONTENT_LENGTH says (none for a GET), then the record that ends it,
 * which the web server sends right behind the body. */
static bool
input_ended(FCGX_Request *rq)
{
	const char		*cl = FCGX_GetParam("CONTENT_LENGTH", rq->envp);
	unsigned long long	 len = 0;
	char			*end, c;

	if (body_taken ? fcgiin_ended(&body) : FCGX_HasSeenEOF(rq->in) == EOF)
		return body_taken || FCGX_GetError(rq->in) == 0;
	if (cl != NULL && *cl != '\0') {
		errno = 0;
		len = strtoull(cl, &end, 10);
		if (errno != 0 || *end != '\0' || *cl == '-')
			return false;
	}
	if (fcgi_body_read < len)
		return false;
	if (body_taken)
		return fcgiin_read(&body, &c, 1) == 0;
	return FCGX_GetChar(rq->in) == EOF && FCGX_GetError(rq->in) == 0;
}

/*
 * libfcgi ends a connection by shutting its side down, then waiting for
 * the web server to close the other and reading whatever still comes, so
 * that input the program never read cannot make the server's writes fail:
 * three system calls and a sleep at every request.  Once the input has
 * been read to its end nothing more can come, and the connection is
 * closed at once (libfcgi's "detached" request); the web server reads the
 * response up to its end record before it sees the close.
 */
void
http_fcgi_finish(struct http_io *io)
{
	FCGX_Request	*rq = io->ctx;

	if (input_ended(rq))
		(void)FCGX_Detach(rq);
	/* what FCGX_Finish_r does but the end records, when sent */
	if (fcgi_ended)
		FCGX_Free(rq, 1);
	else
		FCGX_Finish_r(rq);
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
	io->write_last = cgi_write;
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
