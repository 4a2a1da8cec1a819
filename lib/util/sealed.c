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
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

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

/* ---------------------------------------------------------------- writer */

/* Writes p[0, n) to the file. */
static bool
write_all(struct sealed_writer *sw, const unsigned char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(sw->fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			log_err("sealed: write: %s", strerror(errno));
			return false;
		}
		p += w;
		n -= (size_t)w;
	}
	return true;
}

struct sealed_writer *
sealed_writer_new(int fd, const uint8_t key[SEALED_KEY_LEN])
{
	struct sealed_writer	*w;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		log_err("sealed: out of memory");
		abort();
	}
	w->fd = fd;
	memcpy(w->key, key, SEALED_KEY_LEN);
	if (!write_all(w, magic, sizeof(magic))) {
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
	crypto_secretstream_xchacha20poly1305_state	 st;
	uint8_t						 k[SEALED_KEY_LEN];
	unsigned long long				 clen;

	chunk_key(w->key, w->chunk, k);
	crypto_secretstream_xchacha20poly1305_init_push(&st, w->sealed, k);
	crypto_secretstream_xchacha20poly1305_push(&st, w->sealed + HEADER_LEN,
	    &clen, plain, n, magic, sizeof(magic), tag);
	sodium_memzero(k, sizeof(k));
	sodium_memzero(&st, sizeof(st));
	if (!write_all(w, w->sealed, HEADER_LEN + (size_t)clen)) {
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
	crypto_secretstream_xchacha20poly1305_state	 st;
	uint8_t						 k[SEALED_KEY_LEN];
	uint64_t					 off, len;
	unsigned long long				 mlen;
	unsigned char					 tag;
	enum sealed_rc					 rc;
	int						 bad;

	off = SEALED_MAGIC_LEN + i * SEALED_MAX;
	len = i + 1 < r->nchunks ? SEALED_MAX :
	    r->size - i * SEALED_CHUNK + SEALED_OVERHEAD;
	r->cur = UINT64_MAX;
	if ((rc = read_at(r->fd, r->sealed, (size_t)len, off)) != SEALED_OK)
		return rc;
	chunk_key(r->key, i, k);
	bad = crypto_secretstream_xchacha20poly1305_init_pull(&st, r->sealed,
	    k) != 0 || crypto_secretstream_xchacha20poly1305_pull(&st,
	    r->plain, &mlen, &tag, r->sealed + HEADER_LEN, len - HEADER_LEN,
	    magic, sizeof(magic)) != 0;
	sodium_memzero(k, sizeof(k));
	sodium_memzero(&st, sizeof(st));
	if (bad)
		return SEALED_TAMPERED;
	if (i + 1 == r->nchunks &&
	    tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL)
		return SEALED_TRUNCATED;
	if (i + 1 < r->nchunks &&
	    tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
		return SEALED_TAMPERED;
	r->cur = i;
	r->curlen = (size_t)mlen;
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

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		log_err("sealed: out of memory");
		abort();
	}
	r->fd = fd;
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

	if ((d = calloc(1, sizeof(*d))) == NULL) {
		log_err("sealed: out of memory");
		abort();
	}
	d->fd = r->fd;
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
	sodium_memzero(r, sizeof(*r));
	free(r);
}
