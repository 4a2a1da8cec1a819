/*
 * test-jwt: ID token signatures.  Keys are made here with libcrypto and
 * libsodium, tokens signed with them, and jwt_verify must accept exactly
 * the good ones: every algorithm it supports, and none of the usual ways
 * to forge (alg none, HMAC with a public key, another key, a changed
 * payload, a short RSA key, a key for another use).
 */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "json.h"
#include "jwt.h"
#include "util.h"

static struct arena	*A;

static char *
b64(const void *p, size_t n)
{
	char	*out = arena_alloc(A, b64url_len(n) + 1);

	b64url_encode(p, n, out);
	return out;
}

static char *
b64s(const char *s)
{
	return b64(s, strlen(s));
}

static char *
bn_b64(EVP_PKEY *k, const char *name)
{
	BIGNUM		*bn = NULL;
	unsigned char	 buf[1024];
	int		 n;

	assert_int_equal(EVP_PKEY_get_bn_param(k, name, &bn), 1);
	n = BN_bn2bin(bn, buf);
	BN_free(bn);
	return b64(buf, (size_t)n);
}

static const struct jval *
parse(const char *text)
{
	const char		*err;
	const struct jval	*v = json_parse(A, text, strlen(text), &err);

	assert_non_null(v);
	return v;
}

/* header.payload signed with k (SHA-256) as a JWS signature. */
static char *
sign_evp(EVP_PKEY *k, const char *input, bool es256)
{
	EVP_MD_CTX		*md = EVP_MD_CTX_new();
	unsigned char		 sig[1024], raw[64];
	const unsigned char	*p = sig;
	size_t			 n = sizeof(sig);
	ECDSA_SIG		*es;

	assert_int_equal(EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, k), 1);
	assert_int_equal(EVP_DigestSign(md, sig, &n, (const unsigned char *)input,
	    strlen(input)), 1);
	EVP_MD_CTX_free(md);
	if (!es256)
		return b64(sig, n);
	es = d2i_ECDSA_SIG(NULL, &p, (long)n);
	assert_non_null(es);
	BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, 32);
	BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + 32, 32);
	ECDSA_SIG_free(es);
	return b64(raw, 64);
}

static char *
input(const char *alg, const char *kid, const char *claims)
{
	char	*hdr;

	hdr = kid != NULL ?
	    arena_printf(A, "{\"alg\":\"%s\",\"kid\":\"%s\"}", alg, kid) :
	    arena_printf(A, "{\"alg\":\"%s\"}", alg);
	return arena_printf(A, "%s.%s", b64s(hdr), b64s(claims));
}

static const char	 claims[] = "{\"sub\":\"s1\",\"email\":\"a@example.com\"}";

static int
setup(void **state)
{
	A = arena_new(64 * 1024);
	return sodium_init() < 0 ? -1 : 0;
}

static int
teardown(void **state)
{
	arena_free(A);
	return 0;
}

static void
test_rs256(void **state)
{
	EVP_PKEY		*k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA",
				    (size_t)2048);
	EVP_PKEY		*other = EVP_PKEY_Q_keygen(NULL, NULL, "RSA",
				    (size_t)2048);
	const struct jval	*jwks, *c;
	char			*in, *tok, *bad;
	const char		*n, *e;

	n = bn_b64(k, OSSL_PKEY_PARAM_RSA_N);
	e = bn_b64(k, OSSL_PKEY_PARAM_RSA_E);
	jwks = parse(arena_printf(A, "{\"keys\":["
	    "{\"kty\":\"RSA\",\"kid\":\"other\",\"n\":\"%s\",\"e\":\"%s\"},"
	    "{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\","
	    "\"n\":\"%s\",\"e\":\"%s\"}]}",
	    bn_b64(other, OSSL_PKEY_PARAM_RSA_N), e, n, e));
	in = input("RS256", "k1", claims);
	tok = arena_printf(A, "%s.%s", in, sign_evp(k, in, false));
	assert_null(jwt_verify(A, tok, jwks, &c));
	assert_string_equal(json_get_str(c, "sub"), "s1");

	/* the other key's kid: its signature does not check */
	in = input("RS256", "other", claims);
	bad = arena_printf(A, "%s.%s", in, sign_evp(k, in, false));
	assert_string_equal(jwt_verify(A, bad, jwks, &c), "bad signature");
	assert_null(c);
	/* a changed payload under the old signature */
	in = input("RS256", "k1", "{\"sub\":\"admin\"}");
	bad = arena_printf(A, "%s.%s", in, strrchr(tok, '.') + 1);
	assert_string_equal(jwt_verify(A, bad, jwks, &c), "bad signature");
	/* no kid and two RSA keys: which one is not guessed */
	in = input("RS256", NULL, claims);
	bad = arena_printf(A, "%s.%s", in, sign_evp(k, in, false));
	assert_string_equal(jwt_verify(A, bad, jwks, &c), "unknown key");
	in = input("RS256", "k9", claims);
	bad = arena_printf(A, "%s.%s", in, sign_evp(k, in, false));
	assert_string_equal(jwt_verify(A, bad, jwks, &c), "unknown key");
	EVP_PKEY_free(k);
	EVP_PKEY_free(other);
}

