/*
 * fixture: the office database the unit tests of lib/data share (see
 * fixture.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "config.h"
#include "db.h"
#include "fixture.h"
#include "tenant.h"

struct db *
fixture_open(struct fixture_office *o, const char *test)
{
	const char	*tmp;

	tmp = getenv("TMPDIR");
	snprintf(o->root, sizeof(o->root), "%s/%s.XXXXXX",
	    tmp != NULL && strlen(tmp) < 80 ? tmp : "/tmp", test);
	if (mkdtemp(o->root) == NULL)
		return NULL;
	snprintf(o->dir, sizeof(o->dir), "%s/state/offices/demo", o->root);
	snprintf(o->db_path, sizeof(o->db_path), "%s/porch.db", o->dir);
	o->office.id = "demo";
	o->office.name = "Demo";
	o->office.dir = o->dir;
	o->office.db_path = o->db_path;
	return tenant_db(&o->office);
}

int
fixture_close(struct fixture_office *o)
{
	char	 cmd[300];

	tenant_close_all();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", o->root);
	return system(cmd) == 0 ? 0 : -1;
}

int
fixture_teardown(void **state)
{
	struct fixture_office	*o = *state;
	int			 rc;

	arena_free(o->a);
	rc = fixture_close(o);
	free(o);
	return rc;
}

sqlite3 *
fixture_old_db(struct fixture_office *o, int version, const char *sql,
    char *path, size_t size)
{
	sqlite3	*raw;
	int	 v;

	snprintf(path, size, "%s/v%d.db", o->root, version);
	if (sqlite3_open(path, &raw) != SQLITE_OK) {
		sqlite3_close(raw);
		return NULL;
	}
	for (v = 1; v <= version; v++)
		if (sqlite3_exec(raw, db_schema_sql(v), NULL, NULL, NULL) !=
		    SQLITE_OK) {
			sqlite3_close(raw);
			return NULL;
		}
	if (sqlite3_exec(raw, sql, NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(raw);
		return NULL;
	}
	return raw;
}
