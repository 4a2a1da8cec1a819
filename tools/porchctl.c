/*
 * porchctl: what an administrator does from a shell.
 *
 * Offices and portals live in porch.conf, so adding one appends a section
 * to that file under an exclusive lock, then loads the whole config again:
 * if the new text does not load, or does not read back as written, the file
 * is cut back to its old length and nothing changed.  The file is only ever
 * appended to, so its mode, owner and comments stay the admin's.  Records
 * inside an office go through the store functions, each command in one
 * write transaction; there is no SQL here.
 *
 * Output meant for scripts (a sign-in link, the outbox table) goes to
 * stdout, progress to stderr.  Bad usage exits 2 with the usage; any other
 * error exits 1 with one "porchctl: ..." line.  Nothing here prints or logs
 * a secret other than the link it was asked for.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "arena.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "store.h"
#include "tenant.h"
#include "util.h"

#ifndef PORCH_STATE_DEFAULT
#define PORCH_STATE_DEFAULT	"/var/lib/porch"
#endif

#define KEY_BYTES	32
#define CONF_LINE_MAX	197	/* config.c's longest line */
#define OUTBOX_MAX	1000
#define SEED_MAX	1000000

struct ctl {
	const char	*conf;
	struct config	*cfg;
	struct arena	*a;
	int		 lockfd;	/* CONF, locked, while appending */
	off_t		 oldsize;	/* its length before the append */
};

struct cmd {
	const char	*name;
	const char	*sub;		/* "add", or NULL */
	int		(*run)(struct ctl *, int, char **);
	const char	*args;
};

static const struct cmd *current;

static int complain(const char *, ...) __attribute__((format(printf, 1, 2)));
static bool refuse(const char *, ...) __attribute__((format(printf, 1, 2)));
static void vsay(const char *, va_list) __attribute__((format(printf, 1, 0)));

static void
vsay(const char *fmt, va_list ap)
{
	fputs("porchctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* One line on stderr; returns the exit status for errors. */
static int
complain(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	return 1;
}

/* The same for the steps that answer true or false. */
static bool
refuse(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	return false;
}

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

/* ------------------------------------------------------------ arguments */

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: porchctl [-c CONF] %s%s%s%s%s\n",
	    current->name, current->sub != NULL ? " " : "",
	    current->sub != NULL ? current->sub : "",
	    current->args[0] != '\0' ? " " : "", current->args);
	exit(2);
}

static long long
number(const char *s, long long min, long long max)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "porchctl: %s: expected a number from %lld "
		    "to %lld\n", s, min, max);
		usage();
	}
	return v;
}

/* Option parsing shared by every command: `longopts` are the command's,
 * each with a short code the caller switches on.  Returns the code, or -1
 * at the end; positional arguments are left from optind on. */
static int
option(int argc, char **argv, const struct option *longopts)
{
	int	 ch;

	if ((ch = getopt_long(argc, argv, "", longopts, NULL)) == '?')
		usage();
	return ch;
}

