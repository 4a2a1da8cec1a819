/*
 * confread: reads porch.conf's text for config.c (see confread.h).
 *
 * inih splits the text into key = value pairs; everything else is here.
 * Each section kind has one table of keys, each with a type (text checked
 * by a function, integer with a range, list, enum, flags) and a default, so
 * checking, defaults and messages come from one declaration.  The reader
 * that feeds inih counts lines and recognises section headers itself,
 * because inih tells its handler neither the line number nor about a
 * section without keys.  Reading stops at the first error.
 *
 * Values are checked one by one here; how sections relate (a portal's
 * office, hosts claimed twice) is config.c's.  Memory comes from the
 * config's arena and is never freed piecemeal.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "arena.h"
#include "clamd.h"
#include "confread.h"
#include "util.h"

#ifndef PORCH_LOCALE_DEFAULT
#define PORCH_LOCALE_DEFAULT	"/usr/local/share/porch/locale"
#endif
#ifndef PORCH_TEMPLATES_DEFAULT
#define PORCH_TEMPLATES_DEFAULT	"/usr/local/share/porch/templates"
#endif
#ifndef PORCH_STATE_DEFAULT
#define PORCH_STATE_DEFAULT	"/var/lib/porch"
#endif

#define ID_MAX		40

enum key_type {
	KEY_TEXT,	/* char *, checked by key.check */
	KEY_INT,	/* int in [min, max] */
	KEY_LIST,	/* char ** and a size_t count; key.check per item */
	KEY_ENUM,	/* one of key.words, stored as an int */
	KEY_FLAGS,	/* any of key.words, or'ed into an unsigned */
};

struct word {
	const char	*name;
	unsigned	 val;
};

struct key {
	const char		*name;
	enum key_type		 type;
	size_t			 off;		/* of the value in its struct */
	size_t			 noff;		/* KEY_LIST: of the count */
	const char		*(*check)(const char *);
	int			 min, max;	/* KEY_INT */
	const struct word	*words;		/* KEY_ENUM, KEY_FLAGS; NULL ends */
	const char		*def;		/* KEY_TEXT default, or NULL */
	int			 idef;		/* KEY_INT, _ENUM, _FLAGS default */
	bool			 required;
};

static const char	*check_text(const char *);
static const char	*check_path(const char *);
static const char	*check_smtp_url(const char *);
static const char	*check_addr(const char *);
static const char	*check_id(const char *);
static const char	*check_email(const char *);
static const char	*check_origin(const char *);
static const char	*check_clamd(const char *);

static const struct word signin_words[] = {
	{ "magic-link", SIGNIN_MAGIC_LINK },
	{ "password", SIGNIN_PASSWORD },
	{ NULL, 0 },
};

static const struct word feature_words[] = {
	{ "booking-links", FEATURE_BOOKING_LINKS },
	{ "time-proposals", FEATURE_TIME_PROPOSALS },
	{ "multi-slot", FEATURE_MULTI_SLOT },
	{ "calendar-sync", FEATURE_CALENDAR_SYNC },
	{ "uploads", FEATURE_UPLOADS },
	{ NULL, 0 },
};

const char *const config_lang_codes[LANG__MAX] = { "en", "nl" };

static const struct word lang_words[] = {
	{ "en", LANG_EN },
	{ "nl", LANG_NL },
	{ NULL, 0 },
};

static const struct word waitlist_words[] = {
	{ "all", WAITLIST_ALL },
	{ "in-turn", WAITLIST_IN_TURN },
	{ NULL, 0 },
};

static const struct word signup_words[] = {
	{ "invite", SIGNUP_INVITE },
	{ "open", SIGNUP_OPEN },
	{ NULL, 0 },
};

