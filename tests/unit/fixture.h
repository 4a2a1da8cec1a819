/*
 * fixture: a fresh office database in a temporary directory, for the unit
 * tests that work on an office's data.  Each test program keeps its own
 * struct fixture with what it adds (customers, agendas, an arena); this is
 * the part they all share.
 */
#ifndef PORCH_TEST_FIXTURE_H
#define PORCH_TEST_FIXTURE_H

#include "config.h"

struct db;

struct fixture_office {
	char		 root[128];	/* the temporary directory */
	char		 dir[192];	/* the office's, below it */
	char		 db_path[224];
	struct office	 office;	/* "demo" */
};

/* Makes a temporary directory named after the test (under TMPDIR when
 * that is short enough) and opens a new office database in it; NULL on
 * failure. */
struct db	*fixture_open(struct fixture_office *, const char *test);
/* Closes every open office database and removes the directory; 0, or -1
 * when it could not be removed. */
int		 fixture_close(struct fixture_office *);

#endif
