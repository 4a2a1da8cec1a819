/*
 * porch-hooks: posts each office's appointment events (webhook.h) to the
 * office's CRM, at its webhook_url.
 *
 * A pass visits every office.  An office with an endpoint has a batch of
 * due events read in a read transaction, each posted with no transaction
 * open (a slow CRM never holds a database lock), and the outcome recorded
 * in a short write transaction of its own: a 2xx is delivered, a 410 Gone
 * disables the endpoint (its events wait until an admin enables it again
 * with porchctl hooks enable or on /team/webhooks), anything else or no
 * answer is tried again later with backoff, and after the last attempt
 * the event is failed and kept.  An office without an endpoint has its
 * pending events dropped: nobody is waiting for them.  An event is
 * attempted at most once per pass, as porch-mailer does with mail.  The
 * same pass delivers the office's calendar sync jobs (caldav.h) to its
 * agendas' CalDAV calendars, with the same backoff.
 *
 * Each request carries the body as it was recorded, and Porch-Event-Id,
 * Porch-Timestamp and Porch-Signature (v1= the hex HMAC-SHA256 of
 * "<timestamp>.<body>" keyed with the office's secret).  The secret is
 * read from webhook_secret_file for each pass, so a new secret needs no
 * restart, and refused while anyone but its owner may read it.  Between
 * passes it sleeps, picks up a changed config file, and stops cleanly on
 * SIGTERM or SIGINT after the event in hand.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "caldav.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "fetch.h"
#include "log.h"
#include "secretfile.h"
#include "tenant.h"
#include "webhook.h"

#define BATCH		50
#define INTERVAL_MAX	86400

struct hooks {
	struct config	*cfg;
	struct timespec	 bad_mtim;	/* the file as it was when it */
	off_t		 bad_size;	/* last failed to load */
	struct arena	*a;
	sigset_t	 sigs;		/* blocked; taken by sigtimedwait */
	bool		 stop;
};

/* What one office's pass posts with. */
struct target {
	const char	*url;
	char		 secret[SECRETFILE_MAX + 1];
	size_t		 len;
};

/* Ids tried in this pass of one office that may still be listed. */
struct seen {
	int64_t		*ids;
	size_t		 n;
	size_t		 cap;
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: porch-hooks [-c CONF] [--once] [--flush] "
	    "[--interval SECONDS]\n"
	    "  --once      one pass over every office, then exit\n"
	    "  --flush     the first pass tries every pending event and "
	    "calendar job now\n"
	    "  --interval  seconds between passes (default 5)\n");
	exit(2);
}

/* The secret into t; false (logged) when it cannot be read. */
static bool
secret_read(struct target *t, const char *path)
{
	const char	*err;

	if (secretfile_read(path, t->secret, &t->len, &err))
		return true;
	log_err("webhook_secret_file %s: %s", path, err);
	return false;
}

static bool
hooks_load(struct hooks *h, const char *path)
{
	struct config	*cfg;
	char		 err[512];

	if ((cfg = config_load(path, err, sizeof(err))) == NULL) {
		log_err("%s", err);
		return false;
	}
	tenant_close_all();
	config_free(h->cfg);
	h->cfg = cfg;
	return true;
}

/* Re-reads a changed config; a broken one is reported once and the
 * running one kept. */
static void
hooks_reload(struct hooks *h)
{
	struct stat	 st;
	char		*path;

	if (!config_changed(h->cfg) || stat(h->cfg->path, &st) == -1 ||
	    (st.st_mtim.tv_sec == h->bad_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == h->bad_mtim.tv_nsec &&
	    st.st_size == h->bad_size))
		return;
	path = strdup(h->cfg->path);
	if (path == NULL || !hooks_load(h, path)) {
		h->bad_mtim = st.st_mtim;
		h->bad_size = st.st_size;
		log_warn("config not reloaded; keeping the running one");
	} else
		log_info("config reloaded");
	free(path);
}

