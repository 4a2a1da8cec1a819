/*
 * password: password hashing and the rules a new password must meet.
 *
 * Hashes are libsodium's Argon2id strings (crypto_pwhash_str), which carry
 * their own salt and parameters; password_needs_rehash tells when a stored
 * hash was made with other parameters than today's, so sign-in can upgrade
 * it.  A new password must be 10..128 bytes of valid UTF-8 without control
 * characters, must not be one of the most common passwords (compared
 * case-insensitively), and must not be the account's e-mail address or its
 * local part.  Verification takes the same time whether or not an account
 * exists: password_verify_dummy burns the same work for unknown addresses.
 */
#ifndef PORCH_PASSWORD_H
#define PORCH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

#define PASSWORD_MIN	10
#define PASSWORD_MAX	128

enum password_rule {
	PASSWORD_OK,
	PASSWORD_TOO_SHORT,
	PASSWORD_TOO_LONG,
	PASSWORD_BAD_TEXT,	/* not UTF-8, or control characters */
	PASSWORD_COMMON,	/* one of the most common passwords */
	PASSWORD_IS_EMAIL,	/* the address, or its local part */
	PASSWORD_RULE__MAX
};

/* Whether `pw` may become the password of the account with `email`. */
enum password_rule password_check(const char *pw, size_t len,
		    const char *email);
/* An Argon2id hash string of pw in the arena, or NULL (logged) when
 * hashing failed (out of memory for the work area). */
const char	*password_hash(struct arena *, const char *pw, size_t len)
		    __attribute__((warn_unused_result));
/* True when pw matches the stored hash; false for any malformed hash. */
bool		 password_verify(const char *hash, const char *pw, size_t len);
/* Does the work of a verification against nothing, for unknown accounts. */
void		 password_verify_dummy(const char *pw, size_t len);
/* True when the hash was made with other parameters than password_hash's. */
bool		 password_needs_rehash(const char *hash);
/* The validator for password form fields: within PASSWORD_MAX, UTF-8. */
bool		 valid_password(const char *, size_t);

#endif
