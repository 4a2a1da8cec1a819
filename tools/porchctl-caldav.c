/*
 * porchctl-caldav: connecting an agenda to a CalDAV calendar, and what
 * became of its sync (caldav.h).
 *
 * Connecting checks what can be checked without the server: the office's
 * plan has calendar-sync, the url is https (or http on a loopback host),
 * and the password file can be read and is its owner's alone.  The
 * password stays in that file; the database holds its path.  The first
 * sync (porch-hooks for the events, porchctl sweep for the busy times)
 * says whether the server agrees.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "agenda.h"
#include "arena.h"
#include "calsync.h"
#include "config.h"
#include "db.h"
#include "fetch.h"
#include "porchctl.h"
#include "secretfile.h"

/* The office (with calendar-sync in its plan) and its agenda, with a
 * write transaction begun; NULL after saying why. */
static struct db *
agenda_begin(struct ctl *c, const char *office, const char *pid,
    struct agenda *g)
{
	const struct office	*o;
	struct db		*db;
	enum db_rc		 rc;

	if (office == NULL || pid == NULL)
		ctl_usage();
	if (!ctl_load(c) || (o = ctl_office_get(c, office)) == NULL)
		return NULL;
	if ((o->features & FEATURE_CALENDAR_SYNC) == 0) {
		ctl_say("office %s: its plan (features) has no calendar-sync",
		    office);
		return NULL;
	}
	if ((db = ctl_office_db(o)) == NULL || db_begin(db, true) != DB_OK)
		return NULL;
	if ((rc = agenda_by_pid(db, c->a, pid, g)) != DB_OK) {
		ctl_finish(db, rc, arena_printf(c->a, "agenda %s", pid));
		return NULL;
	}
	return db;
}

/* Whether the password file would do; says why not. */
static bool
password_ok(const char *path)
{
	char		 pw[SECRETFILE_MAX + 1];
	const char	*err;
	size_t		 len;
	bool		 ok;

	if (*path != '/') {
		ctl_say("--password-file %s: not an absolute path", path);
		return false;
	}
	if (!(ok = secretfile_read(path, pw, &len, &err)))
		ctl_say("--password-file %s: %s", path, err);
	sodium_memzero(pw, sizeof(pw));
	return ok;
}

int
ctl_cmd_agenda_caldav(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ "agenda", required_argument, NULL, 'a' },
		{ "url", required_argument, NULL, 'u' },
		{ "user", required_argument, NULL, 'U' },
		{ "password-file", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*office = NULL, *pid = NULL, *url = NULL, *user = "",
			*pwfile = "";
	struct agenda	 g;
	struct db	*db;
	int		 ch;

	while ((ch = ctl_option(argc, argv, opts)) != -1) {
		if (ch == 'o')
			office = optarg;
		else if (ch == 'a')
			pid = optarg;
		else if (ch == 'u')
			url = optarg;
		else if (ch == 'U')
			user = optarg;
		else if (ch == 'p')
			pwfile = optarg;
		else
			ctl_usage();
	}
	if (optind != argc || url == NULL || strlen(url) > 1000 ||
	    strlen(user) > 200)
		ctl_usage();
	if (!fetch_url_allowed(url))
		return ctl_complain("--url %s: not https (or http on a "
		    "loopback host)", url);
	if (*pwfile != '\0' && !password_ok(pwfile))
		return 1;
	if ((db = agenda_begin(c, office, pid, &g)) == NULL)
		return 1;
	return ctl_finish(db, calsync_connect(db, c->a, g.id, url, user,
	    pwfile, time(NULL)), arena_printf(c->a, "agenda %s", pid));
}

int
ctl_cmd_agenda_caldav_off(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ "agenda", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*office = NULL, *pid = NULL;
	struct agenda	 g;
	struct db	*db;
	int		 ch;

	while ((ch = ctl_option(argc, argv, opts)) != -1) {
		if (ch == 'o')
			office = optarg;
		else if (ch == 'a')
			pid = optarg;
		else
			ctl_usage();
	}
	if (optind != argc)
		ctl_usage();
	if ((db = agenda_begin(c, office, pid, &g)) == NULL)
		return 1;
	return ctl_finish(db, calsync_disconnect(db, g.id),
	    arena_printf(c->a, "calendar of agenda %s", pid));
}

int
ctl_cmd_agenda_caldav_status(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ "agenda", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*office = NULL, *pid = NULL;
	struct calsync_conn	 k;
	struct agenda		 g;
	struct db		*db;
	enum db_rc		 rc;
	int			 ch;

	while ((ch = ctl_option(argc, argv, opts)) != -1) {
		if (ch == 'o')
			office = optarg;
		else if (ch == 'a')
			pid = optarg;
		else
			ctl_usage();
	}
	if (optind != argc)
		ctl_usage();
	if ((db = agenda_begin(c, office, pid, &g)) == NULL)
		return 1;
	rc = calsync_get(db, c->a, g.id, &k);
	db_rollback(db);
	if (rc == DB_NOTFOUND) {
		printf("not connected\n");
		return 0;
	}
	if (rc != DB_OK)
		return ctl_complain("agenda %s: cannot read its calendar", pid);
	printf("url\t%s\nuser\t%s\npassword_file\t%s\nlast_sync\t%lld\n"
	    "pending\t%lld\nlast_error\t%s\n", k.url, k.user, k.password_file,
	    (long long)k.last_sync, (long long)k.pending, k.last_error);
	return 0;
}