static void
test_refused(void **state)
{
	EVP_PKEY		*small = EVP_PKEY_Q_keygen(NULL, NULL, "RSA",
				    (size_t)1024);
	const struct jval	*jwks, *c;
	char			*in, *tok, *big;

	jwks = parse(arena_printf(A, "{\"keys\":[{\"kty\":\"RSA\","
	    "\"kid\":\"s\",\"n\":\"%s\",\"e\":\"%s\"},{\"kty\":\"oct\","
	    "\"kid\":\"h\",\"k\":\"c2VjcmV0\"}]}",
	    bn_b64(small, OSSL_PKEY_PARAM_RSA_N),
	    bn_b64(small, OSSL_PKEY_PARAM_RSA_E)));
	in = input("RS256", "s", claims);
	tok = arena_printf(A, "%s.%s", in, sign_evp(small, in, false));
	assert_string_equal(jwt_verify(A, tok, jwks, &c), "bad signature");
	in = input("none", NULL, claims);
	assert_string_equal(jwt_verify(A, arena_printf(A, "%s.", in), jwks,
	    &c), "algorithm not accepted");
	in = input("HS256", "h", claims);
	assert_string_equal(jwt_verify(A, arena_printf(A, "%s.AAAA", in),
	    jwks, &c), "algorithm not accepted");
	assert_string_equal(jwt_verify(A, "a.b", jwks, &c),
	    "not a compact JWS");
	assert_string_equal(jwt_verify(A, "a.b.c.d", jwks, &c),
	    "not a compact JWS");
	assert_string_equal(jwt_verify(A, "!!.b.c", jwks, &c), "bad header");
	assert_string_equal(jwt_verify(A, arena_printf(A, "%s.%s.x",
	    b64s("{\"alg\":\"RS256\",\"kid\":7}"), b64s(claims)), jwks, &c),
	    "bad header");
	assert_string_equal(jwt_verify(A, arena_printf(A, "%s.%s.x",
	    b64s("{\"alg\":\"RS256\",\"crit\":[\"b64\"]}"), b64s(claims)),
	    jwks, &c), "critical header not understood");
	big = arena_alloc(A, JWT_MAX + 2);
	memset(big, 'a', JWT_MAX + 1);
	big[JWT_MAX + 1] = '\0';
	assert_string_equal(jwt_verify(A, big, jwks, &c), "token too long");
	EVP_PKEY_free(small);
}

static void
test_es256(void **state)
{
	EVP_PKEY		*k = EVP_PKEY_Q_keygen(NULL, NULL, "EC",
				    "P-256");
	unsigned char		 pub[65];
	size_t			 n;
	const struct jval	*jwks, *c;
	char			*in, *tok, *sig;

	assert_int_equal(EVP_PKEY_get_octet_string_param(k,
	    OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof(pub), &n), 1);
	assert_int_equal(n, 65);
	jwks = parse(arena_printf(A, "{\"keys\":[{\"kty\":\"EC\","
	    "\"crv\":\"P-256\",\"kid\":\"e1\",\"x\":\"%s\",\"y\":\"%s\"}]}",
	    b64(pub + 1, 32), b64(pub + 33, 32)));
	in = input("ES256", "e1", claims);
	sig = sign_evp(k, in, true);
	tok = arena_printf(A, "%s.%s", in, sig);
	assert_null(jwt_verify(A, tok, jwks, &c));
	/* the same key asked for as RS256: no RSA key to pick */
	in = input("RS256", "e1", claims);
	assert_string_equal(jwt_verify(A, arena_printf(A, "%s.%s", in, sig),
	    jwks, &c), "unknown key");
	in = input("ES256", "e1", "{\"sub\":\"x\"}");
	assert_string_equal(jwt_verify(A, arena_printf(A, "%s.%s", in, sig),
	    jwks, &c), "bad signature");
	EVP_PKEY_free(k);
}

static void
test_eddsa(void **state)
{
	unsigned char		 pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char		 sk[crypto_sign_SECRETKEYBYTES];
	unsigned char		 sig[crypto_sign_BYTES];
	const struct jval	*jwks, *enc, *c;
	char			*in, *tok;

	crypto_sign_keypair(pk, sk);
	jwks = parse(arena_printf(A, "{\"keys\":[{\"kty\":\"OKP\","
	    "\"crv\":\"Ed25519\",\"kid\":\"d1\",\"x\":\"%s\"}]}",
	    b64(pk, sizeof(pk))));
	enc = parse(arena_printf(A, "{\"keys\":[{\"kty\":\"OKP\","
	    "\"crv\":\"Ed25519\",\"kid\":\"d1\",\"use\":\"enc\",\"x\":\"%s\"}]}",
	    b64(pk, sizeof(pk))));
	in = input("EdDSA", "d1", claims);
	crypto_sign_detached(sig, NULL, (unsigned char *)in, strlen(in), sk);
	tok = arena_printf(A, "%s.%s", in, b64(sig, sizeof(sig)));
	assert_null(jwt_verify(A, tok, jwks, &c));
	assert_string_equal(jwt_verify(A, tok, enc, &c), "unknown key");
	sig[0] ^= 1;
	tok = arena_printf(A, "%s.%s", in, b64(sig, sizeof(sig)));
	assert_string_equal(jwt_verify(A, tok, jwks, &c), "bad signature");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rs256),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_es256),
		cmocka_unit_test(test_eddsa),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
