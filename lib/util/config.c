/*
 * config: loads porch.conf (the format is in config.h) and answers which
 * portal serves a host.
 *
 * confread.c reads the text into definitions, one key at a time; this
 * file finishes them: defaults that depend on other values, each portal's
 * office, its normalised url and the hosts it serves, and the check that
 * no host is claimed twice.  The result is one arena, freed at once.
 *
 * Invariants of a loaded config: every value is set and checked, every
 * portal points at an office of the same structure, no host is served by
 * two portals, and nothing changes after loading.  This module touches no
 * directory and no database: tenant.c creates an office's directory on
 * first use.
 */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "arena.h"
#include "config.h"
#include "confread.h"
#include "log.h"
#include "util.h"

#ifndef PORCH_CONF_DEFAULT
#define PORCH_CONF_DEFAULT	"/etc/porch.conf"
#endif

#define CONFIG_FILE_MAX	(1024 * 1024)	/* a config file is small */
#define HOST_MAX	253

/* ------------------------------------------------------------ hosts */

/* "host", "host:port", "[v6]" or "[v6]:port". */
const char *
config_check_hostport(const char *v)
{
	const char	*end, *port;
	char		 six[INET6_ADDRSTRLEN + 1];
	unsigned char	 buf[sizeof(struct in6_addr)];
	size_t		 n;
	long		 num;

	if (*v == '[') {
		if ((end = strchr(v, ']')) == NULL ||
		    (n = (size_t)(end - v - 1)) == 0 || n >= sizeof(six))
			return "not a host name or [IPv6 address]";
		memcpy(six, v + 1, n);
		six[n] = '\0';
		if (inet_pton(AF_INET6, six, buf) != 1)
			return "not a host name or [IPv6 address]";
		port = end + 1;
	} else {
		n = strspn(v, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.");
		if (n == 0 || n > HOST_MAX || v[0] == '.' || v[n - 1] == '.' ||
		    memmem(v, n, "..", 2) != NULL)
			return "not a host name";
		port = v + n;
	}
	if (*port == '\0')
		return NULL;
	if (*port++ != ':')
		return "not a host name";
	if ((n = strspn(port, "0123456789")) == 0 || n > 5 || port[n] != '\0')
		return "not host[:port]";
	num = strtol(port, NULL, 10);
	return num < 1 || num > 65535 ? "port not in 1..65535" : NULL;
}

/* The origin a browser sends: http(s)://host[:port], nothing more. */
const char *
config_check_url(const char *v)
{
	const char	*rest, *problem;
	char		*hp;
	size_t		 n;

	if (strncasecmp(v, "https://", 8) == 0)
		rest = v + 8;
	else if (strncasecmp(v, "http://", 7) == 0)
		rest = v + 7;
	else
		return "must start with http:// or https://";
	n = strcspn(rest, "/?#@");
	if (rest[n] == '@')
		return "must not hold a user name";
	if (rest[n] != '\0' && strcmp(rest + n, "/") != 0)
		return "must be scheme://host[:port] without a path";
	if ((hp = strndup(rest, n)) == NULL)
		return "out of memory";
	problem = config_check_hostport(hp);
	free(hp);
	return problem;
}

/* "127.0.0.1", "[::1]" or "localhost", with or without a port. */
static bool
loopback_host(const char *hp)
{
	static const char *const names[] = { "127.0.0.1", "[::1]", "localhost" };
	size_t			 i, n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = strlen(names[i]);
		if (strncmp(hp, names[i], n) == 0 &&
		    (hp[n] == '\0' || hp[n] == ':'))
			return true;
	}
	return false;
}

/*
 * The issuer is compared byte for byte with the iss claim, so it is kept
 * as written; plain http is allowed only where nothing leaves the machine.
 */
