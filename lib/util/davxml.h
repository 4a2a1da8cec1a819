/*
 * davxml: the calendar data in a CalDAV server's multistatus answer
 * (RFC 4918 and RFC 4791), read with libxml2.
 *
 * Only what a calendar-query REPORT needs is read: each DAV:response's
 * href and, from its propstat whose status is 200, the text of
 * C:calendar-data.  Elements are matched by namespace and local name, so
 * any prefixes work; everything else is skipped.  The answer is
 * untrusted: a document with a DTD is refused (no entities, internal or
 * external, are ever expanded), the network is never used, libxml2's own
 * depth limit holds, and an answer over DAVXML_MAX bytes, or with more
 * than DAVXML_ITEMS responses, is refused rather than read in part.  The
 * iCalendar text is not looked at here.
 */
#ifndef PORCH_DAVXML_H
#define PORCH_DAVXML_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

#define DAVXML_MAX	(8 * 1024 * 1024)
#define DAVXML_ITEMS	5000

struct davxml_item {
	const char	*href;
	const char	*data;		/* the calendar data; "" when none */
};

/* The responses of the multistatus body of len bytes, in the arena, in
 * document order; false with a short reason in *err when it is not one
 * (or breaks a limit). */
bool	 davxml_multistatus(struct arena *, const char *body, size_t len,
	    struct davxml_item **out, size_t *n, const char **err)
	    __attribute__((warn_unused_result));

#endif
