/*
 * porchctl-data: the commands that change or read the records inside an
 * office: customer add, member add, customer and member password, link,
 * invite, migrate, sweep and outbox (seed-demo is in porchctl-seed.c).
 *
 * Records go through the store functions, each command in one transaction
 * (a write one, except outbox) that is committed only when every step
 * went well; there is no SQL here.  Opening an office's database migrates
 * it, which is all migrate does.  A sign-in link is the only secret
 * printed, and only to stdout for the one who asked for it.  An invitation
 * is the one mail queued here: the customer it adds stays inactive until
 * its link is used, which proves the address.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "appointment.h"
#include "apptmail.h"
#include "arena.h"
#include "caldav.h"
#include "config.h"
#include "customer.h"
#include "docstore.h"
#include "document.h"
#include "audit.h"
#include "db.h"
#include "identity.h"
#include "linktoken.h"
#include "logintoken.h"
#include "mail.h"
#include "member.h"
#include "outbox.h"
#include "webhook.h"
#include "page.h"
#include "password.h"
#include "principal.h"
#include "reqview.h"
#include "request.h"
#include "session.h"
#include "signup.h"
#include "tmpl.h"
#include "util.h"
#include "porchctl.h"

#define OUTBOX_MAX	1000

static const char *
rc_text(enum db_rc rc)
{
	switch (rc) {
	case DB_BUSY:
		return "the database is busy; try again";
	case DB_CONFLICT:
		return "exists already";
	case DB_NOTFOUND:
		return "not found";
	default:
		return "database error (logged above)";
	}
}

/* Commits a write transaction that `rc` says went well, else rolls back
 * and explains what. */
int
ctl_finish(struct db *db, enum db_rc rc, const char *what)
{
	if (rc == DB_OK && (rc = db_commit(db)) == DB_OK)
		return 0;
	db_rollback(db);
	return ctl_complain("%s: %s", what, rc_text(rc));
}

/* The office's portal named `id`, else its first one. */
static const struct portal *
portal_of(struct ctl *c, const struct office *o, const char *id)
{
	size_t	 i;

	for (i = 0; i < c->cfg->nportals; i++)
		if (strcmp(c->cfg->portals[i].office->id, o->id) == 0 &&
		    (id == NULL || strcmp(c->cfg->portals[i].id, id) == 0))
			return &c->cfg->portals[i];
	if (id != NULL)
		ctl_complain("no portal %s of office %s in %s", id, o->id,
		    c->conf);
	else
		ctl_complain("office %s has no portal in %s", o->id, c->conf);
	return NULL;
}

/* Loads CONF and opens the database of office w->office, finding its
 * portal first when `pp` is given; NULL after saying why. */
static struct db *
office_open(struct ctl *c, const struct who *w, const struct office **op,
    const struct portal **pp)
{
	if (!ctl_load(c) || (*op = ctl_office_get(c, w->office)) == NULL ||
	    (pp != NULL && (*pp = portal_of(c, *op, w->portal)) == NULL))
		return NULL;
	return ctl_office_db(*op);
}

/* --------------------------------------------------- people and links */

/* Parses the options of customer, member and link: `allowed` lists the
 * codes the command takes, `need` those it must have. */
static void
who_parse(int argc, char **argv, const char *allowed, const char *need,
    struct who *w)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ "email", required_argument, NULL, 'e' },
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "portal", required_argument, NULL, 'p' },
		{ "next", required_argument, NULL, 'x' },
		{ "ttl", required_argument, NULL, 't' },
		{ "no-portal-access", no_argument, NULL, 'P' },
		{ "agenda-edit", no_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	while ((ch = ctl_option(argc, argv, opts)) != -1) {
		if (strchr(allowed, ch) == NULL)
			ctl_usage();
		switch (ch) {
		case 'o':
			w->office = optarg;
			break;
		case 'e':
			w->email = optarg;
			break;
		case 'n':
			w->name = optarg;
			break;
		case 'r':
			w->role = optarg;
			break;
		case 'p':
			w->portal = optarg;
			break;
		case 'x':
			w->next = optarg;
			break;
		case 'P':
			w->perms_off |= PERM_PORTAL;
			break;
		case 'A':
			w->perms_on |= PERM_AGENDA;
			break;
		default:
			w->ttl = ctl_number(optarg, 1, 86400);
		}
	}
	if (optind != argc || w->office == NULL || w->email == NULL ||
	    (strchr(need, 'n') != NULL && w->name == NULL))
		ctl_usage();
	if (!valid_email(w->email, strlen(w->email)))
		exit(ctl_complain("%s: not an e-mail address", w->email));
	if (w->name != NULL && !valid_name(w->name, strlen(w->name)))
		exit(ctl_complain("--name: 1 to 200 characters, no control "
		    "characters"));
}

