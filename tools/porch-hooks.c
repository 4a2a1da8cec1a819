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
 * SIGTERM or SIGINT after the event in hand: that loop is drain.c's,
 * shared with porch-mailer.
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "caldav.h"
#include "config.h"
#include "db.h"
#include "drain.h"
#include "fetch.h"
#include "log.h"
#include "secretfile.h"
#include "webhook.h"

/* What one office's pass posts with. */
struct target {
	const char	*url;
	char		 secret[SECRETFILE_MAX + 1];
	size_t		 len;
};

struct hooks {
	struct target		 t;		/* the office in hand */
	struct webhook_event	*ev;		/* the batch in hand */
};

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

/* Posts event i of the batch; every event tried is skipped for the rest
 * of the pass, and a 410 ends the office's pass. */
static enum drain_step
deliver(struct drain *d, struct db *db, size_t i, bool *ok)
{
	struct hooks			*h = d->ctx;
	const struct target		*t = &h->t;
	const struct webhook_event	*e = &h->ev[i];
	struct fetch_res		 res;
	struct fetch_req		 q;
	const char			*hdr[4], *err = "";
	int64_t				 ts = time(NULL);
	enum outcome			 o;

	hdr[0] = arena_printf(d->a, "Porch-Event-Id: %s", e->event_id);
	hdr[1] = arena_printf(d->a, "Porch-Timestamp: %lld", (long long)ts);
	hdr[2] = arena_printf(d->a, "Porch-Signature: %s",
	    webhook_signature(d->a, t->secret, t->len, ts, e->payload));
	hdr[3] = NULL;
	memset(&q, 0, sizeof(q));
	q.url = t->url;
	q.json = e->payload;
	q.headers = hdr;
	if (!fetch(d->a, &q, &res, &err))
		res.status = 0;
	else if (res.status != 410 && (res.status < 200 || res.status > 299))
		err = arena_printf(d->a, "HTTP %ld", res.status);
	o = res.status == 410 ? GONE : res.status >= 200 &&
	    res.status <= 299 ? SENT : RETRY;
	if (o == SENT)
		log_info("webhook=%s type=%s outcome=delivered status=%ld",
		    e->event_id, e->type, res.status);
	else if (o == GONE)
		log_warn("webhook=%s type=%s outcome=gone status=410: the "
		    "endpoint is disabled until an admin enables it",
		    e->event_id, e->type);
	else
		log_warn("webhook=%s type=%s outcome=failed attempt=%lld "
		    "error=%s", e->event_id, e->type,
		    (long long)e->attempts + 1, err);
	if (!record(db, t, e, o, res.status, err)) {
		log_err("webhook=%s outcome=unrecorded", e->event_id);
		*ok = false;
	}
	return o == GONE ? DRAIN_HALT : DRAIN_SKIP;
}

/* One batch, in drain's read transaction. */
static enum db_rc
batch(struct drain *d, struct db *db, bool flush, size_t max, size_t *n)
{
	struct hooks	*h = d->ctx;

	return flush ? webhook_pending(db, d->a, max, &h->ev, n) :
	    webhook_due(db, d->a, time(NULL), max, &h->ev, n);
}

static int64_t
event_id(struct drain *d, size_t i)
{
	struct hooks	*h = d->ctx;

	return h->ev[i].id;
}

static const struct drain_queue EVENTS = {
	.batch = batch,
	.id = event_id,
	.deliver = deliver,
};

/* Whether the office's endpoint may be posted to: not disabled by a 410
 * from this url. */
static bool
enabled(struct drain *d, struct db *db, const char *url, bool *ok)
{
	struct webhook_endpoint	 ep;
	enum db_rc		 rc;

	*ok = false;
	if (db_begin(db, false) != DB_OK)
		return false;
	rc = webhook_endpoint_get(db, d->a, &ep);
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

/* The office's webhook events. */
static bool
webhooks(struct drain *d, const struct office *o, struct db *db, bool flush)
{
	struct hooks	*h = d->ctx;
	bool		 ok;

	if (*o->webhook_url == '\0')
		return drop(db);
	arena_reset(d->a);
	if (!enabled(d, db, o->webhook_url, &ok))
		return ok;	/* disabled, or the state unreadable */
	h->t.url = o->webhook_url;
	if (!secret_read(&h->t, o->webhook_secret_file))
		return true;	/* logged; the events wait */
	ok = drain_batches(d, db, &EVENTS, flush);
	explicit_bzero(h->t.secret, sizeof(h->t.secret));
	return ok;
}

/* The office's webhook events, then its calendar sync (caldav.h). */
static bool
office_pass(struct drain *d, const struct office *o, struct db *db,
    bool flush)
{
	bool	 ok;

	ok = webhooks(d, o, db, flush);
	if (d->stop)
		return ok;
	return caldav_push(d->a, db, d->cfg, o, flush) && ok;
}

static const struct drain_prog HOOKS = {
	.name = "porch-hooks",
	.flush_what = "every pending event and calendar job",
	.office = office_pass,
};

int
main(int argc, char *argv[])
{
	struct hooks	 h;

	memset(&h, 0, sizeof(h));
	return drain_main(&HOOKS, &h, argc, argv);
}
