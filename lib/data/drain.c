/*
 * drain: the loop shared by the processes that empty a queue in every
 * office (see drain.h).  An item is tried at most once per pass: one that
 * may stay listed (every pending item under --flush, or one whose outcome
 * could not be recorded) is remembered and skipped, so a pass always
 * ends.  Library code never exits: a usage error is drain_main's return.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "drain.h"
#include "log.h"
#include "tenant.h"

#define BATCH		50
#define INTERVAL_MAX	86400

/* Ids tried in this pass of one office that may still be listed. */
struct seen {
	int64_t		*ids;
	size_t		 n;
	size_t		 cap;
};

static int
usage(const struct drain_prog *p)
{
	fprintf(stderr, "usage: %s [-c CONF] [--once] [--flush] "
	    "[--interval SECONDS]\n"
	    "  --once      one pass over every office, then exit\n"
	    "  --flush     the first pass tries %s now\n"
	    "  --interval  seconds between passes (default 5)\n",
	    p->name, p->flush_what);
	return 2;
}

static bool
seen_has(const struct seen *s, int64_t id)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (s->ids[i] == id)
			return true;
	return false;
}

static void
seen_add(struct seen *s, int64_t id)
{
	int64_t	*ids;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		if ((ids = realloc(s->ids, s->cap * sizeof(*ids))) == NULL) {
			log_err("out of memory");
			abort();
		}
		s->ids = ids;
	}
	s->ids[s->n++] = id;
}

bool
drain_stopping(struct drain *d, int secs)
{
	struct timespec	 ts = { secs, 0 };

	if (!d->stop && sigtimedwait(&d->sigs, NULL, &ts) > 0)
		d->stop = true;
	return d->stop;
}

/* One batch in a read transaction, so a slow neighbour is never
 * waited for with the database held. */
static bool
batch(struct drain *d, struct db *db, const struct drain_queue *q,
    bool flush, size_t max, size_t *n)
{
	enum db_rc	 rc;

	*n = 0;
	if (db_begin(db, false) != DB_OK)
		return false;
	if ((rc = q->batch(d, db, flush, max, n)) != DB_OK) {
		db_rollback(db);
		return false;
	}
	return db_commit(db) == DB_OK;
}

bool
drain_batches(struct drain *d, struct db *db, const struct drain_queue *q,
    bool flush)
{
	struct seen	 seen = { NULL, 0, 0 };
	enum drain_step	 step = DRAIN_NEXT;
	size_t		 n, i, max, fresh;
	int64_t		 id;
	bool		 ok = true;

	do {
		arena_reset(d->a);
		/* max grows with the remembered ids, which may still be
		 * listed ahead of the untried ones. */
		max = seen.n + BATCH;
		if (!batch(d, db, q, flush, max, &n)) {
			ok = false;
			break;
		}
		for (i = fresh = 0; i < n && step != DRAIN_HALT &&
		    !drain_stopping(d, 0); i++) {
			if (seen_has(&seen, id = q->id(d, i)))
				continue;
			fresh++;
			if ((step = q->deliver(d, db, i, &ok)) != DRAIN_NEXT)
				seen_add(&seen, id);
		}
	} while (n == max && fresh > 0 && step != DRAIN_HALT && !d->stop);
	free(seen.ids);
	return ok;
}

static bool
drain_load(struct drain *d, const char *path)
{
	struct config	*cfg;
	char		 err[512];

	if ((cfg = config_load(path, err, sizeof(err))) == NULL) {
		log_err("%s", err);
		return false;
	}
	if (d->prog->load != NULL && !d->prog->load(d, cfg)) {
		config_free(cfg);
		return false;
	}
	tenant_close_all();
	config_free(d->cfg);
	d->cfg = cfg;
	return true;
}

/* Re-reads a changed config; a broken one is reported once and the
 * running one kept. */
static void
drain_reload(struct drain *d)
{
	struct stat	 st;
	char		*path;

	if (!config_changed(d->cfg) || stat(d->cfg->path, &st) == -1 ||
	    (st.st_mtim.tv_sec == d->bad_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == d->bad_mtim.tv_nsec &&
	    st.st_size == d->bad_size))
		return;
	path = strdup(d->cfg->path);
	if (path == NULL || !drain_load(d, path)) {
		d->bad_mtim = st.st_mtim;
		d->bad_size = st.st_size;
		log_warn("config not reloaded; keeping the running one");
	} else
		log_info("config reloaded");
	free(path);
}

static bool
drain_pass(struct drain *d, bool flush)
{
	const struct office	*o;
	struct db		*db;
	size_t			 i;
	bool			 ok = true;

	if (d->prog->pass_begin != NULL)
		d->prog->pass_begin(d);
	for (i = 0; i < d->cfg->noffices && !d->stop; i++) {
		o = &d->cfg->offices[i];
		/* Every line about this office's work carries its id. */
		log_set_request(NULL, o->id);
		if ((db = tenant_db(o)) == NULL ||
		    !d->prog->office(d, o, db, flush)) {
			log_err("outcome=db-error");
			ok = false;
		}
	}
	log_set_request(NULL, NULL);
	return ok;
}

/* The seconds of --interval, or -1. */
static int
interval_parse(const char *s)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > INTERVAL_MAX)
		return -1;
	return (int)v;
}

int
drain_main(const struct drain_prog *p, void *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "flush", no_argument, NULL, 'f' },
		{ "interval", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 }
	};
	struct drain	 d;
	const char	*conf = NULL;
	bool		 once = false, flush = false, ok;
	int		 ch, interval = 5;

	memset(&d, 0, sizeof(d));
	d.prog = p;
	d.ctx = ctx;
	while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1)
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 'o':
			once = true;
			break;
		case 'f':
			flush = true;
			break;
		case 'i':
			if ((interval = interval_parse(optarg)) == -1)
				return usage(p);
			break;
		default:
			return usage(p);
		}
	if (optind != argc)
		return usage(p);
	log_set_program(p->name);

	/* Stop signals are taken only where the loop can stop cleanly.  curl
	 * runs with CURLOPT_NOSIGNAL, so a closed connection must not kill
	 * the process either. */
	sigemptyset(&d.sigs);
	sigaddset(&d.sigs, SIGTERM);
	sigaddset(&d.sigs, SIGINT);
	sigprocmask(SIG_BLOCK, &d.sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (!crypto_init() ||
	    !drain_load(&d, conf != NULL ? conf : config_default_path()))
		return 1;
	d.a = arena_new(64 * 1024);
	ok = drain_pass(&d, flush);
	while (!once && !drain_stopping(&d, interval)) {
		drain_reload(&d);
		drain_pass(&d, false);
	}
	tenant_close_all();
	arena_free(d.a);
	config_free(d.cfg);
	if (p->fini != NULL)
		p->fini(&d);
	return once && !ok ? 1 : 0;
}
