/*
 * catalog: a translation catalog, read from a GNU gettext .mo file.
 *
 * msgfmt compiles each po/<lang>.po into <lang>.mo at build time; this
 * module reads such a file once per process and answers "what is the
 * translation of this msgid".  The .mo format is small and documented
 * (GNU gettext manual, "The Format of GNU MO Files"): a header of 32-bit
 * words in the file's byte order (the magic number tells which), then two
 * tables of (length, offset) pairs, one for the msgids and one for their
 * translations, sorted by msgid.  The file is untrusted input like any
 * other: its size, entry count and every string are bounded, each string
 * must lie inside the file and end with its NUL, and the msgids must be
 * strictly sorted, so lookup is a binary search that cannot loop.
 *
 * Deliberately absent: plural forms and contexts (the templates use
 * neither; such entries are kept but never match a plain msgid), the hash
 * table (binary search is enough for a few hundred entries), and
 * setlocale/gettext(3), which bind translations to process locales that
 * a fresh machine does not have.  The header entry (msgid "") and empty
 * translations are dropped, so a lookup falls back to the msgid.
 */
#ifndef PORCH_CATALOG_H
#define PORCH_CATALOG_H

#include <stddef.h>

#define CATALOG_MAXSIZE		(4 * 1024 * 1024)	/* bytes of a .mo file */
#define CATALOG_MAXENTRIES	65536

struct catalog;

/* Reads the .mo file at `path`.  On error returns NULL and writes
 * "path: message" into err.  Caller owns the result (catalog_free). */
struct catalog	*catalog_load(const char *path, char *err, size_t errlen)
		    __attribute__((warn_unused_result));
/* The same from bytes in memory (copied); errors name `name`. */
struct catalog	*catalog_parse(const char *name, const void *data, size_t len,
		    char *err, size_t errlen)
		    __attribute__((warn_unused_result));
void		 catalog_free(struct catalog *);
/* The translation of msgid[0, len), NUL-terminated and owned by the
 * catalog, with its length in *outlen; NULL when there is none. */
const char	*catalog_get(const struct catalog *, const char *msgid,
		    size_t len, size_t *outlen);
/* How many translations the catalog holds. */
size_t		 catalog_count(const struct catalog *);

#endif