int
ctl_cmd_customer_add(struct ctl *c, int argc, char **argv)
{
	struct who		 w = { 0 };
	struct customer		 cu;
	const struct office	*o;
	struct db		*db;
	enum db_rc		 rc;

	who_parse(argc, argv, "oen", "oen", &w);
	if ((db = office_open(c, &w, &o, NULL)) == NULL)
		return 1;
	if ((rc = db_begin(db, true)) == DB_OK)
		rc = customer_add(db, c->a, w.email, w.name, time(NULL), &cu);
	if (ctl_finish(db, rc, arena_printf(c->a, "customer %s", w.email)) != 0)
		return 1;
	ctl_say("customer %s added to office %s", cu.email, o->id);
	return 0;
}

int
ctl_cmd_member_add(struct ctl *c, int argc, char **argv)
{
	struct who		 w = { 0 };
	enum member_role	 role = ROLE_AGENT;
	unsigned		 perms;
	const struct office	*o;
	struct db		*db;
	enum db_rc		 rc;
	int64_t			 id;

	who_parse(argc, argv, "oenrPA", "oen", &w);
	if (w.role != NULL && !member_role_parse(w.role, &role)) {
		ctl_say("--role is admin, agent or viewer");
		ctl_usage();
	}
	perms = (PERM_DEFAULT & ~w.perms_off) | w.perms_on;
	if ((db = office_open(c, &w, &o, NULL)) == NULL)
		return 1;
	if ((rc = db_begin(db, true)) == DB_OK)
		rc = member_add_perms(db, c->a, w.email, w.name, role, perms,
		    time(NULL), &id);
	if (ctl_finish(db, rc, arena_printf(c->a, "member %s", w.email)) != 0)
		return 1;
	ctl_say("member %s (%s; permissions: %s) added to office %s", w.email,
	    member_role_name(role), member_perms_text(perms), o->id);
	return 0;
}

/* One line of standard input, without its line end; NULL at end of input
 * or when the line is longer than any password may be. */
static char *
password_read(struct ctl *c)
{
	char	 line[PASSWORD_MAX + 3];
	char	*pw;
	size_t	 n;

	if (fgets(line, sizeof(line), stdin) == NULL)
		return NULL;
	n = strcspn(line, "\r\n");
	if (n == strlen(line) && !feof(stdin))
		return NULL;
	pw = arena_strndup(c->a, line, n);
	explicit_bzero(line, sizeof(line));
	return pw;
}

static const char *const rule_text[PASSWORD_RULE__MAX] = {
	[PASSWORD_TOO_SHORT] = "too short",
	[PASSWORD_TOO_LONG] = "too long",
	[PASSWORD_BAD_TEXT] = "not UTF-8 text, or has control characters",
	[PASSWORD_COMMON] = "one of the most common passwords",
	[PASSWORD_IS_EMAIL] = "the e-mail address itself",
};

/* Stores the password read from standard input for the customer or
 * member (kind) named by --office and --email. */
