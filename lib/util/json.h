/*
 * json: a small JSON writer into a struct buf, and a reader (jsonread.c)
 * for the documents Porch receives from other servers.
 *
 * The writer keeps track of nesting and of the commas between members and
 * elements itself, so callers only say what comes next.  Every call takes
 * a key: it is used inside an object and must be NULL inside an array or
 * at the top level.  Strings are written with every quote, backslash and
 * control character escaped (controls as \uXXXX), so any text the store
 * hands out can go in as is; text is expected to be UTF-8, as everything
 * Porch stores is validated on the way in.  The writer does not
 * pretty-print or check that a key is unique.
 *
 * The reader parses RFC 8259 text into a tree in the arena, refusing
 * rather than guessing: text over JSON_READ_MAX bytes, nesting deeper
 * than JSON_MAXDEPTH, invalid UTF-8, a lone surrogate, a \u0000 (strings
 * come back NUL-terminated), a key given twice in one object (two values
 * for one claim are an attack, not a choice), leading zeros, trailing
 * text.  Numbers keep their text; json_to_int() reads whole ones.
 */
#ifndef PORCH_JSON_H
#define PORCH_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"

#define JSON_MAXDEPTH	32

struct json {
	struct buf	*b;
	size_t		 depth;		/* open objects and arrays */
	bool		 items[JSON_MAXDEPTH + 1]; /* level has a value yet */
	bool		 overflow;	/* nested past JSON_MAXDEPTH: stopped */
};

void	 json_init(struct json *, struct buf *);
/* Opens an object or array (as member `key` when inside an object);
 * nesting deeper than JSON_MAXDEPTH writes nothing more and sets
 * overflow. */
void	 json_obj_open(struct json *, const char *key);
void	 json_obj_close(struct json *);
void	 json_arr_open(struct json *, const char *key);
void	 json_arr_close(struct json *);
/* A string value; NULL writes null. */
void	 json_str(struct json *, const char *key, const char *val);
void	 json_int(struct json *, const char *key, int64_t val);
void	 json_bool(struct json *, const char *key, bool val);
void	 json_null(struct json *, const char *key);
/* Writes `s` as a quoted JSON string (escaped) to b. */
void	 json_quote(struct buf *, const char *s);

/* ------------------------------------------------------------ reader */

#define JSON_READ_MAX	(256 * 1024)

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct jval {
	enum json_type	 type;
	const char	*str;	/* STRING: the value; NUMBER: its text */
	size_t		 len;	/* bytes of str */
	const char	**keys;	/* OBJECT: n keys, in document order */
	struct jval	*kids;	/* ARRAY, OBJECT: n values */
	size_t		 n;
};

/* Parses text[0..len) into the arena; NULL with a short reason in *err
 * ("nested too deep", "duplicate key", ...) when it is not valid JSON or
 * breaks a limit above. */
struct jval	*json_parse(struct arena *, const char *text, size_t len,
		    const char **err);
/* The member `key` of an object, or NULL (also when v is NULL or not an
 * object). */
const struct jval *json_get(const struct jval *v, const char *key);
/* The string member `key`, or NULL when missing or not a string. */
const char	*json_get_str(const struct jval *v, const char *key);
/* A whole number in -2^63..2^63-1 (no fraction, no exponent): true and
 * *out set, else false. */
bool		 json_to_int(const struct jval *v, int64_t *out);

#endif
