/*
 * filetype: libmagic behind two calls, and the allow-list (see filetype.h).
 *
 * libmagic is asked for the MIME type only (MAGIC_MIME_TYPE), without
 * looking inside compressed data (a gzip is a gzip, refused) and with
 * errors reported rather than guessed around.  The allow-list is an exact
 * match on the type: no wildcards, so a new type is a reviewed line here.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <magic.h>

#include "arena.h"
#include "filetype.h"
#include "log.h"

struct filetype {
	magic_t	 m;
};

static const char *const allowed[] = {
	"application/pdf",
	"image/png",
	"image/jpeg",
	"image/gif",
	"image/webp",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"application/vnd.oasis.opendocument.text",
	"application/vnd.oasis.opendocument.spreadsheet",
	"application/msword",
	"text/plain",
};

struct filetype *
filetype_new(void)
{
	struct filetype	*ft;
	magic_t		 m;

	m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS);
	if (m == NULL) {
		log_err("filetype: magic_open failed");
		return NULL;
	}
	if (magic_load(m, NULL) != 0) {
		log_err("filetype: cannot load the magic database: %s "
		    "(install libmagic-mgc)", magic_error(m));
		magic_close(m);
		return NULL;
	}
	ft = heap_zalloc(sizeof(*ft));
	ft->m = m;
	return ft;
}

void
filetype_free(struct filetype *ft)
{
	if (ft == NULL)
		return;
	magic_close(ft->m);
	free(ft);
}

const char *
filetype_of(struct filetype *ft, struct arena *a, const void *buf, size_t n)
{
	const char	*t;
	char		*out;
	size_t		 i;

	if (n > FILETYPE_SNIFF_LEN)
		n = FILETYPE_SNIFF_LEN;
	if ((t = magic_buffer(ft->m, buf, n)) == NULL) {
		log_err("filetype: %s", magic_error(ft->m));
		return NULL;
	}
	out = arena_strndup(a, t, strcspn(t, "; "));
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
	return out;
}

bool
filetype_allowed(const char *mime)
{
	size_t	 i;

	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (strcmp(mime, allowed[i]) == 0)
			return true;
	return false;
}
