/*
 * fixture: a fresh office database in a temporary directory, for the unit
 * tests that work on an office's data.  Each test program keeps its own
 * struct fixture with what it adds (customers, agendas, an arena); this is
 * the part they all share.
 */
#ifndef PORCH_TEST_FIXTURE_H
#define PORCH_TEST_FIXTURE_H

#include "config.h"

#include <sqlite3.h>

struct arena;
struct db;

/* The first member of each test program's struct fixture. */
struct fixture_office {
	char		 root[128];	/* the temporary directory */
	char		 dir[192];	/* the office's, below it */
	char		 db_path[224];
	struct office	 office;	/* "demo" */
	struct arena	*a;		/* the test's, freed by
					   fixture_teardown */
};

/* Makes a temporary directory named after the test (under TMPDIR when
 * that is short enough) and opens a new office database in it; NULL on
 * failure. */
struct db	*fixture_open(struct fixture_office *, const char *test);
/* A database as an older Porch left it, in the test's directory: the
 * migrations up to `version` applied and then `sql` (its rows); its path
 * into path (size bytes).  It stays open for more rows until the test
 * closes it, and db_open() then migrates the rest.  NULL on failure. */
sqlite3		*fixture_old_db(struct fixture_office *, int version,
		    const char *sql, char *path, size_t size);
/* Closes every open office database and removes the directory; 0, or -1
 * when it could not be removed. */
int		 fixture_close(struct fixture_office *);
/* The cmocka teardown of a test whose state is a malloc'd struct fixture
 * (its first member a struct fixture_office): frees the arena, closes the
 * office as fixture_close does and frees the struct. */
int		 fixture_teardown(void **state);

#endif
