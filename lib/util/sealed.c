/*
 * sealed: the sealed file format (see sealed.h).
 *
 * Chunk i of a document sealed under key K is
 *   crypto_secretstream header (24) || push(K_i, plaintext, ad = magic,
 *                                           tag = i last ? FINAL : MESSAGE)
 * with K_i = crypto_kdf_derive_from_key(i, "porchdoc", K).  The writer
 * sends a chunk out as soon as it is full, so the last chunk holds the
 * remainder (0..SEALED_CHUNK-1 bytes): a document whose size is a multiple
 * of the chunk ends with an empty FINAL chunk.  Both sides keep one
 * plaintext and one sealed chunk buffer and wipe them when freed.
 *
 * Nearly all of a chunk's work is its ChaCha20-Poly1305, for which
 * libsodium (1.0.18) has AVX2 code at best and libcrypto (3) AVX-512 as
 * well: three times as fast where the processor has it.  A secretstream
 * message is the IETF ChaCha20-Poly1305 AEAD (RFC 8439), under the
 * stream's subkey and nonce, of a 64-byte block holding the tag and then
 * the message, of which the sealed message keeps the block's first byte
 * (the rest is keystream over zeros); but where the RFC pads the
 * ciphertext to 16 bytes with (-len mod 16) zeros, secretstream pads with
 * (len mod 16): the same when the message is a multiple of 16 bytes long,
 * as every full chunk is.  Such a chunk is sealed and opened by
 * libcrypto's AEAD, any other by libsodium's secretstream, and the tests
 * hold the first to the bytes of the second.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>

#include "arena.h"
#include "log.h"
#include "sealed.h"

#define HEADER_LEN	crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define SEALED_MAX	(SEALED_CHUNK + SEALED_OVERHEAD)
#define TAG_MESSAGE	crypto_secretstream_xchacha20poly1305_TAG_MESSAGE

_Static_assert(SEALED_KEY_LEN == crypto_secretstream_xchacha20poly1305_KEYBYTES,
    "a document key is a secretstream key");
_Static_assert(SEALED_KEY_LEN == crypto_kdf_KEYBYTES,
    "chunk keys are derived from the document key");
_Static_assert(SEALED_OVERHEAD == HEADER_LEN +
    crypto_secretstream_xchacha20poly1305_ABYTES,
    "a chunk adds a stream header and the message's tag and MAC");

static const unsigned char magic[SEALED_MAGIC_LEN] = "PORCHSF\x01";

static const char *const errors[SEALED_RC__MAX] = {
	[SEALED_OK] = "ok",
	[SEALED_IO] = "input/output error",
	[SEALED_NOT_FOUND] = "no such stored file",
	[SEALED_NOT_SEALED] = "not a sealed file",
	[SEALED_TRUNCATED] = "sealed file truncated",
	[SEALED_TAMPERED] = "sealed file does not authenticate",
	[SEALED_RANGE] = "offset past the end",
};

struct sealed_writer {
	int		 fd;
	EVP_CIPHER_CTX	*ctx;
	uint8_t		 key[SEALED_KEY_LEN];
	uint64_t	 chunk;		/* index of the chunk being filled */
	uint64_t	 size;
	size_t		 fill;
	bool		 failed;
	bool		 finished;
	unsigned char	 plain[SEALED_CHUNK];
	unsigned char	 sealed[SEALED_MAX];
};

struct sealed_reader {
	int		 fd;
	EVP_CIPHER_CTX	*ctx;
	uint8_t		 key[SEALED_KEY_LEN];
	uint64_t	 nchunks;
	uint64_t	 size;
	uint64_t	 pos;
	uint64_t	 cur;		/* the chunk in plain, or UINT64_MAX */
	size_t		 curlen;
	unsigned char	 plain[SEALED_CHUNK];
	unsigned char	 sealed[SEALED_MAX];
};

