/*
 * crypto: random tokens, ids, hashes and constant-time comparison (libsodium).
 *
 * Tokens (sessions, magic links, CSRF) are 256 random bits, written as 43
 * base64url characters.  The database keeps only token_hash(): a keyless
 * BLAKE2b-256 is enough because the input is 256 random bits, not a password.
 * Public ids in URLs are 128 random bits (22 characters), never sequential.
 */
#ifndef PORCH_CRYPTO_H
#define PORCH_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define TOKEN_LEN	43	/* characters of a token */
#define PUBLIC_ID_LEN	22	/* characters of a public id */
#define TOKEN_HASH_LEN	32	/* bytes of a token hash */

/* Initialises libsodium; false (and logged) when it cannot. */
bool	 crypto_init(void) __attribute__((warn_unused_result));
/* A fresh 256-bit token / 128-bit public id in the arena; a public id
 * never begins with '-'. */
char	*crypto_token_new(struct arena *) __attribute__((returns_nonnull));
char	*crypto_public_id_new(struct arena *) __attribute__((returns_nonnull));
/* BLAKE2b-256 of the token text. */
void	 crypto_token_hash(const char *, size_t, uint8_t out[TOKEN_HASH_LEN]);
/* Same length and same bytes, in time that depends only on the lengths. */
bool	 crypto_equal(const char *, size_t, const char *, size_t);

#endif
