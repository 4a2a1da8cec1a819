/*
 * test-sealed: documents at rest.  The sealed format round-trips at every
 * size around a chunk boundary whatever the write and read sizes, a reader
 * starts anywhere (Range), and a truncated, altered, reordered or
 * wrongly-keyed file is refused.  The key ring wraps and unwraps only
 * under the same key and label and loads the master key only from a
 * private file.  The store writes, verifies and names files, leaves
 * nothing behind on failure, and its sweep removes exactly the temporary
 * files and the files no row points to.  Files live in a fresh directory
 * under TMPDIR.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto.h"
#include "docstore.h"
#include "keyring.h"
#include "sealed.h"
#include "util.h"

#define C	SEALED_CHUNK

static char	 tmpdir[256];
static char	 files[300];
static uint8_t	 key[SEALED_KEY_LEN];
static unsigned char *plain;	/* 4 chunks and a bit of known bytes */
static size_t	 plainlen = 4 * C + 123;

static int
setup(void **state)
{
	const char	*t = getenv("TMPDIR");

	if (!crypto_init())
		return -1;
	snprintf(tmpdir, sizeof(tmpdir), "%s/porch-sealed.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(files, sizeof(files), "%s/files", tmpdir);
	keyring_key_new(key);
	plain = malloc(plainlen);
	randombytes_buf(plain, plainlen);
	return plain == NULL ? -1 : 0;
}

static void
rm_tree(const char *dir)
{
	struct dirent	*e;
	DIR		*d;
	char		 p[600];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (unlink(p) != 0)
			rm_tree(p);
	}
	closedir(d);
	rmdir(dir);
}

static int
teardown(void **state)
{
	rm_tree(tmpdir);
	free(plain);
	return 0;
}

/* Seals plain[0..n) into path, written in pieces of `piece` bytes. */
static void
seal_file(const char *path, size_t n, size_t piece, const uint8_t *k)
{
	struct sealed_writer	*w;
	uint64_t		 size;
	size_t			 at, take;
	struct stat		 st;
	int			 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	w = sealed_writer_new(fd, k);
	assert_non_null(w);
	for (at = 0; at < n; at += take) {
		take = n - at < piece ? n - at : piece;
		assert_int_equal(sealed_write(w, plain + at, take), SEALED_OK);
	}
	assert_int_equal(sealed_writer_finish(w, &size), SEALED_OK);
	assert_int_equal(size, n);
	assert_int_equal(sealed_write(w, "x", 1), SEALED_IO);
	sealed_writer_free(w);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_size, sealed_file_size(n));
	close(fd);
}

static char *
path_of(const char *name)
{
	static char	 p[400];

	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	return p;
}

static struct sealed_reader *
open_reader(const char *path, const uint8_t *k, enum sealed_rc *rc, int *fd)
{
	*fd = open(path, O_RDONLY);
	assert_true(*fd >= 0);
	return sealed_reader_new(*fd, k, rc);
}

/* Reads n bytes from off in pieces of `piece` and compares them. */
static void
read_compare(struct sealed_reader *r, uint64_t off, size_t n, size_t piece)
{
	unsigned char	*buf = malloc(piece);
	size_t		 got, at = 0;

	assert_non_null(buf);
	assert_int_equal(sealed_seek(r, off), SEALED_OK);
	while (at < n) {
		assert_int_equal(sealed_read(r, buf, n - at < piece ? n - at :
		    piece, &got), SEALED_OK);
		if (got == 0)
			break;
		assert_memory_equal(buf, plain + off + at, got);
		at += got;
	}
	assert_int_equal(at, n);
	free(buf);
}

static void
round_trips_at_every_size_near_a_chunk(void **state)
{
	static const size_t sizes[] = { 0, 1, 100, C - 1, C, C + 1, 2 * C,
	    3 * C + 5 };
	static const size_t pieces[] = { 1000, 7, C, C + 3 };
	struct sealed_reader	*r;
	enum sealed_rc		 rc;
	size_t			 i, got;
	char			 b[1];
	int			 fd;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		seal_file(path_of("f"), sizes[i], pieces[i % 4], key);
		r = open_reader(path_of("f"), key, &rc, &fd);
		assert_non_null(r);
		assert_int_equal(sealed_size(r), sizes[i]);
		assert_int_equal(sealed_reader_fd(r), fd);
		read_compare(r, 0, sizes[i], pieces[(i + 1) % 4]);
		assert_int_equal(sealed_read(r, b, 1, &got), SEALED_OK);
		assert_int_equal(got, 0);
		sealed_reader_free(r);
		close(fd);
	}
}

