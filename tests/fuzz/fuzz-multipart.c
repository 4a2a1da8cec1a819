/*
 * fuzz-multipart: the streaming multipart/form-data parser under libFuzzer.
 *
 * An input that starts with "Content-Type: " has its request Content-Type
 * on that first line and the body after it; any other input is a body
 * with the boundary "b0und".  Each body is parsed whole, then in chunks
 * whose sizes come from the input's own bytes, with small limits so that
 * every limit is reached.  Both runs must give the same result code and
 * the same digest of what the callbacks saw (fields, file headers, file
 * bytes joined), every field must obey the parser's contract, no file may
 * pass max_file, and a result must never be MP_OK without the closing
 * boundary having been fed.
 *
 * The seeds split-N-at-K start with 64 + K bytes of preamble whose values
 * make every chunk N bytes, so between them each delimiter is cut at
 * every position (split-N-unclosed: its closing boundary never comes);
 * tests/unit/test-multipart.c splits its forms at every point as well.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "multipart.h"
#include "util.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct arena	*arena;

static const struct mp_limits lim = {
	.max_header_line = 256,
	.max_headers = 4,
	.max_parts = 16,
	.max_name = 16,
	.max_field = 512,
	.max_file = 4096,
	.max_total = 1 << 20,
};

/* A running digest of the callbacks, with a tag per kind of event. */
struct seen {
	crypto_generichash_state	 h;
	bool				 in_file;
	uint64_t			 filelen;
	size_t				 nfields;
};

static void
tag(struct seen *s, char t, const void *p, size_t n)
{
	uint64_t	 len = n;

	crypto_generichash_update(&s->h, (const unsigned char *)&t, 1);
	crypto_generichash_update(&s->h, (const unsigned char *)&len,
	    sizeof(len));
	crypto_generichash_update(&s->h, p, n);
}

static bool
on_field(void *arg, const char *name, const char *val, size_t len)
{
	struct seen	*s = arg;

	CHECK(!s->in_file);
	CHECK(strlen(name) >= 1 && strlen(name) <= lim.max_name);
	CHECK(len <= lim.max_field && strlen(val) == len);
	CHECK(utf8_valid(val, len));
	s->nfields++;
	tag(s, 'n', name, strlen(name));
	tag(s, 'v', val, len);
	return true;
}

static bool
on_file(void *arg, const struct mp_file *f)
{
	struct seen	*s = arg;

	CHECK(!s->in_file);
	CHECK(memchr(f->filename, '\0', f->filename_len) == NULL);
	CHECK(strlen(mp_display_name(arena, f->filename, f->filename_len)) <=
	    MP_DISPLAY_MAX);
	s->in_file = true;
	s->filelen = 0;
	tag(s, 'f', f->name, strlen(f->name));
	tag(s, 'F', f->filename, f->filename_len);
	tag(s, 't', f->content_type, strlen(f->content_type));
	return true;
}

/* File bytes are hashed as one stream: how they were split is not part
 * of the result. */
static bool
on_data(void *arg, const char *p, size_t n)
{
	struct seen	*s = arg;

	CHECK(s->in_file && n > 0);
	s->filelen += n;
	CHECK(s->filelen <= lim.max_file);
	crypto_generichash_update(&s->h, (const unsigned char *)p, n);
	return true;
}

static bool
on_end(void *arg)
{
	struct seen	*s = arg;

	CHECK(s->in_file);
	s->in_file = false;
	tag(s, 'e', &s->filelen, sizeof(s->filelen));
	return true;
}

/* Parses body in chunks of the sizes `sizes` gives in turn (whole when
 * nsizes is 0); fills digest. */
static enum mp_rc
run(const char *ct, const uint8_t *body, size_t size, const uint8_t *sizes,
    size_t nsizes, uint8_t digest[32])
{
	struct seen		 s;
	struct mp_handler	 h = { on_field, on_file, on_data, on_end, &s };
	struct mp		*m;
	enum mp_rc		 rc = MP_OK;
	size_t			 at = 0, k = 0, n;

	memset(&s, 0, sizeof(s));
	crypto_generichash_init(&s.h, NULL, 0, 32);
	if ((m = mp_new(arena, ct, &lim, &h, &rc)) == NULL) {
		CHECK(rc == MP_BAD_CONTENT_TYPE || rc == MP_BAD_BOUNDARY);
		memset(digest, 0, 32);
		return rc;
	}
	while (at < size && rc == MP_OK) {
		n = nsizes == 0 ? size : 1 + sizes[k++ % nsizes] % 64u;
		if (n > size - at)
			n = size - at;
		rc = mp_feed(m, (const char *)body + at, n);
		at += n;
	}
	if (rc == MP_OK)
		rc = mp_finish(m);
	CHECK(rc < MP_RC__MAX);
	CHECK(mp_fields(m)->n == s.nfields && s.nfields <= lim.max_parts);
	CHECK(mp_total(m) <= lim.max_total);
	if (rc == MP_OK)
		CHECK(!s.in_file);
	tag(&s, 'r', &rc, sizeof(rc));
	crypto_generichash_final(&s.h, digest, 32);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*ct = "multipart/form-data; boundary=b0und";
	const uint8_t	*nl;
	uint8_t		 d1[32], d2[32];
	enum mp_rc	 rc;

	if (arena == NULL) {
		if (sodium_init() < 0)
			abort();
		arena = arena_new(64 * 1024);
	}
	arena_reset(arena);
	if (size > 14 && memcmp(data, "Content-Type: ", 14) == 0 &&
	    (nl = memchr(data, '\n', size)) != NULL) {
		ct = arena_strndup(arena, (const char *)data + 14,
		    (size_t)(nl - data) - 14);
		size -= (size_t)(nl + 1 - data);
		data = nl + 1;
	}
	rc = run(ct, data, size, NULL, 0, d1);
	CHECK(run(ct, data, size, data, size < 64 ? size : 64, d2) == rc);
	CHECK(memcmp(d1, d2, sizeof(d1)) == 0);
	if (rc == MP_OK && strcmp(ct, "multipart/form-data; boundary=b0und") == 0)
		CHECK(memmem(data, size, "--b0und--", 9) != NULL);
	return 0;
}
