/*
 * porchctl-conf: the commands that write porch.conf (init, office add,
 * portal add, and the demo sections seed-demo asks for).
 *
 * init creates the file, which must not exist, and the state directory
 * with the master key; a key that exists is never replaced, since every
 * stored document depends on it.  Offices and portals live in porch.conf,
 * so adding one appends a section to that file under an exclusive lock,
 * then loads the whole config again: if the new text does not load, or
 * does not read back as written, the file is cut back to its old length
 * and nothing changed.  The file is only ever appended to, so its mode,
 * owner and comments stay the admin's.  Nothing here edits or removes a
 * section, and nothing touches an office's records beyond opening (and so
 * migrating) the database of a new office.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "arena.h"
#include "config.h"
#include "db.h"
#include "util.h"
#include "porchctl.h"

#ifndef PORCH_STATE_DEFAULT
#define PORCH_STATE_DEFAULT	"/var/lib/porch"
#endif

#define KEY_BYTES	32
#define CONF_LINE_MAX	197	/* config.c's longest line */

struct portal_args {
	const char	*id, *office, *url, *name, *signin, *signup;
	const char	*language;
	struct buf	 aliases;
};

/* An office or portal id: [a-z0-9-]{1,40}, as config.c wants. */
static bool
id_ok(const char *what, const char *s)
{
	size_t	 n;

	n = strlen(s);
	if (n >= 1 && n <= 40 && strspn(s,
	    "abcdefghijklmnopqrstuvwxyz0123456789-") == n)
		return true;
	return ctl_refuse("%s: %s id is 1 to 40 of a-z, 0-9 and -", s, what);
}

/* A value that one config line can carry unchanged: inih would trim its
 * spaces, cut it at " ;" and treat an indented next line as more of it. */
static bool
conf_value(const char *key, const char *v)
{
	size_t	 n;

	n = strlen(v);
	if (n == 0 || !utf8_valid(v, n) || has_control(v, n, false))
		return ctl_refuse("%s: empty, not UTF-8 or has control "
		    "characters", key);
	if (v[0] == ' ' || v[n - 1] == ' ' || strchr(v, ';') != NULL)
		return ctl_refuse("%s: no ';' and no leading or trailing "
		    "spaces", key);
	if (strlen(key) + 3 + n > CONF_LINE_MAX)
		return ctl_refuse("%s: too long for one config line", key);
	return true;
}

/* ------------------------------------------------------------ the file */

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

/* Creates `path`, which must not exist, holding data[0, len) on disk; on
 * failure nothing is left behind. */
static bool
file_create(const char *path, mode_t mode, const char *data, size_t len)
{
	int	 fd, err;
	bool	 ok;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd == -1)
		return ctl_refuse("%s: %s", path, strerror(errno));
	ok = write_all(fd, data, len) && fsync(fd) == 0;
	err = errno;
	if (close(fd) == -1 && ok) {
		ok = false;
		err = errno;
	}
	if (!ok) {
		unlink(path);
		return ctl_refuse("%s: %s", path, strerror(err));
	}
	return true;
}

/* Locks CONF and loads it; the lock keeps two appends from interleaving. */
static bool
conf_lock(struct ctl *c)
{
	struct stat	 st;

	if ((c->lockfd = open(c->conf, O_RDWR | O_APPEND | O_CLOEXEC)) == -1)
		return ctl_refuse("%s: %s", c->conf, strerror(errno));
	if (flock(c->lockfd, LOCK_EX) == -1 || fstat(c->lockfd, &st) == -1)
		return ctl_refuse("%s: %s", c->conf, strerror(errno));
	c->oldsize = st.st_size;
	return ctl_load(c);
}