/* An office or portal id: [a-z0-9-]{1,40}, as config.c wants. */
static bool
valid_id(const char *s)
{
	size_t	 n;

	n = strlen(s);
	return n >= 1 && n <= 40 && strspn(s,
	    "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

/* A value that one config line can carry unchanged: inih would trim its
 * spaces, cut it at " ;" and treat an indented next line as more of it. */
static bool
conf_value(const char *key, const char *v)
{
	size_t	 n;

	n = strlen(v);
	if (n == 0 || !utf8_valid(v, n) || has_control(v, n, false))
		return refuse("%s: empty, not UTF-8 or has control "
		    "characters", key);
	if (v[0] == ' ' || v[n - 1] == ' ' || strchr(v, ';') != NULL)
		return complain("%s: no ';' and no leading or trailing "
		    "spaces", key) == 0;
	if (strlen(key) + 3 + n > CONF_LINE_MAX)
		return refuse("%s: too long for one config line", key);
	return true;
}

/* -------------------------------------------------------------- config */

static bool
load(struct ctl *c)
{
	char	 err[512];

	config_free(c->cfg);
	if ((c->cfg = config_load(c->conf, err, sizeof(err))) == NULL)
		return refuse("%s", err);
	return true;
}

static const struct office *
office_get(struct ctl *c, const char *id)
{
	const struct office	*o;

	if ((o = config_office_by_id(c->cfg, id)) == NULL)
		complain("no office %s in %s", id, c->conf);
	return o;
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
		complain("no portal %s of office %s in %s", id, o->id, c->conf);
	else
		complain("office %s has no portal in %s", o->id, c->conf);
	return NULL;
}

static struct db *
office_db(const struct office *o)
{
	struct db	*db;

	if ((db = tenant_db(o)) == NULL)
		complain("cannot open the database of office %s", o->id);
	return db;
}

/* Locks CONF and loads it; the lock keeps two appends from interleaving. */
static bool
conf_lock(struct ctl *c)
{
	struct stat	 st;

	if ((c->lockfd = open(c->conf, O_RDWR | O_APPEND | O_CLOEXEC)) == -1)
		return refuse("%s: %s", c->conf, strerror(errno));
	if (flock(c->lockfd, LOCK_EX) == -1 || fstat(c->lockfd, &st) == -1)
		return refuse("%s: %s", c->conf, strerror(errno));
	c->oldsize = st.st_size;
	return load(c);
}

static bool
write_all(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += w;
		n -= w;
	}
	return true;
}

static void
conf_rollback(struct ctl *c)
{
	if (ftruncate(c->lockfd, c->oldsize) == -1 || fsync(c->lockfd) == -1)
		complain("%s: could not restore its old length %lld: %s",
		    c->conf, (long long)c->oldsize, strerror(errno));
}

/* Appends `text` (starting on a line of its own) and loads the result;
 * on any failure the file is restored. */
static bool
conf_append(struct ctl *c, const char *text)
{
	char	 last = '\n';

	if (c->oldsize > 0 &&
	    pread(c->lockfd, &last, 1, c->oldsize - 1) != 1)
		return refuse("%s: %s", c->conf, strerror(errno));
	if ((last != '\n' && !write_all(c->lockfd, "\n", 1)) ||
	    !write_all(c->lockfd, text, strlen(text)) ||
	    fsync(c->lockfd) == -1) {
		complain("%s: %s", c->conf, strerror(errno));
		conf_rollback(c);
		return false;
	}
	if (!load(c)) {
		conf_rollback(c);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ init */

static bool
mkdir_p(const char *path, mode_t last)
{
	char	*p, *s;
	bool	 ok = true;

	if ((p = strdup(path)) == NULL)
		return false;
	for (s = p + 1; ok && (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		ok = mkdir(p, 0755) == 0 || errno == EEXIST;
		*s = '/';
	}
	ok = ok && (mkdir(p, last) == 0 || errno == EEXIST);
	free(p);
	return ok;
}

static const char *
absolute(struct ctl *c, const char *path)
{
	char	 cwd[4096];

	if (path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		return path;
	return arena_printf(c->a, "%s/%s", cwd, path);
}

static bool
conf_create(struct ctl *c, const char *state, const char *tmpl,
    const char *smtp, const char *from)
{
	struct buf	 b;
	int		 fd;

	buf_init(&b, c->a);
	buf_printf(&b, "# Porch configuration: every key is described in "
	    "the README.\n[server]\nstate_dir = %s\n", state);
	if (tmpl != NULL)
		buf_printf(&b, "templates_dir = %s\n", tmpl);
	if (smtp != NULL)
		buf_printf(&b, "smtp_url = %s\n", smtp);
	if (from != NULL)
		buf_printf(&b, "mail_from = %s\n", from);
	fd = open(c->conf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1)
		return refuse("%s: %s", c->conf, strerror(errno));
	if (!write_all(fd, b.data, b.len) || fsync(fd) == -1) {
		complain("%s: %s", c->conf, strerror(errno));
		close(fd);
		unlink(c->conf);
		return false;
	}
	close(fd);
	fprintf(stderr, "porchctl: wrote %s\n", c->conf);
	return true;
}

/* 32 random bytes, written once: an existing key is never replaced, since
 * every stored document depends on it. */
static bool
key_create(const char *path)
{
	unsigned char	 key[KEY_BYTES];
	struct stat	 st;
	int		 fd;
	bool		 ok;

	if (stat(path, &st) == 0) {
		if (st.st_size != KEY_BYTES)
			return refuse("%s: exists but is not a %d-byte key",
			    path, KEY_BYTES);
		return true;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1)
		return refuse("%s: %s", path, strerror(errno));
	randombytes_buf(key, sizeof(key));
	ok = write_all(fd, (const char *)key, sizeof(key)) && fsync(fd) == 0;
	sodium_memzero(key, sizeof(key));
	if (close(fd) == -1 || !ok) {
		unlink(path);
		return refuse("%s: %s", path, strerror(errno));
	}
	fprintf(stderr, "porchctl: made the master key %s\n", path);
	return true;
}

static int
cmd_init(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "templates", required_argument, NULL, 't' },
		{ "smtp-url", required_argument, NULL, 'u' },
		{ "mail-from", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*state = PORCH_STATE_DEFAULT, *tmpl = NULL;
	const char	*smtp = NULL, *from = NULL;
	int		 ch, given = 0;

	while ((ch = option(argc, argv, opts)) != -1) {
		given++;
		if (ch == 's')
			state = absolute(c, optarg);
		else if (ch == 't')
			tmpl = absolute(c, optarg);
		else if (ch == 'u')
			smtp = optarg;
		else
			from = optarg;
	}
	if (optind != argc)
		usage();
	if (access(c->conf, F_OK) == 0) {
		if (given > 0)
			complain("%s exists; leaving it as it is", c->conf);
	} else if (!conf_value("state_dir", state) ||
	    (tmpl != NULL && !conf_value("templates_dir", tmpl)) ||
	    (smtp != NULL && !conf_value("smtp_url", smtp)) ||
	    (from != NULL && !conf_value("mail_from", from)) ||
	    !conf_create(c, state, tmpl, smtp, from))
		return 1;
	if (!load(c))
		return 1;
	state = c->cfg->state_dir;
	if (!mkdir_p(state, 0700) ||
	    !mkdir_p(arena_printf(c->a, "%s/offices", state), 0700))
		return complain("%s: %s", state, strerror(errno));
	if (!key_create(c->cfg->master_key_file))
		return 1;
	fprintf(stderr, "porchctl: %s ready, state in %s\n", c->conf, state);
	return 0;
}

/* ------------------------------------------------------ offices, portals */

/* The text of a new [office] section, or NULL when one exists. */
static const char *
office_text(struct ctl *c, const char *id, const char *name)
{
	if (config_office_by_id(c->cfg, id) != NULL) {
		complain("office %s exists in %s", id, c->conf);
		return NULL;
	}
	return arena_printf(c->a, "\n[office %s]\nname = %s\n", id, name);
}

/* After the append: the office reads back as written and has a
 * database, or the append is undone. */
static bool
office_check(struct ctl *c, const char *id, const char *name)
{
	const struct office	*o;
	struct db		*db;

	o = config_office_by_id(c->cfg, id);
	if (o == NULL || strcmp(o->name, name) != 0) {
		conf_rollback(c);
		return refuse("office %s did not read back as written; "
		    "%s is unchanged", id, c->conf);
	}
	if ((db = office_db(o)) == NULL) {
		conf_rollback(c);
		return false;
	}
	fprintf(stderr, "porchctl: office %s added, schema version %d\n",
	    id, db_user_version(db));
	return true;
}

static int
cmd_office_add(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*name = NULL, *id, *text;

	while (option(argc, argv, opts) != -1)
		name = optarg;
	if (name == NULL || optind != argc - 1)
		usage();
	id = argv[optind];
	if (!valid_id(id))
		return complain("%s: an office id is 1 to 40 of a-z, 0-9 "
		    "and -", id);
	if (!conf_value("name", name) || !conf_lock(c) ||
	    (text = office_text(c, id, name)) == NULL ||
	    !conf_append(c, text) || !office_check(c, id, name))
		return 1;
	return 0;
}

struct portal_args {
	const char	*id, *office, *url, *name, *signin, *signup;
	struct buf	 aliases;
};

static bool
portal_args_ok(const struct portal_args *p)
{
	if (!valid_id(p->id))
		return refuse("%s: a portal id is 1 to 40 of a-z, 0-9 "
		    "and -", p->id);
	if (p->signup != NULL && strcmp(p->signup, "open") != 0 &&
	    strcmp(p->signup, "invite") != 0)
		return refuse("--signup is open or invite");
	return conf_value("office", p->office) && conf_value("url", p->url) &&
	    (p->name == NULL || conf_value("name", p->name)) &&
	    (p->signin == NULL || conf_value("signin", p->signin)) &&
	    (p->aliases.len == 0 || conf_value("aliases", p->aliases.data));
}

static const char *
portal_text(struct ctl *c, const struct portal_args *p)
{
	struct buf	 b;

	if (config_portal_by_id(c->cfg, p->id) != NULL) {
		complain("portal %s exists in %s", p->id, c->conf);
		return NULL;
	}
	if (office_get(c, p->office) == NULL)
		return NULL;
	buf_init(&b, c->a);
	buf_printf(&b, "\n[portal %s]\noffice = %s\nurl = %s\n", p->id,
	    p->office, p->url);
	if (p->name != NULL)
		buf_printf(&b, "name = %s\n", p->name);
	if (p->aliases.len > 0)
		buf_printf(&b, "aliases = %s\n", p->aliases.data);
	if (p->signin != NULL)
		buf_printf(&b, "signin = %s\n", p->signin);
	if (p->signup != NULL)
		buf_printf(&b, "signup = %s\n", p->signup);
	return buf_cstr(&b);
}

static bool
portal_check(struct ctl *c, const struct portal_args *p)
{
	const struct portal	*po;

	po = config_portal_by_id(c->cfg, p->id);
	if (po == NULL || strcmp(po->office->id, p->office) != 0 ||
	    (p->name != NULL && strcmp(po->name, p->name) != 0)) {
		conf_rollback(c);
		return refuse("portal %s did not read back as written; "
		    "%s is unchanged", p->id, c->conf);
	}
	fprintf(stderr, "porchctl: portal %s added: %s\n", p->id, po->url);
	return true;
}

static int
cmd_portal_add(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ "url", required_argument, NULL, 'u' },
		{ "name", required_argument, NULL, 'n' },
		{ "alias", required_argument, NULL, 'a' },
		{ "signin", required_argument, NULL, 'i' },
		{ "signup", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	struct portal_args	 p;
	const char		*text;
	int			 ch;

	memset(&p, 0, sizeof(p));
	buf_init(&p.aliases, c->a);
	while ((ch = option(argc, argv, opts)) != -1)
		switch (ch) {
		case 'o':
			p.office = optarg;
			break;
		case 'u':
			p.url = optarg;
			break;
		case 'n':
			p.name = optarg;
			break;
		case 'i':
			p.signin = optarg;
			break;
		case 's':
			p.signup = optarg;
			break;
		default:
			buf_printf(&p.aliases, "%s%s",
			    p.aliases.len > 0 ? " " : "", optarg);
		}
	if (p.office == NULL || p.url == NULL || optind != argc - 1)
		usage();
	p.id = argv[optind];
	if (!portal_args_ok(&p) || !conf_lock(c) ||
	    (text = portal_text(c, &p)) == NULL || !conf_append(c, text) ||
	    !portal_check(c, &p))
		return 1;
	return 0;
}

/* --------------------------------------------------- people and links */

struct who {
	const char	*office, *email, *name, *role, *portal, *next;
	long long	 ttl;
};

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
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	while ((ch = option(argc, argv, opts)) != -1) {
		if (strchr(allowed, ch) == NULL)
			usage();
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
		default:
			w->ttl = number(optarg, 1, 86400);
		}
	}
	if (optind != argc || w->office == NULL || w->email == NULL ||
	    (strchr(need, 'n') != NULL && w->name == NULL))
		usage();
	if (!valid_email(w->email, strlen(w->email)))
		exit(complain("%s: not an e-mail address", w->email));
	if (w->name != NULL && !valid_name(w->name, strlen(w->name)))
		exit(complain("--name: 1 to 200 characters, no control "
		    "characters"));
}

/* Commits a write transaction that `rc` says went well, else rolls back
 * and explains what. */
static int
finish(struct db *db, enum db_rc rc, const char *what)
{
	if (rc == DB_OK && (rc = db_commit(db)) == DB_OK)
		return 0;
	db_rollback(db);
	return complain("%s: %s", what, rc_text(rc));
}

static int
cmd_customer_add(struct ctl *c, int argc, char **argv)
{
	struct who		 w = { 0 };
	struct customer		 cu;
	const struct office	*o;
	struct db		*db;
	enum db_rc		 rc;

	who_parse(argc, argv, "oen", "oen", &w);
	if (!load(c) || (o = office_get(c, w.office)) == NULL ||
	    (db = office_db(o)) == NULL)
		return 1;
	if ((rc = db_begin(db, true)) == DB_OK)
		rc = customer_add(db, c->a, w.email, w.name, time(NULL), &cu);
	if (finish(db, rc, arena_printf(c->a, "customer %s", w.email)) != 0)
		return 1;
	fprintf(stderr, "porchctl: customer %s added to office %s\n",
	    cu.email, o->id);
	return 0;
}

static int
cmd_member_add(struct ctl *c, int argc, char **argv)
{
	struct who		 w = { 0 };
	enum member_role	 role = ROLE_AGENT;
	const struct office	*o;
	struct db		*db;
	enum db_rc		 rc;
	int64_t			 id;

	who_parse(argc, argv, "oenr", "oen", &w);
	if (w.role != NULL && !member_role_parse(w.role, &role)) {
		fprintf(stderr, "porchctl: --role is admin, agent or viewer\n");
		usage();
	}
	if (!load(c) || (o = office_get(c, w.office)) == NULL ||
	    (db = office_db(o)) == NULL)
		return 1;
	if ((rc = db_begin(db, true)) == DB_OK)
		rc = member_add(db, c->a, w.email, w.name, role, time(NULL), &id);
	if (finish(db, rc, arena_printf(c->a, "member %s", w.email)) != 0)
		return 1;
	fprintf(stderr, "porchctl: member %s (%s) added to office %s\n",
	    w.email, member_role_name(role), o->id);
	return 0;
}

/* A sign-in link for an existing customer, inside the caller's write
 * transaction.  NULL on error: *rc says which, and DB_NOTFOUND (no such
 * customer) has been explained already. */
static const char *
link_make(struct ctl *c, struct db *db, const struct portal *p,
    const struct who *w, enum db_rc *rc)
{
	struct customer	 cu;
	const char	*token;

	if ((*rc = customer_by_email(db, c->a, w->email, &cu)) == DB_NOTFOUND) {
		complain("no customer %s in office %s", w->email,
		    p->office->id);
		return NULL;
	}
	if (*rc != DB_OK || (*rc = logintoken_create(db, c->a, cu.id, p->id,
	    w->next != NULL ? w->next : "", time(NULL), w->ttl, &token)) !=
	    DB_OK)
		return NULL;
	return arena_printf(c->a, "%s/auth?t=%s", p->url, token);
}

static int
cmd_link(struct ctl *c, int argc, char **argv)
{
	struct who		 w = { 0 };
	const struct office	*o;
	const struct portal	*p;
	const char		*url = NULL;
	struct db		*db;
	enum db_rc		 rc;

	who_parse(argc, argv, "oepxt", "oe", &w);
	if (w.next != NULL && !valid_local_path(w.next, strlen(w.next)))
		return complain("--next: a local path such as /portal");
	if (!load(c) || (o = office_get(c, w.office)) == NULL ||
	    (p = portal_of(c, o, w.portal)) == NULL ||
	    (db = office_db(o)) == NULL)
		return 1;
	if (w.ttl == 0)
		w.ttl = c->cfg->magic_link_minutes * 60LL;
	if ((rc = db_begin(db, true)) == DB_OK)
		url = link_make(c, db, p, &w, &rc);
	if (rc == DB_NOTFOUND) {
		db_rollback(db);
		return 1;
	}
	if (finish(db, rc, arena_printf(c->a, "link for %s", w.email)) != 0)
		return 1;
	printf("%s\n", url);
	return 0;
}

/* ---------------------------------------------------------------- demo */

struct demo_appt {
	int		 who;		/* 0 Ana, 1 Ben */
	int		 day;		/* from today */
	int		 hour;		/* UTC */
	int		 minutes;
	const char	*project, *agenda, *location, *meeting_url;
	const char	*status, *source;
};

static const struct demo_appt demo_appts[] = {
	{ 0, 2, 10, 30, "Viewing: 12 Harbour Lane", "Sales team",
	  "12 Harbour Lane, Port Ellen", "", "confirmed", "portal" },
	{ 0, 5, 14, 60, "Valuation: 4 Mill Road", "Valuations", "",
	  "https://meet.example.com/porch-demo-valuation", "confirmed", "team" },
	{ 0, 9, 11, 30, "Viewing: 7 Orchard Close", "Sales team",
	  "7 Orchard Close, Bowmore", "", "invited", "team" },
	{ 0, 3, 16, 30, "Viewing: 21 Quay Street", "Sales team",
	  "21 Quay Street, Port Ellen", "", "cancelled", "link" },
	{ 0, -7, 9, 45, "Viewing: 3 Station Street", "Sales team",
	  "3 Station Street, Bowmore", "", "confirmed", "portal" },
	{ 0, 16, 13, 60, "Contract signing: 12 Harbour Lane", "Legal team",
	  "Demo Realty office, 1 Main Street", "", "requested", "portal" },
	{ 1, 1, 15, 30, "Viewing: 9 Beacon Road", "Sales team",
	  "9 Beacon Road, Port Charlotte", "", "confirmed", "plugin" },
	{ 1, 6, 10, 45, "Lettings: 2 Dock Row", "Lettings team", "",
	  "https://meet.example.com/porch-demo-lettings", "confirmed", "team" },
	{ 1, -14, 12, 60, "Valuation: 18 Kiln Lane", "Valuations",
	  "18 Kiln Lane, Port Charlotte", "", "confirmed", "team" },
};

static const char *const streets[] = {
	"Harbour Lane", "Mill Road", "Orchard Close", "Quay Street",
	"Station Street", "Beacon Road", "Dock Row", "Kiln Lane",
};
static const char *const kinds[] = { "Viewing", "Valuation", "Inspection" };
static const char *const agendas[] = {
	"Sales team", "Valuations", "Lettings team", "Legal team",
};
static const char *const statuses[] = {
	"confirmed", "confirmed", "confirmed", "confirmed", "confirmed",
	"confirmed", "invited", "requested", "cancelled", "confirmed",
};
static const char *const sources[] = { "portal", "team", "link", "plugin" };

static enum db_rc
demo_appt_add(struct ctl *c, struct db *db, int64_t cust,
    const struct demo_appt *d, int64_t today)
{
	const char	*pid;
	int64_t		 starts;

	starts = today + d->day * 86400LL + d->hour * 3600LL;
	return appointment_add(db, c->a, cust, d->project, d->agenda, starts,
	    starts + d->minutes * 60LL, d->location, d->meeting_url,
	    d->status, d->source, &pid);
}

/* Adds a customer, or finds the one that exists; *fresh tells which. */
static enum db_rc
demo_customer(struct ctl *c, struct db *db, const char *email,
    const char *name, int64_t *id, bool *fresh)
{
	struct customer	 cu;
	enum db_rc	 rc;

	rc = customer_add(db, c->a, email, name, time(NULL), &cu);
	*fresh = rc == DB_OK;
	if (rc == DB_CONFLICT)
		rc = customer_by_email(db, c->a, email, &cu);
	*id = cu.id;
	return rc;
}

/* Ana and Ben with their appointments, once: a second run finds them and
 * adds nothing. */
static enum db_rc
demo_people(struct ctl *c, struct db *db, int64_t today, int64_t ids[2])
{
	static const char *const who[][2] = {
		{ "ana@example.com", "Ana Alvarez" },
		{ "ben@example.com", "Ben Brooks" },
	};
	bool		 fresh[2];
	enum db_rc	 rc = DB_OK;
	size_t		 i;

	for (i = 0; i < 2 && rc == DB_OK; i++)
		rc = demo_customer(c, db, who[i][0], who[i][1], &ids[i],
		    &fresh[i]);
	for (i = 0; i < sizeof(demo_appts) / sizeof(demo_appts[0]) &&
	    rc == DB_OK; i++)
		if (fresh[demo_appts[i].who])
			rc = demo_appt_add(c, db, ids[demo_appts[i].who],
			    &demo_appts[i], today);
	return rc;
}

/* The i-th made-up appointment: a mix of projects, agendas, places,
 * meeting links, statuses and sources over 90 days either side of today. */
static enum db_rc
bulk_appt(struct ctl *c, struct db *db, int64_t cust, long long i,
    int64_t today)
{
	const char	*place, *pid;
	int64_t		 starts;

	starts = today + (i * 7 % 181 - 90) * 86400LL + (9 + i % 8) * 3600LL;
	place = arena_printf(c->a, "%lld %s", i % 40 + 1, streets[i % 8]);
	return appointment_add(db, c->a, cust,
	    arena_printf(c->a, "%s: %s", kinds[i % 3], place), agendas[i % 4],
	    starts, starts + 1800, i % 3 == 1 ? "" : place,
	    i % 3 == 1 ? "https://meet.example.com/porch-demo" : "",
	    statuses[i % 10], sources[i % 4], &pid);
}

/* `m` appointments spread over `n` customers (customer<i>@example.com),
 * or over Ana and Ben when n is 0: for benchmarks. */
static enum db_rc
demo_bulk(struct ctl *c, struct db *db, long long n, long long m,
    int64_t today, const int64_t people[2])
{
	int64_t		*ids;
	enum db_rc	 rc = DB_OK;
	long long	 i;
	bool		 fresh;

	if ((ids = calloc(n > 0 ? n : 2, sizeof(*ids))) == NULL)
		return DB_ERR;
	memcpy(ids, people, 2 * sizeof(*ids));
	for (i = 0; i < n && rc == DB_OK; i++) {
		if (i % 1000 == 0)
			arena_reset(c->a);
		rc = demo_customer(c, db,
		    arena_printf(c->a, "customer%lld@example.com", i + 1),
		    arena_printf(c->a, "Customer %lld", i + 1), &ids[i], &fresh);
	}
	for (i = 0; i < m && rc == DB_OK; i++) {
		if (i % 1000 == 0)
			arena_reset(c->a);
		rc = bulk_appt(c, db, ids[i % (n > 0 ? n : 2)], i, today);
	}
	free(ids);
	return rc;
}

/* Makes office and portal "demo" in CONF when missing. */
static bool
demo_config(struct ctl *c, const char *url, bool url_given)
{
	const struct portal	*p;
	struct buf		 b;

	if (!conf_lock(c))
		return false;
	buf_init(&b, c->a);
	if (config_office_by_id(c->cfg, "demo") == NULL)
		buf_puts(&b, "\n[office demo]\nname = Demo Realty\n");
	if ((p = config_portal_by_id(c->cfg, "demo")) == NULL)
		buf_printf(&b, "\n[portal demo]\noffice = demo\nurl = %s\n"
		    "name = Demo Realty\n", url);
	else if (strcmp(p->office->id, "demo") != 0)
		return refuse("portal demo belongs to office %s",
		    p->office->id);
	else if (url_given && strcmp(p->url, url) != 0)
		complain("portal demo exists with url %s; leaving it", p->url);
	if (b.len > 0 && (!conf_append(c, buf_cstr(&b)) ||
	    config_portal_by_id(c->cfg, "demo") == NULL)) {
		conf_rollback(c);
		return false;
	}
	return true;
}

static int
cmd_seed_demo(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "customers", required_argument, NULL, 'n' },
		{ "appointments", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*url = "http://127.0.0.1:8080", *link = NULL;
	struct who		 w = { 0 };
	const struct portal	*p;
	struct db		*db;
	enum db_rc		 rc;
	long long		 n = 0, m = 0;
	int64_t			 today, people[2];
	int			 ch;
	bool			 url_given = false;

	while ((ch = option(argc, argv, opts)) != -1)
		if (ch == 'u') {
			url = optarg;
			url_given = true;
		} else if (ch == 'n')
			n = number(optarg, 0, SEED_MAX);
		else
			m = number(optarg, 0, 10 * SEED_MAX);
	if (optind != argc)
		usage();
	if (!conf_value("url", url) || !demo_config(c, url, url_given) ||
	    (p = config_portal_by_id(c->cfg, "demo")) == NULL ||
	    (db = office_db(p->office)) == NULL)
		return 1;
	today = time(NULL) / 86400 * 86400;
	w.email = "ana@example.com";
	w.ttl = c->cfg->magic_link_minutes * 60LL;
	if ((rc = db_begin(db, true)) == DB_OK &&
	    (rc = demo_people(c, db, today, people)) == DB_OK &&
	    (rc = demo_bulk(c, db, n, m, today, people)) == DB_OK)
		link = link_make(c, db, p, &w, &rc);
	if (finish(db, rc, "seed-demo") != 0)
		return 1;
	fprintf(stderr, "porchctl: demo office ready at %s (%lld more "
	    "customers, %lld more appointments)\n", p->url, n, m);
	printf("%s\n", link);
	return 0;
}

/* ------------------------------------------------------ migrate, outbox */

static int
cmd_migrate(struct ctl *c, int argc, char **argv)
{
	struct db	*db;
	size_t		 i;
	int		 status = 0;

	static const struct option opts[] = { { NULL, 0, NULL, 0 } };

	if (option(argc, argv, opts) != -1 || optind != argc)
		usage();
	if (!load(c))
		return 1;
	for (i = 0; i < c->cfg->noffices; i++) {
		if ((db = office_db(&c->cfg->offices[i])) == NULL)
			status = 1;
		else
			printf("%s: schema version %d\n", c->cfg->offices[i].id,
			    db_user_version(db));
	}
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

	if ((db = office_db(o)) == NULL)
		return false;
	if ((rc = db_begin(db, false)) == DB_OK)
		rc = outbox_queued(db, c->a, OUTBOX_MAX, &om, &n);
	if (finish(db, rc, o->id) != 0)
		return false;
	for (i = 0; i < n; i++)
		printf("%s\t%lld\t%s\t%lld\t%s\t%s\t%s\t%s\n", o->id,
		    (long long)om[i].id, when(c, om[i].created),
		    (long long)om[i].attempts, when(c, om[i].next_attempt),
		    cell(c, om[i].to), cell(c, om[i].subject),
		    cell(c, om[i].last_error));
	if (n == OUTBOX_MAX)
		complain("office %s: showing the oldest %d", o->id, OUTBOX_MAX);
	return true;
}

static int
cmd_outbox(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const struct office	*o;
	const char		*office = NULL;
	size_t			 i;
	int			 status = 0;

	while (option(argc, argv, opts) != -1)
		office = optarg;
	if (optind != argc)
		usage();
	if (!load(c))
		return 1;
	printf("office\tid\tcreated\tattempts\tnext_attempt\tto\tsubject\t"
	    "last_error\n");
	if (office != NULL)
		return (o = office_get(c, office)) == NULL ||
		    !outbox_list(c, o);
	for (i = 0; i < c->cfg->noffices; i++)
		if (!outbox_list(c, &c->cfg->offices[i]))
			status = 1;
	return status;
}

/* ---------------------------------------------------------------- main */

static const struct cmd cmds[] = {
	{ "init", NULL, cmd_init, "[--state DIR] [--templates DIR] "
	  "[--smtp-url URL] [--mail-from ADDR]" },
	{ "office", "add", cmd_office_add, "ID --name NAME" },
	{ "portal", "add", cmd_portal_add, "ID --office OFFICE --url URL "
	  "[--name NAME] [--alias HOST]... [--signin \"magic-link password\"] "
	  "[--signup open|invite]" },
	{ "customer", "add", cmd_customer_add, "--office O --email E --name N" },
	{ "member", "add", cmd_member_add, "--office O --email E --name N "
	  "[--role admin|agent|viewer]" },
	{ "link", NULL, cmd_link, "--office O --email E [--portal P] "
	  "[--next /path] [--ttl SECONDS]" },
	{ "seed-demo", NULL, cmd_seed_demo, "[--url URL] [--customers N] "
	  "[--appointments M]" },
	{ "migrate", NULL, cmd_migrate, "" },
	{ "outbox", NULL, cmd_outbox, "[--office O]" },
};

static void __attribute__((noreturn))
usage_all(void)
{
	size_t	 i;

	fprintf(stderr, "usage: porchctl [-c CONF] COMMAND ...\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(stderr, "  %s%s%s%s%s\n", cmds[i].name,
		    cmds[i].sub != NULL ? " " : "",
		    cmds[i].sub != NULL ? cmds[i].sub : "",
		    cmds[i].args[0] != '\0' ? " " : "", cmds[i].args);
	exit(2);
}

static const struct cmd *
cmd_find(int argc, char **argv)
{
	size_t	 i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[0], cmds[i].name) != 0)
			continue;
		if (cmds[i].sub != NULL && (argc < 2 ||
		    strcmp(argv[1], cmds[i].sub) != 0)) {
			current = &cmds[i];
			usage();
		}
		return &cmds[i];
	}
	usage_all();
}

int
main(int argc, char *argv[])
{
	struct ctl	 c;
	int		 ch, skip, status;

	memset(&c, 0, sizeof(c));
	c.lockfd = -1;
	while ((ch = getopt(argc, argv, "+c:")) != -1)
		if (ch == 'c')
			c.conf = optarg;
		else
			usage_all();
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage_all();
	current = cmd_find(argc, argv);
	log_set_program("porchctl");
	if (c.conf == NULL)
		c.conf = config_default_path();
	if (!crypto_init())
		return complain("cannot initialise libsodium");
	c.a = arena_new(64 * 1024);
	/* The command's options start after its name (and "add"). */
	skip = current->sub != NULL ? 1 : 0;
	optind = 0;
	status = current->run(&c, argc - skip, argv + skip);
	fflush(stdout);
	if (ferror(stdout))
		status = complain("error writing the output");
	tenant_close_all();
	config_free(c.cfg);
	if (c.lockfd != -1)
		close(c.lockfd);
	arena_free(c.a);
	return status;
}