#define SRV(f)	offsetof(struct config, f)
static const struct key server_keys[] = {
	{ .name = "state_dir", .type = KEY_TEXT, .off = SRV(state_dir),
	  .check = check_path, .def = PORCH_STATE_DEFAULT },
	{ .name = "templates_dir", .type = KEY_TEXT, .off = SRV(templates_dir),
	  .check = check_path, .def = PORCH_TEMPLATES_DEFAULT },
	{ .name = "locale_dir", .type = KEY_TEXT, .off = SRV(locale_dir),
	  .check = check_path, .def = PORCH_LOCALE_DEFAULT },
	/* default <state_dir>/master.key, made once state_dir is known */
	{ .name = "master_key_file", .type = KEY_TEXT,
	  .off = SRV(master_key_file), .check = check_path },
	{ .name = "smtp_url", .type = KEY_TEXT, .off = SRV(smtp_url),
	  .check = check_smtp_url, .def = "smtp://127.0.0.1:25" },
	{ .name = "smtp_user", .type = KEY_TEXT, .off = SRV(smtp_user),
	  .check = check_text },
	{ .name = "smtp_password_file", .type = KEY_TEXT,
	  .off = SRV(smtp_password_file), .check = check_path },
	{ .name = "mail_from", .type = KEY_TEXT, .off = SRV(mail_from),
	  .check = check_text, .def = "Porch <porch@localhost>" },
	{ .name = "trusted_proxies", .type = KEY_LIST,
	  .off = SRV(trusted_proxies), .noff = SRV(ntrusted_proxies),
	  .check = check_addr },
	{ .name = "magic_link_minutes", .type = KEY_INT,
	  .off = SRV(magic_link_minutes), .min = 1, .max = 1440, .idef = 15 },
	{ .name = "session_idle_minutes", .type = KEY_INT,
	  .off = SRV(session_idle_minutes), .min = 5, .max = 43200,
	  .idef = 120 },
	{ .name = "session_max_hours", .type = KEY_INT,
	  .off = SRV(session_max_hours), .min = 1, .max = 8760, .idef = 336 },
	{ .name = "max_body_kb", .type = KEY_INT, .off = SRV(max_body_kb),
	  .min = 1, .max = 1024, .idef = 64 },
	/* documents: a file, a request's body and what one customer keeps,
	 * in MiB; the web server's body limit is made from upload_request_mb */
	{ .name = "upload_file_mb", .type = KEY_INT,
	  .off = SRV(upload_file_mb), .min = 1, .max = 4096, .idef = 25 },
	{ .name = "upload_request_mb", .type = KEY_INT,
	  .off = SRV(upload_request_mb), .min = 1, .max = 4096, .idef = 50 },
	{ .name = "upload_quota_mb", .type = KEY_INT,
	  .off = SRV(upload_quota_mb), .min = 1, .max = 1048576, .idef = 500 },
	/* ClamAV's daemon, which scans every upload; "" for none */
	{ .name = "clamd", .type = KEY_TEXT, .off = SRV(clamd),
	  .check = check_clamd, .def = "" },
};

/* name defaults to the id, made when the section is closed */
static const struct key office_keys[] = {
	{ .name = "name", .type = KEY_TEXT,
	  .off = offsetof(struct confread_office, o.name),
	  .check = check_text },
	{ .name = "team_signin", .type = KEY_FLAGS,
	  .off = offsetof(struct confread_office, o.team_signin),
	  .words = signin_words, .idef = SIGNIN_PASSWORD },
	/* how customers reach the office, shown on every customer page */
	{ .name = "phone", .type = KEY_TEXT,
	  .off = offsetof(struct confread_office, o.phone),
	  .check = check_text, .def = "" },
	{ .name = "email", .type = KEY_TEXT,
	  .off = offsetof(struct confread_office, o.email),
	  .check = check_email, .def = "" },
	{ .name = "address", .type = KEY_TEXT,
	  .off = offsetof(struct confread_office, o.address),
	  .check = check_text, .def = "" },
	/* what the office's plan includes; every feature when not given */
	{ .name = "features", .type = KEY_FLAGS,
	  .off = offsetof(struct confread_office, o.features),
	  .words = feature_words, .idef = FEATURE_ALL },
	/* where porch-hooks posts the office's appointment events: checked
	 * like an issuer (https, or http on a loopback host, with a path),
	 * the rules fetch() keeps too; "" for none */
	{ .name = "webhook_url", .type = KEY_TEXT,
	  .off = offsetof(struct confread_office, o.webhook_url),
	  .check = config_check_issuer, .def = "" },
	{ .name = "webhook_secret_file", .type = KEY_TEXT,
	  .off = offsetof(struct confread_office, o.webhook_secret_file),
	  .check = check_path, .def = "" },
	/* who is told first when a place frees up for a waiting list */
	{ .name = "waitlist", .type = KEY_ENUM,
	  .off = offsetof(struct confread_office, o.waitlist),
	  .words = waitlist_words, .idef = WAITLIST_ALL },
};

