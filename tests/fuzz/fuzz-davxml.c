/*
 * fuzz-davxml: a CalDAV server's multistatus answer under libFuzzer, and
 * the busy times read from each response's calendar data, each input
 * with a fresh arena.
 *
 * A refusal must come with a reason and leave nothing; an acceptance has
 * at most DAVXML_ITEMS items, each with a non-NULL href and data.  The
 * busy times stay within ICS_BUSY_MAX, inside the range asked for, and
 * each ends after it starts.
 */
#include <stdint.h>
#include <stdlib.h>

#include "arena.h"
#include "davxml.h"
#include "ics.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)
#define FROM		INT64_C(1798761600)
#define TO		(FROM + 90 * INT64_C(86400))

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct davxml_item	*it;
	struct ics_span		*sp = NULL;
	struct arena		*a = arena_new(64 * 1024);
	const char		*err = NULL;
	size_t			 n, ns = 0, i;

	if (!davxml_multistatus(a, (const char *)data, len, &it, &n, &err)) {
		CHECK(err != NULL && it == NULL && n == 0);
		arena_free(a);
		return 0;
	}
	CHECK(n <= DAVXML_ITEMS);
	for (i = 0; i < n; i++) {
		CHECK(it[i].href != NULL && it[i].data != NULL);
		ics_busy(a, it[i].data, "portal.example.com", "Europe/Amsterdam",
		    FROM, TO, &sp, &ns);
	}
	CHECK(ns <= ICS_BUSY_MAX);
	for (i = 0; i < ns; i++)
		CHECK(sp[i].ends > sp[i].starts && sp[i].ends > FROM &&
		    sp[i].starts < TO + 86400);
	arena_free(a);
	return 0;
}
