/*
 * porch-mailer: delivers the mail that pages queue in each office's outbox.
 *
 * A pass visits every office: it reads a batch of due messages in a read
 * transaction, hands each to smtp_send with no transaction open (a slow
 * mail server never holds a database lock), then records the outcome in a
 * short write transaction of its own.  A failed attempt is scheduled again
 * by the outbox with backoff; nothing is ever deleted here.  A message is
 * attempted at most once per pass: one that stays listed (every queued
 * message under --flush, or one whose outcome could not be recorded) is
 * remembered and skipped, so a pass always ends.
 *
 * Between passes it sleeps, picks up a changed config file, and stops
 * cleanly on SIGTERM or SIGINT after the message in hand: that loop is
 * drain.c's, shared with porch-hooks.  It does not build messages
 * (smtp.c does) or decide what is due (outbox.c does).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "config.h"
#include "db.h"
#include "drain.h"
#include "log.h"
#include "outbox.h"
#include "smtp.h"

#define PASSWORD_MAX	1024

struct mailer {
	struct smtp_target	 target;
	char			*password;	/* from smtp_password_file */
	struct outmail		*msgs;		/* the batch in hand */
	bool			 flushing;	/* the batch in hand lists all */
	bool			 sent;		/* this office: one was tried */
	bool			 truncate;	/* this pass: empty every */
	bool			 truncate_again; /* write-ahead log, as one
						 * was left with sent bodies */
};

/* The secret on the file's first line, without its line ending. */
static char *
password_read(const char *path)
{
	char	 buf[PASSWORD_MAX + 1];
	char	*pw;
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_err("smtp_password_file %s: %s", path, strerror(errno));
		return NULL;
	}
	n = read(fd, buf, PASSWORD_MAX);
	close(fd);
	if (n < 0) {
		log_err("smtp_password_file %s: %s", path, strerror(errno));
		return NULL;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	pw = strdup(buf);
	explicit_bzero(buf, sizeof(buf));
	return pw;
}

static void
password_free(char *pw)
{
	if (pw == NULL)
		return;
	explicit_bzero(pw, strlen(pw));
	free(pw);
}

/* Takes what delivery needs from a freshly loaded config; false (logged)
 * when its password cannot be read. */
static bool
mailer_load(struct drain *d, struct config *cfg)
{
	struct mailer	*m = d->ctx;
	char		*pw = NULL;

	if (cfg->smtp_password_file != NULL && cfg->smtp_password_file[0] &&
	    (pw = password_read(cfg->smtp_password_file)) == NULL)
		return false;
	password_free(m->password);
	m->password = pw;
	m->target.url = cfg->smtp_url;
	m->target.user = cfg->smtp_user;
	m->target.password = pw;
	m->target.from = cfg->mail_from;
	return true;
}

static void
mailer_fini(struct drain *d)
{
	struct mailer	*m = d->ctx;

	password_free(m->password);
}

/* The recipient's domain: all of the address a log line may hold. */
static const char *
rcpt_domain(struct arena *a, const char *to)
{
	const char	*at;

	if ((at = strrchr(to, '@')) == NULL)
		return "?";
	return arena_strndup(a, at + 1, strcspn(at + 1, "> \t"));
}

/* Records one attempt's outcome in its own write transaction. */
static bool
record(struct db *db, const struct outmail *om, bool sent, const char *err)
{
	enum db_rc	 rc;

	if ((rc = db_begin(db, true)) != DB_OK)
		return false;
	rc = sent ? outbox_sent(db, om->id, time(NULL)) :
	    outbox_failed(db, om->id, time(NULL), err);
	if (rc != DB_OK) {
		db_rollback(db);
		return false;
	}
	return db_commit(db) == DB_OK;
}

/* Sends message i of the batch; one whose outcome was not recorded, or
 * any under --flush, may be listed again and is skipped from now on. */
static enum drain_step
deliver(struct drain *d, struct db *db, size_t i, bool *ok)
{
	struct mailer		*m = d->ctx;
	const struct outmail	*om = &m->msgs[i];
	char			 err[256];
	const char		*domain;
	bool			 sent;

	m->sent = true;
	sent = smtp_send_attached(&m->target, om->to, om->subject, om->body,
	    om->html, &om->att, err, sizeof(err));
	domain = rcpt_domain(d->a, om->to);
	if (sent)
		log_info("outbox=%lld to=%s outcome=sent", (long long)om->id,
		    domain);
	else
		log_warn("outbox=%lld to=%s outcome=failed attempt=%lld "
		    "error=%s", (long long)om->id, domain,
		    (long long)om->attempts + 1, err);
	if (!record(db, om, sent, err)) {
		log_err("outbox=%lld outcome=unrecorded", (long long)om->id);
		*ok = false;
		return DRAIN_SKIP;
	}
	return m->flushing ? DRAIN_SKIP : DRAIN_NEXT;
}

/* One batch, in drain's read transaction. */
static enum db_rc
batch(struct drain *d, struct db *db, bool flush, size_t max, size_t *n)
{
	struct mailer	*m = d->ctx;

	m->flushing = flush;
	return flush ? outbox_queued(db, d->a, max, &m->msgs, n) :
	    outbox_due(db, d->a, time(NULL), max, &m->msgs, n);
}

static int64_t
msg_id(struct drain *d, size_t i)
{
	struct mailer	*m = d->ctx;

	return m->msgs[i].id;
}

static const struct drain_queue OUTBOX = {
	.batch = batch,
	.id = msg_id,
	.deliver = deliver,
};

/* Delivers what is due in one office; false on a database error. */
static bool
office_pass(struct drain *d, const struct office *o, struct db *db,
    bool flush)
{
	struct mailer	*m = d->ctx;
	bool		 ok;

	(void)o;
	m->sent = false;
	ok = drain_batches(d, db, &OUTBOX, flush);
	/* A sent body was erased, but older copies of its page may still
	 * be in the write-ahead log: empty it.  Readers may keep that from
	 * completing; then the next pass tries again, in every office. */
	if ((m->sent || m->truncate) && !db_wal_truncate(db)) {
		log_warn("write-ahead log not emptied yet; trying again");
		m->truncate_again = true;
	}
	return ok;
}

static void
pass_begin(struct drain *d)
{
	struct mailer	*m = d->ctx;

	m->truncate = m->truncate_again;
	m->truncate_again = false;
}

static const struct drain_prog MAILER = {
	.name = "porch-mailer",
	.flush_what = "every queued message",
	.load = mailer_load,
	.pass_begin = pass_begin,
	.office = office_pass,
	.fini = mailer_fini,
};

int
main(int argc, char *argv[])
{
	struct mailer	 m;

	memset(&m, 0, sizeof(m));
	return drain_main(&MAILER, &m, argc, argv);
}
