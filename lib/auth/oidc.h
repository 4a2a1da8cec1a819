/*
 * oidc: the client side of OpenID Connect sign-in: the authorization code
 * flow with PKCE (OpenID Connect Core 1.0 section 3.1, RFC 7636).
 *
 * oidc_begin() makes the flow's three secrets (state, nonce, PKCE
 * verifier) and the address to send the browser to; the caller keeps the
 * secrets until the provider sends the browser back.  oidc_finish() then
 * trades the code for tokens at the provider's token endpoint (client
 * secret by HTTP Basic, the verifier alongside) and believes the result
 * only when the ID token's signature checks against the provider's keys
 * and its iss, aud (and azp), exp, iat and nonce are what this flow
 * expects.  The e-mail address is taken from the ID token, or from the
 * userinfo endpoint (whose sub must match) when the token has none, and
 * only when the provider says it is verified.
 *
 * Endpoints come from the issuer's discovery document, whose issuer must
 * equal the configured one.  It and the key set are kept in the process
 * for an hour; a token signed with a key not in the cached set makes one
 * fresh fetch (the provider rotated its keys).  Everything goes through
 * fetch.c: https (or loopback http), no redirects, bounded time and size.
 */
#ifndef PORCH_OIDC_H
#define PORCH_OIDC_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct oidc_provider;
struct portal;

struct oidc_flow {
	const char	*state;		/* 256-bit token: also the browser's cookie */
	const char	*nonce;		/* 256-bit token, echoed in the ID token */
	const char	*verifier;	/* PKCE code verifier, 256 bits */
};

struct oidc_identity {
	const char	*subject;	/* the provider's stable id, <= 255 bytes */
	const char	*email;		/* verified, lower-cased */
	const char	*name;		/* NULL when the provider gave none */
};

/* Where a provider sends the browser back to on portal p: its
 * /auth/oidc/callback (what the provider has registered for Porch). */
const char *oidc_redirect_uri(struct arena *, const struct portal *p);
/* Makes flow's secrets and the authorization url; false with a short
 * reason (logged by the caller) when the provider cannot be reached. */
bool	 oidc_begin(struct arena *, const struct oidc_provider *,
	    const char *redirect_uri, struct oidc_flow *, const char **url,
	    const char **err) __attribute__((warn_unused_result));

enum oidc_rc {
	OIDC_OK,
	OIDC_UNVERIFIED,	/* signed in, but no verified e-mail address */
	OIDC_FAIL,		/* anything else: *err says what */
};

/* Trades `code` for the verified identity. */
enum oidc_rc oidc_finish(struct arena *, const struct oidc_provider *,
	    const char *redirect_uri, const char *code,
	    const struct oidc_flow *, int64_t now, struct oidc_identity *,
	    const char **err);

#endif
