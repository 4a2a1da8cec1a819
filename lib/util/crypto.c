/*
 * crypto: random tokens and ids, token hashes and constant-time comparison.
 *
 * A thin layer over libsodium so that the rest of Porch never handles raw
 * random bytes: what leaves this module is text (base64url) or a fixed-size
 * hash.  Raw random bytes are wiped from the stack once encoded.
 *
 * It deliberately holds no keys and does no encryption: documents and
 * passwords use libsodium directly in their own modules, where the key
 * handling belongs.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "arena.h"
#include "crypto.h"
#include "log.h"
#include "util.h"

#define TOKEN_BYTES	32
#define PUBLIC_ID_BYTES	16

_Static_assert(TOKEN_HASH_LEN == crypto_generichash_BYTES,
    "a token hash is BLAKE2b's default 32-byte output");

bool
crypto_init(void)
{
	if (sodium_init() < 0) {
		log_err("crypto: libsodium failed to initialise");
		return false;
	}
	return true;
}

/* `nbytes` random bytes as base64url text in the arena. */
static char *
random_text(struct arena *a, size_t nbytes)
{
	uint8_t	 raw[TOKEN_BYTES];
	char	*out;

	randombytes_buf(raw, nbytes);
	out = arena_alloc(a, b64url_len(nbytes) + 1);
	b64url_encode(raw, nbytes, out);
	sodium_memzero(raw, sizeof(raw));
	return out;
}

char *
crypto_token_new(struct arena *a)
{
	_Static_assert(TOKEN_LEN == (TOKEN_BYTES * 4 + 2) / 3,
	    "TOKEN_LEN is the base64url length of TOKEN_BYTES");
	return random_text(a, TOKEN_BYTES);
}

char *
crypto_public_id_new(struct arena *a)
{
	char	*id;

	_Static_assert(PUBLIC_ID_LEN == (PUBLIC_ID_BYTES * 4 + 2) / 3,
	    "PUBLIC_ID_LEN is the base64url length of PUBLIC_ID_BYTES");
	/* never a leading '-', which a command line takes for an option
	 * (porchctl hooks retry ID); a 64th of ids are drawn again */
	do
		id = random_text(a, PUBLIC_ID_BYTES);
	while (id[0] == '-');
	return id;
}

void
crypto_token_hash(const char *s, size_t n, uint8_t out[TOKEN_HASH_LEN])
{
	crypto_generichash(out, TOKEN_HASH_LEN, (const unsigned char *)s, n,
	    NULL, 0);
}

/*
 * Lengths are not secret (every token has the same one), so a length
 * mismatch may return at once; the bytes are compared in constant time.
 */
bool
crypto_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return false;
	return sodium_memcmp(a, b, alen) == 0;
}
