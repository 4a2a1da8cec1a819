/*
 * page-away: page_redirect_away (page.h), a redirect to another site.
 *
 * Apart from page.c because libcurl checks the address: only the
 * programs that send a browser elsewhere (to an OpenID provider) link
 * libcurl and what it needs, and every other program starts without
 * loading them.
 */
#include "fetch.h"
#include "http.h"
#include "log.h"
#include "page.h"

enum page_rc
page_redirect_away(struct req *r, const char *url)
{
	if (!fetch_url_allowed(url)) {
		log_err("%s: refusing to redirect to %s", r->id, url);
		return PAGE_FAIL;
	}
	r->status = 303;
	buf_clear(&r->body);
	page_header(r, "Location", url);
	return PAGE_OK;
}