const char *
sealed_strerror(enum sealed_rc rc)
{
	return rc < SEALED_RC__MAX ? errors[rc] : "unknown sealed error";
}

uint64_t
sealed_file_size(uint64_t size)
{
	return SEALED_MAGIC_LEN + size +
	    (size / SEALED_CHUNK + 1) * SEALED_OVERHEAD;
}

static void
chunk_key(const uint8_t key[SEALED_KEY_LEN], uint64_t i,
    uint8_t out[SEALED_KEY_LEN])
{
	crypto_kdf_derive_from_key(out, SEALED_KEY_LEN, i, "porchdoc", key);
}

/* ------------------------------------------- the AEAD, from libcrypto */

static EVP_CIPHER	*aead;		/* NULL: libsodium does every chunk */
static pthread_once_t	 aead_once = PTHREAD_ONCE_INIT;

static void
aead_fetch(void)
{
	aead = EVP_CIPHER_fetch(NULL, "ChaCha20-Poly1305", NULL);
}

/* A context for the AEAD, or NULL when libcrypto has none (libsodium then
 * does all).  Aborts when out of memory. */
static EVP_CIPHER_CTX *
aead_ctx(void)
{
	EVP_CIPHER_CTX	*ctx;

	pthread_once(&aead_once, aead_fetch);
	if (aead == NULL)
		return NULL;
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL) {
		log_err("sealed: out of memory");
		abort();
	}
	return ctx;
}

/* The cipher for a context's first init; NULL after, to keep its state
 * rather than make it again for every chunk. */
static const EVP_CIPHER *
first_init(const EVP_CIPHER_CTX *ctx)
{
	return EVP_CIPHER_CTX_get0_cipher(ctx) == NULL ? aead : NULL;
}

/* Whether libcrypto takes a message of n bytes (see the top). */
static bool
aead_takes(const EVP_CIPHER_CTX *ctx, size_t n)
{
	return ctx != NULL && n % 16 == 0 && n <= SEALED_CHUNK;
}

/* The stream's subkey and nonce from its header and key, as
 * crypto_secretstream_xchacha20poly1305_init_push and _init_pull make
 * them: the counter (1) and the header's last 8 bytes. */
static void
stream_key(const unsigned char *header, const uint8_t k[SEALED_KEY_LEN],
    uint8_t sub[SEALED_KEY_LEN], unsigned char nonce[12])
{
	crypto_core_hchacha20(sub, header, k, NULL);
	memset(nonce, 0, 12);
	nonce[0] = 1;
	memcpy(nonce + 4, header + crypto_core_hchacha20_INPUTBYTES, 8);
}

/* Seals plain[0, n) as a message tagged tag after the header in out. */
static bool
aead_seal(EVP_CIPHER_CTX *ctx, const uint8_t k[SEALED_KEY_LEN],
    const unsigned char *plain, size_t n, unsigned char tag,
    unsigned char *out)
{
	unsigned char	 nonce[12], block[64] = { tag }, sealed[64];
	uint8_t		 sub[SEALED_KEY_LEN];
	unsigned char	*c = out + HEADER_LEN;
	int		 len, ok;

	randombytes_buf(out, HEADER_LEN);
	stream_key(out, k, sub, nonce);
	ok = EVP_EncryptInit_ex(ctx, first_init(ctx), NULL, sub, nonce) == 1 &&
	    EVP_EncryptUpdate(ctx, NULL, &len, magic, sizeof(magic)) == 1 &&
	    EVP_EncryptUpdate(ctx, sealed, &len, block, sizeof(block)) == 1 &&
	    EVP_EncryptUpdate(ctx, c + 1, &len, plain, (int)n) == 1 &&
	    EVP_EncryptFinal_ex(ctx, block, &len) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16,
	    c + 1 + n) == 1;
	c[0] = sealed[0];
	sodium_memzero(sub, sizeof(sub));
	sodium_memzero(sealed, sizeof(sealed));
	if (!ok)
		log_err("sealed: libcrypto failed to seal");
	return ok;
}

