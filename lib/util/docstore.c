/*
 * docstore: sealed files in an office's files directory (see docstore.h).
 *
 * Every operation works relative to a descriptor of the directory (openat,
 * renameat2, unlinkat), so a name is always one entry of that directory,
 * and names from outside are checked to be ids before use.  The rename
 * never replaces (RENAME_NOREPLACE): a collision of two 128-bit ids is
 * not expected, but it would not lose a file either.
 *
 * A put seals on threads of its own once its file outgrows one block:
 * docstore_put_write copies the plaintext into blocks and hands them in
 * turn to SEALERS threads, each of which encrypts its blocks and writes
 * them at their place in the file while the caller reads the next bytes
 * from the network.  Chunks seal independently, so the sealers share the
 * work, and a large upload takes the time of its reading rather than of
 * its reading and sealing.  Each sealer has a ring of NBLOCKS: a caller
 * that fills them faster than they are sealed waits for one to come
 * free, so memory stays flat.  A sealer's first error is kept and
 * returned by the caller's next write or the commit; the rest of the file
 * after the last whole block, and a file shorter than a block, is sealed
 * by the caller at the commit.  A third thread, the flusher, makes the
 * file durable as it grows (see flusher()).
 *
 * A download is read ahead the other way round: OPENERS threads, each
 * with a reader and a ring of its own, decrypt every other block of the
 * range while the caller sends the block before.  Decrypting is what
 * bounds a download, and chunks open independently, so two threads
 * share it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "arena.h"
#include "docstore.h"
#include "log.h"
#include "ring.h"
#include "util.h"

#define TMP_PREFIX	".tmp-"
#define TMP_LEN		(sizeof(TMP_PREFIX) - 1 + DOCSTORE_NAME_LEN)
#define NAME_BYTES	16
#define WRITEBACK	(8 << 20)	/* bytes between writeback starts */
#define FLUSH_EVERY	(16 << 20)	/* bytes between the flusher's syncs */
#define CHUNKS		4	/* chunks to a block */
#define BLOCK		(CHUNKS * SEALED_CHUNK)	/* plaintext handed at once */
#define NBLOCKS		2

#define SEALERS		2

/* A sealing thread: it seals blocks j, j + SEALERS, j + 2 * SEALERS...
 * of the put, each to its place in the file, as they are handed. */
struct sealer {
	struct docstore_put	*p;
	unsigned		 j;
	struct ring		*ring;
	struct sealed_block	*blk;	/* its buffer and cipher state */
	uint64_t		 flushed;	/* the file's bytes writeback
						   began for */
	bool			 running;
	pthread_t		 thread;
};

/* The flusher: a thread that makes the file durable (fdatasync) while it
 * streams in, once FLUSH_EVERY more bytes are written (looked at as the
 * count passes each multiple of it). */
struct flusher {
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	uint64_t		 written;	/* by the sealers */
	bool			 ended;
	bool			 failed;	/* a flush failed */
	bool			 running;
	pthread_t		 thread;
};

struct docstore_put {
	int			 dirfd;
	int			 fd;
	char			 tmp[TMP_LEN + 1];
	uint8_t			 key[SEALED_KEY_LEN];
	struct sealed_writer	*w;
	bool			 done;	/* committed, or the temp file gone */
	bool			 failed;	/* failed or committing: no
						   more writes */
	/* the plaintext, in blocks of the sealers' rings */
	unsigned char		*cur;	/* the block being filled */
	size_t			 fill;
	uint64_t		 handed;	/* blocks handed to the sealers */
	bool			 begun;		/* a first block was full */
	bool			 threaded;	/* the sealers run */
	struct sealer		 s[SEALERS];
	struct flusher		 f;
};

#define OPENERS		2

/* An opening thread: it reads blocks j, j + OPENERS, j + 2 * OPENERS...
 * of the range with a reader of its own. */
struct opener {
	struct docstore_ahead	*a;
	unsigned		 j;
	struct sealed_reader	*rd;
	struct ring		*ring;
	bool			 running;
	pthread_t		 thread;
};

struct docstore_ahead {
	struct sealed_reader	*rd;	/* the caller's */
	uint64_t		 start, len;	/* the range, in plaintext */
	uint64_t		 next;	/* the block the caller gets next */
	bool			 begun;		/* the first piece was asked */
	bool			 threaded;	/* the openers run */
	bool			 holding;	/* a block from ring_get */
	struct opener		 o[OPENERS];
};

