/*
 * porchctl-hooks: the admin's view of the webhook events porch-hooks
 * delivers (webhook.h): list them, send one or every failed one again,
 * and enable an endpoint that a 410 Gone disabled.
 *
 * Each command works on one office (--office) or on every office of the
 * config.  Lists are tab-separated on stdout, newest first; what the
 * endpoint's state is and how many rows were left out go to stderr.
 * Payloads are not printed: they hold customers' names and addresses.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "config.h"
#include "db.h"
#include "keyset.h"
#include "webhook.h"
#include "porchctl.h"

#define LIST_MAX	200	/* rows a list prints per office */

struct hooks_args {
	const char	*office;
	bool		 failed;	/* list: failed only; retry: all */
	const char	*event;
	int		*retried;	/* retry: events scheduled, counted */
};

static const char *
when(struct ctl *c, int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;
	char		 s[32];

	if (t == 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return "-";
	return arena_strdup(c->a, s);
}

/* A value for one tab-separated cell: control characters become spaces. */
static const char *
cell(struct ctl *c, const char *s)
{
	char	*p, *out;

	out = arena_strdup(c->a, s[0] != '\0' ? s : "-");
	for (p = out; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return out;
}

static const char *
state_of(const struct webhook_event *e)
{
	return e->delivered != 0 ? "delivered" : e->failed != 0 ? "failed" :
	    "pending";
}

/* Says on stderr when the office's endpoint is off, or absent. */
static void
endpoint_say(struct ctl *c, struct db *db, const struct office *o)
{
	struct webhook_endpoint	 ep;

	if (*o->webhook_url == '\0') {
		ctl_say("office %s has no webhook_url: porch-hooks drops its "
		    "events", o->id);
		return;
	}
	if (webhook_endpoint_get(db, c->a, &ep) == DB_OK &&
	    webhook_disabled(&ep, o->webhook_url))
		ctl_say("office %s: the endpoint answered 410 Gone and is "
		    "disabled since %s; porchctl hooks enable resumes", o->id,
		    when(c, ep.disabled));
}

static void
print_rows(struct ctl *c, const struct office *o,
    const struct webhook_event *e, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\t%s\t%lld\t%s\t%lld\t%s\n", o->id,
		    e[i].event_id, e[i].type, when(c, e[i].created),
		    state_of(&e[i]), (long long)e[i].attempts,
		    e[i].delivered || e[i].failed ? "-" :
		    when(c, e[i].next_attempt), (long long)e[i].last_status,
		    cell(c, e[i].last_error));
}

static bool
list_office(struct ctl *c, const struct office *o, bool failed)
{
	struct webhook_event	*e;
	struct keyset_page	 pg;
	struct keyset		 ks = keyset_first(LIST_MAX);
	struct db		*db;
	enum db_rc		 rc;
	size_t			 n = 0;

	if ((db = ctl_office_db(o)) == NULL)
		return false;
	if ((rc = db_begin(db, false)) == DB_OK) {
		endpoint_say(c, db, o);
		rc = webhook_list(db, c->a, failed, &ks, &e, &n, &pg);
	}
	if (ctl_finish(db, rc, o->id) != 0)
		return false;
	print_rows(c, o, e, n);
	if (pg.more_after)
		ctl_say("office %s: showing the newest %d", o->id, LIST_MAX);
	return true;
}

/* The options; `flag` is the short code of the one the command takes
 * beside --office ('f' --failed, 'a' --all-failed), or 0. */
static void
parse(int argc, char **argv, struct hooks_args *h, int flag)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ "failed", no_argument, NULL, 'f' },
		{ "all-failed", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	memset(h, 0, sizeof(*h));
	while ((ch = ctl_option(argc, argv, opts)) != -1)
		if (ch == 'o')
			h->office = optarg;
		else if (flag != 0 && ch == flag)
			h->failed = true;
		else
			ctl_usage();
}

/* Runs fn on the office named, or on every one; the exit status. */
static int
each_office(struct ctl *c, const struct hooks_args *h,
    bool (*fn)(struct ctl *, const struct office *,
    const struct hooks_args *))
{
	const struct office	*o;
	size_t			 i;
	int			 status = 0;

	if (!ctl_load(c))
		return 1;
	if (h->office != NULL)
		return (o = ctl_office_get(c, h->office)) == NULL ||
		    !fn(c, o, h);
	for (i = 0; i < c->cfg->noffices; i++)
		if (!fn(c, &c->cfg->offices[i], h))
			status = 1;
	return status;
}

static bool
list_one(struct ctl *c, const struct office *o, const struct hooks_args *h)
{
	return list_office(c, o, h->failed);
}

int
ctl_cmd_hooks_list(struct ctl *c, int argc, char **argv)
{
	struct hooks_args	 h;

	parse(argc, argv, &h, 'f');
	if (optind != argc)
		ctl_usage();
	printf("office\tevent\ttype\tcreated\tstate\tattempts\tnext_attempt\t"
	    "last_status\tlast_error\n");
	return each_office(c, &h, list_one);
}

/* Retries in one office: the event named (not finding it there is no
 * error when every office is searched), or every failed one. */
static bool
retry_one(struct ctl *c, const struct office *o, const struct hooks_args *h)
{
	struct db	*db;
	enum db_rc	 rc;
	int		 n = 0;

	if ((db = ctl_office_db(o)) == NULL)
		return false;
	if ((rc = db_begin(db, true)) == DB_OK) {
		if (h->failed)
			rc = webhook_retry_failed(db, time(NULL), &n);
		else if ((rc = webhook_retry(db, h->event, time(NULL))) ==
		    DB_OK)
			n = 1;
		else if (rc == DB_NOTFOUND)
			rc = DB_OK;
	}
	if (ctl_finish(db, rc, o->id) != 0)
		return false;
	if (n > 0)
		printf("%s: %d event%s scheduled now\n", o->id, n,
		    n == 1 ? "" : "s");
	*h->retried += n;
	return true;
}

int
ctl_cmd_hooks_retry(struct ctl *c, int argc, char **argv)
{
	struct hooks_args	 h;
	int			 status, retried = 0;

	parse(argc, argv, &h, 'a');
	if (h.failed ? optind != argc : optind != argc - 1)
		ctl_usage();
	if (!h.failed)
		h.event = argv[optind];
	h.retried = &retried;
	status = each_office(c, &h, retry_one);
	/* one event: say so when no office had it (pending or failed) */
	if (status == 0 && !h.failed && retried == 0)
		return ctl_complain("no event %s waiting to be delivered",
		    h.event);
	return status;
}

static bool
enable_one(struct ctl *c, const struct office *o, const struct hooks_args *h)
{
	struct db	*db;

	(void)h;
	if ((db = ctl_office_db(o)) == NULL)
		return false;
	if (ctl_finish(db, db_begin(db, true) == DB_OK ? webhook_enable(db) :
	    DB_ERR, o->id) != 0)
		return false;
	printf("%s: webhook endpoint enabled\n", o->id);
	return true;
}

int
ctl_cmd_hooks_enable(struct ctl *c, int argc, char **argv)
{
	struct hooks_args	 h;

	parse(argc, argv, &h, 0);
	if (optind != argc)
		ctl_usage();
	return each_office(c, &h, enable_one);
}
