/*
 * secretfile: a secret kept in a file of its own (a webhook's signing
 * key, a CalDAV password), read when it is used so that changing it
 * needs no restart.
 *
 * The secret is the file's first line, at most SECRETFILE_MAX bytes.  A
 * file that others than its owner may read is refused: the secret would
 * not be one.  The caller wipes the copy it gets when done.
 */
#ifndef PORCH_SECRETFILE_H
#define PORCH_SECRETFILE_H

#include <stdbool.h>
#include <stddef.h>

#define SECRETFILE_MAX	1024

/* The first line of the file at path into buf (SECRETFILE_MAX + 1 bytes),
 * its length in *len; false with a short reason in *err (a static
 * string) when the file cannot be read, is empty, or is open to others. */
bool	 secretfile_read(const char *path, char buf[SECRETFILE_MAX + 1],
	    size_t *len, const char **err) __attribute__((warn_unused_result));

#endif
