/*
 * fetch: one HTTP request over libcurl (the rules are in fetch.h).
 *
 * The body is gathered in a malloc'd buffer while curl runs (curl calls
 * back with pieces of unknown number) and copied into the arena at the
 * end, so nothing curl touches outlives the call.  Redirects are not
 * followed and the protocols are pinned per request, so a hostile answer
 * cannot steer the request elsewhere.
 */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "fetch.h"

struct sink {
	char	*p;
	size_t	 len;
	size_t	 max;
	bool	 over;
};

static bool
curl_ready(void)
{
	static bool	 done;

	if (!done)
		done = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	return done;
}

static bool
loopback(const char *host)
{
	return strcmp(host, "127.0.0.1") == 0 || strcmp(host, "[::1]") == 0 ||
	    strcmp(host, "::1") == 0 || strcasecmp(host, "localhost") == 0;
}

bool
fetch_url_allowed(const char *url)
{
	CURLU	*u;
	char	*scheme = NULL, *host = NULL;
	bool	 ok = false;

	if ((u = curl_url()) == NULL)
		return false;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		ok = strcmp(scheme, "https") == 0 ||
		    (strcmp(scheme, "http") == 0 && loopback(host));
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

static size_t
sink_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct sink	*s = arg;
	size_t		 n = size * nmemb;
	char		*np;

	if (n > s->max - s->len) {
		s->over = true;
		return 0;	/* makes curl stop with CURLE_WRITE_ERROR */
	}
	if ((np = realloc(s->p, s->len + n + 1)) == NULL)
		return 0;
	memcpy(np + s->len, data, n);
	s->p = np;
	s->len += n;
	return n;
}

/* Appends one header line; false (h freed) when curl cannot. */
static bool
header_add(struct curl_slist **h, const char *line)
{
	struct curl_slist	*nh;

	if ((nh = curl_slist_append(*h, line)) == NULL) {
		curl_slist_free_all(*h);
		*h = NULL;
		return false;
	}
	*h = nh;
	return true;
}

/* The request's headers, or NULL with *err set. */
static struct curl_slist *
headers(struct arena *a, const struct fetch_req *q, const char **err)
{
	struct curl_slist	*h = NULL;
	size_t			 i;

	*err = "cannot build the request";
	if (!header_add(&h, arena_printf(a, "Accept: %s", q->accept != NULL ?
	    q->accept : "application/json")) ||
	    (q->type != NULL && !header_add(&h, arena_printf(a,
	    "Content-Type: %s", q->type))) ||
	    (q->bearer != NULL && !header_add(&h, arena_printf(a,
	    "Authorization: Bearer %s", q->bearer))) ||
	    (q->json != NULL && !header_add(&h,
	    "Content-Type: application/json")))
		return NULL;
	for (i = 0; q->headers != NULL && q->headers[i] != NULL; i++)
		if (strpbrk(q->headers[i], "\r\n") != NULL ||
		    strchr(q->headers[i], ':') == NULL ||
		    !header_add(&h, q->headers[i])) {
			curl_slist_free_all(h);
			*err = "a request header is not one line";
			return NULL;
		}
	return h;
}

static void
setup(CURL *c, const struct fetch_req *q, struct curl_slist *h,
    struct sink *s)
{
	curl_easy_setopt(c, CURLOPT_URL, q->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE, (long)s->max);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "Porch");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	if (q->method != NULL) {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, q->method);
		if (q->body != NULL)
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->body);
	} else if (q->form != NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->form);
	else if (q->json != NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->json);
	if (q->user != NULL) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, q->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD,
		    q->password != NULL ? q->password : "");
	}
}

bool
fetch(struct arena *a, const struct fetch_req *q, struct fetch_res *res,
    const char **err)
{
	struct sink		 s = { .max = q->max > 0 ? q->max : FETCH_MAX };
	struct curl_slist	*h;
	CURL			*c;
	CURLcode		 cc;

	memset(res, 0, sizeof(*res));
	if (!fetch_url_allowed(q->url)) {
		*err = "not an https address";
		return false;
	}
	if ((h = headers(a, q, err)) == NULL)
		return false;
	if (!curl_ready() || (c = curl_easy_init()) == NULL) {
		curl_slist_free_all(h);
		*err = "cannot start libcurl";
		return false;
	}
	setup(c, q, h, &s);
	cc = curl_easy_perform(c);
	if (cc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	if (cc == CURLE_OK) {
		res->body = arena_alloc(a, s.len + 1);
		if (s.len > 0)
			memcpy(res->body, s.p, s.len);
		res->body[s.len] = '\0';
		res->len = s.len;
	} else
		*err = s.over || cc == CURLE_FILESIZE_EXCEEDED ?
		    "answer too large" : curl_easy_strerror(cc);
	free(s.p);
	return cc == CURLE_OK;
}