/* A fresh random name. */
static void
name_new(char out[DOCSTORE_NAME_LEN + 1])
{
	uint8_t	 raw[NAME_BYTES];

	_Static_assert(DOCSTORE_NAME_LEN == (NAME_BYTES * 4 + 2) / 3,
	    "a name is the base64url of NAME_BYTES");
	randombytes_buf(raw, sizeof(raw));
	b64url_encode(raw, sizeof(raw), out);
}

static bool
is_name(const char *s)
{
	return valid_public_id(s, strlen(s));
}

/* The directory, made 0700 when missing: a descriptor, or -1 (logged). */
static int
dir_open(const char *dir, bool make)
{
	int	 fd;

	if (make && mkdir(dir, 0700) != 0 && errno != EEXIST) {
		log_err("docstore: mkdir %s: %s", dir, strerror(errno));
		return -1;
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 &&
	    (make || errno != ENOENT))
		log_err("docstore: %s: %s", dir, strerror(errno));
	return fd;
}

static bool
sync_fd(int fd, const char *what)
{
	if (fsync(fd) == 0)
		return true;
	log_err("docstore: fsync %s: %s", what, strerror(errno));
	return false;
}

struct docstore_put *
docstore_put_new(const char *dir, const uint8_t key[SEALED_KEY_LEN])
{
	struct docstore_put	*p;
	char			 id[DOCSTORE_NAME_LEN + 1];
	unsigned		 i;

	p = heap_zalloc(sizeof(*p));
	p->fd = -1;
	p->done = true;
	memcpy(p->key, key, SEALED_KEY_LEN);
	pthread_mutex_init(&p->f.mu, NULL);
	pthread_cond_init(&p->f.cv, NULL);
	for (i = 0; i < SEALERS; i++) {
		p->s[i].p = p;
		p->s[i].j = i;
		p->s[i].ring = ring_new(NBLOCKS, BLOCK);
	}
	if ((p->dirfd = dir_open(dir, true)) < 0)
		goto fail;
	name_new(id);
	snprintf(p->tmp, sizeof(p->tmp), TMP_PREFIX "%s", id);
	p->fd = openat(p->dirfd, p->tmp, O_WRONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC | O_NOFOLLOW, 0600);
	if (p->fd < 0) {
		log_err("docstore: create in %s: %s", dir, strerror(errno));
		goto fail;
	}
	p->done = false;
	/* mode 0600 whatever the umask (which can only take bits away) */
	if (fchmod(p->fd, 0600) != 0 ||
	    (p->w = sealed_writer_new(p->fd, key)) == NULL)
		goto fail;
	return p;
fail:
	docstore_put_free(p);
	return NULL;
}

/*
 * Asks the kernel to start writing the file's bytes up to end to the disk,
 * without waiting, once WRITEBACK more are written.  A large file then
 * reaches the disk while it streams in, instead of all of it in the fsync
 * of the commit, which finds little left to do.  Each sealer asks for the
 * whole file up to its latest block, so every block is asked for by its
 * own sealer after it is written.  Only a hint: when it fails, the fsync
 * still does it all.
 */
static void
start_writeback(struct sealer *s, uint64_t end)
{
	if (end - s->flushed < WRITEBACK)
		return;
	if (sync_file_range(s->p->fd, (off_t)s->flushed,
	    (off_t)(end - s->flushed), SYNC_FILE_RANGE_WRITE) == 0)
		s->flushed = end;
}

/*
 * The flusher.  A disk may take what is written into a cache of its own
 * and write it out only when flushed: the commit's fsync would then wait
 * for the whole file, after the upload's last byte.  Flushed while the
 * file streams in, it waits only for the last few MB.  A flush that fails
 * fails the commit: the error is reported once, to this flush, and the
 * commit's fsync may not see it again.
 */