/* Opens the message in[0, n) after its header (n - 17 bytes of it
 * plaintext, into plain) and gives its tag: false when it does not
 * authenticate (plain then holds nothing to use). */
static bool
aead_open(EVP_CIPHER_CTX *ctx, const uint8_t k[SEALED_KEY_LEN],
    const unsigned char *header, const unsigned char *in, size_t n,
    unsigned char *plain, unsigned char *tag)
{
	static const unsigned char zero[64];
	unsigned char	 nonce[12], block[64], opened[64] = { 0 };
	uint8_t		 sub[SEALED_KEY_LEN];
	size_t		 mlen = n - 17;
	int		 len, ok;

	stream_key(header, k, sub, nonce);
	/* the tag's block as sealed: its first byte, then keystream */
	crypto_stream_chacha20_ietf_xor_ic(block, zero, sizeof(block), nonce,
	    1, sub);
	block[0] = in[0];
	ok = EVP_DecryptInit_ex(ctx, first_init(ctx), NULL, sub, nonce) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, 16,
	    (void *)(in + 1 + mlen)) == 1 &&
	    EVP_DecryptUpdate(ctx, NULL, &len, magic, sizeof(magic)) == 1 &&
	    EVP_DecryptUpdate(ctx, opened, &len, block, sizeof(block)) == 1 &&
	    EVP_DecryptUpdate(ctx, plain, &len, in + 1, (int)mlen) == 1 &&
	    EVP_DecryptFinal_ex(ctx, block, &len) == 1;
	*tag = opened[0];
	sodium_memzero(sub, sizeof(sub));
	sodium_memzero(opened, sizeof(opened));
	return ok;
}

/* ------------------------------------------------------------ one chunk */

/* Seals plain[0, n) as chunk i under key into out: the sealed length,
 * 0 when libcrypto failed. */
static size_t
seal_chunk(EVP_CIPHER_CTX *ctx, const uint8_t key[SEALED_KEY_LEN],
    uint64_t i, const unsigned char *plain, size_t n, unsigned char tag,
    unsigned char *out)
{
	crypto_secretstream_xchacha20poly1305_state	 st;
	uint8_t						 k[SEALED_KEY_LEN];
	bool						 ok = true;

	chunk_key(key, i, k);
	if (aead_takes(ctx, n))
		ok = aead_seal(ctx, k, plain, n, tag, out);
	else {
		crypto_secretstream_xchacha20poly1305_init_push(&st, out, k);
		crypto_secretstream_xchacha20poly1305_push(&st,
		    out + HEADER_LEN, NULL, plain, n, magic, sizeof(magic),
		    tag);
		sodium_memzero(&st, sizeof(st));
	}
	sodium_memzero(k, sizeof(k));
	return ok ? HEADER_LEN + n + crypto_secretstream_xchacha20poly1305_ABYTES :
	    0;
}

/* Opens the sealed chunk i, in[0, len), into plain: its plaintext length
 * and tag, false when it does not authenticate. */
static bool
open_chunk(EVP_CIPHER_CTX *ctx, const uint8_t key[SEALED_KEY_LEN],
    uint64_t i, const unsigned char *in, size_t len, unsigned char *plain,
    size_t *mlen, unsigned char *tag)
{
	crypto_secretstream_xchacha20poly1305_state	 st;
	uint8_t						 k[SEALED_KEY_LEN];
	unsigned long long				 got = 0;
	bool						 ok;

	*mlen = len - SEALED_OVERHEAD;
	chunk_key(key, i, k);
	if (aead_takes(ctx, *mlen))
		ok = aead_open(ctx, k, in, in + HEADER_LEN, len - HEADER_LEN,
		    plain, tag);
	else {
		ok = crypto_secretstream_xchacha20poly1305_init_pull(&st, in,
		    k) == 0 && crypto_secretstream_xchacha20poly1305_pull(&st,
		    plain, &got, tag, in + HEADER_LEN, len - HEADER_LEN, magic,
		    sizeof(magic)) == 0 && got == *mlen;
		sodium_memzero(&st, sizeof(st));
	}
	sodium_memzero(k, sizeof(k));
	return ok;
}