/*
 * The writer's check: the file opened again must open with its key, end
 * with its final chunk and be as long as written.  A chunk between is not
 * read again by the check, but any read of it is refused.
 */
static void
the_writer_checks_what_it_wrote(void **state)
{
	static const struct {
		off_t		 at;	/* byte changed, or -1 */
		off_t		 cut;	/* length cut to, or -1 */
		enum sealed_rc	 rc, read;	/* the check's, a full read's */
	} cases[] = {
		{ -1, -1, SEALED_OK, SEALED_OK },
		{ 0, -1, SEALED_NOT_SEALED, SEALED_NOT_SEALED },   /* the magic */
		{ SEALED_MAGIC_LEN + 4 * (C + SEALED_OVERHEAD) + 30, -1,
		    SEALED_TAMPERED, SEALED_TAMPERED },		/* the last chunk */
		{ 3 * C + 100, -1, SEALED_OK, SEALED_TAMPERED },	/* one between */
		{ -1, 2 * C, SEALED_TAMPERED, SEALED_TAMPERED },  /* cut in one */
		{ -1, SEALED_MAGIC_LEN + 4 * (C + SEALED_OVERHEAD),
		    SEALED_TRUNCATED, SEALED_TRUNCATED },	/* chunks whole */
	};
	struct sealed_writer	*w;
	struct sealed_reader	*r;
	enum sealed_rc		 rc;
	uint64_t		 size;
	unsigned char		 c, b[4096];
	size_t			 i, got;
	int			 fd, rfd;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fd = open(path_of("check"), O_RDWR | O_CREAT | O_TRUNC, 0600);
		assert_true(fd >= 0);
		w = sealed_writer_new(fd, key);
		assert_non_null(w);
		assert_int_equal(sealed_writer_check(w, fd), SEALED_IO);
		assert_int_equal(sealed_write(w, plain, 4 * C + 5), SEALED_OK);
		assert_int_equal(sealed_writer_finish(w, &size), SEALED_OK);
		if (cases[i].at >= 0) {
			assert_int_equal(pread(fd, &c, 1, cases[i].at), 1);
			c ^= 0x01;
			assert_int_equal(pwrite(fd, &c, 1, cases[i].at), 1);
		}
		if (cases[i].cut >= 0)
			assert_int_equal(ftruncate(fd, cases[i].cut), 0);
		rfd = open(path_of("check"), O_RDONLY);
		assert_true(rfd >= 0);
		assert_int_equal(sealed_writer_check(w, rfd), cases[i].rc);
		if ((r = sealed_reader_new(rfd, key, &rc)) != NULL) {
			do
				rc = sealed_read(r, b, sizeof(b), &got);
			while (rc == SEALED_OK && got > 0);
			sealed_reader_free(r);
		}
		assert_int_equal(rc, cases[i].read);
		close(rfd);
		sealed_writer_free(w);
		close(fd);
	}
}

/* Chunk i's key, as sealed.c derives it: the reference's own. */
static void
ref_chunk_key(uint64_t i, uint8_t k[SEALED_KEY_LEN])
{
	crypto_kdf_derive_from_key(k, SEALED_KEY_LEN, i, "porchdoc", key);
}

/*
 * The format is libsodium's secretstream, whichever library seals a
 * chunk: every chunk the writer makes opens with libsodium's pull, and a
 * file whose chunks libsodium pushed reads back whole; full chunks and
 * a short last one, MESSAGE and FINAL alike.
 */