#define OIDC(f)	offsetof(struct confread_oidc, o.f)
/* name defaults to the id */
static const struct key oidc_keys[] = {
	{ .name = "name", .type = KEY_TEXT, .off = OIDC(name),
	  .check = check_text },
	{ .name = "issuer", .type = KEY_TEXT, .off = OIDC(issuer),
	  .check = config_check_issuer, .required = true },
	{ .name = "client_id", .type = KEY_TEXT, .off = OIDC(client_id),
	  .check = check_text, .required = true },
	{ .name = "client_secret_file", .type = KEY_TEXT,
	  .off = OIDC(client_secret_file), .check = check_path,
	  .required = true },
};

#define POR(f)	offsetof(struct confread_portal, f)
static const struct key portal_keys[] = {
	{ .name = "office", .type = KEY_TEXT, .off = POR(office),
	  .check = check_id, .required = true },
	{ .name = "url", .type = KEY_TEXT, .off = POR(p.url),
	  .check = config_check_url, .required = true },
	{ .name = "aliases", .type = KEY_LIST, .off = POR(aliases),
	  .noff = POR(naliases), .check = config_check_hostport },
	/* name defaults to the office's name */
	{ .name = "name", .type = KEY_TEXT, .off = POR(p.name),
	  .check = check_text },
	{ .name = "signin", .type = KEY_FLAGS, .off = POR(p.signin),
	  .words = signin_words, .idef = SIGNIN_MAGIC_LINK },
	{ .name = "signup", .type = KEY_ENUM, .off = POR(p.signup),
	  .words = signup_words, .idef = SIGNUP_INVITE },
	{ .name = "oidc", .type = KEY_LIST, .off = POR(oidc),
	  .noff = POR(noidc), .check = check_id },
	{ .name = "language", .type = KEY_ENUM, .off = POR(p.language),
	  .words = lang_words, .idef = LANG_EN },
	/* hours before a confirmed appointment its reminder goes; 0: none */
	{ .name = "reminder_hours", .type = KEY_INT,
	  .off = POR(p.reminder_hours), .min = 0, .max = 336, .idef = 24 },
	/* days a document is kept; the seed's promise is at most 180 */
	{ .name = "retention_days", .type = KEY_INT,
	  .off = POR(p.retention_days), .min = 1, .max = 180, .idef = 180 },
	/* the sites that may frame the booking page: each an origin, as a
	 * Content-Security-Policy frame-ancestors source */
	{ .name = "embed_origins", .type = KEY_LIST, .off = POR(p.embed_origins),
	  .noff = POR(p.nembed_origins), .check = check_origin },
};

static const struct {
	const char		*name;
	const struct key	*keys;
	size_t			 nkeys;
} kinds[CONFREAD__MAX] = {
	{ "server", server_keys, sizeof(server_keys) / sizeof(server_keys[0]) },
	{ "office", office_keys, sizeof(office_keys) / sizeof(office_keys[0]) },
	{ "portal", portal_keys, sizeof(portal_keys) / sizeof(portal_keys[0]) },
	{ "oidc", oidc_keys, sizeof(oidc_keys) / sizeof(oidc_keys[0]) },
};

_Static_assert(sizeof(server_keys) / sizeof(server_keys[0]) <=
    CONFREAD_KEYS_MAX, "CONFREAD_KEYS_MAX too small");

/* ------------------------------------------------------------ memory */

/*
 * The array `v` of n items with room for one more: it doubles whenever n
 * reaches a power of two, so the arena holds at most twice the final size.
 */
static void *
grow(struct arena *a, void *v, size_t n, size_t size)
{
	void	*nv;

	if (n != 0 && (n & (n - 1)) != 0)
		return v;
	if (n > SIZE_MAX / 2 / size)
		abort();
	nv = arena_alloc(a, (n == 0 ? 1 : 2 * n) * size);
	if (n != 0)
		memcpy(nv, v, n * size);
	return nv;
}

