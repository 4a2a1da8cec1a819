/*
 * mo-build: makes a GNU .mo file in memory for the tests, the way msgfmt
 * lays one out (little-endian header, the two tables, then the strings);
 * the pairs must be given sorted by msgid, as msgfmt sorts them.
 */
#ifndef PORCH_TEST_MO_BUILD_H
#define PORCH_TEST_MO_BUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void
mo_put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}

/* pairs[2 * i] is a msgid, pairs[2 * i + 1] its translation.  The caller
 * frees the result; its size is in *len. */
static unsigned char *
mo_build(const char *const *pairs, size_t n, size_t *len)
{
	size_t		 i, size = 28 + 16 * n, at;
	unsigned char	*mo;

	for (i = 0; i < 2 * n; i++)
		size += strlen(pairs[i]) + 1;
	mo = calloc(1, size);
	mo_put32(mo, 0x950412de);
	mo_put32(mo + 8, (uint32_t)n);
	mo_put32(mo + 12, 28);
	mo_put32(mo + 16, (uint32_t)(28 + 8 * n));
	at = 28 + 16 * n;
	for (i = 0; i < 2 * n; i++) {
		size_t	 l = strlen(pairs[i]);
		size_t	 table = (i % 2 == 0 ? 28 : 28 + 8 * n) + 8 * (i / 2);

		mo_put32(mo + table, (uint32_t)l);
		mo_put32(mo + table + 4, (uint32_t)at);
		memcpy(mo + at, pairs[i], l + 1);
		at += l + 1;
	}
	*len = size;
	return mo;
}

#endif