static void
chunks_are_libsodium_secretstreams(void **state)
{
	crypto_secretstream_xchacha20poly1305_state	 st;
	static const size_t sizes[] = { 4 * C + 123, 2 * C, C + 48 };
	static const unsigned char ad[SEALED_MAGIC_LEN] = "PORCHSF\x01";
	unsigned char		*sealed = malloc(C + SEALED_OVERHEAD);
	unsigned char		*out = malloc(C);
	struct sealed_reader	*r;
	enum sealed_rc		 rc;
	unsigned long long	 mlen;
	uint8_t			 k[SEALED_KEY_LEN];
	unsigned char		 tag;
	uint64_t		 i, nchunks;
	size_t			 s, len, n;
	int			 fd;

	(void)state;
	assert_non_null(sealed);
	assert_non_null(out);
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		/* the writer's chunks, opened by libsodium */
		seal_file(path_of("ref"), sizes[s], 5000, key);
		fd = open(path_of("ref"), O_RDONLY);
		assert_true(fd >= 0);
		nchunks = sizes[s] / C + 1;
		for (i = 0; i < nchunks; i++) {
			n = i + 1 < nchunks ? C : sizes[s] % C;
			len = n + SEALED_OVERHEAD;
			assert_int_equal(pread(fd, sealed, len,
			    (off_t)sealed_chunk_at(i)), (ssize_t)len);
			ref_chunk_key(i, k);
			assert_int_equal(
			    crypto_secretstream_xchacha20poly1305_init_pull(&st,
			    sealed, k), 0);
			assert_int_equal(crypto_secretstream_xchacha20poly1305_pull(
			    &st, out, &mlen, &tag, sealed + 24, len - 24, ad,
			    sizeof(ad)), 0);
			assert_int_equal(mlen, n);
			assert_memory_equal(out, plain + i * C, n);
			assert_int_equal(tag, i + 1 < nchunks ?
			    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE :
			    crypto_secretstream_xchacha20poly1305_TAG_FINAL);
		}
		close(fd);

		/* libsodium's chunks, read by the reader */
		fd = open(path_of("ref"), O_WRONLY | O_TRUNC);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, ad, sizeof(ad)), sizeof(ad));
		for (i = 0; i < nchunks; i++) {
			n = i + 1 < nchunks ? C : sizes[s] % C;
			ref_chunk_key(i, k);
			crypto_secretstream_xchacha20poly1305_init_push(&st,
			    sealed, k);
			crypto_secretstream_xchacha20poly1305_push(&st,
			    sealed + 24, NULL, plain + i * C, n, ad, sizeof(ad),
			    i + 1 < nchunks ?
			    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE :
			    crypto_secretstream_xchacha20poly1305_TAG_FINAL);
			len = n + SEALED_OVERHEAD;
			assert_int_equal(write(fd, sealed, len), (ssize_t)len);
		}
		close(fd);
		r = open_reader(path_of("ref"), key, &rc, &fd);
		assert_non_null(r);
		assert_int_equal(sealed_size(r), sizes[s]);
		read_compare(r, 0, sizes[s], 3000);
		sealed_reader_free(r);
		close(fd);
	}
	free(sealed);
	free(out);
}

/*
 * Chunks sealed apart: the writer passes over whole chunks, which are
 * sealed at their place in another order (as two threads would), then
 * goes on; the file is the one sealed_write makes of the same bytes.
 * Only whole chunks pass, and only between chunks.
 */
static void
chunks_are_sealed_at_their_place(void **state)
{
	struct sealed_writer	*w;
	struct sealed_reader	*r;
	enum sealed_rc		 rc;
	struct sealed_block	*b = sealed_block_new(2 * C);
	uint64_t		 first, second, size;
	int			 fd;

	(void)state;
	fd = open(path_of("apart"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	w = sealed_writer_new(fd, key);
	assert_non_null(w);
	assert_false(sealed_writer_skip(w, C + 1, &first));
	assert_true(sealed_writer_skip(w, C, &first));
	assert_true(sealed_writer_skip(w, 2 * C, &second));
	assert_int_equal(first, 0);
	assert_int_equal(second, 1);
	assert_int_equal(sealed_write_at(w, second, plain + C, 2 * C, b),
	    SEALED_OK);
	assert_int_equal(sealed_write_at(w, first, plain, C, b), SEALED_OK);
	assert_int_equal(sealed_write_at(w, 3, plain, 5, b), SEALED_IO);
	assert_int_equal(sealed_write_at(w, 3, plain, 3 * C, b), SEALED_IO);
	assert_int_equal(sealed_write(w, plain + 3 * C, 10), SEALED_OK);
	assert_false(sealed_writer_skip(w, C, &first));	/* 10 bytes held */
	assert_int_equal(sealed_write(w, plain + 3 * C + 10, C + 113),
	    SEALED_OK);
	assert_int_equal(sealed_writer_finish(w, &size), SEALED_OK);
	assert_int_equal(size, plainlen);
	sealed_writer_free(w);
	close(fd);
	r = open_reader(path_of("apart"), key, &rc, &fd);
	assert_non_null(r);
	assert_int_equal(sealed_size(r), plainlen);
	read_compare(r, 0, plainlen, 5000);
	assert_int_equal(sealed_chunk_at(2), SEALED_MAGIC_LEN +
	    SEALED_CHUNKS_LEN(2 * C));
	sealed_reader_free(r);
	close(fd);
	sealed_block_free(b);
}

static void
a_reader_starts_anywhere(void **state)
{
	static const uint64_t offs[] = { 0, 1, C - 1, C, C + 1, 2 * C + 7,
	    4 * C, 4 * C + 122, 4 * C + 123 };
	struct sealed_reader	*r;
	enum sealed_rc		 rc;
	size_t			 i;
	int			 fd;

	seal_file(path_of("range"), plainlen, 4096, key);
	r = open_reader(path_of("range"), key, &rc, &fd);
	assert_non_null(r);
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		size_t	 n = plainlen - offs[i] < 3000 ? plainlen - offs[i] :
		    3000;

		read_compare(r, offs[i], n, 1 + i * 500);
	}
	/* backwards, then the whole rest in one read */
	read_compare(r, 5, plainlen - 5, plainlen);
	assert_int_equal(sealed_seek(r, plainlen + 1), SEALED_RANGE);
	sealed_reader_free(r);
	close(fd);
}

/* Opens path and returns the reader's verdict; or, when it opens, the
 * verdict of reading all of it. */
static enum sealed_rc
verdict(const char *path, const uint8_t *k)
{
	struct sealed_reader	*r;
	enum sealed_rc		 rc;
	unsigned char		 buf[8192];
	size_t			 got;
	int			 fd;

	if ((r = open_reader(path, k, &rc, &fd)) == NULL) {
		close(fd);
		return rc;
	}
	do
		rc = sealed_read(r, buf, sizeof(buf), &got);
	while (rc == SEALED_OK && got > 0);
	sealed_reader_free(r);
	close(fd);
	return rc;
}

static void
poke(const char *path, off_t off, unsigned char x)
{
	unsigned char	 c;
	int		 fd = open(path, O_RDWR);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &c, 1, off), 1);
	c ^= x;
	assert_int_equal(pwrite(fd, &c, 1, off), 1);
	close(fd);
}

