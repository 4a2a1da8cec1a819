/*
 * fixture: the office database the unit tests of lib/data share (see
 * fixture.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "config.h"
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