static int
set_password(struct ctl *c, int argc, char **argv, enum principal_kind kind)
{
	const char		*what = kind == PRINCIPAL_MEMBER ? "member" :
				    "customer";
	struct who		 w = { 0 };
	struct principal	 m;
	struct customer		 cu;
	const struct office	*o;
	const char		*hash;
	char			*pw;
	struct db		*db;
	enum password_rule	 rule;
	enum db_rc		 rc;

	who_parse(argc, argv, "oe", "oe", &w);
	if ((pw = password_read(c)) == NULL)
		return ctl_complain("no password on standard input");
	if ((rule = password_check(pw, strlen(pw), w.email)) != PASSWORD_OK)
		return ctl_complain("password refused: %s (%d to %d characters)",
		    rule_text[rule], PASSWORD_MIN, PASSWORD_MAX);
	hash = password_hash(c->a, pw, strlen(pw));
	explicit_bzero(pw, strlen(pw));
	if (hash == NULL || (db = office_open(c, &w, &o, NULL)) == NULL)
		return 1;
	if ((rc = db_begin(db, true)) == DB_OK) {
		if (kind == PRINCIPAL_MEMBER &&
		    (rc = member_by_email(db, c->a, w.email, &m)) == DB_OK)
			rc = member_set_password(db, m.id, hash);
		else if (kind == PRINCIPAL_CUSTOMER &&
		    (rc = customer_by_email(db, c->a, w.email, &cu)) == DB_OK)
			rc = customer_set_password(db, cu.id, hash);
	}
	if (ctl_finish(db, rc, arena_printf(c->a, "%s %s", what, w.email)) != 0)
		return 1;
	ctl_say("password of %s %s set in office %s", what, w.email, o->id);
	return 0;
}

int
ctl_cmd_member_password(struct ctl *c, int argc, char **argv)
{
	return set_password(c, argc, argv, PRINCIPAL_MEMBER);
}

int
ctl_cmd_customer_password(struct ctl *c, int argc, char **argv)
{
	return set_password(c, argc, argv, PRINCIPAL_CUSTOMER);
}

/* A sign-in link for an existing customer, inside the caller's write
 * transaction.  NULL on error: *rc says which, and DB_NOTFOUND (no such
 * customer) has been explained already. */
const char *
ctl_link_make(struct ctl *c, struct db *db, const struct portal *p,
    const struct who *w, enum db_rc *rc)
{
	struct customer	 cu;
	const char	*token;

	if ((*rc = customer_by_email(db, c->a, w->email, &cu)) == DB_NOTFOUND) {
		ctl_complain("no customer %s in office %s", w->email,
		    p->office->id);
		return NULL;
	}
	if (*rc != DB_OK || (*rc = logintoken_create(db, c->a, cu.id, p->id,
	    w->next != NULL ? w->next : "", time(NULL), w->ttl, &token)) !=
	    DB_OK)
		return NULL;
	return arena_printf(c->a, "%s/auth?t=%s", p->url, token);
}

int
ctl_cmd_link(struct ctl *c, int argc, char **argv)
{
	struct who		 w = { 0 };
	const struct office	*o;
	const struct portal	*p;
	const char		*url = NULL;
	struct db		*db;
	enum db_rc		 rc;

	who_parse(argc, argv, "oepxt", "oe", &w);
	if (w.next != NULL && !valid_local_path(w.next, strlen(w.next)))
		return ctl_complain("--next: a local path such as /portal");
	if ((db = office_open(c, &w, &o, &p)) == NULL)
		return 1;
	if (w.ttl == 0)
		w.ttl = c->cfg->magic_link_minutes * 60LL;
	if ((rc = db_begin(db, true)) == DB_OK)
		url = ctl_link_make(c, db, p, &w, &rc);
	if (rc == DB_NOTFOUND) {
		db_rollback(db);
		return 1;
	}
	if (ctl_finish(db, rc, arena_printf(c->a, "link for %s", w.email)) != 0)
		return 1;
	printf("%s\n", url);
	return 0;
}

/* The customer to invite: a new inactive one, or the inactive one that
 * has the address already; DB_CONFLICT when that one is active. */
static enum db_rc
invitee(struct ctl *c, struct db *db, const struct who *w, int64_t now,
    struct customer *cu)
{
	enum db_rc	 rc;

