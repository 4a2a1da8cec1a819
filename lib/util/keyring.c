/*
 * keyring: master key loading, office key derivation, key wrapping (see
 * keyring.h).
 *
 * A wrapped key is version (1) || nonce (24) || AEAD(key) (32 + 16); the
 * associated data is the version byte followed by the label, so neither
 * can be changed without the blob failing to open.  The office key is
 * crypto_generichash_blake2b_salt_personal(office id, key = master,
 * personal = "porch-office-v1"), the construction crypto_kdf itself uses,
 * with the office id as input because it is a name, not a number.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "keyring.h"
#include "log.h"

#define WRAP_VERSION	1
#define NONCE_LEN	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES

_Static_assert(KEYRING_WRAPPED_LEN == 1 + NONCE_LEN + KEYRING_KEY_LEN +
    crypto_aead_xchacha20poly1305_ietf_ABYTES, "wrapped key layout");
_Static_assert(KEYRING_KEY_LEN == crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
    "keys wrap keys");

bool
keyring_master_load(const char *path, uint8_t out[KEYRING_KEY_LEN])
{
	struct stat	 st;
	uint8_t		 buf[KEYRING_KEY_LEN + 1];
	ssize_t		 n;
	int		 fd;
	bool		 ok = false;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		log_err("keyring: %s: %s", path, strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		log_err("keyring: %s: not a regular file", path);
	else if (st.st_mode & (S_IRWXG | S_IRWXO))
		log_err("keyring: %s: readable or writable by others "
		    "(chmod 600)", path);
	else if ((n = read(fd, buf, sizeof(buf))) != KEYRING_KEY_LEN)
		log_err("keyring: %s: not a %d-byte key", path,
		    KEYRING_KEY_LEN);
	else {
		memcpy(out, buf, KEYRING_KEY_LEN);
		ok = true;
	}
	sodium_memzero(buf, sizeof(buf));
	close(fd);
	return ok;
}

void
keyring_office_key(const uint8_t master[KEYRING_KEY_LEN], const char *office,
    uint8_t out[KEYRING_KEY_LEN])
{
	static const unsigned char personal[crypto_generichash_blake2b_PERSONALBYTES] =
	    "porch-office-v1";

	crypto_generichash_blake2b_salt_personal(out, KEYRING_KEY_LEN,
	    (const unsigned char *)office, strlen(office), master,
	    KEYRING_KEY_LEN, NULL, personal);
}

void
keyring_key_new(uint8_t out[KEYRING_KEY_LEN])
{
	crypto_aead_xchacha20poly1305_ietf_keygen(out);
}

/* The associated data: the version byte and the label. */
static size_t
wrap_ad(uint8_t version, const char *label, uint8_t ad[1 + KEYRING_LABEL_MAX])
{
	size_t	 n = strlen(label);

	if (n > KEYRING_LABEL_MAX)
		n = KEYRING_LABEL_MAX;
	ad[0] = version;
	memcpy(ad + 1, label, n);
	return n + 1;
}

void
keyring_wrap(const uint8_t kek[KEYRING_KEY_LEN],
    const uint8_t key[KEYRING_KEY_LEN], const char *label,
    uint8_t out[KEYRING_WRAPPED_LEN])
{
	uint8_t	 ad[1 + KEYRING_LABEL_MAX];
	size_t	 adlen = wrap_ad(WRAP_VERSION, label, ad);

	out[0] = WRAP_VERSION;
	randombytes_buf(out + 1, NONCE_LEN);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + 1 + NONCE_LEN, NULL,
	    key, KEYRING_KEY_LEN, ad, adlen, NULL, out + 1, kek);
}

bool
keyring_unwrap(const uint8_t kek[KEYRING_KEY_LEN], const uint8_t *in,
    size_t len, const char *label, uint8_t out[KEYRING_KEY_LEN])
{
	uint8_t	 ad[1 + KEYRING_LABEL_MAX];
	uint8_t	 key[KEYRING_KEY_LEN];
	size_t	 adlen;

	if (len != KEYRING_WRAPPED_LEN || in[0] != WRAP_VERSION)
		return false;
	adlen = wrap_ad(in[0], label, ad);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(key, NULL, NULL,
	    in + 1 + NONCE_LEN, len - 1 - NONCE_LEN, ad, adlen, in + 1,
	    kek) != 0)
		return false;
	memcpy(out, key, KEYRING_KEY_LEN);
	sodium_memzero(key, sizeof(key));
	return true;
}
