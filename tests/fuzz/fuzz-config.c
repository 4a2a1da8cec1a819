/*
 * fuzz-config: porch.conf text from arbitrary bytes.  The loader must
 * either return a config whose portals all point at one of its offices,
 * or fail with a message; never crash, leak or read out of bounds.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	*c;
	char		*text, err[256];
	size_t		 i;

	/* the loader takes a C string: a NUL byte ends the text early */
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	err[0] = '\0';
	c = config_load_string(text, err, sizeof(err));
	if (c == NULL && err[0] == '\0')
		abort();
	for (i = 0; c != NULL && i < c->nportals; i++)
		if (c->portals[i].office < c->offices ||
		    c->portals[i].office >= c->offices + c->noffices ||
		    c->portals[i].nhosts == 0 ||
		    config_portal_by_host(c, c->portals[i].hosts[0]) !=
		    &c->portals[i])
			abort();
	config_free(c);
	free(text);
	return 0;
}