const char *
config_check_issuer(const char *v)
{
	const char	*rest, *problem = NULL;
	char		*hp;
	size_t		 n;

	if (strncmp(v, "https://", 8) == 0)
		rest = v + 8;
	else if (strncmp(v, "http://", 7) == 0)
		rest = v + 7;
	else
		return "must start with https://";
	n = strcspn(rest, "/?#@");
	if (strpbrk(rest, "?#@") != NULL)
		return "must be https://host[:port][/path]";
	if ((hp = strndup(rest, n)) == NULL)
		return "out of memory";
	if (config_check_hostport(hp) != NULL)
		problem = "must be https://host[:port][/path]";
	else if (rest == v + 7 && !loopback_host(hp))
		problem = "must start with https:// (http only on a loopback "
		    "host)";
	free(hp);
	return problem;
}

/* ------------------------------------------------------------ finishing */

static void
finish_server(struct confread *ld)
{
	struct config	*c = ld->c;
	size_t		 n;

	confread_defaults(ld, CONFREAD_SERVER, 0);
	if (ld->failed)
		return;
	/* "/var/lib/porch/" and "/var/lib/porch" name the same directory */
	n = strlen(c->state_dir);
	while (n > 1 && c->state_dir[n - 1] == '/')
		c->state_dir[--n] = '\0';
	if (c->master_key_file == NULL)
		c->master_key_file = arena_printf(ld->a, "%s/master.key",
		    n > 1 ? c->state_dir : "");
}

static void
finish_offices(struct confread *ld)
{
	struct office	*o;
	size_t		 i;
	const char	*dir;

	dir = strcmp(ld->c->state_dir, "/") == 0 ? "" : ld->c->state_dir;
	for (i = 0; i < ld->nod; i++) {
		o = &ld->od[i].o;
		confread_defaults(ld, CONFREAD_OFFICE, i);
		if (o->name == NULL)
			o->name = o->id;
		if (o->team_signin == 0)
			confread_fail(ld, confread_line(ld, CONFREAD_OFFICE, i,
			    "team_signin"), CONFREAD_OFFICE, i, "team_signin",
			    "offers no sign-in method");
		/* an endpoint is signed, so it needs its secret, and a
		 * secret alone would be forgotten configuration */
		if ((*o->webhook_url != '\0') != (*o->webhook_secret_file !=
		    '\0'))
			confread_fail(ld, confread_line(ld, CONFREAD_OFFICE, i,
			    *o->webhook_url != '\0' ? "webhook_url" :
			    "webhook_secret_file"), CONFREAD_OFFICE, i,
			    *o->webhook_url != '\0' ? "webhook_url" :
			    "webhook_secret_file", "webhook_url and "
			    "webhook_secret_file go together");
		o->dir = arena_printf(ld->a, "%s/offices/%s", dir, o->id);
		o->db_path = arena_printf(ld->a, "%s/porch.db", o->dir);
	}
}

/*
 * A host as the Host header carries it: lower-case, and without the
 * scheme's default port, which browsers leave out.
 */
static char *
host_norm(struct arena *a, const char *hp, bool https)
{
	char	*h, *colon;

	h = arena_strdup(a, hp);
	lower(h);
	colon = strrchr(h, ':');
	if (colon != NULL && strchr(colon, ']') == NULL &&
	    strcmp(colon + 1, https ? "443" : "80") == 0)
		*colon = '\0';
	return h;
}

/* url normalised to "scheme://host[:port]"; hosts from it and the aliases. */
static void
finish_hosts(struct arena *a, struct confread_portal *d)
{
	struct portal	*p = &d->p;
	bool		 https;
	char		*hp;
	size_t		 i, n;

	https = strncasecmp(p->url, "https://", 8) == 0;
	hp = p->url + (https ? 8 : 7);
	n = strlen(hp);
	if (n > 0 && hp[n - 1] == '/')
		hp[n - 1] = '\0';
	confread_list_add(a, &p->hosts, &p->nhosts, host_norm(a, hp, https));
	p->url = arena_printf(a, "%s://%s", https ? "https" : "http",
	    p->hosts[0]);
	p->origin = p->url;
	for (i = 0; i < d->naliases; i++)
		confread_list_add(a, &p->hosts, &p->nhosts,
		    host_norm(a, d->aliases[i], https));
}

