/*
 * tenant: the process's open office databases.
 *
 * A process may serve every office of the installation.  Each office's
 * database is opened (and migrated) on first use and kept open for the life
 * of the process, so statements stay prepared.  Offices share nothing: a
 * connection belongs to exactly one office's file.
 */
#ifndef PORCH_TENANT_H
#define PORCH_TENANT_H

struct db;
struct office;

/* The open database of an office, opening it (and creating its directory)
 * on first use.  NULL on error (logged). */
struct db	*tenant_db(const struct office *);
/* Closes every database (before exit, or when the config is reloaded). */
void		 tenant_close_all(void);

#endif