static void
damage_is_refused(void **state)
{
	const char	*p = path_of("bad");
	uint8_t		 other[SEALED_KEY_LEN];
	uint64_t	 full = sealed_file_size(2 * C);
	unsigned char	*chunk = malloc(C + SEALED_OVERHEAD);
	int		 fd;

	assert_non_null(chunk);
	/* 2 full chunks and an empty FINAL one */
	seal_file(p, 2 * C, C, key);
	assert_int_equal(verdict(p, key), SEALED_OK);
	keyring_key_new(other);
	assert_int_equal(verdict(p, other), SEALED_TAMPERED);

	/* cut at a chunk boundary: no FINAL */
	assert_int_equal(truncate(p, (off_t)(full - SEALED_OVERHEAD)), 0);
	assert_int_equal(verdict(p, key), SEALED_TRUNCATED);
	seal_file(p, 2 * C + 10, C, key);
	assert_int_equal(truncate(p, SEALED_MAGIC_LEN + C + SEALED_OVERHEAD),
	    0);
	assert_int_equal(verdict(p, key), SEALED_TRUNCATED);
	/* cut inside a chunk */
	seal_file(p, 2 * C + 10, C, key);
	assert_int_equal(truncate(p, (off_t)sealed_file_size(2 * C + 10) - 1),
	    0);
	assert_int_equal(verdict(p, key), SEALED_TAMPERED);
	/* nothing but (part of) the magic */
	assert_int_equal(truncate(p, SEALED_MAGIC_LEN), 0);
	assert_int_equal(verdict(p, key), SEALED_TRUNCATED);
	assert_int_equal(truncate(p, 3), 0);
	assert_int_equal(verdict(p, key), SEALED_NOT_SEALED);

	/* one bit anywhere: magic, a chunk header, a middle chunk */
	seal_file(p, 2 * C + 10, 999, key);
	poke(p, 2, 0x01);
	assert_int_equal(verdict(p, key), SEALED_NOT_SEALED);
	seal_file(p, 2 * C + 10, 999, key);
	poke(p, SEALED_MAGIC_LEN + 3, 0x80);
	assert_int_equal(verdict(p, key), SEALED_TAMPERED);
	seal_file(p, 2 * C + 10, 999, key);
	poke(p, SEALED_MAGIC_LEN + C + SEALED_OVERHEAD + 500, 0x04);
	assert_int_equal(verdict(p, key), SEALED_TAMPERED);

	/* two full chunks swapped */
	seal_file(p, 2 * C + 10, C, key);
	fd = open(p, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, chunk, C + SEALED_OVERHEAD,
	    SEALED_MAGIC_LEN), C + SEALED_OVERHEAD);
	assert_int_equal(pwrite(fd, chunk, C + SEALED_OVERHEAD,
	    SEALED_MAGIC_LEN + C + SEALED_OVERHEAD), C + SEALED_OVERHEAD);
	close(fd);
	assert_int_equal(verdict(p, key), SEALED_TAMPERED);
	free(chunk);
}