/* ---------------------------------------------------------------- writer */

/* Writes p[0, n) to fd at off. */
static bool
write_at(int fd, const unsigned char *p, size_t n, uint64_t off)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = pwrite(fd, p, n, (off_t)off)) < 0) {
			if (errno == EINTR)
				continue;
			log_err("sealed: write: %s", strerror(errno));
			return false;
		}
		p += w;
		n -= (size_t)w;
		off += (uint64_t)w;
	}
	return true;
}

uint64_t
sealed_chunk_at(uint64_t i)
{
	return SEALED_MAGIC_LEN + i * SEALED_MAX;
}

struct sealed_writer *
sealed_writer_new(int fd, const uint8_t key[SEALED_KEY_LEN])
{
	struct sealed_writer	*w;

	w = heap_zalloc(sizeof(*w));
	w->fd = fd;
	w->ctx = aead_ctx();
	memcpy(w->key, key, SEALED_KEY_LEN);
	if (!write_at(fd, magic, sizeof(magic), 0)) {
		sealed_writer_free(w);
		return NULL;
	}
	return w;
}

/* Seals plain[0, n) as the next chunk and writes it. */
static enum sealed_rc
flush_chunk(struct sealed_writer *w, const unsigned char *plain, size_t n,
    unsigned char tag)
{
	size_t	 len;

	len = seal_chunk(w->ctx, w->key, w->chunk, plain, n, tag, w->sealed);
	if (len == 0 ||
	    !write_at(w->fd, w->sealed, len, sealed_chunk_at(w->chunk))) {
		w->failed = true;
		return SEALED_IO;
	}
	w->chunk++;
	return SEALED_OK;
}

enum sealed_rc
sealed_write(struct sealed_writer *w, const void *buf, size_t n)
{
	const unsigned char	*p = buf;
	size_t			 take;
	enum sealed_rc		 rc;

	if (w->failed)
		return SEALED_IO;
	while (n > 0) {
		if (w->fill == 0 && n >= SEALED_CHUNK) {
			/* a whole chunk is sealed where it lies */
			take = SEALED_CHUNK;
			if ((rc = flush_chunk(w, p, take, TAG_MESSAGE)) !=
			    SEALED_OK)
				return rc;
		} else {
			take = SEALED_CHUNK - w->fill < n ?
			    SEALED_CHUNK - w->fill : n;
			memcpy(w->plain + w->fill, p, take);
			if ((w->fill += take) == SEALED_CHUNK) {
				w->fill = 0;
				if ((rc = flush_chunk(w, w->plain, SEALED_CHUNK,
				    TAG_MESSAGE)) != SEALED_OK)
					return rc;
			}
		}
		w->size += take;
		p += take;
		n -= take;
	}
	return SEALED_OK;
}

bool
sealed_writer_skip(struct sealed_writer *w, size_t n, uint64_t *first)
{
	if (w->failed || w->fill != 0 || n % SEALED_CHUNK != 0)
		return false;
	*first = w->chunk;
	w->chunk += n / SEALED_CHUNK;
	w->size += n;
	return true;
}

struct sealed_block {
	EVP_CIPHER_CTX	*ctx;
	size_t		 size;		/* of plaintext */
	unsigned char	 out[];		/* SEALED_CHUNKS_LEN(size) */
};

struct sealed_block *
sealed_block_new(size_t n)
{
	struct sealed_block	*b;

	b = heap_zalloc(sizeof(*b) + SEALED_CHUNKS_LEN(n));
	b->ctx = aead_ctx();
	b->size = n;
	return b;
}

