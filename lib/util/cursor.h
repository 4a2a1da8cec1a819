/*
 * cursor: a position in a list, as the opaque text a pager link carries.
 *
 * Lists are read by keyset: a page starts after (or ends before) the
 * sort key of one row, never at an offset, so reading page 1,000 costs
 * what reading page 1 costs.  A cursor holds that key: the row's time
 * (or 0), which of several merged lists it came from (its rank), its row
 * id and a text part (a name, or ""); or it marks the end of the list,
 * past its last row, so that "the page before the end" is the last page.
 * Its text form is base64url of a small versioned binary record, decoded
 * strictly: one spelling per cursor, numbers never negative, text valid
 * UTF-8 without control characters and at most CURSOR_TEXT_MAX bytes.
 *
 * A cursor only says where a page starts.  It is not a secret and not a
 * permission: a data function still puts the owner in its WHERE clause, so
 * an edited cursor, or another principal's, moves the position and shows
 * nothing the reader may not see anyway.
 */
#ifndef PORCH_CURSOR_H
#define PORCH_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define CURSOR_TEXT_MAX	800	/* bytes: a name of 200 characters */
#define CURSOR_RANK_MAX	255
#define CURSOR_LEN_MAX	1092	/* characters of the longest cursor */

struct cursor {
	bool		 end;	/* the end of the list; nothing else is set */
	int64_t		 at;	/* the row's time, or 0 */
	unsigned	 rank;	/* which of merged lists the row is from */
	int64_t		 id;	/* the row's id (a tie-breaker) */
	char		 text[CURSOR_TEXT_MAX + 1];	/* or "" */
};

/* The cursor as text for a URL (arena), or NULL when it cannot be one: a
 * negative time or id, a rank past CURSOR_RANK_MAX, a text too long or not
 * clean UTF-8. */
char	*cursor_encode(struct arena *, const struct cursor *);
/* Decodes exactly what cursor_encode makes; false for anything else. */
bool	 cursor_decode(const char *, size_t, struct cursor *);
/* The validator for a declared cursor field. */
bool	 valid_cursor(const char *, size_t);

#endif