static void
errors_have_messages(void **state)
{
	int	 rc;

	for (rc = 0; rc < SEALED_RC__MAX; rc++)
		assert_true(strlen(sealed_strerror(rc)) > 1);
}

/* ---------------------------------------------------------------- keyring */

static void
wrapped_keys_open_only_where_they_belong(void **state)
{
	uint8_t	 kek[KEYRING_KEY_LEN], kek2[KEYRING_KEY_LEN];
	uint8_t	 k[KEYRING_KEY_LEN], out[KEYRING_KEY_LEN];
	uint8_t	 w[KEYRING_WRAPPED_LEN], w2[KEYRING_WRAPPED_LEN];
	size_t	 i;

	keyring_key_new(kek);
	keyring_key_new(kek2);
	keyring_key_new(k);
	keyring_wrap(kek, k, "document:abc", w);
	keyring_wrap(kek, k, "document:abc", w2);
	assert_memory_not_equal(w, w2, sizeof(w));	/* fresh nonces */
	assert_true(keyring_unwrap(kek, w, sizeof(w), "document:abc", out));
	assert_memory_equal(out, k, sizeof(k));
	memset(out, 0, sizeof(out));
	assert_false(keyring_unwrap(kek, w, sizeof(w), "document:abd", out));
	assert_false(keyring_unwrap(kek2, w, sizeof(w), "document:abc", out));
	assert_false(keyring_unwrap(kek, w, sizeof(w) - 1, "document:abc",
	    out));
	for (i = 0; i < sizeof(w); i++) {
		w[i] ^= 0x20;
		assert_false(keyring_unwrap(kek, w, sizeof(w), "document:abc",
		    out));
		w[i] ^= 0x20;
	}
	/* nothing was written by the failures */
	assert_memory_equal(out, (uint8_t[KEYRING_KEY_LEN]){ 0 }, sizeof(out));
}

static void
offices_get_their_own_keys(void **state)
{
	uint8_t	 master[KEYRING_KEY_LEN], m2[KEYRING_KEY_LEN];
	uint8_t	 a[KEYRING_KEY_LEN], a2[KEYRING_KEY_LEN], b[KEYRING_KEY_LEN];

	keyring_key_new(master);
	keyring_key_new(m2);
	keyring_office_key(master, "harbour", a);
	keyring_office_key(master, "harbour", a2);
	keyring_office_key(master, "harbour2", b);
	assert_memory_equal(a, a2, sizeof(a));
	assert_memory_not_equal(a, b, sizeof(a));
	assert_memory_not_equal(a, master, sizeof(a));
	keyring_office_key(m2, "harbour", b);
	assert_memory_not_equal(a, b, sizeof(a));
}

static void
write_key_file(const char *p, size_t n, mode_t mode)
{
	uint8_t	 buf[40] = { 1, 2, 3 };
	int	 fd;

	unlink(p);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, n), (ssize_t)n);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static void
the_master_key_comes_from_a_private_file(void **state)
{
	const char	*p = path_of("master.key");
	uint8_t		 m[KEYRING_KEY_LEN];

	write_key_file(p, KEYRING_KEY_LEN, 0600);
	assert_true(keyring_master_load(p, m));
	assert_int_equal(m[0], 1);
	assert_int_equal(m[2], 3);
	write_key_file(p, KEYRING_KEY_LEN, 0400);
	assert_true(keyring_master_load(p, m));
	write_key_file(p, KEYRING_KEY_LEN, 0640);
	assert_false(keyring_master_load(p, m));
	write_key_file(p, KEYRING_KEY_LEN, 0604);
	assert_false(keyring_master_load(p, m));
	write_key_file(p, KEYRING_KEY_LEN - 1, 0600);
	assert_false(keyring_master_load(p, m));
	write_key_file(p, KEYRING_KEY_LEN + 1, 0600);
	assert_false(keyring_master_load(p, m));
	unlink(p);
	assert_false(keyring_master_load(p, m));
	assert_false(keyring_master_load(tmpdir, m));
}

/* ---------------------------------------------------------------- store */

