/*
 * json: a small JSON writer into a struct buf.
 *
 * The writer keeps track of nesting and of the commas between members and
 * elements itself, so callers only say what comes next.  Every call takes
 * a key: it is used inside an object and must be NULL inside an array or
 * at the top level.  Strings are written with every quote, backslash and
 * control character escaped (controls as \uXXXX), so any text the store
 * hands out can go in as is; text is expected to be UTF-8, as everything
 * Porch stores is validated on the way in.  The writer does not read
 * JSON, pretty-print or check that a key is unique.
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

#endif
