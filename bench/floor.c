/*
 * floor: the fastest FastCGI page there can be, as the benchmark's yardstick.
 *
 * A bare libfcgi responder that answers every request with one fixed, small
 * HTML page and its Content-Length, and does nothing else: no parsing, no
 * session, no database, no template.  bench/run serves it behind the same
 * nginx, with as many processes and the same compiler flags as the Porch
 * programs, so the ratio of a Porch page to this floor measures Porch's own
 * per-request work and not the machine, nginx or the FastCGI protocol.
 *
 * With --close-at-once it ends each connection as Porch's programs do
 * (lib/web/http.c): its request's input read to the end, the connection
 * is closed without libfcgi's shutdown and wait for the web server's close.
 * bench/run reports the pages against both floors.
 *
 * It accepts on the socket spawn-fcgi passes as fd 0; spawn-fcgi also forks
 * the workers.  It is not a product program and is never installed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>

static const char body[] =
    "<!doctype html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>Floor</title>\n"
    "</head>\n"
    "<body>\n"
    "<main>\n"
    "<h1>Floor</h1>\n"
    "<p>A fixed page from a bare FastCGI program: the fastest a page\n"
    "behind this nginx can be served on this machine.</p>\n"
    "</main>\n"
    "</body>\n"
    "</html>\n";

static void
floor_answer(FCGX_Request *req, const char *head, int headlen)
{
	FCGX_PutStr(head, headlen, req->out);
	FCGX_PutStr(body, (int)(sizeof(body) - 1), req->out);
}

int
main(int argc, char *argv[])
{
	FCGX_Request	 req;
	char		 head[256];
	int		 headlen;
	bool		 at_once;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--close-at-once") != 0)) {
		fprintf(stderr, "usage: spawn-fcgi -s PATH -F 4 -- floor "
		    "[--close-at-once]\n");
		return EXIT_FAILURE;
	}
	at_once = argc == 2;
	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0) {
		fprintf(stderr, "floor: cannot set up libfcgi\n");
		return EXIT_FAILURE;
	}
	/* The response head never changes: make it once. */
	headlen = snprintf(head, sizeof(head),
	    "Status: 200 OK\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: %zu\r\n"
	    "\r\n", sizeof(body) - 1);
	if (headlen < 0 || (size_t)headlen >= sizeof(head))
		return EXIT_FAILURE;
	while (FCGX_Accept_r(&req) >= 0) {
		floor_answer(&req, head, headlen);
		/* a GET's input: only the record that ends it */
		if (at_once && FCGX_GetChar(req.in) == EOF)
			(void)FCGX_Detach(&req);
		FCGX_Finish_r(&req);
	}
	return EXIT_SUCCESS;
}