static size_t
count_entries(const char *dir, const char *prefix)
{
	struct dirent	*e;
	DIR		*d = opendir(dir);
	size_t		 n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 &&
		    strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* Stores plain[0..n) and returns its name. */
static void
store(size_t n, char name[DOCSTORE_NAME_LEN + 1])
{
	struct docstore_put	*p = docstore_put_new(files, key);
	uint64_t		 size = 0;

	assert_non_null(p);
	assert_int_equal(docstore_put_write(p, plain, n / 2), SEALED_OK);
	assert_int_equal(docstore_put_write(p, plain + n / 2, n - n / 2),
	    SEALED_OK);
	assert_int_equal(docstore_put_commit(p, name, &size), SEALED_OK);
	assert_int_equal(size, n);
	docstore_put_free(p);
}

/* A buffer stored at once reads back whole, under its key only. */
static void
the_store_keeps_a_buffer(void **state)
{
	char			 name[DOCSTORE_NAME_LEN + 1];
	struct sealed_reader	*r;
	enum sealed_rc		 rc;

	(void)state;
	assert_int_equal(docstore_put_buffer(files, key, plain, 3 * C + 5,
	    name), SEALED_OK);
	assert_int_equal(count_entries(files, ".tmp-"), 0);
	r = docstore_open(files, name, key, &rc);
	assert_non_null(r);
	assert_int_equal(sealed_size(r), 3 * C + 5);
	read_compare(r, 0, 3 * C + 5, 4096);
	docstore_reader_free(r);
	assert_null(docstore_open(files, name, (uint8_t[32]){ 0 }, &rc));
	assert_int_equal(rc, SEALED_TAMPERED);
	assert_int_equal(docstore_remove(files, name), SEALED_OK);
}

static void
the_store_writes_verifies_and_names(void **state)
{
	char			 name[DOCSTORE_NAME_LEN + 1], path[400];
	struct sealed_reader	*r;
	enum sealed_rc		 rc;
	struct stat		 st;

	umask(022);
	store(plainlen, name);
	assert_true(valid_public_id(name, strlen(name)));
	assert_int_equal(stat(files, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(path, sizeof(path), "%s/%s", files, name);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, sealed_file_size(plainlen));
	assert_int_equal(count_entries(files, ".tmp-"), 0);

	r = docstore_open(files, name, key, &rc);
	assert_non_null(r);
	read_compare(r, C + 3, plainlen - C - 3, 10000);
	docstore_reader_free(r);

	assert_null(docstore_open(files, "../files/x", key, &rc));
	assert_int_equal(rc, SEALED_NOT_FOUND);
	assert_null(docstore_open(files, "AAAAAAAAAAAAAAAAAAAAAA", key, &rc));
	assert_int_equal(rc, SEALED_NOT_FOUND);
	assert_null(docstore_open(files, name, (uint8_t[32]){ 0 }, &rc));
	assert_int_equal(rc, SEALED_TAMPERED);

	assert_int_equal(docstore_remove(files, name), SEALED_OK);
	assert_int_equal(docstore_remove(files, name), SEALED_OK);
	assert_int_equal(docstore_remove(files, "../x"), SEALED_NOT_FOUND);
	assert_null(docstore_open(files, name, key, &rc));
	assert_int_equal(rc, SEALED_NOT_FOUND);
}

static void
an_abandoned_put_leaves_nothing(void **state)
{
	struct docstore_put	*p;
	size_t			 before = count_entries(files, "");

	p = docstore_put_new(files, key);
	assert_non_null(p);
	assert_int_equal(docstore_put_write(p, plain, 5000), SEALED_OK);
	assert_int_equal(count_entries(files, ".tmp-"), 1);
	docstore_put_free(p);
	assert_int_equal(count_entries(files, ""), before);
	docstore_put_free(NULL);
	/* a directory that cannot be made */
	assert_null(docstore_put_new(path_of("no/such/parent"), key));
}

/* Puts n bytes of buf in pieces of an odd size: the put's status. */
static enum sealed_rc
put_pieces(struct docstore_put *p, const unsigned char *buf, size_t n)
{
	enum sealed_rc	 rc = SEALED_OK;
	size_t		 at, take;

	for (at = 0; at < n && rc == SEALED_OK; at += take) {
		take = n - at < 7919 ? n - at : 7919;
		rc = docstore_put_write(p, buf + at, take);
	}
	return rc;
}

/* Stores n random bytes in pieces as name: the bytes (to free). */
static unsigned char *
store_random(size_t n, char name[DOCSTORE_NAME_LEN + 1])
{
	struct docstore_put	*p;
	unsigned char		*big = malloc(n);
	uint64_t		 size = 0;

	assert_non_null(big);
	randombytes_buf(big, n);
	p = docstore_put_new(files, key);
	assert_non_null(p);
	assert_int_equal(put_pieces(p, big, n), SEALED_OK);
	assert_int_equal(docstore_put_commit(p, name, &size), SEALED_OK);
	assert_int_equal(size, n);
	docstore_put_free(p);
	return big;
}

/*
 * A file of many blocks is sealed on the put's own thread while more is
 * written, and reads back whole; abandoned half way, or failing on the
 * disk (a file size limit), it leaves nothing and says so.
 */
static void
a_large_put_is_sealed_beside_its_writer(void **state)
{
	const size_t		 n = 12 * C + 777;
	char			 name[DOCSTORE_NAME_LEN + 1];
	struct docstore_put	*p;
	struct sealed_reader	*r;
	struct rlimit		 lim, small;
	enum sealed_rc		 rc;
	unsigned char		*big, *back;
	uint64_t		 size = 0;
	size_t			 got, at, before = count_entries(files, "");

	(void)state;
	big = store_random(n, name);
	back = malloc(n);
	assert_non_null(back);
	r = docstore_open(files, name, key, &rc);
	assert_non_null(r);
	for (at = 0; at < n; at += got) {
		assert_int_equal(sealed_read(r, back + at, n - at, &got),
		    SEALED_OK);
		assert_true(got > 0);
	}
	assert_memory_equal(back, big, n);
	docstore_reader_free(r);
	assert_int_equal(docstore_remove(files, name), SEALED_OK);

	/* abandoned with blocks still being sealed */
	p = docstore_put_new(files, key);
	assert_non_null(p);
	assert_int_equal(put_pieces(p, big, n), SEALED_OK);
	docstore_put_free(p);
	assert_int_equal(count_entries(files, ""), before);

	/* the disk refuses past 3 chunks: the error reaches the writer */
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &lim), 0);
	small = lim;
	small.rlim_cur = 3 * C;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	p = docstore_put_new(files, key);
	assert_non_null(p);
	rc = put_pieces(p, big, n);
	if (rc == SEALED_OK)
		rc = docstore_put_commit(p, name, &size);
	assert_int_equal(rc, SEALED_IO);
	assert_int_equal(docstore_put_write(p, big, 10), SEALED_IO);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	signal(SIGXFSZ, SIG_DFL);
	docstore_put_free(p);
	assert_int_equal(count_entries(files, ""), before);
	free(big);
	free(back);
}

