/*
 * jwt: verifies a signed JSON Web Token (a compact JWS, RFC 7515/7519),
 * such as an OpenID provider's ID token, against the provider's JWKS.
 *
 * Only asymmetric algorithms a provider publishes keys for are accepted:
 * RS256 (RSA, 2048 bits or more), ES256 (P-256) and EdDSA (Ed25519).
 * "none", the HMAC algorithms and anything else are refused outright, so
 * a token cannot choose to be unsigned or signed with a public key used
 * as a secret.  The key is the one whose kid the header names (of the
 * algorithm's key type, and not marked for encryption), or the only key
 * of that type when the header has no kid.  A token over JWT_MAX bytes is
 * refused before anything is decoded.
 *
 * jwt_verify() checks the signature only; what the claims must say (iss,
 * aud, exp, nonce) is the caller's, who knows what it expects.
 */
#ifndef PORCH_JWT_H
#define PORCH_JWT_H

struct arena;
struct jval;

#define JWT_MAX	(16 * 1024)

/* NULL with *claims set to the payload (a JSON object) when the
 * signature is good; otherwise a short reason ("unknown key", ...). */
const char	*jwt_verify(struct arena *, const char *token,
		    const struct jval *jwks, const struct jval **claims);

#endif
