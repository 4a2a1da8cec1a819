/*
 * jwt: signature verification of a compact JWS (the rules are in jwt.h).
 *
 * RSA and P-256 keys are built from their JWK members with OpenSSL's
 * libcrypto, which libcurl already brings; Ed25519 goes to libsodium.
 * Every part is decoded into the arena and every libcrypto object is
 * freed before returning, whatever the outcome.  A JWS ES256 signature is
 * the raw r || s; libcrypto wants DER, so it is re-encoded first.
 */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "json.h"
#include "jwt.h"
#include "util.h"

#define RSA_MIN_BITS	2048

enum alg {
	ALG_RS256,
	ALG_ES256,
	ALG_EDDSA,
};

static const struct {
	const char	*name;
	const char	*kty;
	const char	*crv;		/* NULL: the key has none */
} algs[] = {
	[ALG_RS256] = { "RS256", "RSA", NULL },
	[ALG_ES256] = { "ES256", "EC", "P-256" },
	[ALG_EDDSA] = { "EdDSA", "OKP", "Ed25519" },
};

/* base64url text of n characters into the arena; NULL when not valid. */
static uint8_t *
unb64(struct arena *a, const char *s, size_t n, size_t *len)
{
	uint8_t	*out;

	if (n % 4 == 1)
		return NULL;
	*len = n / 4 * 3 + (n % 4 != 0 ? n % 4 - 1 : 0);
	out = arena_alloc(a, *len + 1);
	if (!b64url_decode(s, n, out, *len))
		return NULL;
	out[*len] = '\0';
	return out;
}

/* A base64url member of a JWK, decoded. */
static uint8_t *
member(struct arena *a, const struct jval *k, const char *name, size_t *len)
{
	const struct jval	*v;

	if ((v = json_get(k, name)) == NULL || v->type != JSON_STRING)
		return NULL;
	return unb64(a, v->str, v->len, len);
}

/* A JSON object encoded as one base64url part of the token. */
static const struct jval *
part_json(struct arena *a, const char *s, size_t n)
{
	const struct jval	*v;
	const char		*err;
	uint8_t			*text;
	size_t			 len;

	if ((text = unb64(a, s, n, &len)) == NULL ||
	    (v = json_parse(a, (const char *)text, len, &err)) == NULL ||
	    v->type != JSON_OBJECT)
		return NULL;
	return v;
}

static bool
key_fits(const struct jval *k, enum alg alg)
{
	const char	*use, *kalg, *kty, *crv;

	kty = json_get_str(k, "kty");
	crv = json_get_str(k, "crv");
	use = json_get_str(k, "use");
	kalg = json_get_str(k, "alg");
	if (kty == NULL || strcmp(kty, algs[alg].kty) != 0)
		return false;
	if (algs[alg].crv != NULL && (crv == NULL ||
	    strcmp(crv, algs[alg].crv) != 0))
		return false;
	if (use != NULL && strcmp(use, "sig") != 0)
		return false;
	return kalg == NULL || strcmp(kalg, algs[alg].name) == 0;
}

/* The key for the token: by kid, or the only one that fits. */
static const struct jval *
key_pick(const struct jval *jwks, enum alg alg, const char *kid)
{
	const struct jval	*keys, *k, *found = NULL;
	const char		*kkid;
	size_t			 i, n = 0;

	if ((keys = json_get(jwks, "keys")) == NULL || keys->type != JSON_ARRAY)
		return NULL;
	for (i = 0; i < keys->n; i++) {
		k = &keys->kids[i];
		if (k->type != JSON_OBJECT || !key_fits(k, alg))
			continue;
		kkid = json_get_str(k, "kid");
		if (kid != NULL && (kkid == NULL || strcmp(kid, kkid) != 0))
			continue;
		found = k;
		n++;
	}
	return n == 1 ? found : NULL;
}

/* ------------------------------------------------------------ keys */

static EVP_PKEY *
pkey_from(const char *type, OSSL_PARAM_BLD *bld)
{
	EVP_PKEY_CTX	*ctx = NULL;
	EVP_PKEY	*pkey = NULL;
	OSSL_PARAM	*params = NULL;

	if ((params = OSSL_PARAM_BLD_to_param(bld)) != NULL &&
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL)) != NULL &&
	    EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pkey;
}

static EVP_PKEY *
rsa_key(struct arena *a, const struct jval *k)
{
	OSSL_PARAM_BLD	*bld;
	BIGNUM		*n = NULL, *e = NULL;
	EVP_PKEY	*pkey = NULL;
	uint8_t		*nb, *eb;
	size_t		 nlen, elen;

	if ((nb = member(a, k, "n", &nlen)) == NULL ||
	    (eb = member(a, k, "e", &elen)) == NULL || elen > 8)
		return NULL;
	if ((bld = OSSL_PARAM_BLD_new()) == NULL)
		return NULL;
	if ((n = BN_bin2bn(nb, (int)nlen, NULL)) != NULL &&
	    (e = BN_bin2bn(eb, (int)elen, NULL)) != NULL &&
	    BN_num_bits(n) >= RSA_MIN_BITS &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) == 1)
		pkey = pkey_from("RSA", bld);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return pkey;
}

