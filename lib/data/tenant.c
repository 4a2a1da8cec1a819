/*
 * tenant: the process's open office databases (see tenant.h).
 *
 * A short list of (database path, connection), searched by the office's
 * db_path: a process serves a handful of offices, and matching the path
 * rather than the struct office pointer stays right when the config is
 * reloaded and its offices move.  An office's directory is made, owner
 * only, with any missing parents, just before its database is first
 * opened; existing directories keep the mode they have.
 *
 * Offices share nothing: each entry is one file.  This module does not
 * close idle databases; tenant_close_all() is for exit and config reloads.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "tenant.h"

struct tenant {
	char		*db_path;
	struct db	*db;
};

static struct tenant	*tenants;
static size_t		 ntenants;

/* mkdir -p with mode 0700 for what it creates. */
static bool
make_dirs(const char *dir)
{
	char	*p, *slash;
	bool	 ok = true;

	if ((p = strdup(dir)) == NULL) {
		log_err("tenant: out of memory");
		return false;
	}
	for (slash = strchr(p + 1, '/'); ok; slash = strchr(slash + 1, '/')) {
		if (slash != NULL)
			*slash = '\0';
		if (*p != '\0' && mkdir(p, 0700) == -1 && errno != EEXIST) {
			log_err("tenant: mkdir %s: %s", p, strerror(errno));
			ok = false;
		}
		if (slash == NULL)
			break;
		*slash = '/';
	}
	free(p);
	return ok;
}

static struct db *
tenant_open(const struct office *o)
{
	struct tenant	*t;
	struct db	*db;

	if (!make_dirs(o->dir) || (db = db_open(o->db_path)) == NULL)
		return NULL;
	if ((t = realloc(tenants, (ntenants + 1) * sizeof(*t))) == NULL ||
	    (t[ntenants].db_path = strdup(o->db_path)) == NULL) {
		log_err("tenant: out of memory");
		if (t != NULL)
			tenants = t;
		db_close(db);
		return NULL;
	}
	tenants = t;
	tenants[ntenants].db = db;
	ntenants++;
	log_info("tenant: opened office %s", o->id);
	return db;
}

struct db *
tenant_db(const struct office *o)
{
	size_t	 i;

	for (i = 0; i < ntenants; i++)
		if (strcmp(tenants[i].db_path, o->db_path) == 0)
			return tenants[i].db;
	return tenant_open(o);
}

void
tenant_close_all(void)
{
	size_t	 i;

	for (i = 0; i < ntenants; i++) {
		db_close(tenants[i].db);
		free(tenants[i].db_path);
	}
	free(tenants);
	tenants = NULL;
	ntenants = 0;
}