/* Reads through an ahead into out: its last status; *len the bytes. */
static enum sealed_rc
read_ahead(struct docstore_ahead *ah, unsigned char *out, size_t *len)
{
	const void	*p;
	enum sealed_rc	 rc;
	size_t		 n;

	*len = 0;
	while ((rc = docstore_ahead_next(ah, &p, &n)) == SEALED_OK && n > 0) {
		assert_true(n <= 4 * C);
		memcpy(out + *len, p, n);
		*len += n;
	}
	return rc;
}

/*
 * A download's reading ahead: from any offset, to the byte asked, on its
 * thread for a large file and without one for a small; stopped early
 * without a hang; a chunk that does not authenticate stops it with the
 * error after the good bytes before it.
 */
static void
a_file_is_read_ahead_of_its_sending(void **state)
{
	const size_t		 n = 12 * C + 777;
	static const size_t	 from[] = { 0, 1000, 8 * C + 5, 12 * C };
	char			 name[DOCSTORE_NAME_LEN + 1], path[400];
	struct docstore_ahead	*ah;
	struct sealed_reader	*r;
	enum sealed_rc		 rc;
	unsigned char		*big, *back, c;
	const void		*piece;
	size_t			 i, got;
	int			 fd;

	(void)state;
	big = store_random(n, name);
	back = malloc(n);
	assert_non_null(back);

	for (i = 0; i < sizeof(from) / sizeof(from[0]); i++) {
		r = docstore_open(files, name, key, &rc);
		assert_non_null(r);
		assert_int_equal(sealed_seek(r, from[i]), SEALED_OK);
		ah = docstore_ahead_new(r, n - from[i] - 3);	/* a Range */
		assert_int_equal(read_ahead(ah, back, &got), SEALED_OK);
		assert_int_equal(got, n - from[i] - 3);
		assert_memory_equal(back, big + from[i], got);
		docstore_ahead_free(ah);
	}

	/* freed after one piece, its thread still reading */
	r = docstore_open(files, name, key, &rc);
	assert_non_null(r);
	ah = docstore_ahead_new(r, n);
	assert_int_equal(docstore_ahead_next(ah, &piece, &got), SEALED_OK);
	assert_int_equal(got, 4 * C);
	docstore_ahead_free(ah);
	docstore_ahead_free(NULL);

	/* a byte changed in chunk 9: the blocks before it, then the error */
	snprintf(path, sizeof(path), "%s/%s", files, name);
	fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &c, 1, SEALED_MAGIC_LEN +
	    9 * (C + SEALED_OVERHEAD) + 100), 1);
	c ^= 0x20;
	assert_int_equal(pwrite(fd, &c, 1, SEALED_MAGIC_LEN +
	    9 * (C + SEALED_OVERHEAD) + 100), 1);
	close(fd);
	r = docstore_open(files, name, key, &rc);
	assert_non_null(r);
	ah = docstore_ahead_new(r, n);
	assert_int_equal(read_ahead(ah, back, &got), SEALED_TAMPERED);
	assert_int_equal(got, 8 * C);
	assert_memory_equal(back, big, got);
	assert_int_equal(docstore_ahead_next(ah, &piece, &got), SEALED_TAMPERED);
	assert_int_equal(got, 0);
	docstore_ahead_free(ah);

	assert_int_equal(docstore_remove(files, name), SEALED_OK);
	free(big);
	free(back);
}

