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
 * cleanly on SIGTERM or SIGINT after the message in hand.  It does not
 * build messages (smtp.c does) or decide what is due (outbox.c does).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "outbox.h"
#include "smtp.h"
#include "tenant.h"

#define BATCH		50
#define PASSWORD_MAX	1024
#define INTERVAL_MAX	86400

struct mailer {
	struct config		*cfg;
	struct smtp_target	 target;
	char			*password;	/* from smtp_password_file */
	struct timespec		 bad_mtim;	/* the file as it was when it */
	off_t			 bad_size;	/* last failed to load */
	struct arena		*a;
	sigset_t		 sigs;		/* blocked; taken by sigtimedwait */
	bool			 stop;
	bool			 truncate;	/* this pass: empty every */
	bool			 truncate_again; /* write-ahead log, as one
						 * was left with sent bodies */
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
	fprintf(stderr, "usage: porch-mailer [-c CONF] [--once] [--flush] "
	    "[--interval SECONDS]\n"
	    "  --once      one pass over every office, then exit\n"
	    "  --flush     the first pass tries every queued message now\n"
	    "  --interval  seconds between passes (default 5)\n");
	exit(2);
}

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

/* Loads the config and what delivery needs from it; false (logged) on
 * error, leaving m as it was. */
static bool
mailer_load(struct mailer *m, const char *path)
{
	struct config	*cfg;
	char		 err[512];
	char		*pw = NULL;

	if ((cfg = config_load(path, err, sizeof(err))) == NULL) {
		log_err("%s", err);
		return false;
	}
	if (cfg->smtp_password_file != NULL && cfg->smtp_password_file[0] &&
	    (pw = password_read(cfg->smtp_password_file)) == NULL) {
		config_free(cfg);
		return false;
	}
	tenant_close_all();
	config_free(m->cfg);
	password_free(m->password);
	m->cfg = cfg;
	m->password = pw;
	m->target.url = cfg->smtp_url;
	m->target.user = cfg->smtp_user;
	m->target.password = pw;
	m->target.from = cfg->mail_from;
	return true;
}

/* Re-reads a changed config; a broken one is reported once and the
 * running one kept. */
static void
mailer_reload(struct mailer *m)
{
	struct stat	 st;
	char		*path;

	if (!config_changed(m->cfg) || stat(m->cfg->path, &st) == -1 ||
	    (st.st_mtim.tv_sec == m->bad_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == m->bad_mtim.tv_nsec &&
	    st.st_size == m->bad_size))
		return;
	path = strdup(m->cfg->path);
	if (path == NULL || !mailer_load(m, path)) {
		m->bad_mtim = st.st_mtim;
		m->bad_size = st.st_size;
		log_warn("config not reloaded; keeping the running one");
	} else
		log_info("config reloaded");
	free(path);
}

/* Takes a pending SIGTERM or SIGINT, waiting up to `secs`. */
static bool
stopping(struct mailer *m, int secs)
{
	struct timespec	 ts = { secs, 0 };

	if (!m->stop && sigtimedwait(&m->sigs, NULL, &ts) > 0)
		m->stop = true;
	return m->stop;
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

static bool
deliver(struct mailer *m, struct db *db, const struct outmail *om)
{
	char		 err[256];
	const char	*domain;
	bool		 sent;

	sent = smtp_send_attached(&m->target, om->to, om->subject, om->body,
	    om->html, &om->att, err, sizeof(err));
	domain = rcpt_domain(m->a, om->to);
	if (sent)
		log_info("outbox=%lld to=%s outcome=sent", (long long)om->id,
		    domain);
	else
		log_warn("outbox=%lld to=%s outcome=failed attempt=%lld "
		    "error=%s", (long long)om->id, domain,
		    (long long)om->attempts + 1, err);
	if (record(db, om, sent, err))
		return true;
	log_err("outbox=%lld outcome=unrecorded", (long long)om->id);
	return false;
}

/* One batch in a read transaction.  `max` grows with the remembered ids,
 * which may still be listed ahead of the untried ones. */
static bool
fetch(struct mailer *m, struct db *db, bool flush, size_t max,
    struct outmail **out, size_t *n)
{
	enum db_rc	 rc;

	*n = 0;
	if (db_begin(db, false) != DB_OK)
		return false;
	rc = flush ? outbox_queued(db, m->a, max, out, n) :
	    outbox_due(db, m->a, time(NULL), max, out, n);
	if (rc != DB_OK) {
		db_rollback(db);
		return false;
	}
	return db_commit(db) == DB_OK;
}

/* Delivers what is due in one office; false on a database error. */
static bool
office_pass(struct mailer *m, const struct office *o, bool flush)
{
	struct db	*db;
	struct outmail	*msgs;
	struct seen	 seen = { NULL, 0, 0 };
	size_t		 n, i, max, fresh;
	bool		 ok = true, sent = false;

	if ((db = tenant_db(o)) == NULL)
		return false;
	do {
		arena_reset(m->a);
		max = seen.n + BATCH;
		if (!fetch(m, db, flush, max, &msgs, &n)) {
			ok = false;
			break;
		}
		for (i = fresh = 0; i < n && !stopping(m, 0); i++) {
			if (seen_has(&seen, msgs[i].id))
				continue;
			fresh++;
			sent = true;
			if (!deliver(m, db, &msgs[i])) {
				seen_add(&seen, msgs[i].id);
				ok = false;
			} else if (flush)
				seen_add(&seen, msgs[i].id);
		}
	} while (n == max && fresh > 0 && !m->stop);
	free(seen.ids);
	/* A sent body was erased, but older copies of its page may still
	 * be in the write-ahead log: empty it.  Readers may keep that from
	 * completing; then the next pass tries again, in every office. */
	if ((sent || m->truncate) && !db_wal_truncate(db)) {
		log_warn("write-ahead log not emptied yet; trying again");
		m->truncate_again = true;
	}
	return ok;
}

static bool
pass(struct mailer *m, bool flush)
{
	size_t	 i;
	bool	 ok = true;

	m->truncate = m->truncate_again;
	m->truncate_again = false;
	for (i = 0; i < m->cfg->noffices && !m->stop; i++) {
		/* Every line about this office's mail carries its id. */
		log_set_request(NULL, m->cfg->offices[i].id);
		if (!office_pass(m, &m->cfg->offices[i], flush)) {
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
	struct mailer	 m;
	const char	*conf = NULL;
	bool		 once = false, flush = false, ok;
	int		 ch, interval = 5;

	memset(&m, 0, sizeof(m));
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
	log_set_program("porch-mailer");

	/* Stop signals are taken only where the loop can stop cleanly.  curl
	 * runs with CURLOPT_NOSIGNAL, so a closed connection must not kill
	 * the process either. */
	sigemptyset(&m.sigs);
	sigaddset(&m.sigs, SIGTERM);
	sigaddset(&m.sigs, SIGINT);
	sigprocmask(SIG_BLOCK, &m.sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (!crypto_init() ||
	    !mailer_load(&m, conf != NULL ? conf : config_default_path()))
		return 1;
	m.a = arena_new(64 * 1024);
	ok = pass(&m, flush);
	while (!once && !stopping(&m, interval)) {
		mailer_reload(&m);
		pass(&m, false);
	}
	tenant_close_all();
	arena_free(m.a);
	config_free(m.cfg);
	password_free(m.password);
	return once && !ok ? 1 : 0;
}