static EVP_PKEY *
ec_key(struct arena *a, const struct jval *k)
{
	OSSL_PARAM_BLD	*bld;
	EVP_PKEY	*pkey = NULL;
	uint8_t		*x, *y, pub[65];
	size_t		 xlen, ylen;

	if ((x = member(a, k, "x", &xlen)) == NULL || xlen != 32 ||
	    (y = member(a, k, "y", &ylen)) == NULL || ylen != 32)
		return NULL;
	pub[0] = 0x04;		/* uncompressed point */
	memcpy(pub + 1, x, 32);
	memcpy(pub + 33, y, 32);
	if ((bld = OSSL_PARAM_BLD_new()) == NULL)
		return NULL;
	if (OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
	    "prime256v1", 0) == 1 &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
	    pub, sizeof(pub)) == 1)
		pkey = pkey_from("EC", bld);
	OSSL_PARAM_BLD_free(bld);
	return pkey;
}

/* ------------------------------------------------------------ signatures */

/* r || s (32 bytes each) as the DER ECDSA-Sig-Value libcrypto verifies. */
static uint8_t *
es256_der(struct arena *a, const uint8_t *sig, size_t *len)
{
	ECDSA_SIG	*es;
	BIGNUM		*r, *s;
	uint8_t		*der = NULL, *p;
	int		 n;

	if ((es = ECDSA_SIG_new()) == NULL)
		return NULL;
	r = BN_bin2bn(sig, 32, NULL);
	s = BN_bin2bn(sig + 32, 32, NULL);
	if (r == NULL || s == NULL || ECDSA_SIG_set0(es, r, s) != 1) {
		BN_free(r);
		BN_free(s);
	} else if ((n = i2d_ECDSA_SIG(es, NULL)) > 0) {
		der = p = arena_alloc(a, (size_t)n);
		*len = (size_t)i2d_ECDSA_SIG(es, &p);
	}
	ECDSA_SIG_free(es);
	return der;
}

static bool
evp_verify(EVP_PKEY *pkey, const uint8_t *sig, size_t siglen,
    const char *data, size_t len)
{
	EVP_MD_CTX	*md;
	bool		 ok;

	if (pkey == NULL || (md = EVP_MD_CTX_new()) == NULL) {
		EVP_PKEY_free(pkey);
		return false;
	}
	ok = EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, pkey) == 1 &&
	    EVP_DigestVerify(md, sig, siglen, (const uint8_t *)data, len) == 1;
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(pkey);
	return ok;
}

static bool
sig_ok(struct arena *a, enum alg alg, const struct jval *k,
    const uint8_t *sig, size_t siglen, const char *data, size_t len)
{
	uint8_t	*pk, *der;
	size_t	 pklen, derlen;

	switch (alg) {
	case ALG_RS256:
		return evp_verify(rsa_key(a, k), sig, siglen, data, len);
	case ALG_ES256:
		if (siglen != 64 || (der = es256_der(a, sig, &derlen)) == NULL)
			return false;
		return evp_verify(ec_key(a, k), der, derlen, data, len);
	case ALG_EDDSA:
		if (siglen != crypto_sign_BYTES ||
		    (pk = member(a, k, "x", &pklen)) == NULL ||
		    pklen != crypto_sign_PUBLICKEYBYTES)
			return false;
		return crypto_sign_verify_detached(sig,
		    (const uint8_t *)data, len, pk) == 0;
	}
	return false;
}

/* ------------------------------------------------------------ interface */

static bool
alg_find(const char *name, enum alg *alg)
{
	size_t	 i;

	for (i = 0; name != NULL && i < sizeof(algs) / sizeof(algs[0]); i++)
		if (strcmp(algs[i].name, name) == 0) {
			*alg = (enum alg)i;
			return true;
		}
	return false;
}

const char *
jwt_verify(struct arena *a, const char *token, const struct jval *jwks,
    const struct jval **claims)
{
	const struct jval	*hdr, *k;
	const char		*dot1, *dot2;
	uint8_t			*sig;
	size_t			 n, siglen;
	enum alg		 alg;

	*claims = NULL;
	if ((n = strnlen(token, JWT_MAX + 1)) > JWT_MAX)
		return "token too long";
	if ((dot1 = memchr(token, '.', n)) == NULL ||
	    (dot2 = memchr(dot1 + 1, '.', n - (size_t)(dot1 + 1 - token))) ==
	    NULL || memchr(dot2 + 1, '.', n - (size_t)(dot2 + 1 - token)))
		return "not a compact JWS";
	if ((hdr = part_json(a, token, (size_t)(dot1 - token))) == NULL)
		return "bad header";
	if (!alg_find(json_get_str(hdr, "alg"), &alg))
		return "algorithm not accepted";
	if (json_get(hdr, "crit") != NULL)
		return "critical header not understood";
	if (json_get(hdr, "kid") != NULL && json_get_str(hdr, "kid") == NULL)
		return "bad header";	/* a kid that is not a string */
	if ((k = key_pick(jwks, alg, json_get_str(hdr, "kid"))) == NULL)
		return "unknown key";
	if ((sig = unb64(a, dot2 + 1, n - (size_t)(dot2 + 1 - token),
	    &siglen)) == NULL)
		return "bad signature encoding";
	if (!sig_ok(a, alg, k, sig, siglen, token, (size_t)(dot2 - token)))
		return "bad signature";
	if ((*claims = part_json(a, dot1 + 1, (size_t)(dot2 - dot1 - 1))) ==
	    NULL)
		return "bad claims";
	return NULL;
}
