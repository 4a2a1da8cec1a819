/*
 * fuzz-jwt: ID token signatures under libFuzzer, checked against two key
 * sets from one input.
 *
 * The input up to its first NUL byte (all of it when there is none) is
 * the token, as a C string would end it.  It is checked first against a
 * fixed JWKS of an RSA-2048, a P-256 and an Ed25519 key made once at
 * start-up, whose private halves are thrown away at once: nothing the
 * fuzzer writes can carry a good signature for them, so an acceptance
 * there is a forgery.  Then the text after the NUL, when it parses, is a
 * key set of the input's own (a huge or short modulus, a point off the
 * curve, members of the wrong length, keys that clash), and the token is
 * checked against it too; a seed holding a token and the set that signed
 * it reaches the accepting path.
 *
 * Every outcome must keep the contract of jwt.h: a refusal comes with a
 * non-empty reason and no claims, an acceptance with a JSON object from
 * a token of three parts within JWT_MAX.  LeakSanitizer, which libFuzzer
 * runs, sees any libcrypto object left behind.  The token is copied into
 * a buffer of its exact size and the key set text passed as it comes, so
 * a read past either end shows up under AddressSanitizer.
 */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "json.h"
#include "jwt.h"
#include "util.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int	 LLVMFuzzerInitialize(int *, char ***);
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The fixed key set and the arena holding it, for the whole run. */
static struct arena		*keys_mem;
static const struct jval	*fixed_jwks;

static char *
b64(const uint8_t *p, size_t n)
{
	char	*out;

	out = arena_alloc(keys_mem, b64url_len(n) + 1);
	b64url_encode(p, n, out);
	return out;
}

/* A number of key k, big-endian and left-padded to `pad` bytes when
 * pad is not 0 (as JWK coordinates are), base64url-encoded. */
static char *
bn_b64(EVP_PKEY *k, const char *name, int pad)
{
	BIGNUM	*bn = NULL;
	uint8_t	 buf[512];
	int	 n;

	CHECK(EVP_PKEY_get_bn_param(k, name, &bn) == 1);
	CHECK(BN_num_bytes(bn) <= (int)sizeof(buf) && pad <= (int)sizeof(buf));
	n = pad > 0 ? BN_bn2binpad(bn, buf, pad) : BN_bn2bin(bn, buf);
	BN_free(bn);
	CHECK(n > 0);
	return b64(buf, (size_t)n);
}

/* The RSA key twice: once to sign with, once marked for encryption only,
 * so choosing by kid and by use both matter. */
static char *
jwk_rsa(void)
{
	EVP_PKEY	*k;
	char		*n, *e;

	CHECK((k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048)) !=
	    NULL);
	n = bn_b64(k, OSSL_PKEY_PARAM_RSA_N, 0);
	e = bn_b64(k, OSSL_PKEY_PARAM_RSA_E, 0);
	EVP_PKEY_free(k);
	return arena_printf(keys_mem,
	    "{\"kty\":\"RSA\",\"kid\":\"rsa\",\"use\":\"sig\","
	    "\"alg\":\"RS256\",\"n\":\"%s\",\"e\":\"%s\"},"
	    "{\"kty\":\"RSA\",\"kid\":\"rsa-enc\",\"use\":\"enc\","
	    "\"n\":\"%s\",\"e\":\"%s\"}", n, e, n, e);
}

static char *
jwk_ec(void)
{
	EVP_PKEY	*k;
	char		*x, *y;

	CHECK((k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")) != NULL);
	x = bn_b64(k, OSSL_PKEY_PARAM_EC_PUB_X, 32);
	y = bn_b64(k, OSSL_PKEY_PARAM_EC_PUB_Y, 32);
	EVP_PKEY_free(k);
	return arena_printf(keys_mem,
	    "{\"kty\":\"EC\",\"kid\":\"ec\",\"crv\":\"P-256\","
	    "\"x\":\"%s\",\"y\":\"%s\"}", x, y);
}

static char *
jwk_ed25519(void)
{
	uint8_t	 pk[crypto_sign_PUBLICKEYBYTES];
	uint8_t	 sk[crypto_sign_SECRETKEYBYTES];

	CHECK(crypto_sign_keypair(pk, sk) == 0);
	sodium_memzero(sk, sizeof(sk));
	return arena_printf(keys_mem,
	    "{\"kty\":\"OKP\",\"kid\":\"ed\",\"crv\":\"Ed25519\","
	    "\"x\":\"%s\"}", b64(pk, sizeof(pk)));
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*text, *err;

	CHECK(sodium_init() >= 0);
	keys_mem = arena_new(16 * 1024);
	text = arena_printf(keys_mem, "{\"keys\":[%s,%s,%s]}", jwk_rsa(),
	    jwk_ec(), jwk_ed25519());
	fixed_jwks = json_parse(keys_mem, text, strlen(text), &err);
	CHECK(fixed_jwks != NULL);
	return 0;
}

static size_t
dots(const char *s)
{
	size_t	 n = 0;

	while ((s = strchr(s, '.')) != NULL) {
		n++;
		s++;
	}
	return n;
}

/* One verification and the contract it must keep; true when accepted. */
static bool
verify(const char *token, const struct jval *jwks)
{
	static const struct jval	 unset;
	struct arena			*a;
	const struct jval		*claims = &unset;
	const char			*why;

	a = arena_new(8 * 1024);
	why = jwt_verify(a, token, jwks, &claims);
	if (why != NULL) {
		CHECK(claims == NULL);
		CHECK(why[0] != '\0');
	} else {
		CHECK(claims != NULL && claims != &unset);
		CHECK(claims->type == JSON_OBJECT);
		CHECK(strlen(token) <= JWT_MAX && dots(token) == 2);
	}
	arena_free(a);
	return why == NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a;
	const struct jval	*jwks;
	const uint8_t		*nul;
	const char		*err;
	char			*token;
	size_t			 off;

	if ((token = malloc(size + 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(token, data, size);
	token[size] = '\0';
	CHECK(!verify(token, fixed_jwks));
	if ((nul = memchr(data, '\0', size)) != NULL) {
		off = (size_t)(nul - data) + 1;
		a = arena_new(8 * 1024);
		jwks = json_parse(a, (const char *)data + off, size - off,
		    &err);
		if (jwks != NULL)
			(void)verify(token, jwks);
		arena_free(a);
	}
	free(token);
	return 0;
}
