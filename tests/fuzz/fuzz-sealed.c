/*
 * fuzz-sealed: the sealed file format under libFuzzer.
 *
 * Input: an operation byte, a 4-byte little-endian number, a byte, then
 * plaintext.  The plaintext, repeated up to a length the number picks
 * (0..3 chunks and a bit), is sealed into a memory file under a fixed
 * key; then the operation leaves the file as it is, cuts it short at a
 * point the number picks, or flips bits (the byte) at that point.  Intact,
 * the reader must give back exactly the plaintext from every offset the
 * input picks; cut short, the reader must refuse to open it; altered,
 * a read of the whole file must fail, and no read may ever return bytes
 * that differ from what was sealed.  The writer's own check of the file
 * (sealed_writer_check) must pass exactly when the file opens with its
 * key at the length written: always when it is intact, never when it is
 * cut short.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sealed.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const uint8_t	 key[SEALED_KEY_LEN] = { 7, 1, 2, 3 };
static unsigned char	 want[3 * SEALED_CHUNK + 300];
static unsigned char	 got[3 * SEALED_CHUNK + 300];

static struct sealed_writer *
seal(int fd, size_t len)
{
	struct sealed_writer	*w = sealed_writer_new(fd, key);
	uint64_t		 n;
	size_t			 at, take;

	CHECK(w != NULL);
	/* in pieces of an odd size, so pieces straddle chunks */
	for (at = 0; at < len; at += take) {
		take = len - at < 5000 ? len - at : 5000;
		CHECK(sealed_write(w, want + at, take) == SEALED_OK);
	}
	CHECK(sealed_writer_finish(w, &n) == SEALED_OK && n == len);
	return w;
}

/* Reads from off to the end; bytes read must be the plaintext's. */
static enum sealed_rc
read_from(struct sealed_reader *r, uint64_t off, size_t len, size_t piece)
{
	enum sealed_rc	 rc;
	size_t		 n, at = (size_t)off;

	CHECK(sealed_seek(r, off) == SEALED_OK);
	do {
		rc = sealed_read(r, got, piece, &n);
		CHECK(n <= piece);
		if (rc == SEALED_OK)
			CHECK(memcmp(got, want + at, n) == 0);
		at += n;
	} while (rc == SEALED_OK && n > 0);
	if (rc == SEALED_OK)
		CHECK(at == len);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sealed_reader	*r;
	struct sealed_writer	*w;
	enum sealed_rc		 rc;
	uint32_t		 num;
	uint64_t		 fsize;
	bool			 intact, opens;
	size_t			 len, i, plen;
	unsigned char		 op, x, c;
	int			 fd;

	if (size < 7)
		return 0;
	op = data[0] % 3;
	num = (uint32_t)data[1] | (uint32_t)data[2] << 8 |
	    (uint32_t)data[3] << 16 | (uint32_t)data[4] << 24;
	x = data[5];
	data += 6;
	plen = size - 6;
	len = num % sizeof(want);
	for (i = 0; i < len; i++)
		want[i] = data[i % plen];
	if ((fd = memfd_create("sealed", MFD_CLOEXEC)) < 0)
		abort();
	w = seal(fd, len);
	fsize = sealed_file_size(len);
	CHECK((uint64_t)lseek(fd, 0, SEEK_END) == fsize);

	if (op == 1) {
		CHECK(ftruncate(fd, (off_t)(num % fsize)) == 0);
	} else if (op == 2 && x != 0) {
		CHECK(pread(fd, &c, 1, (off_t)(num % fsize)) == 1);
		c ^= x;
		CHECK(pwrite(fd, &c, 1, (off_t)(num % fsize)) == 1);
	}

	r = sealed_reader_new(fd, key, &rc);
	CHECK((r == NULL) == (rc != SEALED_OK));
	if (op == 1)
		CHECK(r == NULL);
	if (r != NULL) {
		if (op == 0 || (op == 2 && x == 0))
			CHECK(sealed_size(r) == len);
		CHECK(sealed_size(r) <= sizeof(want));
		CHECK(sealed_seek(r, sealed_size(r) + 1) == SEALED_RANGE);
		rc = read_from(r, num % (sealed_size(r) + 1), sealed_size(r),
		    1 + x * 300u);
		if (op == 0 || (op == 2 && x == 0))
			CHECK(rc == SEALED_OK);
		sealed_reader_free(r);
	}
	/* read whole from its start, an altered file is refused */
	intact = op == 0 || (op == 2 && x == 0);
	if ((r = sealed_reader_new(fd, key, &rc)) != NULL) {
		rc = read_from(r, 0, sealed_size(r), 4096);
		sealed_reader_free(r);
	}
	CHECK((rc == SEALED_OK) == intact);
	opens = (r = sealed_reader_new(fd, key, &rc)) != NULL &&
	    sealed_size(r) == len;
	sealed_reader_free(r);
	CHECK((sealed_writer_check(w, fd) == SEALED_OK) == opens);
	CHECK(!intact || opens);
	CHECK(op != 1 || !opens);
	sealed_writer_free(w);
	close(fd);
	return 0;
}