void
sealed_block_free(struct sealed_block *b)
{
	if (b == NULL)
		return;
	EVP_CIPHER_CTX_free(b->ctx);
	sodium_memzero(b, sizeof(*b) + SEALED_CHUNKS_LEN(b->size));
	free(b);
}

enum sealed_rc
sealed_write_at(const struct sealed_writer *w, uint64_t first,
    const void *plain, size_t n, struct sealed_block *b)
{
	const unsigned char	*p = plain;
	size_t			 i, one, len = 0;
	bool			 ok = n % SEALED_CHUNK == 0 && n <= b->size;

	for (i = 0; ok && i < n / SEALED_CHUNK; i++) {
		one = seal_chunk(b->ctx, w->key, first + i,
		    p + i * SEALED_CHUNK, SEALED_CHUNK, TAG_MESSAGE,
		    b->out + len);
		ok = one > 0;
		len += one;
	}
	return ok && write_at(w->fd, b->out, len, sealed_chunk_at(first)) ?
	    SEALED_OK : SEALED_IO;
}

enum sealed_rc
sealed_writer_finish(struct sealed_writer *w, uint64_t *size)
{
	enum sealed_rc	 rc;

	if (w->failed)
		return SEALED_IO;
	rc = flush_chunk(w, w->plain, w->fill,
	    crypto_secretstream_xchacha20poly1305_TAG_FINAL);
	w->failed = true;	/* nothing more may be written */
	if (rc == SEALED_OK) {
		*size = w->size;
		w->finished = true;
	}
	return rc;
}

enum sealed_rc
sealed_writer_check(struct sealed_writer *w, int fd)
{
	struct sealed_reader	*r;
	enum sealed_rc		 rc;

	if (!w->finished)
		return SEALED_IO;
	if ((r = sealed_reader_new(fd, w->key, &rc)) == NULL)
		return rc;
	rc = sealed_size(r) == w->size ? SEALED_OK : SEALED_TRUNCATED;
	sealed_reader_free(r);
	return rc;
}

void
sealed_writer_free(struct sealed_writer *w)
{
	if (w == NULL)
		return;
	EVP_CIPHER_CTX_free(w->ctx);
	sodium_memzero(w, sizeof(*w));
	free(w);
}

/* ---------------------------------------------------------------- reader */