	rc = customer_by_email_any(db, c->a, w->email, cu);
	if (rc == DB_NOTFOUND)
		return customer_add_inactive(db, c->a, w->email, w->name, now,
		    cu);
	if (rc == DB_OK && cu->active)
		return DB_CONFLICT;
	return rc;
}

/* Queues mail/activation for the invitee in the caller's transaction.
 * The values are the ones every sender of this mail sets. */
static enum db_rc
activation_mail(struct ctl *c, const struct tmpl_set *set, struct db *db,
    const struct portal *p, const struct customer *cu, const char *url,
    int64_t now)
{
	struct tval	*tv;

	tv = tval_map(c->a);
	tval_str(tv, "name", cu->name);
	tval_str(tv, "link", url);
	tval_int(tv, "minutes", ACTIVATION_TTL / 60);
	tval_int(tv, "days", ACTIVATION_TTL / 86400);
	return mail_queue(db, tmpl_set_lang(set, p->language), c->a, p,
	    "activation", cu->email, tv, now);
}

/* Adds the customer inactive, mails them a week-long sign-in link that
 * activates the account, and prints the link. */
int
ctl_cmd_invite(struct ctl *c, int argc, char **argv)
{
	struct who		 w = { 0 };
	struct customer		 cu;
	const struct office	*o;
	const struct portal	*p;
	struct tmpl_set		*set;
	const char		*token, *url = NULL;
	struct db		*db;
	int64_t			 now = (int64_t)time(NULL);
	enum db_rc		 rc;
	char			 err[512];

	who_parse(argc, argv, "oenp", "oen", &w);
	if ((db = office_open(c, &w, &o, &p)) == NULL)
		return 1;
	if ((set = page_templates_load(c->cfg, err, sizeof(err))) == NULL)
		return ctl_complain("%s", err);
	if ((rc = db_begin(db, true)) == DB_OK &&
	    (rc = invitee(c, db, &w, now, &cu)) == DB_OK &&
	    (rc = logintoken_create(db, c->a, cu.id, p->id, "/portal", now,
	    ACTIVATION_TTL, &token)) == DB_OK) {
		url = arena_printf(c->a, "%s/auth?t=%s", p->url, token);
		rc = activation_mail(c, set, db, p, &cu, url, now);
	}
	tmpl_set_free(set);
	if (rc == DB_CONFLICT) {
		db_rollback(db);
		return ctl_complain("customer %s is active already; porchctl "
		    "link makes a sign-in link", w.email);
	}
	if (ctl_finish(db, rc, arena_printf(c->a, "invitation for %s",
	    w.email)) != 0)
		return 1;
	ctl_say("invitation for %s queued in office %s", cu.email, o->id);
	printf("%s\n", url);
	return 0;
}

/* ------------------------------------------------------ migrate, outbox */

int
ctl_cmd_migrate(struct ctl *c, int argc, char **argv)
{
	struct db	*db;
	size_t		 i;
	int		 status = 0;

	static const struct option opts[] = { { NULL, 0, NULL, 0 } };

	if (ctl_option(argc, argv, opts) != -1 || optind != argc)
		ctl_usage();
	if (!ctl_load(c))
		return 1;
	for (i = 0; i < c->cfg->noffices; i++) {
		if ((db = ctl_office_db(&c->cfg->offices[i])) == NULL)
			status = 1;
		else
			printf("%s: schema version %d\n", c->cfg->offices[i].id,
			    db_user_version(db));
	}
	return status;
}

/* Queues the reminders now due, each with the mark that it went, in the
 * caller's transaction: a sweep run again finds none of them. */
