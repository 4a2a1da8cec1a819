/*
 * appointment-change: changes one appointment through lib's own functions
 * (the ones the booking, cancel and mark pages call), for the integration
 * tests of what a change sets off (webhook events, reminders) without
 * the sign-ins and forms a page needs; the pages' own tests drive the
 * same changes through nginx.
 *
 *   appointment-change -c CONF [-o OFFICE] book EMAIL
 *       books the customer into the first free slot of the office's
 *       first agenda, as the team would; prints the appointment's id
 *   appointment-change -c CONF [-o OFFICE] cancel|complete ID
 *
 * Each runs in one write transaction, exactly as a page's request does,
 * and exits 0 when it committed.  It is a test tool: not installed, and
 * no substitute for the pages (which check who may do what).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agenda.h"
#include "appointment.h"
#include "arena.h"
#include "config.h"
#include "crypto.h"
#include "customer.h"
#include "db.h"
#include "principal.h"
#include "slot.h"
#include "tenant.h"

static enum db_rc
book(struct db *db, struct arena *a, const char *email, int64_t now)
{
	struct customer	 c;
	struct agenda	*ag;
	struct slot	*sl;
	struct booking	 b;
	const char	*pid;
	size_t		 n, ns;
	enum db_rc	 rc;

	if ((rc = customer_by_email(db, a, email, &c)) != DB_OK ||
	    (rc = agenda_list(db, a, false, &ag, &n)) != DB_OK)
		return rc;
	if (n == 0)
		return DB_NOTFOUND;
	if ((rc = slot_list(db, a, &ag[0], slot_today(&ag[0], now) + 1,
	    SLOT_DAYS_MAX, now, 0, &sl, &ns)) != DB_OK)
		return rc;
	if (ns == 0)
		return DB_CONFLICT;
	memset(&b, 0, sizeof(b));
	b.customer_id = c.id;
	b.agenda = &ag[0];
	b.starts = sl[0].starts;
	b.nslots = 1;
	b.source = SOURCE_TEAM;
	if ((rc = appointment_book(db, a, &b, now, &pid)) == DB_OK)
		printf("%s\n", pid);
	return rc;
}

static enum db_rc
change(struct db *db, struct arena *a, const char *what, const char *pid,
    int64_t now)
{
	const struct principal	 team = { .kind = PRINCIPAL_MEMBER };
	struct appointment	 ap;
	enum db_rc		 rc;

	if ((rc = appointment_get(db, a, &team, pid, &ap)) != DB_OK)
		return rc;
	if (strcmp(what, "cancel") == 0)
		return appointment_cancel(db, &team, &ap, "", now);
	return appointment_mark(db, &ap, "completed", now);
}

int
main(int argc, char *argv[])
{
	const struct office	*o;
	struct config		*cfg;
	struct arena		*a;
	struct db		*db;
	const char		*conf = NULL, *office = "demo";
	char			 err[512];
	enum db_rc		 rc;
	int			 ch;

	/* options first: a public id may begin with '-' */
	while ((ch = getopt(argc, argv, "+c:o:")) != -1)
		if (ch == 'c')
			conf = optarg;
		else if (ch == 'o')
			office = optarg;
		else
			return 2;
	argc -= optind;
	argv += optind;
	if (conf == NULL || argc != 2 || (strcmp(argv[0], "book") != 0 &&
	    strcmp(argv[0], "cancel") != 0 &&
	    strcmp(argv[0], "complete") != 0)) {
		fprintf(stderr, "usage: appointment-change -c CONF [-o OFFICE] "
		    "book EMAIL | cancel ID | complete ID\n");
		return 2;
	}
	if (!crypto_init() || (cfg = config_load(conf, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "appointment-change: %s\n", err);
		return 1;
	}
	if ((o = config_office_by_id(cfg, office)) == NULL ||
	    (db = tenant_db(o)) == NULL) {
		config_free(cfg);
		return 1;
	}
	a = arena_new(64 * 1024);
	if ((rc = db_begin(db, true)) == DB_OK) {
		rc = strcmp(argv[0], "book") == 0 ? book(db, a, argv[1],
		    time(NULL)) : change(db, a, argv[0], argv[1], time(NULL));
		rc = rc == DB_OK ? db_commit(db) : rc;
		db_rollback(db);
	}
	if (rc != DB_OK)
		fprintf(stderr, "appointment-change: %s failed (%d)\n",
		    argv[0], (int)rc);
	tenant_close_all();
	arena_free(a);
	config_free(cfg);
	return rc == DB_OK ? 0 : 1;
}
