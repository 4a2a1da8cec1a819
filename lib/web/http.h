/*
 * http: the transport under page.c, hiding FastCGI and CGI from it.
 *
 * One struct http_io is one request: its CGI variables, its body and the
 * place the response goes.  http_fcgi_* wrap libfcgi; http_cgi_* use the
 * process environment, stdin and stdout.  Nothing above this file knows
 * which one is in use.
 */
#ifndef PORCH_HTTP_H
#define PORCH_HTTP_H

#include <stdbool.h>
#include <stddef.h>

struct http_io {
	/* A CGI variable ("REQUEST_METHOD", "HTTP_COOKIE"), or NULL. */
	const char	*(*getenv)(struct http_io *, const char *);
	/* Reads up to n body bytes; returns bytes read, 0 at end, -1 on error. */
	long		 (*read)(struct http_io *, char *, size_t);
	/* Writes all n bytes of the response; false on error. */
	bool		 (*write)(struct http_io *, const char *, size_t);
	/* Writes the response's last n bytes and ends it, nothing written
	 * after; false on error. */
	bool		 (*write_last)(struct http_io *, const char *, size_t);
	void		*ctx;
};

/* True when fd 0 is a listening socket (FastCGI), false for plain CGI. */
bool		 http_is_fastcgi(void);
/* Opens a FastCGI listening socket at a path or "host:port"; the fd or -1. */
int		 http_listen(const char *where, int backlog);
/* FastCGI: accept the next request on fd into io.  false when the server
 * is shutting down.  http_fcgi_finish ends the request. */
bool		 http_fcgi_accept(int fd, struct http_io *io);
void		 http_fcgi_finish(struct http_io *io);
/* Plain CGI: the one request of this process. */
void		 http_cgi_init(struct http_io *io);

/* Reason phrase for a status code ("Not Found"). */
const char	*http_reason(int status);

#endif
