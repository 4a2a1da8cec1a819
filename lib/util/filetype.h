/*
 * filetype: what a file is, from its bytes (libmagic), and whether Porch
 * stores it.
 *
 * The name and the Content-Type a browser sends are claims; the type that
 * counts is the one libmagic reads from the first FILETYPE_SNIFF_LEN bytes,
 * which an upload collects while it streams (the first chunk it seals).
 * The allow-list is documents and pictures an office asks for: PDF, PNG,
 * JPEG, GIF, WebP, Word/Excel/PowerPoint (OOXML), OpenDocument text and
 * spreadsheets, old Word (.doc) and plain text.  Everything else is
 * refused, among it HTML, SVG, XML, scripts of any kind, archives and
 * programs: what a browser could run must never be stored.  A PDF that
 * carries HTML or script is still a PDF; it is safe because downloads are
 * always served as attachments with nosniff, never inline.
 *
 * One handle per process (libmagic loads its database once and is not
 * thread-safe); the database is Debian's libmagic-mgc.
 */
#ifndef PORCH_FILETYPE_H
#define PORCH_FILETYPE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct filetype;

#define FILETYPE_SNIFF_LEN	(64 * 1024)	/* bytes libmagic is given */

/* A handle with libmagic's database loaded; NULL (logged) when it cannot
 * be.  Made once per process, freed at exit. */
struct filetype	*filetype_new(void) __attribute__((warn_unused_result));
void		 filetype_free(struct filetype *);
/*
 * The MIME type (lower case, no parameters, in the arena) of a file whose
 * first n bytes are buf: at most FILETYPE_SNIFF_LEN of them are read, and
 * n should be that much unless the file is shorter.  An empty file is
 * "application/x-empty"; what libmagic cannot name is
 * "application/octet-stream".  NULL (logged) when libmagic fails.
 */
const char	*filetype_of(struct filetype *, struct arena *, const void *buf,
		    size_t n);
/* True when a file of this MIME type may be stored. */
bool		 filetype_allowed(const char *mime);

#endif