static enum db_rc
remind(struct ctl *c, const struct tmpl_set *set, struct db *db,
    const struct office *o, int64_t now, size_t *sent)
{
	const struct portal	*p = config_office_portal(c->cfg, o);
	struct apptmail_from	 f;
	struct appointment	*ap;
	size_t			 n, i;
	enum db_rc		 rc;

	*sent = 0;
	if (p == NULL || p->reminder_hours == 0)
		return DB_OK;
	f = (struct apptmail_from){ db, c->a, tmpl_set_lang(set, p->language),
	    p, o, now };
	do {
		if ((rc = appointment_to_remind(db, c->a, now,
		    now + p->reminder_hours * 3600LL, 100, &ap, &n)) != DB_OK)
			return rc;
		for (i = 0; i < n; i++)
			if ((rc = apptmail_queue_from(&f, &ap[i],
			    APPTMAIL_REMINDER, NULL)) != DB_OK ||
			    (rc = appointment_reminded(db, &ap[i], now)) !=
			    DB_OK)
				return rc;
		*sent += n;
	} while (n == 100);
	return DB_OK;
}

/* Ends the offers of freed times that ran out and, where the office
 * tells its waiting customers in turn, offers each time to the next one
 * (reqview.h), in the caller's transaction. */
static enum db_rc
waitlist_turns(struct ctl *c, const struct tmpl_set *set, struct db *db,
    const struct office *o, int64_t now, size_t *ended)
{
	const struct portal	*p = config_office_portal(c->cfg, o);
	struct apptmail_from	 f;
	struct request		*x;
	size_t			 n, i;
	enum db_rc		 rc;

	*ended = 0;
	if (p == NULL)
		return DB_OK;
	f = (struct apptmail_from){ db, c->a, tmpl_set_lang(set, p->language),
	    p, o, now };
	do {
		if ((rc = request_offers_expired(db, c->a, now, 100, &x, &n)) !=
		    DB_OK)
			return rc;
		for (i = 0; i < n; i++)
			if ((rc = reqview_offer_next(&f, &x[i])) != DB_OK)
				return rc;
		*ended += n;
	} while (n == 100);
	return DB_OK;
}

static bool
stored_live(void *arg, const char *name)
{
	return document_stored(arg, name);
}

/* The documents past their portal's retention: each row (with its
 * wrapped key, so even a backup of the file no longer opens) and then
 * its file, with an audit line; then the store's files that no row
 * names (an upload whose row never committed).  *n: documents removed. */
static bool
expire_documents(struct ctl *c, struct db *db, const struct office *o,
    int64_t now, size_t *n)
{
	struct document		*d;
	struct docstore_sweep	 sw;
	const char		*dir = arena_printf(c->a, "%s/files", o->dir);
	size_t			 i, got;

	*n = 0;
	do {
		if (db_begin(db, true) != DB_OK)
			return false;
		if (document_expired(db, c->a, now, 100, &d, &got) != DB_OK)
			goto fail;
		for (i = 0; i < got; i++)
			if (document_delete(db, &d[i]) != DB_OK ||
			    audit_add(db, NULL, "document-removed", d[i].pid,
			    "retention", now) != DB_OK)
				goto fail;
		if (db_commit(db) != DB_OK)
			goto fail;
		for (i = 0; i < got; i++)
			(void)docstore_remove(dir, d[i].stored_name);
		*n += got;
	} while (got == 100);
	/* the write-ahead log may still hold removed rows' wrapped keys:
	 * every sweep empties it, so that no copy of the database opens
	 * those files */
	if (!db_wal_truncate(db) && *n > 0)
		fprintf(stderr, "porchctl: %s: the write-ahead log could not be "
		    "emptied now; the next sweep tries again\n", o->id);
	return docstore_sweep(dir, stored_live, db, (time_t)now, 3600, &sw);
fail:
	db_rollback(db);
	return false;
}

/* Removes what can never be used again (expired sessions, used or
 * expired sign-in and account links, unconfirmed sign-ups, delivered
 * mail and webhook events past keeping), queues the appointment
 * reminders now due and moves the waiting lists' offers that ran out on,
 * one transaction per office; then removes the documents past the
 * portal's retention and reads the busy times of the office's connected
 * calendars (caldav.h).  For a timer
 * (tools/systemd/porch-sweep.timer). */
