/*
 * test-crypto: token and public id shape and uniqueness, the token hash
 * against known BLAKE2b-256 vectors, and constant-time equality.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "crypto.h"
#include "util.h"

#define NTOKENS	1000

static struct arena	*A;

static int
setup(void **state)
{
	if (!crypto_init())
		return -1;
	A = arena_new(4096);
	return 0;
}

static int
teardown(void **state)
{
	arena_free(A);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
init_is_repeatable(void **state)
{
	assert_true(crypto_init());
	assert_true(crypto_init());
}

static void
tokens_have_the_right_shape(void **state)
{
	char	*t;
	size_t	 used;

	used = arena_used(A);
	t = crypto_token_new(A);
	assert_int_equal(strlen(t), TOKEN_LEN);
	assert_int_equal(TOKEN_LEN, 43);
	assert_true(valid_token(t, strlen(t)));
	assert_int_equal(strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_"), TOKEN_LEN);
	/* The token lives in the arena. */
	assert_int_equal(arena_used(A), used + TOKEN_LEN + 1);
	t = crypto_public_id_new(A);
	assert_int_equal(strlen(t), PUBLIC_ID_LEN);
	assert_int_equal(PUBLIC_ID_LEN, 22);
	assert_true(valid_public_id(t, strlen(t)));
	assert_false(valid_token(t, strlen(t)));
}

/* Random, not a counter: all distinct, every digit used somewhere. */
static void
tokens_are_random(void **state)
{
	char	*toks[NTOKENS], *ids[NTOKENS];
	int	 seen[256] = { 0 };
	size_t	 i, j;

	for (i = 0; i < NTOKENS; i++) {
		toks[i] = crypto_token_new(A);
		ids[i] = crypto_public_id_new(A);
		assert_int_not_equal(ids[i][0], '-');
		for (j = 0; j < TOKEN_LEN - 1; j++)
			seen[(unsigned char)toks[i][j]]++;
	}
	qsort(toks, NTOKENS, sizeof(toks[0]), cmp_str);
	qsort(ids, NTOKENS, sizeof(ids[0]), cmp_str);
	for (i = 1; i < NTOKENS; i++) {
		assert_string_not_equal(toks[i - 1], toks[i]);
		assert_string_not_equal(ids[i - 1], ids[i]);
	}
	for (i = 0; i < 64; i++)
		assert_true(seen[(unsigned char)"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_"[i]] > 0);
}

static void
hash_known_vectors(void **state)
{
	uint8_t	 h[TOKEN_HASH_LEN];
	char	 hex[2 * TOKEN_HASH_LEN + 1];
	char	 tok[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

	crypto_token_hash("", 0, h);
	hex_encode(h, sizeof(h), hex);
	assert_string_equal(hex, "0e5751c026e543b2e8ab2eb06099daa1"
	    "d1e5df47778f7787faab45cdf12fe3a8");
	crypto_token_hash("abc", 3, h);
	hex_encode(h, sizeof(h), hex);
	assert_string_equal(hex, "bddd813c634239723171ef3fee98579b"
	    "94964e3bb1cb3e427262c8c068d52319");
	crypto_token_hash(tok, TOKEN_LEN, h);
	hex_encode(h, sizeof(h), hex);
	assert_string_equal(hex, "6342b384e5d6294c5df1110132b93b97"
	    "b395a2ff4cca498af637b3e06b3095dd");
}

static void
hash_depends_on_every_byte(void **state)
{
	uint8_t	 h1[TOKEN_HASH_LEN], h2[TOKEN_HASH_LEN];
	char	*t, copy[TOKEN_LEN + 1];

	t = crypto_token_new(A);
	memcpy(copy, t, sizeof(copy));
	crypto_token_hash(t, TOKEN_LEN, h1);
	crypto_token_hash(copy, TOKEN_LEN, h2);
	assert_memory_equal(h1, h2, TOKEN_HASH_LEN);
	copy[TOKEN_LEN - 1] = copy[TOKEN_LEN - 1] == 'A' ? 'B' : 'A';
	crypto_token_hash(copy, TOKEN_LEN, h2);
	assert_memory_not_equal(h1, h2, TOKEN_HASH_LEN);
	/* The length is part of the input. */
	crypto_token_hash("a", 1, h1);
	crypto_token_hash("a\0", 2, h2);
	assert_memory_not_equal(h1, h2, TOKEN_HASH_LEN);
}

static void
equality(void **state)
{
	char	*t, copy[TOKEN_LEN + 1];

	t = crypto_token_new(A);
	memcpy(copy, t, sizeof(copy));
	assert_true(crypto_equal(t, TOKEN_LEN, copy, TOKEN_LEN));
	copy[0] ^= 1;
	assert_false(crypto_equal(t, TOKEN_LEN, copy, TOKEN_LEN));
	copy[0] ^= 1;
	copy[TOKEN_LEN - 1] ^= 1;
	assert_false(crypto_equal(t, TOKEN_LEN, copy, TOKEN_LEN));
	copy[TOKEN_LEN - 1] ^= 1;
	/* A prefix is not equal, whichever side it is on. */
	assert_false(crypto_equal(t, TOKEN_LEN - 1, copy, TOKEN_LEN));
	assert_false(crypto_equal(t, TOKEN_LEN, copy, TOKEN_LEN - 1));
	assert_true(crypto_equal("", 0, "", 0));
	assert_false(crypto_equal("", 0, "a", 1));
	assert_false(crypto_equal("abc", 3, "abd", 3));
	assert_true(crypto_equal("a\0b", 3, "a\0b", 3));
	assert_false(crypto_equal("a\0b", 3, "a\0c", 3));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_is_repeatable),
		cmocka_unit_test(tokens_have_the_right_shape),
		cmocka_unit_test(tokens_are_random),
		cmocka_unit_test(hash_known_vectors),
		cmocka_unit_test(hash_depends_on_every_byte),
		cmocka_unit_test(equality),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