void
confread_list_add(struct arena *a, char ***v, size_t *n, char *item)
{
	*v = grow(a, *v, *n, sizeof(char *));
	(*v)[(*n)++] = item;
}

/* ------------------------------------------------------------ messages */

static const char *
sect_id(const struct confread *ld, enum confread_kind kind, size_t idx)
{
	if (kind == CONFREAD_OFFICE)
		return ld->od[idx].o.id;
	if (kind == CONFREAD_PORTAL)
		return ld->pd[idx].p.id;
	if (kind == CONFREAD_OIDC)
		return ld->xd[idx].o.id;
	return NULL;
}

void
confread_fail(struct confread *ld, int line, int kind, size_t idx,
    const char *key, const char *fmt, ...)
{
	va_list		 ap;
	const char	*msg, *at = "", *sect = "", *id;

	if (ld->failed)
		return;
	ld->failed = true;
	va_start(ap, fmt);
	msg = arena_vprintf(ld->a, fmt, ap);
	va_end(ap);
	if (line > 0)
		at = arena_printf(ld->a, ":%d", line);
	if (kind >= 0) {
		id = sect_id(ld, (enum confread_kind)kind, idx);
		sect = arena_printf(ld->a, "[%s%s%s] ", kinds[kind].name,
		    id != NULL ? " " : "", id != NULL ? id : "");
	}
	snprintf(ld->err, ld->errlen, "%s%s: %s%s%s%s", ld->path, at, sect,
	    key != NULL ? key : "", key != NULL ? ": " : "", msg);
}

/* ------------------------------------------------------------ checks */

static const char *
check_text(const char *v)
{
	return *v == '\0' ? "must not be empty" : NULL;
}

static const char *
check_email(const char *v)
{
	return valid_email(v, strlen(v)) ? NULL :
	    "must be an e-mail address like office@example.com";
}

/* An origin a browser names (scheme://host[:port]), nothing after it:
 * it goes into a header as it is written. */
static const char *
check_origin(const char *v)
{
	size_t	 n = strlen(v);

	if (n > 0 && v[n - 1] == '/')
		return "must be scheme://host[:port] without a path";
	return config_check_url(v);
}

static const char *
check_clamd(const char *v)
{
	return *v == '\0' || clamd_where_ok(v) ? NULL : "must be a unix "
	    "socket's absolute path or a numeric address:port";
}

static const char *
check_path(const char *v)
{
	return *v != '/' ? "must be an absolute path" : NULL;
}

static const char *
check_smtp_url(const char *v)
{
	if (strncasecmp(v, "smtp://", 7) == 0 && v[7] != '\0')
		return NULL;
	if (strncasecmp(v, "smtps://", 8) == 0 && v[8] != '\0')
		return NULL;
	if (strncmp(v, "maildir:/", 9) == 0)
		return NULL;
	return "must be smtp://host[:port], smtps://host[:port] or "
	    "maildir:/path";
}

static const char *
check_addr(const char *v)
{
	unsigned char	 buf[sizeof(struct in6_addr)];

	if (inet_pton(AF_INET, v, buf) == 1 || inet_pton(AF_INET6, v, buf) == 1)
		return NULL;
	return "not an IPv4 or IPv6 address";
}

static const char *
check_id(const char *v)
{
	size_t	 n;

	n = strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-");
	if (n == 0 || n > ID_MAX || v[n] != '\0')
		return "an id is 1 to 40 of a-z, 0-9 and -";
	return NULL;
}

/* ------------------------------------------------------------ values */

static void *
field(void *base, size_t off)
{
	return (char *)base + off;
}

/* The struct that section `idx` of `kind` fills, and its key lines. */
static void *
sect_base(struct confread *ld, enum confread_kind kind, size_t idx,
    struct confread_sect **s)
{
	switch (kind) {
	case CONFREAD_OFFICE:
		*s = &ld->od[idx].s;
		return &ld->od[idx];
	case CONFREAD_PORTAL:
		*s = &ld->pd[idx].s;
		return &ld->pd[idx];
	case CONFREAD_OIDC:
		*s = &ld->xd[idx].s;
		return &ld->xd[idx];
	default:
		*s = &ld->server;
		return ld->c;
	}
}

