/*
 * oidcpage: the page side of coming back from an OpenID provider
 * (page_oidc_back, declared in page.h).
 *
 * It ties the protocol (oidc.c) to the request: the flow must be the one
 * this browser's cookie names, begun on this portal, with a provider the
 * portal still offers.  The provider is asked while no database lock is
 * held (page_tx_pause), and the flow is ended afterwards in a writing
 * transaction, where a second request with the same state finds it gone.
 * Deciding which customer signs in is the caller's.
 */
#include <string.h>

#include "crypto.h"
#include "identity.h"
#include "log.h"
#include "oidc.h"
#include "page.h"

/* The provider of the flow this browser began here, or NULL. */
static const struct oidc_provider *
flow_of(struct req *r, const char *state, const char *iss,
    struct oidcflow *f, enum db_rc *rc)
{
	const char			*cookie = page_cookie_value(r, COOKIE_OIDC);
	const struct oidc_provider	*p;

	*rc = DB_NOTFOUND;
	if (state == NULL || cookie == NULL ||
	    !crypto_equal(state, strlen(state), cookie, strlen(cookie)) ||
	    (*rc = oidcflow_get(r->db, r->a, state, r->now, f)) != DB_OK ||
	    strcmp(f->portal, r->portal->id) != 0 ||
	    (p = config_portal_oidc(r->portal, f->provider)) == NULL)
		return NULL;
	/* RFC 9207: an answer from another provider is not this flow's */
	return iss == NULL || strcmp(iss, p->issuer) == 0 ? p : NULL;
}

enum page_oidc
page_oidc_back(struct req *r, const char *state, const char *code,
    const char *error, const char *iss, struct oidcflow *f,
    const struct oidc_provider **p, struct oidc_identity *id)
{
	struct oidc_flow	 of;
	const char		*err = NULL;
	enum oidc_rc		 orc = OIDC_FAIL;
	enum db_rc		 rc;

	page_cookie(r, COOKIE_OIDC, "", 0);
	if ((*p = flow_of(r, state, iss, f, &rc)) == NULL) {
		if (rc != DB_OK && rc != DB_NOTFOUND) {
			page_db_fail(r, rc);
			return PAGE_OIDC_DB;
		}
		return PAGE_OIDC_INVALID;
	}
	if (error == NULL && code != NULL) {
		of = (struct oidc_flow){ state, f->nonce, f->verifier };
		page_tx_pause(r);
		orc = oidc_finish(r->a, *p, oidc_redirect_uri(r->a, r->portal),
		    code, &of, r->now, id, &err);
		if ((rc = page_tx_resume(r)) != DB_OK) {
			page_db_fail(r, rc);
			return PAGE_OIDC_DB;
		}
	}
	if ((rc = oidcflow_take(r->db, state)) == DB_NOTFOUND)
		return PAGE_OIDC_INVALID;
	if (rc != DB_OK) {
		page_db_fail(r, rc);
		return PAGE_OIDC_DB;
	}
	if (error != NULL || code == NULL)
		return PAGE_OIDC_CANCELLED;
	if (orc != OIDC_OK)
		log_warn("%s: oidc %s: %s", r->id, (*p)->id, err);
	return orc == OIDC_OK ? PAGE_OIDC_OK : orc == OIDC_UNVERIFIED ?
	    PAGE_OIDC_UNVERIFIED : PAGE_OIDC_FAILED;
}