static void
conf_rollback(struct ctl *c)
{
	if (ftruncate(c->lockfd, c->oldsize) == -1 || fsync(c->lockfd) == -1)
		ctl_complain("%s: could not restore its old length %lld: %s",
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
		return ctl_refuse("%s: %s", c->conf, strerror(errno));
	if ((last != '\n' && !write_all(c->lockfd, "\n", 1)) ||
	    !write_all(c->lockfd, text, strlen(text)) ||
	    fsync(c->lockfd) == -1) {
		ctl_complain("%s: %s", c->conf, strerror(errno));
		conf_rollback(c);
		return false;
	}
	if (!ctl_load(c)) {
		conf_rollback(c);
		return false;
	}
	return true;
}

/* After an append whose section did not come back: undo it. */
static bool
conf_unread(struct ctl *c, const char *what, const char *id)
{
	conf_rollback(c);
	return ctl_refuse("%s %s did not read back as written; %s is "
	    "unchanged", what, id, c->conf);
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

	buf_init(&b, c->a);
	buf_printf(&b, "# Porch configuration: every key is described in "
	    "the README.\n[server]\nstate_dir = %s\n", state);
	if (tmpl != NULL)
		buf_printf(&b, "templates_dir = %s\n", tmpl);
	if (smtp != NULL)
		buf_printf(&b, "smtp_url = %s\n", smtp);
	if (from != NULL)
		buf_printf(&b, "mail_from = %s\n", from);
	if (!file_create(c->conf, 0644, b.data, b.len))
		return false;
	ctl_say("wrote %s", c->conf);
	return true;
}

/* 32 random bytes, written once. */
static bool
key_create(const char *path)
{
	unsigned char	 key[KEY_BYTES];
	struct stat	 st;
	bool		 ok;

	if (stat(path, &st) == 0) {
		if (st.st_size != KEY_BYTES)
			return ctl_refuse("%s: exists but is not a %d-byte key",
			    path, KEY_BYTES);
		return true;
	}
	randombytes_buf(key, sizeof(key));
	ok = file_create(path, 0600, (const char *)key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	if (ok)
		ctl_say("made the master key %s", path);
	return ok;
}

int
ctl_cmd_init(struct ctl *c, int argc, char **argv)
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

	while ((ch = ctl_option(argc, argv, opts)) != -1) {
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
		ctl_usage();
	if (access(c->conf, F_OK) == 0) {
		if (given > 0)
			ctl_say("%s exists; leaving it as it is", c->conf);
	} else if (!conf_value("state_dir", state) ||
	    (tmpl != NULL && !conf_value("templates_dir", tmpl)) ||
	    (smtp != NULL && !conf_value("smtp_url", smtp)) ||
	    (from != NULL && !conf_value("mail_from", from)) ||
	    !conf_create(c, state, tmpl, smtp, from))
		return 1;
	if (!ctl_load(c))
		return 1;
	state = c->cfg->state_dir;
	if (!mkdir_p(state, 0700) ||
	    !mkdir_p(arena_printf(c->a, "%s/offices", state), 0700))
		return ctl_complain("%s: %s", state, strerror(errno));
	if (!key_create(c->cfg->master_key_file))
		return 1;
	ctl_say("%s ready, state in %s", c->conf, state);
	return 0;
}

/* ------------------------------------------------------ offices, portals */

static void
office_section(struct buf *b, const char *id, const char *name)
{
	buf_printf(b, "\n[office %s]\nname = %s\n", id, name);
}

static void
portal_section(struct buf *b, const struct portal_args *p)
{
	buf_printf(b, "\n[portal %s]\noffice = %s\nurl = %s\n", p->id,
	    p->office, p->url);
	if (p->name != NULL)
		buf_printf(b, "name = %s\n", p->name);
	if (p->aliases.len > 0)
		buf_printf(b, "aliases = %s\n", p->aliases.data);
	if (p->signin != NULL)
		buf_printf(b, "signin = %s\n", p->signin);
	if (p->signup != NULL)
		buf_printf(b, "signup = %s\n", p->signup);
	if (p->language != NULL)
		buf_printf(b, "language = %s\n", p->language);
}

/* One of config_lang_codes. */
static bool
language_ok(const char *code)
{
	size_t	 i;

	for (i = 0; i < LANG__MAX; i++)
		if (strcmp(code, config_lang_codes[i]) == 0)
			return true;
	return false;
}

/* After the append: the office reads back as written and has a
 * database, or the append is undone. */
static bool
office_check(struct ctl *c, const char *id, const char *name)
{
	const struct office	*o;
	struct db		*db;

	o = config_office_by_id(c->cfg, id);
	if (o == NULL || strcmp(o->name, name) != 0)
		return conf_unread(c, "office", id);
	if ((db = ctl_office_db(o)) == NULL) {
		conf_rollback(c);
		return false;
	}
	ctl_say("office %s added, schema version %d", id,
	    db_user_version(db));
	return true;
}

int
ctl_cmd_office_add(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*name = NULL, *id;
	struct buf	 b;

	while (ctl_option(argc, argv, opts) != -1)
		name = optarg;
	if (name == NULL || optind != argc - 1)
		ctl_usage();
	id = argv[optind];
	if (!id_ok("an office", id) || !conf_value("name", name) ||
	    !conf_lock(c))
		return 1;
	if (config_office_by_id(c->cfg, id) != NULL)
		return ctl_complain("office %s exists in %s", id, c->conf);
	buf_init(&b, c->a);
	office_section(&b, id, name);
	if (!conf_append(c, buf_cstr(&b)) || !office_check(c, id, name))
		return 1;
	return 0;
}

static bool
portal_args_ok(const struct portal_args *p)
{
	if (!id_ok("a portal", p->id))
		return false;
	if (p->signup != NULL && strcmp(p->signup, "open") != 0 &&
	    strcmp(p->signup, "invite") != 0)
		return ctl_refuse("--signup is open or invite");
	if (p->language != NULL && !language_ok(p->language))
		return ctl_refuse("--language: no language \"%s\" (en, nl)",
		    p->language);
	return conf_value("office", p->office) && conf_value("url", p->url) &&
	    (p->name == NULL || conf_value("name", p->name)) &&
	    (p->signin == NULL || conf_value("signin", p->signin)) &&
	    (p->aliases.len == 0 || conf_value("aliases", p->aliases.data));
}

static bool
portal_check(struct ctl *c, const struct portal_args *p)
{
	const struct portal	*po;

	po = config_portal_by_id(c->cfg, p->id);
	if (po == NULL || strcmp(po->office->id, p->office) != 0 ||
	    (p->name != NULL && strcmp(po->name, p->name) != 0))
		return conf_unread(c, "portal", p->id);
	ctl_say("portal %s added: %s", p->id, po->url);
	return true;
}

static void
portal_parse(int argc, char **argv, struct portal_args *p)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ "url", required_argument, NULL, 'u' },
		{ "name", required_argument, NULL, 'n' },
		{ "alias", required_argument, NULL, 'a' },
		{ "signin", required_argument, NULL, 'i' },
		{ "signup", required_argument, NULL, 's' },
		{ "language", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	while ((ch = ctl_option(argc, argv, opts)) != -1)
		if (ch == 'o')
			p->office = optarg;
		else if (ch == 'u')
			p->url = optarg;
		else if (ch == 'n')
			p->name = optarg;
		else if (ch == 'i')
			p->signin = optarg;
		else if (ch == 's')
			p->signup = optarg;
		else if (ch == 'l')
			p->language = optarg;
		else
			buf_printf(&p->aliases, "%s%s",
			    p->aliases.len > 0 ? " " : "", optarg);
	if (p->office == NULL || p->url == NULL || optind != argc - 1)
		ctl_usage();
	p->id = argv[optind];
}

int
ctl_cmd_portal_add(struct ctl *c, int argc, char **argv)
{
	struct portal_args	 p;
	struct buf		 b;

	memset(&p, 0, sizeof(p));
	buf_init(&p.aliases, c->a);
	portal_parse(argc, argv, &p);
	if (!portal_args_ok(&p) || !conf_lock(c))
		return 1;
	if (config_portal_by_id(c->cfg, p.id) != NULL)
		return ctl_complain("portal %s exists in %s", p.id, c->conf);
	if (ctl_office_get(c, p.office) == NULL)
		return 1;
	buf_init(&b, c->a);
	portal_section(&b, &p);
	if (!conf_append(c, buf_cstr(&b)) || !portal_check(c, &p))
		return 1;
	return 0;
}

/* ----------------------------------------------------------------- demo */

bool
ctl_conf_demo(struct ctl *c, const char *url, bool url_given)
{
	const struct portal	*p;
	struct portal_args	 pa;
	struct buf		 b;

	if (!conf_value("url", url) || !conf_lock(c))
		return false;
	buf_init(&b, c->a);
	if (config_office_by_id(c->cfg, "demo") == NULL) {
		office_section(&b, "demo", "Demo Realty");
		/* how its customers reach it, shown on their pages */
		buf_printf(&b, "phone = +44 1496 960 123\n"
		    "email = office@demo-realty.example\n"
		    "address = 1 Main Street, Port Ellen\n");
	}
	if ((p = config_portal_by_id(c->cfg, "demo")) == NULL) {
		memset(&pa, 0, sizeof(pa));
		buf_init(&pa.aliases, c->a);
		pa.id = pa.office = "demo";
		pa.url = url;
		pa.name = "Demo Realty";
		portal_section(&b, &pa);
	} else if (strcmp(p->office->id, "demo") != 0)
		return ctl_refuse("portal demo belongs to office %s",
		    p->office->id);
	else if (url_given && strcmp(p->url, url) != 0)
		ctl_say("portal demo exists with url %s; leaving it", p->url);
	if (b.len == 0)
		return true;
	if (!conf_append(c, buf_cstr(&b)))
		return false;
	if (config_portal_by_id(c->cfg, "demo") == NULL)
		return conf_unread(c, "portal", "demo");
	return true;
}
