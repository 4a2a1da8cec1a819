/*
 * keyring: the keys that seal documents, and how they are kept.
 *
 *   master key     32 random bytes in master_key_file (porch.conf; made by
 *                  `porchctl init`, mode 0600), one per server
 *   office key     derived from the master key and the office id: never
 *                  stored, so offices share no key and moving an office
 *                  to another server needs that server's master key
 *   owner key      random, one per customer (or project), stored wrapped
 *                  by the office key in the owner's row
 *   document key   random, one per document, stored wrapped by its
 *                  owner's key in the document's row
 *
 * Wrapping is XChaCha20-Poly1305 (libsodium's AEAD) with a random nonce,
 * and a label as associated data that names what the key belongs to
 * ("customer:42", "document:<public id>"): a wrapped key copied into
 * another row does not unwrap there.  Destroying a key is deleting the row
 * that holds it wrapped: a customer's documents die with the customer's
 * key, even in backups of the file store, and a document with its own.
 *
 * Keys are plain byte arrays the caller owns; wipe them with
 * sodium_memzero when done.  Nothing here touches the database: the data
 * modules store the wrapped blobs.
 */
#ifndef PORCH_KEYRING_H
#define PORCH_KEYRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEYRING_KEY_LEN		32
/* A version byte, a 24-byte nonce, the key and a 16-byte tag. */
#define KEYRING_WRAPPED_LEN	73
#define KEYRING_LABEL_MAX	128	/* bytes of a label */

/*
 * Reads the master key from path: exactly KEYRING_KEY_LEN bytes in a
 * regular file that neither group nor others may read or write.  False
 * (logged, the key wiped) otherwise.  Programs read it once at start-up.
 */
bool	 keyring_master_load(const char *path, uint8_t out[KEYRING_KEY_LEN])
	    __attribute__((warn_unused_result));
/* The office's key: keyed BLAKE2b of the office id under the master key,
 * personalised for this use. */
void	 keyring_office_key(const uint8_t master[KEYRING_KEY_LEN],
	    const char *office, uint8_t out[KEYRING_KEY_LEN]);
/* A fresh random key (an owner's or a document's). */
void	 keyring_key_new(uint8_t out[KEYRING_KEY_LEN]);
/* key sealed under kek with the label (1..KEYRING_LABEL_MAX bytes). */
void	 keyring_wrap(const uint8_t kek[KEYRING_KEY_LEN],
	    const uint8_t key[KEYRING_KEY_LEN], const char *label,
	    uint8_t out[KEYRING_WRAPPED_LEN]);
/* The key inside a wrapped blob of len bytes: false (nothing written)
 * when the blob is malformed, of another version, or does not
 * authenticate under kek and label. */
bool	 keyring_unwrap(const uint8_t kek[KEYRING_KEY_LEN], const uint8_t *in,
	    size_t len, const char *label, uint8_t out[KEYRING_KEY_LEN])
	    __attribute__((warn_unused_result));

#endif