static bool
is_live(void *arg, const char *name)
{
	return strcmp(name, (const char *)arg) == 0;
}

static void
age(const char *name, time_t secs)
{
	char		 p[400];
	struct timespec	 ts[2];

	snprintf(p, sizeof(p), "%s/%s", files, name);
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= secs;
	ts[1] = ts[0];
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
}

static void
the_sweep_removes_only_what_no_row_holds(void **state)
{
	char			 live[DOCSTORE_NAME_LEN + 1];
	char			 dead[DOCSTORE_NAME_LEN + 1];
	char			 young[DOCSTORE_NAME_LEN + 1];
	struct docstore_put	*p;
	struct docstore_sweep	 sw;
	char			 other[400];
	int			 fd;

	rm_tree(files);
	store(10, live);
	store(10, dead);
	store(10, young);
	age(live, 7200);
	age(dead, 7200);
	p = docstore_put_new(files, key);	/* an upload in progress */
	assert_non_null(p);
	snprintf(other, sizeof(other), "%s/README", files);
	fd = open(other, O_WRONLY | O_CREAT, 0600);
	close(fd);
	age("README", 7200);

	assert_true(docstore_sweep(files, is_live, live, time(NULL), 3600,
	    &sw));
	assert_int_equal(sw.removed, 1);
	assert_int_equal(sw.temps, 0);
	assert_int_equal(sw.kept, 3);	/* live, young and the upload */
	assert_int_equal(sw.failed, 0);
	assert_int_equal(count_entries(files, dead), 0);
	assert_int_equal(count_entries(files, live), 1);
	assert_int_equal(count_entries(files, young), 1);
	assert_int_equal(count_entries(files, "README"), 1);

	/* a crashed upload's temporary file goes once it is old */
	assert_true(docstore_sweep(files, is_live, live,
	    time(NULL) + 7200, 3600, &sw));
	assert_int_equal(sw.temps, 1);
	assert_int_equal(sw.removed, 1);	/* young, now old */
	assert_int_equal(count_entries(files, ".tmp-"), 0);
	assert_int_equal(count_entries(files, "README"), 1);
	docstore_put_free(p);	/* its file is already gone: logged only */

	assert_true(docstore_sweep(path_of("missing"), is_live, live,
	    time(NULL), 0, &sw));
	assert_int_equal(sw.kept + sw.removed + sw.temps, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trips_at_every_size_near_a_chunk),
		cmocka_unit_test(a_reader_starts_anywhere),
		cmocka_unit_test(the_writer_checks_what_it_wrote),
		cmocka_unit_test(chunks_are_sealed_at_their_place),
		cmocka_unit_test(chunks_are_libsodium_secretstreams),
		cmocka_unit_test(damage_is_refused),
		cmocka_unit_test(errors_have_messages),
		cmocka_unit_test(wrapped_keys_open_only_where_they_belong),
		cmocka_unit_test(offices_get_their_own_keys),
		cmocka_unit_test(the_master_key_comes_from_a_private_file),
		cmocka_unit_test(the_store_writes_verifies_and_names),
		cmocka_unit_test(the_store_keeps_a_buffer),
		cmocka_unit_test(an_abandoned_put_leaves_nothing),
		cmocka_unit_test(a_large_put_is_sealed_beside_its_writer),
		cmocka_unit_test(a_file_is_read_ahead_of_its_sending),
		cmocka_unit_test(the_sweep_removes_only_what_no_row_holds),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
