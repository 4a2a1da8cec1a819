/*
 * multipart: a streaming multipart/form-data parser (RFC 7578, RFC 2046).
 *
 * The body is fed in chunks of any size, as it is read from FastCGI stdin;
 * the result, the fields, the files' headers and bytes (joined) and where
 * an error stops them are the same however the body is split.
 * A file part (one whose Content-Disposition has a filename) reaches the
 * caller as its headers (on_file) and then its bytes in pieces (on_data)
 * and an end (on_end): the parser never holds a file, so an upload streams
 * to disk with flat memory.  A field part (no filename) is small by rule:
 * its value is collected, up to max_field bytes, and handed over whole
 * (on_field, and the list mp_fields returns), so the page's declared
 * fields are read from it as from an urlencoded body.
 *
 * Rules, each checked as the bytes arrive and each a hard stop (the body
 * is refused as a whole, and no callback runs after the error):
 *   - the boundary comes from the request's Content-Type (quoted or not),
 *     1..70 characters of RFC 2046's bchars, not ending in a space;
 *   - a preamble before the first boundary and an epilogue after the
 *     closing one are ignored; a body without the closing boundary is
 *     truncated (mp_finish says so), and its last part must be discarded;
 *   - header lines end in CRLF, are at most max_header_line bytes, at most
 *     max_headers per part, with no folding; each part has exactly one
 *     Content-Disposition "form-data" with a name; a filename, if any, may
 *     hold any byte but NUL and is given raw (see mp_display_name);
 *   - names are [A-Za-z0-9_.-]{1,max_name} as in parse.h; a field's value
 *     is at most max_field bytes of UTF-8 without NUL;
 *   - at most max_parts parts, at most max_file bytes in each file and at
 *     most max_total bytes of body (preamble and epilogue included).
 *
 * Memory: one header line buffer and one field buffer from the arena, plus
 * the names, filenames and field values it keeps (all bounded by the
 * limits).  It does not decode Content-Transfer-Encoding (deprecated by
 * RFC 7578), filename* (RFC 7578 says senders must not use it) or nested
 * multipart/mixed, and it does not judge file contents (filetype.h does).
 */
#ifndef PORCH_MULTIPART_H
#define PORCH_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

struct arena;
struct mp;

#define MP_BOUNDARY_MAX	70	/* RFC 2046 */
#define MP_DISPLAY_MAX	200	/* bytes of a display name */

enum mp_rc {
	MP_OK,
	MP_BAD_CONTENT_TYPE,	/* not multipart/form-data */
	MP_BAD_BOUNDARY,	/* boundary missing, empty, too long or bad chars */
	MP_TRUNCATED,		/* the body ended before the closing boundary */
	MP_BAD_DELIMITER,	/* a boundary line followed by other bytes */
	MP_LINE_TOO_LONG,	/* a header line past max_header_line */
	MP_TOO_MANY_HEADERS,	/* a part with more than max_headers */
	MP_BAD_HEADER,		/* malformed header, folding, bare CR or LF,
				   no or a second Content-Disposition */
	MP_BAD_NAME,		/* a part's name missing or outside the set */
	MP_BAD_FILENAME,	/* a filename containing NUL */
	MP_TOO_MANY_PARTS,	/* more than max_parts */
	MP_FIELD_TOO_LONG,	/* a field value past max_field */
	MP_BAD_FIELD,		/* a field value not UTF-8, or with NUL */
	MP_FILE_TOO_LARGE,	/* a file past max_file */
	MP_TOO_LARGE,		/* the body past max_total */
	MP_STOPPED,		/* a callback returned false */
	MP_RC__MAX
};

struct mp_limits {
	size_t		 max_header_line;	/* bytes, CRLF excluded */
	size_t		 max_headers;		/* header lines per part */
	size_t		 max_parts;		/* fields and files */
	size_t		 max_name;		/* bytes of a part's name */
	size_t		 max_field;		/* bytes of a field's value */
	uint64_t	 max_file;		/* bytes of one file */
	uint64_t	 max_total;		/* bytes of the body */
};

/* 2048-byte lines, 8 headers, 32 parts, 64-byte names, 8 KiB fields,
 * 25 MiB files, 26 MiB bodies: what an upload page gets by default. */
extern const struct mp_limits mp_default_limits;

/* A file part's headers, valid until the arena resets. */
struct mp_file {
	const char	*name;		/* the form field's name */
	const char	*filename;	/* raw, as sent (may be ""): never use it
					   as a path; see mp_display_name */
	size_t		 filename_len;
	const char	*content_type;	/* as sent, "" when absent: a claim,
					   not a fact (see filetype.h) */
};

/*
 * What the caller is told, in body order.  Each callback returns true to
 * go on, false to stop the parse (mp_feed then returns MP_STOPPED); any
 * may be NULL.  on_data pieces are never empty.  on_end follows a file's
 * last piece once its closing delimiter is seen; a file cut short by the
 * end of the body (MP_TRUNCATED) or by an error gets no on_end.  Either
 * way a caller keeps nothing (commits no row) until mp_finish returns
 * MP_OK: the form is accepted whole or not at all.  A browser sends an
 * empty filename and no bytes for a file input left empty.
 */
struct mp_handler {
	bool	(*on_field)(void *arg, const char *name, const char *value,
		    size_t len);
	bool	(*on_file)(void *arg, const struct mp_file *);
	bool	(*on_data)(void *arg, const char *, size_t);
	bool	(*on_end)(void *arg);
	void	*arg;
};

/*
 * A parser for a body whose request Content-Type is content_type, or NULL
 * with *rc set to MP_BAD_CONTENT_TYPE or MP_BAD_BOUNDARY.  Everything it
 * allocates is in the arena (about max_header_line + max_field bytes and
 * the parts' names); the limits and handler are copied.
 */
struct mp	*mp_new(struct arena *, const char *content_type,
		    const struct mp_limits *, const struct mp_handler *,
		    enum mp_rc *rc);
/* Parses the next n bytes of the body: MP_OK, or the error, which every
 * later call returns again. */
enum mp_rc	 mp_feed(struct mp *, const char *, size_t)
		    __attribute__((warn_unused_result));
/* The body has ended: MP_OK when the closing boundary was seen, else
 * MP_TRUNCATED (or the earlier error). */
enum mp_rc	 mp_finish(struct mp *) __attribute__((warn_unused_result));
/* The fields seen so far, in body order (for the page's declared fields);
 * values are NUL-terminated copies in the arena. */
const struct kvlist *mp_fields(const struct mp *);
/* Body bytes fed so far. */
uint64_t	 mp_total(const struct mp *);
/* A short English description for logs (never shown to users). */
const char	*mp_strerror(enum mp_rc);

/*
 * A filename as the office may see it (arena), for display only: the part
 * after the last '/' or '\', without invalid UTF-8, control characters
 * (C0, DEL, C1, U+2028, U+2029) and bidirectional controls (U+061C,
 * U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), trimmed of ASCII white
 * space, cut to MP_DISPLAY_MAX bytes between characters; "file" when
 * nothing is left or it is "." or "..".  Files are stored under names the
 * server makes, never under this one.
 */
char		*mp_display_name(struct arena *, const char *, size_t)
		    __attribute__((returns_nonnull));

#endif