static void
finish_providers(struct confread *ld)
{
	struct oidc_provider	*o;
	size_t			 i;

	for (i = 0; i < ld->nxd && !ld->failed; i++) {
		o = &ld->xd[i].o;
		confread_defaults(ld, CONFREAD_OIDC, i);
		if (o->name == NULL)
			o->name = o->id;
	}
}

/* Each provider a portal names is an [oidc] section, named once. */
static void
finish_portal_oidc(struct confread *ld, size_t i)
{
	struct confread_portal	*d = &ld->pd[i];
	size_t			 j, k;

	d->oidc_idx = arena_alloc(ld->a, (d->noidc + 1) * sizeof(size_t));
	for (j = 0; j < d->noidc && !ld->failed; j++) {
		for (k = 0; k < j; k++)
			if (strcmp(d->oidc[k], d->oidc[j]) == 0)
				break;
		if (k < j) {
			confread_fail(ld, confread_line(ld, CONFREAD_PORTAL, i,
			    "oidc"), CONFREAD_PORTAL, i, "oidc",
			    "%s is listed twice", d->oidc[j]);
			return;
		}
		for (k = 0; k < ld->nxd; k++)
			if (strcmp(ld->xd[k].o.id, d->oidc[j]) == 0)
				break;
		if (k == ld->nxd)
			confread_fail(ld, confread_line(ld, CONFREAD_PORTAL, i,
			    "oidc"), CONFREAD_PORTAL, i, "oidc",
			    "no [oidc %s]", d->oidc[j]);
		d->oidc_idx[j] = k;
	}
}

static void
finish_portal(struct confread *ld, size_t i)
{
	struct confread_portal	*d = &ld->pd[i];
	size_t			 j;

	confread_defaults(ld, CONFREAD_PORTAL, i);
	if (ld->failed)
		return;
	for (j = 0; j < ld->nod; j++)
		if (strcmp(ld->od[j].o.id, d->office) == 0)
			break;
	if (j == ld->nod) {
		confread_fail(ld, confread_line(ld, CONFREAD_PORTAL, i,
		    "office"), CONFREAD_PORTAL, i, "office",
		    "no [office %s]", d->office);
		return;
	}
	d->office_idx = j;
	if (d->p.name == NULL)
		d->p.name = ld->od[j].o.name;
	if (d->p.signin == 0)
		confread_fail(ld, confread_line(ld, CONFREAD_PORTAL, i,
		    "signin"), CONFREAD_PORTAL, i, "signin",
		    "offers no sign-in method");
	finish_portal_oidc(ld, i);
	finish_hosts(ld->a, d);
}

static bool
is_https(const struct portal *p)
{
	return strncmp(p->url, "https:", 6) == 0;
}

/*
 * Whether `other` is host h (stored without a port) with the port its
 * scheme implies spelled out: "a.example:443" for https://a.example.
 */
static bool
default_port_form(const char *h, bool https, const char *other)
{
	const char	*colon;
	size_t		 n;

	if ((colon = strrchr(h, ':')) != NULL && strchr(colon, ']') == NULL)
		return false;
	n = strlen(h);
	return strncasecmp(other, h, n) == 0 && other[n] == ':' &&
	    strcmp(other + n + 1, https ? "443" : "80") == 0;
}

/*
 * Whether host j of portal i answers a Host header that an earlier host,
 * in it or in another portal, answers too.
 */