/* Reads exactly n bytes at off: false (logged unless short) when not. */
static enum sealed_rc
read_at(int fd, unsigned char *p, size_t n, uint64_t off)
{
	ssize_t	 r;

	while (n > 0) {
		if ((r = pread(fd, p, n, (off_t)off)) < 0) {
			if (errno == EINTR)
				continue;
			log_err("sealed: read: %s", strerror(errno));
			return SEALED_IO;
		}
		if (r == 0)
			return SEALED_TRUNCATED;	/* shrank under us */
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return SEALED_OK;
}

/* Reads, authenticates and opens chunk i into r->plain. */
static enum sealed_rc
load_chunk(struct sealed_reader *r, uint64_t i)
{
	uint64_t	 off, len;
	size_t		 mlen;
	unsigned char	 tag;
	enum sealed_rc	 rc;

	off = sealed_chunk_at(i);
	len = i + 1 < r->nchunks ? SEALED_MAX :
	    r->size - i * SEALED_CHUNK + SEALED_OVERHEAD;
	r->cur = UINT64_MAX;
	if ((rc = read_at(r->fd, r->sealed, (size_t)len, off)) != SEALED_OK)
		return rc;
	if (!open_chunk(r->ctx, r->key, i, r->sealed, (size_t)len, r->plain,
	    &mlen, &tag))
		return SEALED_TAMPERED;
	if (i + 1 == r->nchunks &&
	    tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL)
		return SEALED_TRUNCATED;
	if (i + 1 < r->nchunks &&
	    tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
		return SEALED_TAMPERED;
	r->cur = i;
	r->curlen = mlen;
	return SEALED_OK;
}

/* The chunk count and plaintext size from the file's size. */
static enum sealed_rc
read_shape(struct sealed_reader *r)
{
	unsigned char	 m[SEALED_MAGIC_LEN];
	struct stat	 st;
	uint64_t	 body, last;
	enum sealed_rc	 rc;

	if (fstat(r->fd, &st) != 0) {
		log_err("sealed: fstat: %s", strerror(errno));
		return SEALED_IO;
	}
	if ((uint64_t)st.st_size < SEALED_MAGIC_LEN)
		return SEALED_NOT_SEALED;
	if ((rc = read_at(r->fd, m, sizeof(m), 0)) != SEALED_OK)
		return rc;
	if (memcmp(m, magic, sizeof(m)) != 0)
		return SEALED_NOT_SEALED;
	body = (uint64_t)st.st_size - SEALED_MAGIC_LEN;
	r->nchunks = body / SEALED_MAX + 1;
	last = body % SEALED_MAX;
	/* The last chunk holds less than a full chunk of plaintext (an
	 * empty one after full chunks), so its size is 41..SEALED_MAX-1. */
	if (last < SEALED_OVERHEAD)
		return SEALED_TRUNCATED;
	r->size = (r->nchunks - 1) * SEALED_CHUNK + last - SEALED_OVERHEAD;
	return SEALED_OK;
}

struct sealed_reader *
sealed_reader_new(int fd, const uint8_t key[SEALED_KEY_LEN],
    enum sealed_rc *rc)
{
	struct sealed_reader	*r;

	r = heap_zalloc(sizeof(*r));
	r->fd = fd;
	r->ctx = aead_ctx();
	r->cur = UINT64_MAX;
	memcpy(r->key, key, SEALED_KEY_LEN);
	if ((*rc = read_shape(r)) != SEALED_OK ||
	    (*rc = load_chunk(r, r->nchunks - 1)) != SEALED_OK) {
		sealed_reader_free(r);
		return NULL;
	}
	return r;
}

struct sealed_reader *
sealed_reader_dup(const struct sealed_reader *r)
{
	struct sealed_reader	*d;

	d = heap_zalloc(sizeof(*d));
	d->fd = r->fd;
	d->ctx = aead_ctx();
	memcpy(d->key, r->key, SEALED_KEY_LEN);
	d->nchunks = r->nchunks;
	d->size = r->size;
	d->pos = r->pos;
	d->cur = UINT64_MAX;
	return d;
}

uint64_t
sealed_tell(const struct sealed_reader *r)
{
	return r->pos;
}

uint64_t
sealed_size(const struct sealed_reader *r)
{
	return r->size;
}

enum sealed_rc
sealed_seek(struct sealed_reader *r, uint64_t off)
{
	if (off > r->size)
		return SEALED_RANGE;
	r->pos = off;
	return SEALED_OK;
}

enum sealed_rc
sealed_read(struct sealed_reader *r, void *buf, size_t n, size_t *got)
{
	unsigned char	*p = buf;
	uint64_t	 i, at;
	size_t		 take;
	enum sealed_rc	 rc;

	*got = 0;
	while (n > 0 && r->pos < r->size) {
		i = r->pos / SEALED_CHUNK;
		if (r->cur != i && (rc = load_chunk(r, i)) != SEALED_OK) {
			*got = 0;
			return rc;
		}
		at = r->pos - i * SEALED_CHUNK;
		take = r->curlen - (size_t)at;
		if (take > n)
			take = n;
		memcpy(p, r->plain + at, take);
		p += take;
		n -= take;
		*got += take;
		r->pos += take;
	}
	return SEALED_OK;
}

int
sealed_reader_fd(const struct sealed_reader *r)
{
	return r->fd;
}

void
sealed_reader_free(struct sealed_reader *r)
{
	if (r == NULL)
		return;
	EVP_CIPHER_CTX_free(r->ctx);
	sodium_memzero(r, sizeof(*r));
	free(r);
}
