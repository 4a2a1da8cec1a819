/*
 * parse: bounded parsers for query strings, urlencoded bodies and cookies.
 *
 * Input is untrusted bytes; output is a list of decoded name/value pairs in
 * the request arena.  Every limit is checked before memory is used for it,
 * and any malformed input rejects the whole input (no partial result is
 * used): a page either gets all of its input or a 400.  Names must be
 * [A-Za-z0-9_.-]{1,max_name}; values are percent-decoded ('+' is a space in
 * urlencoded data), must be valid UTF-8 and must not contain NUL.  Control
 * characters are judged later, per declared field (a textarea may allow
 * newlines), so the parser does not refuse them.
 *
 * Multipart bodies are parsed by a streaming parser of their own, because
 * uploads go to disk and must not be held in memory; it shares these limits.
 */
#ifndef PORCH_PARSE_H
#define PORCH_PARSE_H

#include <stddef.h>

struct arena;

struct kv {
	const char	*key;
	const char	*val;	/* NUL-terminated; never contains NUL */
	size_t		 vlen;
};

struct kvlist {
	struct kv	*v;
	size_t		 n;
};

struct parse_limits {
	size_t	 max_fields;	/* pairs */
	size_t	 max_name;	/* bytes of a decoded name */
	size_t	 max_value;	/* bytes of a decoded value */
	size_t	 max_total;	/* bytes of the raw input */
};

enum parse_rc {
	PARSE_OK,
	PARSE_TOO_MANY,		/* more than max_fields */
	PARSE_TOO_LONG,		/* a name, value or the whole input past its limit */
	PARSE_BAD_NAME,		/* empty name or a character outside the name set */
	PARSE_BAD_ENCODING,	/* '%' not followed by two hex digits */
	PARSE_BAD_UTF8,		/* decoded value not UTF-8, or contains NUL */
	PARSE_RC__MAX
};

/* The limits pages get unless they say otherwise. */
extern const struct parse_limits parse_default_limits;

/* "a=1&b=two" (query string or application/x-www-form-urlencoded body).
 * Empty segments ("a=1&&b=2") are skipped; "a" alone is a = "". */
enum parse_rc	 parse_urlencoded(struct arena *, const char *, size_t,
		    const struct parse_limits *, struct kvlist *);
/* "a=1; b=2" (RFC 6265 Cookie header).  Values are not percent-decoded;
 * a quoted value loses its quotes.  A pair without '=', or whose name,
 * length or value breaks the rules above, is skipped rather than failing
 * the header: other software on the same host may set cookies Porch never
 * reads, and they must not make every page a 400.  Only the total size and
 * the pair count reject the header. */
enum parse_rc	 parse_cookies(struct arena *, const char *, size_t,
		    const struct parse_limits *, struct kvlist *);
/* The first value named `key`, or NULL. */
const struct kv	*kv_find(const struct kvlist *, const char *key);
/* A short English description for logs (never shown to users). */
const char	*parse_strerror(enum parse_rc);

#endif