static bool
host_seen(const struct confread *ld, size_t i, size_t j, size_t *owner)
{
	const struct portal	*p = &ld->pd[i].p, *q;
	size_t			 k, l, n;

	for (k = 0; k <= i; k++) {
		q = &ld->pd[k].p;
		n = k == i ? j : q->nhosts;
		for (l = 0; l < n; l++)
			if (strcmp(p->hosts[j], q->hosts[l]) == 0 ||
			    default_port_form(p->hosts[j], is_https(p),
			    q->hosts[l]) ||
			    default_port_form(q->hosts[l], is_https(q),
			    p->hosts[j])) {
				*owner = k;
				return true;
			}
	}
	return false;
}

/* No host may be served by two portals, nor listed twice by one. */
static void
check_hosts(struct confread *ld)
{
	const char	*key, *host;
	size_t		 i, j, owner;
	int		 line;

	for (i = 0; i < ld->npd; i++)
		for (j = 0; j < ld->pd[i].p.nhosts; j++) {
			if (!host_seen(ld, i, j, &owner))
				continue;
			key = j == 0 ? "url" : "aliases";
			line = confread_line(ld, CONFREAD_PORTAL, i, key);
			host = ld->pd[i].p.hosts[j];
			if (owner == i)
				confread_fail(ld, line, CONFREAD_PORTAL, i, key,
				    "host %s is listed twice", host);
			else
				confread_fail(ld, line, CONFREAD_PORTAL, i, key,
				    "host %s is already served by "
				    "[portal %s]", host, ld->pd[owner].p.id);
			return;
		}
}

/* Moves the checked offices and portals into the config. */
static void
assemble(struct confread *ld)
{
	struct config	*c = ld->c;
	size_t		 i, j;

	c->offices = arena_alloc(ld->a, (ld->nod + 1) * sizeof(*c->offices));
	for (i = 0; i < ld->nod; i++)
		c->offices[i] = ld->od[i].o;
	c->noffices = ld->nod;
	c->providers = arena_alloc(ld->a,
	    (ld->nxd + 1) * sizeof(*c->providers));
	for (i = 0; i < ld->nxd; i++)
		c->providers[i] = ld->xd[i].o;
	c->nproviders = ld->nxd;
	c->portals = arena_alloc(ld->a, (ld->npd + 1) * sizeof(*c->portals));
	for (i = 0; i < ld->npd; i++) {
		c->portals[i] = ld->pd[i].p;
		c->portals[i].office = &c->offices[ld->pd[i].office_idx];
		c->portals[i].noidc = ld->pd[i].noidc;
		c->portals[i].oidc = arena_alloc(ld->a,
		    (ld->pd[i].noidc + 1) * sizeof(*c->portals[i].oidc));
		for (j = 0; j < ld->pd[i].noidc; j++)
			c->portals[i].oidc[j] =
			    &c->providers[ld->pd[i].oidc_idx[j]];
	}
	c->nportals = ld->npd;
}

static struct config *
load_text(const char *text, const char *path, char *err, size_t errlen)
{
	struct confread	 ld;
	size_t		 i;

	memset(&ld, 0, sizeof(ld));
	ld.a = arena_new(16 * 1024);
	ld.path = path;
	ld.err = err;
	ld.errlen = errlen;
	ld.c = arena_alloc(ld.a, sizeof(*ld.c));
	ld.c->mem = ld.a;
	ld.c->path = arena_strdup(ld.a, path);
	if (confread_text(&ld, text))
		finish_server(&ld);
	if (!ld.failed)
		finish_offices(&ld);
	if (!ld.failed)
		finish_providers(&ld);
	for (i = 0; i < ld.npd && !ld.failed; i++)
		finish_portal(&ld, i);
	if (!ld.failed)
		check_hosts(&ld);
	if (ld.failed) {
		arena_free(ld.a);
		return NULL;
	}
	assemble(&ld);
	return ld.c;
}

/* ------------------------------------------------------------ interface */

struct config *
config_load_string(const char *text, char *err, size_t errlen)
{
	struct config	*c;

	if ((c = load_text(text, "<string>", err, errlen)) != NULL)
		c->size = -1;	/* no file: config_changed is always false */
	return c;
}