static void *
flusher(void *arg)
{
	struct docstore_put	*p = arg;
	struct flusher		*f = &p->f;
	uint64_t		 at = 0;
	bool			 ok = true;

	pthread_mutex_lock(&f->mu);
	while (ok) {
		while (!f->ended && f->written - at < FLUSH_EVERY)
			pthread_cond_wait(&f->cv, &f->mu);
		if (f->ended)
			break;
		at = f->written;
		pthread_mutex_unlock(&f->mu);
		if (!(ok = fdatasync(p->fd) == 0))
			log_err("docstore: fdatasync: %s", strerror(errno));
		pthread_mutex_lock(&f->mu);
		f->failed = !ok;
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

/* A sealer wrote n more bytes. */
static void
flusher_wrote(struct flusher *f, size_t n)
{
	pthread_mutex_lock(&f->mu);
	if ((f->written += n) % FLUSH_EVERY < n)
		pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

/* Ends and joins the flusher: false when a flush failed. */
static bool
flusher_end(struct flusher *f)
{
	if (!f->running)
		return !f->failed;
	pthread_mutex_lock(&f->mu);
	f->ended = true;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->thread, NULL);
	f->running = false;
	return !f->failed;
}

/* A sealer: seals its blocks in the order handed, until the ring ends or
 * its first error stops it. */
static void *
sealer(void *arg)
{
	struct sealer		*s = arg;
	const unsigned char	*b;
	enum sealed_rc		 rc;
	uint64_t		 first;
	size_t			 n;

	for (first = s->j * CHUNKS; ring_get(s->ring, &b, &n);
	    first += SEALERS * CHUNKS) {
		rc = sealed_write_at(s->p->w, first, b, n, s->blk);
		ring_release(s->ring);
		if (rc != SEALED_OK) {
			ring_stop(s->ring, (int)rc);
			break;
		}
		start_writeback(s, sealed_chunk_at(first + CHUNKS));
		flusher_wrote(&s->p->f, SEALED_CHUNKS_LEN(n));
	}
	return NULL;
}

/* Ends the sealers' rings with status, or stops them, and joins them:
 * the first error of any. */
static enum sealed_rc
sealers_end(struct docstore_put *p, bool stop, enum sealed_rc status)
{
	enum sealed_rc	 rc = SEALED_OK;
	unsigned	 i;

	for (i = 0; i < SEALERS; i++) {
		if (!p->s[i].running)
			continue;
		if (stop)
			ring_stop(p->s[i].ring, (int)status);
		else
			ring_end(p->s[i].ring, (int)status);
		pthread_join(p->s[i].thread, NULL);
		p->s[i].running = false;
		if (rc == SEALED_OK)
			rc = (enum sealed_rc)ring_status(p->s[i].ring);
	}
	if (!flusher_end(&p->f) && rc == SEALED_OK)
		rc = SEALED_IO;
	return rc;
}

/* Starts the sealers: false, with none left running, when one cannot. */
static bool
sealers_start(struct docstore_put *p)
{
	unsigned	 i;

	for (i = 0; i < SEALERS; i++) {
		if (p->s[i].blk == NULL)
			p->s[i].blk = sealed_block_new(BLOCK);
		if (!(p->s[i].running = ring_thread(&p->s[i].thread, sealer,
		    &p->s[i])))
			break;
	}
	if (i == SEALERS) {
		/* without it, the commit's fsync does all the flushing */
		p->f.running = ring_thread(&p->f.thread, flusher, p);
		return true;
	}
	(void)sealers_end(p, true, SEALED_OK);
	return false;
}

/* Hands the full block being filled to its sealer; the sealers start at
 * the first, and when they cannot, the caller seals every block itself. */
static enum sealed_rc
hand_block(struct docstore_put *p)
{
	uint64_t	 first;

	if (!p->begun) {
		p->begun = true;
		p->threaded = sealers_start(p);
	}
	p->fill = 0;
	if (!p->threaded)
		return sealed_write(p->w, p->cur, BLOCK);
	if (!sealed_writer_skip(p->w, BLOCK, &first))
		return SEALED_IO;	/* cannot happen: only whole blocks */
	ring_put(p->s[p->handed++ % SEALERS].ring, BLOCK);
	p->cur = NULL;
	return SEALED_OK;
}

enum sealed_rc
docstore_put_write(struct docstore_put *p, const void *buf, size_t n)
{
	const unsigned char	*in = buf;
	struct ring		*ring;
	enum sealed_rc		 rc;
	size_t			 take;

	if (p->done || p->failed)
		return SEALED_IO;
	while (n > 0) {
		ring = p->s[p->handed % SEALERS].ring;
		if (p->cur == NULL && (p->cur = ring_slot(ring)) == NULL) {
			p->failed = true;	/* its sealer stopped */
			return (enum sealed_rc)ring_status(ring);
		}
		take = BLOCK - p->fill < n ? BLOCK - p->fill : n;
		memcpy(p->cur + p->fill, in, take);
		p->fill += take;
		in += take;
		n -= take;
		if (p->fill == BLOCK && (rc = hand_block(p)) != SEALED_OK) {
			p->failed = true;
			return rc;
		}
	}
	return SEALED_OK;
}

/* Opens the temporary file again by its name and checks that it is the
 * file the writer finished: its key opens it, its final chunk is there,
 * and it is as long as written (sealed.h says why that is the check). */
static enum sealed_rc
verify(struct docstore_put *p)
{
	enum sealed_rc	 rc;
	int		 fd;

	if ((fd = openat(p->dirfd, p->tmp, O_RDONLY | O_CLOEXEC |
	    O_NOFOLLOW)) < 0) {
		log_err("docstore: reopen: %s", strerror(errno));
		return SEALED_IO;
	}
	rc = sealed_writer_check(p->w, fd);
	close(fd);
	if (rc != SEALED_OK)
		log_err("docstore: written file fails verification: %s",
		    sealed_strerror(rc));
	return rc;
}

/* Renames from to a name that must not exist yet (errno EEXIST if it
 * does); a link and an unlink where the file system cannot do that in
 * one step. */
static bool
rename_new(int dirfd, const char *from, const char *to)
{
	if (renameat2(dirfd, from, dirfd, to, RENAME_NOREPLACE) == 0)
		return true;
	if (errno != EINVAL && errno != ENOSYS)
		return false;
	if (linkat(dirfd, from, dirfd, to, 0) != 0)
		return false;
	if (unlinkat(dirfd, from, 0) != 0)
		log_warn("docstore: remove %s: %s", from, strerror(errno));
	return true;
}

enum sealed_rc
docstore_put_commit(struct docstore_put *p, char name[DOCSTORE_NAME_LEN + 1],
    uint64_t *size)
{
	enum sealed_rc	 rc;
	uint64_t	 n;
	int		 tries;

	if (p->done || p->failed)
		return SEALED_IO;
	p->failed = true;	/* whatever comes of it, no more writes */
	/* the sealers' blocks, then the rest sealed here */
	if ((rc = sealers_end(p, false, SEALED_OK)) != SEALED_OK ||
	    (p->fill > 0 &&
	    (rc = sealed_write(p->w, p->cur, p->fill)) != SEALED_OK) ||
	    (rc = sealed_writer_finish(p->w, &n)) != SEALED_OK)
		return rc;
	if (!sync_fd(p->fd, "file"))
		return SEALED_IO;
	if ((rc = verify(p)) != SEALED_OK)
		return rc;
	for (tries = 0; tries < 3; tries++) {
		name_new(name);
		if (rename_new(p->dirfd, p->tmp, name))
			break;
		if (errno != EEXIST) {
			log_err("docstore: rename: %s", strerror(errno));
			return SEALED_IO;
		}
	}
	if (tries == 3)
		return SEALED_IO;
	p->done = true;
	if (!sync_fd(p->dirfd, "directory")) {
		/* The rename may not survive a crash: do not let a row
		 * point at it. */
		unlinkat(p->dirfd, name, 0);
		return SEALED_IO;
	}
	*size = n;
	return SEALED_OK;
}

void
docstore_put_free(struct docstore_put *p)
{
	unsigned	 i;

	if (p == NULL)
		return;
	(void)sealers_end(p, true, SEALED_IO);	/* abandoned: seal no more */
	for (i = 0; i < SEALERS; i++) {
		ring_free(p->s[i].ring);
		sealed_block_free(p->s[i].blk);
	}
	pthread_mutex_destroy(&p->f.mu);
	pthread_cond_destroy(&p->f.cv);
	sealed_writer_free(p->w);
	if (p->fd >= 0)
		close(p->fd);
	if (!p->done && unlinkat(p->dirfd, p->tmp, 0) != 0)
		log_warn("docstore: remove %s: %s", p->tmp, strerror(errno));
	if (p->dirfd >= 0)
		close(p->dirfd);
	sodium_memzero(p, sizeof(*p));
	free(p);
}

enum sealed_rc
docstore_put_buffer(const char *dir, const uint8_t key[SEALED_KEY_LEN],
    const void *buf, size_t n, char name[DOCSTORE_NAME_LEN + 1])
{
	struct docstore_put	*p;
	enum sealed_rc		 rc;
	uint64_t		 size = 0;

	if ((p = docstore_put_new(dir, key)) == NULL)
		return SEALED_IO;
	if ((rc = docstore_put_write(p, buf, n)) == SEALED_OK &&
	    (rc = docstore_put_commit(p, name, &size)) == SEALED_OK &&
	    size != n)
		rc = SEALED_IO;		/* cannot happen: commit verified it */
	docstore_put_free(p);
	return rc;
}

/* ---------------------------------------------------------------- reading */

struct sealed_reader *
docstore_open(const char *dir, const char *name,
    const uint8_t key[SEALED_KEY_LEN], enum sealed_rc *rc)
{
	struct sealed_reader	*r;
	int			 dirfd, fd;

	*rc = SEALED_NOT_FOUND;
	if (!is_name(name) || (dirfd = dir_open(dir, false)) < 0)
		return NULL;
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	close(dirfd);
	if (fd < 0) {
		if (errno != ENOENT) {
			log_err("docstore: open %s: %s", name, strerror(errno));
			*rc = SEALED_IO;
		}
		return NULL;
	}
	if ((r = sealed_reader_new(fd, key, rc)) == NULL) {
		log_err("docstore: %s: %s", name, sealed_strerror(*rc));
		close(fd);
	}
	return r;
}

void
docstore_reader_free(struct sealed_reader *r)
{
	int	 fd;

	if (r == NULL)
		return;
	fd = sealed_reader_fd(r);
	sealed_reader_free(r);
	close(fd);
}

/* Reads block k of the range with rd into b: its length, 0 on an error
 * (*rc). */
static size_t
read_block(struct docstore_ahead *a, struct sealed_reader *rd, uint64_t k,
    unsigned char *b, enum sealed_rc *rc)
{
	uint64_t	 off = k * BLOCK;
	size_t		 want, got = 0;

	want = a->len - off < BLOCK ? (size_t)(a->len - off) : BLOCK;
	if ((*rc = sealed_seek(rd, a->start + off)) == SEALED_OK &&
	    (*rc = sealed_read(rd, b, want, &got)) == SEALED_OK && got != want)
		*rc = SEALED_TRUNCATED;
	return *rc == SEALED_OK ? got : 0;
}

/* An opener: reads its blocks ahead into its ring until the range's end,
 * an error, or the caller's stop. */
static void *
opener(void *arg)
{
	struct opener		*o = arg;
	struct docstore_ahead	*a = o->a;
	enum sealed_rc		 rc = SEALED_OK;
	unsigned char		*b;
	uint64_t		 k;
	size_t			 got;

	for (k = o->j; k * BLOCK < a->len; k += OPENERS) {
		if ((b = ring_slot(o->ring)) == NULL ||
		    (got = read_block(a, o->rd, k, b, &rc)) == 0)
			break;
		ring_put(o->ring, got);
	}
	ring_end(o->ring, (int)rc);
	return NULL;
}

/* Starts the openers: false, with none left running, when one cannot. */
static bool
openers_start(struct docstore_ahead *a)
{
	unsigned	 i;

	for (i = 0; i < OPENERS; i++) {
		a->o[i].rd = i == 0 ? a->rd : sealed_reader_dup(a->rd);
		if (!(a->o[i].running = ring_thread(&a->o[i].thread, opener,
		    &a->o[i])))
			break;
	}
	if (i == OPENERS)
		return true;
	while (i-- > 0) {
		ring_stop(a->o[i].ring, SEALED_OK);
		pthread_join(a->o[i].thread, NULL);
		a->o[i].running = false;
	}
	return false;
}

struct docstore_ahead *
docstore_ahead_new(struct sealed_reader *rd, uint64_t len)
{
	struct docstore_ahead	*a;
	unsigned		 i;

	a = heap_zalloc(sizeof(*a));
	a->rd = rd;
	a->start = sealed_tell(rd);
	a->len = len;
	for (i = 0; i < OPENERS; i++) {
		a->o[i].a = a;
		a->o[i].j = i;
		a->o[i].ring = ring_new(NBLOCKS, BLOCK);
	}
	return a;
}

enum sealed_rc
docstore_ahead_next(struct docstore_ahead *a, const void **p, size_t *n)
{
	const unsigned char	*b;
	unsigned char		*own;
	struct ring		*ring;
	enum sealed_rc		 rc = SEALED_OK;

	*n = 0;
	if (!a->begun) {
		/* threads only when there is more than a block to read */
		a->begun = true;
		a->threaded = a->len > BLOCK && openers_start(a);
	}
	if (a->holding) {
		ring_release(a->o[(a->next - 1) % OPENERS].ring);
		a->holding = false;
	}
	if (a->next * BLOCK >= a->len)
		return SEALED_OK;
	ring = a->o[a->next % OPENERS].ring;
	if (!a->threaded) {
		/* one block or less, or no threads: read here */
		if ((own = ring_slot(ring)) != NULL &&
		    (*n = read_block(a, a->rd, a->next, own, &rc)) > 0) {
			*p = own;
			a->next++;
		}
		return rc;
	}
	if (!(a->holding = ring_get(ring, &b, n)))
		return (enum sealed_rc)ring_status(ring);
	*p = b;
	a->next++;
	return SEALED_OK;
}

void
docstore_ahead_free(struct docstore_ahead *a)
{
	unsigned	 i;

	if (a == NULL)
		return;
	for (i = 0; i < OPENERS; i++) {
		if (a->o[i].running) {
			ring_stop(a->o[i].ring, SEALED_OK);
			pthread_join(a->o[i].thread, NULL);
		}
		if (a->o[i].rd != a->rd)
			sealed_reader_free(a->o[i].rd);
		ring_free(a->o[i].ring);
	}
	docstore_reader_free(a->rd);
	free(a);
}

enum sealed_rc
docstore_remove(const char *dir, const char *name)
{
	enum sealed_rc	 rc = SEALED_OK;
	int		 dirfd;

	if (!is_name(name))
		return SEALED_NOT_FOUND;
	if ((dirfd = dir_open(dir, false)) < 0)
		return errno == ENOENT ? SEALED_OK : SEALED_IO;
	if (unlinkat(dirfd, name, 0) != 0 && errno != ENOENT) {
		log_err("docstore: remove %s: %s", name, strerror(errno));
		rc = SEALED_IO;
	} else if (!sync_fd(dirfd, "directory"))
		rc = SEALED_IO;
	close(dirfd);
	return rc;
}

/* ------------------------------------------------------------------ sweep */

/* One directory entry: is it ours, and may it go? */
static void
sweep_one(int dirfd, const char *name, bool (*live)(void *, const char *),
    void *arg, time_t cutoff, struct docstore_sweep *out)
{
	struct stat	 st;
	bool		 tmp;

	tmp = strncmp(name, TMP_PREFIX, sizeof(TMP_PREFIX) - 1) == 0 &&
	    is_name(name + sizeof(TMP_PREFIX) - 1);
	if (!tmp && !is_name(name))
		return;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(st.st_mode))
		return;
	if (st.st_mtime > cutoff || (!tmp && live(arg, name))) {
		out->kept++;
		return;
	}
	if (unlinkat(dirfd, name, 0) != 0) {
		log_err("docstore: sweep %s: %s", name, strerror(errno));
		out->failed++;
	} else if (tmp)
		out->temps++;
	else
		out->removed++;
}

bool
docstore_sweep(const char *dir, bool (*live)(void *, const char *),
    void *arg, time_t now, time_t grace, struct docstore_sweep *out)
{
	struct dirent	*e;
	DIR		*d;
	int		 dirfd;

	memset(out, 0, sizeof(*out));
	if ((dirfd = dir_open(dir, false)) < 0)
		return errno == ENOENT;
	if ((d = fdopendir(dirfd)) == NULL) {
		log_err("docstore: %s: %s", dir, strerror(errno));
		close(dirfd);
		return false;
	}
	while ((errno = 0, e = readdir(d)) != NULL)
		sweep_one(dirfd, e->d_name, live, arg, now - grace, out);
	if (errno != 0)
		log_err("docstore: read %s: %s", dir, strerror(errno));
	if (out->removed + out->temps > 0)
		(void)sync_fd(dirfd, "directory");
	closedir(d);
	return true;
}