static int
key_find(enum confread_kind kind, const char *name)
{
	size_t	 i;

	for (i = 0; i < kinds[kind].nkeys; i++)
		if (strcmp(kinds[kind].keys[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* An error about `key` on the current line of the current section. */
static bool __attribute__((format(printf, 3, 4)))
key_fail(struct confread *ld, const char *key, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = arena_vprintf(ld->a, fmt, ap);
	va_end(ap);
	confread_fail(ld, ld->line, (int)ld->kind, ld->idx, key, "%s", msg);
	return false;
}

static bool
word_find(const struct word *w, const char *name, unsigned *val)
{
	for (; w->name != NULL; w++)
		if (strcmp(w->name, name) == 0) {
			*val = w->val;
			return true;
		}
	return false;
}

static bool
set_int(struct confread *ld, const struct key *k, void *base, const char *v)
{
	const char	*d = v + (*v == '-');
	long long	 num;

	if (*d == '\0' || d[strspn(d, "0123456789")] != '\0')
		return key_fail(ld, k->name, "not a whole number: \"%s\"", v);
	errno = 0;
	num = strtoll(v, NULL, 10);
	if (errno != 0 || num < k->min || num > k->max)
		return key_fail(ld, k->name, "%s is out of range (%d to %d)",
		    v, k->min, k->max);
	*(int *)field(base, k->off) = (int)num;
	return true;
}

/* A list or flags: words separated by blanks or commas. */
static bool
set_words(struct confread *ld, const struct key *k, void *base, const char *v)
{
	static const char	 sep[] = " \t,";
	char			*item;
	const char		*problem;
	size_t			 n;
	unsigned		 bit;

	for (v += strspn(v, sep); *v != '\0'; v += strspn(v, sep)) {
		n = strcspn(v, sep);
		item = arena_strndup(ld->a, v, n);
		v += n;
		if (k->type == KEY_FLAGS) {
			if (!word_find(k->words, item, &bit))
				return key_fail(ld, k->name,
				    "unknown value \"%s\"", item);
			*(unsigned *)field(base, k->off) |= bit;
		} else if ((problem = k->check(item)) != NULL)
			return key_fail(ld, k->name, "%s: \"%s\"", problem,
			    item);
		else
			confread_list_add(ld->a, field(base, k->off),
			    field(base, k->noff), item);
	}
	return true;
}

static bool
set_value(struct confread *ld, const struct key *k, void *base, const char *v)
{
	const char	*problem;
	unsigned	 val;

	switch (k->type) {
	case KEY_TEXT:
		if ((problem = k->check(v)) != NULL)
			return key_fail(ld, k->name, "%s: \"%s\"", problem, v);
		*(char **)field(base, k->off) = arena_strdup(ld->a, v);
		return true;
	case KEY_INT:
		return set_int(ld, k, base, v);
	case KEY_ENUM:
		if (!word_find(k->words, v, &val))
			return key_fail(ld, k->name, "unknown value \"%s\"", v);
		*(int *)field(base, k->off) = (int)val;
		return true;
	case KEY_LIST:
	case KEY_FLAGS:
		return set_words(ld, k, base, v);
	}
	return false;
}

/*
 * Called by inih for each value.  inih hands an indented line over as more
 * of the previous key's value: that is how a list continues, and for any
 * other key it is an error rather than a silently different value.
 */
static int
handler(void *arg, const char *section, const char *name, const char *value)
{
	struct confread		*ld = arg;
	struct confread_sect	*s;
	const struct key	*k;
	void			*base;
	int			 ki;
	bool			 more;

	if (ld->failed)
		return 1;
	if (!ld->insect) {
		confread_fail(ld, ld->line, -1, 0, name,
		    "set outside any section");
		return 1;
	}
	base = sect_base(ld, ld->kind, ld->idx, &s);
	if ((ki = key_find(ld->kind, name)) < 0)
		return key_fail(ld, name, "unknown key");
	k = &kinds[ld->kind].keys[ki];
	more = ld->indented && s->last == ki;
	if (more && (strchr(value, '=') != NULL ||
	    (k->type != KEY_LIST && k->type != KEY_FLAGS)))
		key_fail(ld, name, "an indented line continues the value "
		    "before it, and only lists continue: do not indent keys");
	else if (!more && s->keyline[ki] != 0)
		key_fail(ld, name, "set twice (first on line %d)",
		    s->keyline[ki]);
	else if (!utf8_valid(value, strlen(value)) ||
	    has_control(value, strlen(value), false))
		key_fail(ld, name, "invalid UTF-8 or a control character");
	else if (set_value(ld, k, base, value)) {
		if (!more)
			s->keyline[ki] = ld->line;
		s->last = ki;
	}
	return 1;
}

/* ------------------------------------------------------------ sections */

static void
sect_init(struct confread_sect *s, int line)
{
	memset(s, 0, sizeof(*s));
	s->line = line;
	s->last = -1;
}

static size_t
sect_count(const struct confread *ld, enum confread_kind kind)
{
	switch (kind) {
	case CONFREAD_OFFICE:
		return ld->nod;
	case CONFREAD_PORTAL:
		return ld->npd;
	case CONFREAD_OIDC:
		return ld->nxd;
	default:
		return 1;
	}
}

/* Starts [office id], [portal id] or [oidc id], refusing an id given twice. */
static void
sect_add(struct confread *ld, enum confread_kind kind, const char *id)
{
	struct confread_sect	*s;
	size_t			 i, n;

	n = sect_count(ld, kind);
	for (i = 0; i < n; i++)
		if (strcmp(sect_id(ld, kind, i), id) == 0) {
			sect_base(ld, kind, i, &s);
			confread_fail(ld, ld->line, (int)kind, i, NULL,
			    "defined twice (first on line %d)", s->line);
			return;
		}
	if (kind == CONFREAD_OFFICE) {
		ld->od = grow(ld->a, ld->od, ld->nod++, sizeof(*ld->od));
		ld->od[i].o.id = arena_strdup(ld->a, id);
	} else if (kind == CONFREAD_PORTAL) {
		ld->pd = grow(ld->a, ld->pd, ld->npd++, sizeof(*ld->pd));
		ld->pd[i].p.id = arena_strdup(ld->a, id);
	} else {
		ld->xd = grow(ld->a, ld->xd, ld->nxd++, sizeof(*ld->xd));
		ld->xd[i].o.id = arena_strdup(ld->a, id);
	}
	ld->kind = kind;
	ld->idx = i;
	ld->insect = true;
	sect_base(ld, kind, i, &s);
	sect_init(s, ld->line);
}

/* The kind a section header names, or -1. */
static int
kind_find(const char *name)
{
	int	 k;

	for (k = 0; k < CONFREAD__MAX; k++)
		if (strcmp(kinds[k].name, name) == 0)
			return k;
	return -1;
}

/* "[server]", "[office id]", "[portal id]" or "[oidc id]"; `name` is what
 * is inside. */
static void
sect_open(struct confread *ld, char *name)
{
	char		*kind, *id, *rest, *label;
	const char	*problem;
	int		 k;

	kind = name + strspn(name, " \t");
	label = arena_strdup(ld->a, kind);	/* as written, for messages */
	id = kind + strcspn(kind, " \t");
	if (*id != '\0')
		*id++ = '\0';
	id += strspn(id, " \t");
	rest = id + strcspn(id, " \t");
	if (*rest != '\0')
		*rest++ = '\0';
	rest += strspn(rest, " \t");
	if (strcmp(kind, "server") == 0 && *id == '\0') {
		if (ld->server.line != 0)
			confread_fail(ld, ld->line, CONFREAD_SERVER, 0, NULL,
			    "defined twice (first on line %d)",
			    ld->server.line);
		sect_init(&ld->server, ld->line);
		ld->kind = CONFREAD_SERVER;
		ld->insect = true;
	} else if ((k = kind_find(kind)) <= CONFREAD_SERVER || *id == '\0' ||
	    *rest != '\0')
		confread_fail(ld, ld->line, -1, 0, NULL, "[%s] unknown "
		    "section: expected [server], [office <id>], "
		    "[portal <id>] or [oidc <id>]", label);
	else if ((problem = check_id(id)) != NULL)
		confread_fail(ld, ld->line, -1, 0, NULL, "[%s] %s", label,
		    problem);
	else
		sect_add(ld, (enum confread_kind)k, id);
}

/*
 * Looks at a line before inih does: notes whether it is indented (the
 * handler then knows a value is being continued) and opens sections.  An
 * indented header is refused because inih would take it for a value.
 */
static void
line_start(struct confread *ld, char *line)
{
	unsigned char	*p = (unsigned char *)line;
	char		*end;

	if (ld->line == 1 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	ld->indented = isspace(*p);
	while (isspace(*p))
		p++;
	if (*p != '[')
		return;
	if (ld->indented)
		confread_fail(ld, ld->line, -1, 0, NULL,
		    "a [section] header must not be indented");
	else if ((end = strchr((char *)p, ']')) == NULL)
		confread_fail(ld, ld->line, -1, 0, NULL, "no ] after [");
	else {
		*end++ = '\0';
		end += strspn(end, " \t\r\n");
		if (*end != '\0' && *end != ';' && *end != '#')
			confread_fail(ld, ld->line, -1, 0, NULL,
			    "text after ]");
		else
			sect_open(ld, (char *)p + 1);
	}
}

/* The fgets() of the text for inih; a line too long for it is an error. */
static char *
reader(char *buf, int num, void *arg)
{
	struct confread	*ld = arg;
	const char	*nl;
	size_t		 len;

	if (ld->failed || *ld->next == '\0')
		return NULL;
	ld->line++;
	nl = strchr(ld->next, '\n');
	len = nl != NULL ? (size_t)(nl - ld->next) + 1 : strlen(ld->next);
	if (num < 4 || len > (size_t)num - 1) {
		confread_fail(ld, ld->line, -1, 0, NULL,
		    "line longer than %d bytes", num < 4 ? 0 : num - 3);
		return NULL;
	}
	memcpy(buf, ld->next, len);
	buf[len] = '\0';
	ld->next += len;
	/* on a copy: inih must see the line as it is */
	line_start(ld, arena_strdup(ld->a, buf));
	return ld->failed ? NULL : buf;
}

/* ------------------------------------------------------------ interface */

bool
confread_text(struct confread *ld, const char *text)
{
	int	 rc;

	ld->next = text;
	sect_init(&ld->server, 0);
	rc = ini_parse_stream(reader, ld, handler, ld);
	if (!ld->failed && rc > 0)
		confread_fail(ld, rc, -1, 0, NULL,
		    "expected [section], key = value or a comment");
	else if (!ld->failed && rc != 0)
		confread_fail(ld, 0, -1, 0, NULL,
		    "cannot parse (inih error %d)", rc);
	return !ld->failed;
}

void
confread_defaults(struct confread *ld, enum confread_kind kind, size_t idx)
{
	const struct key	*k;
	struct confread_sect	*s;
	void			*base;
	size_t			 i;

	base = sect_base(ld, kind, idx, &s);
	for (i = 0; i < kinds[kind].nkeys; i++) {
		k = &kinds[kind].keys[i];
		if (s->keyline[i] != 0)
			continue;
		if (k->required)
			confread_fail(ld, s->line, (int)kind, idx, k->name,
			    "required");
		else if (k->type == KEY_TEXT && k->def != NULL)
			*(char **)field(base, k->off) =
			    arena_strdup(ld->a, k->def);
		else if (k->type == KEY_INT || k->type == KEY_ENUM)
			*(int *)field(base, k->off) = k->idef;
		else if (k->type == KEY_FLAGS)
			*(unsigned *)field(base, k->off) = (unsigned)k->idef;
	}
}

int
confread_line(const struct confread *ld, enum confread_kind kind, size_t idx,
    const char *key)
{
	const struct confread_sect	*s;
	int				 ki;

	switch (kind) {
	case CONFREAD_OFFICE:
		s = &ld->od[idx].s;
		break;
	case CONFREAD_PORTAL:
		s = &ld->pd[idx].s;
		break;
	case CONFREAD_OIDC:
		s = &ld->xd[idx].s;
		break;
	default:
		s = &ld->server;
		break;
	}
	ki = key_find(kind, key);
	return ki >= 0 && s->keyline[ki] != 0 ? s->keyline[ki] : s->line;
}
