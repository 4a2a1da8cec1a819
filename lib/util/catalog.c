/*
 * catalog: reads a GNU gettext .mo file into a sorted array of
 * (msgid, translation) pairs; see catalog.h for the format and the limits.
 *
 * The whole file is copied into one allocation and the pairs point into
 * it, so a catalog is two allocations and the strings are never copied
 * again.  Every offset is checked before it is used: a pair of 32-bit
 * words from the file is trusted only after length + offset is shown to
 * lie inside the file (computed in 64 bits, so it cannot wrap) and the
 * byte at the end is the NUL msgfmt writes.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "util.h"

#define MO_MAGIC	0x950412deU
#define MO_HEADER	28		/* bytes of the header words we read */

struct entry {
	const char	*id;
	size_t		 idlen;
	const char	*str;
	size_t		 strlen;
};

struct catalog {
	char		*data;
	struct entry	*e;
	size_t		 n;
};

static uint32_t
word(const unsigned char *p, int swap)
{
	if (swap)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
}

/* The string described by the (length, offset) pair at table + 8 * i. */
static const char *
string_at(const char *data, size_t size, uint32_t table, size_t i, int swap,
    size_t *len)
{
	const unsigned char	*u = (const unsigned char *)data;
	uint64_t		 at = (uint64_t)table + 8 * (uint64_t)i;
	uint32_t		 l, off;

	if (at + 8 > size)
		return NULL;
	l = word(u + at, swap);
	off = word(u + at + 4, swap);
	if ((uint64_t)off + l >= size || data[off + l] != '\0')
		return NULL;
	*len = l;
	return data + off;
}

static int
compare(const char *a, size_t alen, const char *b, size_t blen)
{
	int	 c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* Fills c->e from c->data[0, size); false with err set when malformed. */
static bool
read_entries(struct catalog *c, const char *name, size_t size, char *err,
    size_t errlen)
{
	const unsigned char	*u = (const unsigned char *)c->data;
	uint32_t		 n, ids, strs;
	size_t			 i, idlen, slen;
	const char		*id, *s;
	int			 swap;

	if (size < MO_HEADER)
		return err_printf(err, errlen, "%s: too short for a .mo file",
		    name), false;
	if (word(u, 0) == MO_MAGIC)
		swap = 0;
	else if (word(u, 1) == MO_MAGIC)
		swap = 1;
	else
		return err_printf(err, errlen, "%s: not a .mo file", name), false;
	if (word(u + 4, swap) >> 16 != 0)
		return err_printf(err, errlen, "%s: unknown .mo revision", name),
		    false;
	n = word(u + 8, swap);
	ids = word(u + 12, swap);
	strs = word(u + 16, swap);
	if (n > CATALOG_MAXENTRIES)
		return err_printf(err, errlen, "%s: more than %d entries", name,
		    CATALOG_MAXENTRIES), false;
	c->e = calloc(n > 0 ? n : 1, sizeof(*c->e));
	if (c->e == NULL)
		return err_printf(err, errlen, "%s: out of memory", name), false;
	for (i = 0; i < n; i++) {
		id = string_at(c->data, size, ids, i, swap, &idlen);
		s = string_at(c->data, size, strs, i, swap, &slen);
		if (id == NULL || s == NULL)
			return err_printf(err, errlen, "%s: entry %zu lies outside "
			    "the file", name, i), false;
		if (c->n > 0 && compare(c->e[c->n - 1].id, c->e[c->n - 1].idlen,
		    id, idlen) >= 0)
			return err_printf(err, errlen, "%s: entry %zu out of order",
			    name, i), false;
		if (idlen == 0 || slen == 0)
			continue;	/* the header; an untranslated entry */
		c->e[c->n++] = (struct entry){ id, idlen, s, slen };
	}
	return true;
}

struct catalog *
catalog_parse(const char *name, const void *data, size_t len, char *err,
    size_t errlen)
{
	struct catalog	*c;

	if (len > CATALOG_MAXSIZE) {
		err_printf(err, errlen, "%s: larger than %d bytes", name,
		    CATALOG_MAXSIZE);
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->data = malloc(len + 1)) == NULL) {
		free(c);
		err_printf(err, errlen, "%s: out of memory", name);
		return NULL;
	}
	if (len > 0)
		memcpy(c->data, data, len);
	c->data[len] = '\0';
	if (!read_entries(c, name, len, err, errlen)) {
		catalog_free(c);
		return NULL;
	}
	return c;
}

struct catalog *
catalog_load(const char *path, char *err, size_t errlen)
{
	struct catalog	*c;
	struct stat	 st;
	char		*buf = NULL;
	size_t		 got = 0;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1)
		goto fail;
	if (st.st_size > CATALOG_MAXSIZE) {
		errno = EFBIG;
		goto fail;
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL)
		goto fail;
	while (got < (size_t)st.st_size) {
		r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			goto fail;
		}
		got += (size_t)r;
	}
	close(fd);
	c = catalog_parse(path, buf, got, err, errlen);
	free(buf);
	return c;
fail:
	err_printf(err, errlen, "%s: %s", path, strerror(errno));
	if (fd != -1)
		close(fd);
	free(buf);
	return NULL;
}

void
catalog_free(struct catalog *c)
{
	if (c == NULL)
		return;
	free(c->e);
	free(c->data);
	free(c);
}

const char *
catalog_get(const struct catalog *c, const char *msgid, size_t len,
    size_t *outlen)
{
	size_t	 lo = 0, hi, mid;
	int	 cmp;

	if (c == NULL)
		return NULL;
	hi = c->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = compare(c->e[mid].id, c->e[mid].idlen, msgid, len);
		if (cmp == 0) {
			if (outlen != NULL)
				*outlen = c->e[mid].strlen;
			return c->e[mid].str;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

size_t
catalog_count(const struct catalog *c)
{
	return c != NULL ? c->n : 0;
}