/* The whole file, or NULL with err set. */
static char *
read_file(const char *path, struct stat *st, char *err, size_t errlen)
{
	char		*text = NULL;
	const char	*problem = NULL;
	ssize_t		 got = 0;
	size_t		 n = 0, size;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	/* stat before reading: an edit made during the read shows next time */
	if (fstat(fd, st) == -1)
		problem = strerror(errno);
	else if (!S_ISREG(st->st_mode))
		problem = "not a regular file";
	else if (st->st_size > CONFIG_FILE_MAX)
		problem = "larger than 1 MiB";
	else {
		size = (size_t)st->st_size;
		if ((text = malloc(size + 1)) == NULL) {
			log_err("config: out of memory");
			abort();
		}
		while (n < size && (got = read(fd, text + n, size - n)) > 0)
			n += (size_t)got;
		text[n] = '\0';
		if (got == -1)
			problem = strerror(errno);
		else if (strlen(text) != n)
			problem = "contains a NUL byte";
	}
	close(fd);
	if (problem != NULL) {
		snprintf(err, errlen, "%s: %s", path, problem);
		free(text);
		return NULL;
	}
	return text;
}

struct config *
config_load(const char *path, char *err, size_t errlen)
{
	struct config	*c;
	struct stat	 st;
	char		*text;

	if ((text = read_file(path, &st, err, errlen)) == NULL)
		return NULL;
	c = load_text(text, path, err, errlen);
	free(text);
	if (c != NULL) {
		c->mtime = st.st_mtim.tv_sec;
		c->mtime_nsec = st.st_mtim.tv_nsec;
		c->size = (long long)st.st_size;
	}
	return c;
}

void
config_free(struct config *c)
{
	if (c != NULL)
		arena_free(c->mem);
}

const struct portal *
config_portal_by_host(const struct config *c, const char *host)
{
	size_t	 i, j;

	if (host == NULL)
		return NULL;
	for (i = 0; i < c->nportals; i++)
		for (j = 0; j < c->portals[i].nhosts; j++)
			if (strcasecmp(c->portals[i].hosts[j], host) == 0 ||
			    default_port_form(c->portals[i].hosts[j],
			    is_https(&c->portals[i]), host))
				return &c->portals[i];
	return NULL;
}

const struct portal *
config_portal_by_id(const struct config *c, const char *id)
{
	size_t	 i;

	for (i = 0; i < c->nportals; i++)
		if (strcmp(c->portals[i].id, id) == 0)
			return &c->portals[i];
	return NULL;
}

const struct portal *
config_office_portal(const struct config *c, const struct office *o)
{
	size_t	 i;

	for (i = 0; i < c->nportals; i++)
		if (c->portals[i].office == o)
			return &c->portals[i];
	return NULL;
}

const struct office *
config_office_by_id(const struct config *c, const char *id)
{
	size_t	 i;

	for (i = 0; i < c->noffices; i++)
		if (strcmp(c->offices[i].id, id) == 0)
			return &c->offices[i];
	return NULL;
}

const struct oidc_provider *
config_portal_oidc(const struct portal *p, const char *id)
{
	size_t	 i;

	for (i = 0; id != NULL && i < p->noidc; i++)
		if (strcmp(p->oidc[i]->id, id) == 0)
			return p->oidc[i];
	return NULL;
}

const char *
config_default_path(void)
{
	const char	*p;

	p = getenv("PORCH_CONF");
	return p != NULL && *p != '\0' ? p : PORCH_CONF_DEFAULT;
}

bool
config_changed(const struct config *c)
{
	struct stat	 st;

	if (c->size < 0 || stat(c->path, &st) == -1)
		return false;
	return st.st_mtim.tv_sec != c->mtime ||
	    st.st_mtim.tv_nsec != c->mtime_nsec ||
	    (long long)st.st_size != c->size;
}