/* Takes a pending SIGTERM or SIGINT, waiting up to `secs`. */
static bool
stopping(struct hooks *h, int secs)
{
	struct timespec	 ts = { secs, 0 };

	if (!h->stop && sigtimedwait(&h->sigs, NULL, &ts) > 0)
		h->stop = true;
	return h->stop;
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

enum outcome {
	SENT,		/* 2xx */
	GONE,		/* 410: the endpoint is disabled */
	RETRY,		/* any other answer, or none */
};

/* Records one attempt's outcome in its own write transaction. */
static bool
record(struct db *db, const struct target *t, const struct webhook_event *e,
    enum outcome o, long status, const char *err)
{
	int64_t		 now = time(NULL);
	enum db_rc	 rc;

	if (db_begin(db, true) != DB_OK)
		return false;
	if (o == SENT)
		rc = webhook_delivered(db, e->id, (int)status, now);
	else if (o == GONE)
		rc = webhook_gone(db, e->id, t->url, now);
	else
		rc = webhook_failed(db, e->id, (int)status, err, now);
	if (rc != DB_OK) {
		db_rollback(db);
		return false;
	}
	return db_commit(db) == DB_OK;
}

/* Posts one event; its outcome, and false when it was not recorded. */
static bool
deliver(struct hooks *h, struct db *db, const struct target *t,
    const struct webhook_event *e, enum outcome *o)
{
	struct fetch_res	 res;
	struct fetch_req	 q;
	const char		*hdr[4], *err = "";
	int64_t			 ts = time(NULL);

	hdr[0] = arena_printf(h->a, "Porch-Event-Id: %s", e->event_id);
	hdr[1] = arena_printf(h->a, "Porch-Timestamp: %lld", (long long)ts);
	hdr[2] = arena_printf(h->a, "Porch-Signature: %s",
	    webhook_signature(h->a, t->secret, t->len, ts, e->payload));
	hdr[3] = NULL;
	memset(&q, 0, sizeof(q));
	q.url = t->url;
	q.json = e->payload;
	q.headers = hdr;
	if (!fetch(h->a, &q, &res, &err))
		res.status = 0;
	else if (res.status != 410 && (res.status < 200 || res.status > 299))
		err = arena_printf(h->a, "HTTP %ld", res.status);
	*o = res.status == 410 ? GONE : res.status >= 200 &&
	    res.status <= 299 ? SENT : RETRY;
	if (*o == SENT)
		log_info("webhook=%s type=%s outcome=delivered status=%ld",
		    e->event_id, e->type, res.status);
	else if (*o == GONE)
		log_warn("webhook=%s type=%s outcome=gone status=410: the "
		    "endpoint is disabled until an admin enables it",
		    e->event_id, e->type);
	else
		log_warn("webhook=%s type=%s outcome=failed attempt=%lld "
		    "error=%s", e->event_id, e->type,
		    (long long)e->attempts + 1, err);
	if (record(db, t, e, *o, res.status, err))
		return true;
	log_err("webhook=%s outcome=unrecorded", e->event_id);
	return false;
}

/* One batch in a read transaction. */
static bool
batch(struct hooks *h, struct db *db, bool flush, size_t max,
    struct webhook_event **out, size_t *n)
{
	enum db_rc	 rc;

	*n = 0;
	if (db_begin(db, false) != DB_OK)
		return false;
	rc = flush ? webhook_pending(db, h->a, max, out, n) :
	    webhook_due(db, h->a, time(NULL), max, out, n);
	if (rc != DB_OK) {
		db_rollback(db);
		return false;
	}
	return db_commit(db) == DB_OK;
}

/* Whether the office's endpoint may be posted to: not disabled by a 410
 * from this url. */
static bool
enabled(struct hooks *h, struct db *db, const char *url, bool *ok)
{
	struct webhook_endpoint	 ep;
	enum db_rc		 rc;

	*ok = false;
	if (db_begin(db, false) != DB_OK)
		return false;
	rc = webhook_endpoint_get(db, h->a, &ep);
	db_rollback(db);
	if (rc != DB_OK)
		return false;
	*ok = true;
	return !webhook_disabled(&ep, url);
}

/* An office without an endpoint: its pending events go. */
static bool
drop(struct db *db)
{
	int	 n;

	if (db_begin(db, true) != DB_OK)
		return false;
	if (webhook_drop(db, &n) != DB_OK) {
		db_rollback(db);
		return false;
	}
	if (db_commit(db) != DB_OK)
		return false;
	if (n > 0)
		log_info("outcome=dropped events=%d: the office has no "
		    "webhook_url", n);
	return true;
}

/* Posts what is due to one office's endpoint; false on a database
 * error. */
static bool
post_all(struct hooks *h, struct db *db, const struct target *t, bool flush)
{
	struct webhook_event	*ev;
	struct seen		 seen = { NULL, 0, 0 };
	enum outcome		 o = SENT;
	size_t			 n, i, max, fresh;
	bool			 ok = true;

	do {
		arena_reset(h->a);
		max = seen.n + BATCH;
		if (!batch(h, db, flush, max, &ev, &n)) {
			ok = false;
			break;
		}
		for (i = fresh = 0; i < n && o != GONE && !stopping(h, 0);
		    i++) {
			if (seen_has(&seen, ev[i].id))
				continue;
			fresh++;
			if (!deliver(h, db, t, &ev[i], &o))
				ok = false;
			seen_add(&seen, ev[i].id);
		}
	} while (n == max && fresh > 0 && o != GONE && !h->stop);
	free(seen.ids);
	return ok;
}

/* The office's webhook events. */
static bool
webhooks(struct hooks *h, struct db *db, const struct office *o, bool flush)
{
	struct target	 t;
	bool		 ok;

	if (*o->webhook_url == '\0')
		return drop(db);
	arena_reset(h->a);
	if (!enabled(h, db, o->webhook_url, &ok))
		return ok;	/* disabled, or the state unreadable */
	t.url = o->webhook_url;
	if (!secret_read(&t, o->webhook_secret_file))
		return true;	/* logged; the events wait */
	ok = post_all(h, db, &t, flush);
	explicit_bzero(t.secret, sizeof(t.secret));
	return ok;
}

/* The office's webhook events, then its calendar sync (caldav.h). */
static bool
office_pass(struct hooks *h, const struct office *o, bool flush)
{
	struct db	*db;
	bool		 ok;

	if ((db = tenant_db(o)) == NULL)
		return false;
	ok = webhooks(h, db, o, flush);
	if (h->stop)
		return ok;
	return caldav_push(h->a, db, h->cfg, o, flush) && ok;
}

static bool
pass(struct hooks *h, bool flush)
{
	size_t	 i;
	bool	 ok = true;

	for (i = 0; i < h->cfg->noffices && !h->stop; i++) {
		/* Every line about this office's events carries its id. */
		log_set_request(NULL, h->cfg->offices[i].id);
		if (!office_pass(h, &h->cfg->offices[i], flush)) {
			log_err("outcome=db-error");
			ok = false;
		}
	}
	log_set_request(NULL, NULL);
	return ok;
}

static int
interval_parse(const char *s)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > INTERVAL_MAX)
		usage();
	return (int)v;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "flush", no_argument, NULL, 'f' },
		{ "interval", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 }
	};
	struct hooks	 h;
	const char	*conf = NULL;
	bool		 once = false, flush = false, ok;
	int		 ch, interval = 5;

	memset(&h, 0, sizeof(h));
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
			interval = interval_parse(optarg);
			break;
		default:
			usage();
		}
	if (optind != argc)
		usage();
	log_set_program("porch-hooks");

	/* As porch-mailer: stop signals only where the loop can stop, and
	 * a closed connection must not kill the process (CURLOPT_NOSIGNAL). */
	sigemptyset(&h.sigs);
	sigaddset(&h.sigs, SIGTERM);
	sigaddset(&h.sigs, SIGINT);
	sigprocmask(SIG_BLOCK, &h.sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (!crypto_init() ||
	    !hooks_load(&h, conf != NULL ? conf : config_default_path()))
		return 1;
	h.a = arena_new(64 * 1024);
	ok = pass(&h, flush);
	while (!once && !stopping(&h, interval)) {
		hooks_reload(&h);
		pass(&h, false);
	}
	tenant_close_all();
	arena_free(h.a);
	config_free(h.cfg);
	return once && !ok ? 1 : 0;
}
