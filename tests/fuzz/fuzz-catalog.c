/*
 * fuzz-catalog: .mo files from arbitrary bytes.  The reader must either
 * return a catalog in which every entry it kept is found again by lookup,
 * or fail with a message; never crash, leak or read outside the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalog	*c;
	const char	*s;
	char		 err[256];
	size_t		 n;

	err[0] = '\0';
	c = catalog_parse("fuzz.mo", data, size, err, sizeof(err));
	if (c == NULL) {
		if (err[0] == '\0')
			abort();
		return 0;
	}
	/* lookups of the input's own prefixes must stay inside it */
	for (n = 0; n <= size && n < 64; n++)
		if ((s = catalog_get(c, (const char *)data, n, NULL)) != NULL &&
		    s[strlen(s)] != '\0')
			abort();
	catalog_free(c);
	return 0;
}