static bool
sweep_office(struct ctl *c, const struct tmpl_set *set,
    const struct office *o)
{
	struct session_limits	 lim = session_limits_of(c->cfg);
	int64_t			 now = (int64_t)time(NULL);
	struct db		*db;
	size_t			 reminders, offers, removed;
	int			 read, unread;

	if ((db = ctl_office_db(o)) == NULL || db_begin(db, true) != DB_OK)
		return false;
	if (session_sweep(db, now, &lim) != DB_OK ||
	    logintoken_sweep(db, now) != DB_OK ||
	    linktoken_sweep(db, now) != DB_OK ||
	    signup_sweep(db, now) != DB_OK ||
	    oidcflow_sweep(db, now) != DB_OK ||
	    outbox_sweep(db, now) != DB_OK ||
	    webhook_sweep(db, now) != DB_OK ||
	    remind(c, set, db, o, now, &reminders) != DB_OK ||
	    waitlist_turns(c, set, db, o, now, &offers) != DB_OK ||
	    db_commit(db) != DB_OK) {
		db_rollback(db);
		return false;
	}
	if (!expire_documents(c, db, o, now, &removed))
		return false;
	printf("%s: swept, %zu reminders queued, %zu waiting-list offers "
	    "ended, %zu documents removed\n", o->id, reminders, offers,
	    removed);
	/* outside the transaction: a calendar server may be slow */
	if (!caldav_pull(c->a, db, c->cfg, o, now, &read, &unread))
		return false;
	if (read + unread > 0)
		printf("%s: %d calendars read, %d could not be read\n", o->id,
		    read, unread);
	return true;
}

int
ctl_cmd_sweep(struct ctl *c, int argc, char **argv)
{
	struct tmpl_set	*set;
	size_t		 i;
	int		 status = 0;
	char		 err[512];

	static const struct option opts[] = { { NULL, 0, NULL, 0 } };

	if (ctl_option(argc, argv, opts) != -1 || optind != argc)
		ctl_usage();
	if (!ctl_load(c))
		return 1;
	if ((set = page_templates_load(c->cfg, err, sizeof(err))) == NULL)
		return ctl_complain("%s", err);
	for (i = 0; i < c->cfg->noffices; i++)
		if (!sweep_office(c, set, &c->cfg->offices[i]))
			status = 1;
	tmpl_set_free(set);
	return status;
}

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

/* A value for one tab-separated cell: tabs and line breaks become spaces. */
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

static bool
outbox_list(struct ctl *c, const struct office *o)
{
	struct outmail	*om;
	struct db	*db;
	enum db_rc	 rc;
	size_t		 n = 0, i;

	if ((db = ctl_office_db(o)) == NULL)
		return false;
	if ((rc = db_begin(db, false)) == DB_OK)
		rc = outbox_queued(db, c->a, OUTBOX_MAX, &om, &n);
	if (ctl_finish(db, rc, o->id) != 0)
		return false;
	for (i = 0; i < n; i++)
		printf("%s\t%lld\t%s\t%lld\t%s\t%s\t%s\t%s\n", o->id,
		    (long long)om[i].id, when(c, om[i].created),
		    (long long)om[i].attempts, when(c, om[i].next_attempt),
		    cell(c, om[i].to), cell(c, om[i].subject),
		    cell(c, om[i].last_error));
	if (n == OUTBOX_MAX)
		ctl_say("office %s: showing the oldest %d", o->id,
		    OUTBOX_MAX);
	return true;
}

int
ctl_cmd_outbox(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const struct office	*o;
	const char		*office = NULL;
	size_t			 i;
	int			 status = 0;

	while (ctl_option(argc, argv, opts) != -1)
		office = optarg;
	if (optind != argc)
		ctl_usage();
	if (!ctl_load(c))
		return 1;
	printf("office\tid\tcreated\tattempts\tnext_attempt\tto\tsubject\t"
	    "last_error\n");
	if (office != NULL)
		return (o = ctl_office_get(c, office)) == NULL ||
		    !outbox_list(c, o);
	for (i = 0; i < c->cfg->noffices; i++)
		if (!outbox_list(c, &c->cfg->offices[i]))
			status = 1;
	return status;
}
