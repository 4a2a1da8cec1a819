/*
 * fetch: one HTTP request to another server (an OpenID provider, a CRM's
 * webhook endpoint), over libcurl, with the answer in the arena.
 *
 * What it allows is narrow on purpose: https with the certificate checked,
 * or plain http only to a loopback host (a provider on the same machine);
 * no redirect is followed (a provider's endpoints are where its discovery
 * document says); 5 seconds to connect and 10 in all, so a stalled
 * provider holds a worker for a bounded time; an answer over FETCH_MAX
 * bytes is refused, not truncated.  Extra request headers are whole
 * "Name: value" lines; one with a CR or LF in it is refused, so a value
 * from elsewhere cannot add a header of its own.  The caller reads the status and body;
 * fetch() does not interpret them.
 */
#ifndef PORCH_FETCH_H
#define PORCH_FETCH_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

#define FETCH_MAX	(256 * 1024)

struct fetch_req {
	const char	*url;
	const char	*form;		/* a urlencoded body to POST; NULL: GET */
	const char	*json;		/* or a JSON body to POST, sent as
					   application/json; NULL: none */
	const char *const *headers;	/* more "Name: value" lines, NULL at
					   the end; NULL: none */
	const char	*user;		/* HTTP Basic when not NULL ... */
	const char	*password;	/* ... sent as given */
	const char	*bearer;	/* Authorization: Bearer, when not NULL */
	const char	*method;	/* "PUT", "REPORT" ...; NULL: GET or
					   POST, by the body */
	const char	*body;		/* a body sent with method ... */
	const char	*type;		/* ... as this Content-Type */
	const char	*accept;	/* NULL: application/json */
	size_t		 max;		/* the answer's limit; 0: FETCH_MAX */
};

struct fetch_res {
	long		 status;
	char		*body;		/* NUL-terminated (the text may hold NULs) */
	size_t		 len;
};

/* True with res filled when an answer came (any status); false with a
 * short reason in *err when none did or the url is not allowed. */
bool	 fetch(struct arena *, const struct fetch_req *, struct fetch_res *,
	    const char **err) __attribute__((warn_unused_result));
/* Whether fetch() would allow the url: https, or http to a loopback host. */
bool	 fetch_url_allowed(const char *url);

#endif
