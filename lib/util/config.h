/*
 * config: porch.conf, the one configuration file (INI, read with inih).
 *
 *   [server]                       server-wide settings
 *   state_dir = /var/lib/porch     databases and files: <state_dir>/offices/<id>/
 *   templates_dir = ...            default: the installed templates
 *   locale_dir = ...               the compiled catalogs (<lang>.mo);
 *                                  default: the installed ones
 *   master_key_file = ...          default: <state_dir>/master.key
 *   smtp_url = smtp://127.0.0.1:25 or maildir:/path (porch-mailer's target)
 *   smtp_user = / smtp_password_file =
 *   mail_from = Porch <noreply@example.com>
 *   trusted_proxies = 127.0.0.1    X-Forwarded-For is believed only from these
 *   magic_link_minutes = 15        1..1440
 *   session_idle_minutes = 120     5..43200
 *   session_max_hours = 336        1..8760
 *   max_body_kb = 64               urlencoded bodies, 1..1024
 *   upload_file_mb = 25            documents: one file, 1..4096 MiB
 *   upload_request_mb = 50         one upload's body (the web server's
 *                                  limit is made from it), 1..4096 MiB
 *   upload_quota_mb = 500          what one customer keeps, in MiB
 *   clamd = /run/clamav/clamd.ctl  scan every upload with ClamAV's daemon
 *                                  (a unix socket or 127.0.0.1:3310)
 *
 *   [office demo]                  an office (tenant); the id is [a-z0-9-]{1,40}
 *   name = Demo Realty
 *   team_signin = password magic-link     how team members sign in
 *   features = booking-links multi-slot   what the office's plan includes
 *                                  (booking-links time-proposals multi-slot
 *                                  calendar-sync uploads; default: all)
 *   webhook_url = https://crm.example.com/hooks/porch   appointment events
 *                                  are POSTed here by porch-hooks (https, or
 *                                  http on a loopback host; optional)
 *   webhook_secret_file = /etc/porch/demo-webhook.secret   the key of their
 *                                  signature, read when delivering; only the
 *                                  service user may read it (required with
 *                                  webhook_url)
 *
 *   [portal demo]                  a public face of an office
 *   office = demo
 *   url = https://portal.example.com      the canonical origin; its host is served
 *   aliases = www.portal.example.com      more host names (space separated)
 *   name = Demo Realty customer portal
 *   signin = magic-link password          offered sign-in methods
 *   signup = invite                       open | invite
 *   oidc = google                         OpenID providers offered (ids)
 *   language = nl                         the interface's: en (default) | nl
 *   retention_days = 180           documents are removed this long after
 *                                  they were stored: 1..180
 *   reminder_hours = 24            reminders this long before a confirmed
 *                                  appointment (0: none); the sweep sends
 *                                  them, from the office's first portal
 *   embed_origins = https://www.example.com   sites that may show the
 *                                  booking page in a frame (/embed/book);
 *                                  none: the embedded page is not served
 *
 *   [oidc google]                  an OpenID Connect provider
 *   name = Google                  the button reads "Sign in with Google"
 *   issuer = https://accounts.google.com  https, or http on a loopback host
 *   client_id = ...
 *   client_secret_file = /etc/porch/google.secret
 *
 * Every key is declared in one table with its type and range; an unknown
 * section or key, a key set twice, a bad value, a portal naming a missing
 * office or two portals claiming one host is an error at start-up that
 * names the file, line and key ("porch.conf:12: [portal demo] url: ...").
 * Lines are at most 197 bytes; a list (aliases, signin, trusted_proxies)
 * may continue on indented lines.  The hosts a portal serves are the
 * host[:port] of its url plus each alias, lower-cased, without the
 * scheme's default port.  The structure is read-only after loading;
 * config_changed tells when to load a new one.
 */
#ifndef PORCH_CONFIG_H
#define PORCH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct arena;

enum signin {
	SIGNIN_MAGIC_LINK = 1 << 0,
	SIGNIN_PASSWORD = 1 << 1,
};

enum signup {
	SIGNUP_INVITE,
	SIGNUP_OPEN,
};

/* Who hears first when a place frees up in an agenda with a waiting list:
 * every waiting customer at once (the first to confirm gets it), or one
 * at a time in the order they joined, the next when an offer expires. */
enum waitlist_mode {
	WAITLIST_ALL,
	WAITLIST_IN_TURN,
};

/* The interface languages: English is the templates' own, every other one
 * has a catalog <locale_dir>/<code>.mo.  Adding one is a line here, its
 * code in config_lang_codes and po/<code>.po. */
enum lang {
	LANG_EN,
	LANG_NL,
	LANG__MAX
};

/* "en", "nl": the codes porch.conf and <html lang> use, by enum lang. */
extern const char *const config_lang_codes[LANG__MAX];

/* Features an office's plan turns on or off.  A feature that is off is
 * hidden in the pages and refused by the server (struct page's
 * .features). */
enum feature {
	FEATURE_BOOKING_LINKS = 1 << 0,	/* public and embedded booking pages */
	FEATURE_TIME_PROPOSALS = 1 << 1,	/* the team proposes times */
	FEATURE_MULTI_SLOT = 1 << 2,	/* one booking of consecutive slots */
	FEATURE_CALENDAR_SYNC = 1 << 3,	/* agendas written to CalDAV */
	FEATURE_UPLOADS = 1 << 4,	/* customers upload documents */
};
#define FEATURE_ALL	((1 << 5) - 1)

struct office {
	char		*id;
	char		*name;
	unsigned	 team_signin;	/* enum signin bits for /team/login */
	unsigned	 features;	/* enum feature bits */
	char		*phone;		/* contact details for customers, */
	char		*email;		/* each "" when not given */
	char		*address;
	char		*webhook_url;	/* "" when the office has none */
	char		*webhook_secret_file;	/* "" when not given */
	enum waitlist_mode waitlist;	/* how a freed place is offered */
	char		*dir;		/* <state_dir>/offices/<id> */
	char		*db_path;	/* <dir>/porch.db */
};

/* An OpenID Connect provider; its secret is read from the file when used. */
struct oidc_provider {
	char		*id;
	char		*name;
	char		*issuer;	/* exactly as the provider's iss claim */
	char		*client_id;
	char		*client_secret_file;
};

struct portal {
	char		*id;
	struct office	*office;
	char		*name;
	char		*url;		/* "https://host[:port]", no trailing slash */
	char		*origin;	/* same as url: what an Origin header must equal */
	char		**hosts;	/* Host header values served, with port if any */
	size_t		 nhosts;
	unsigned	 signin;	/* enum signin bits */
	enum signup	 signup;
	const struct oidc_provider **oidc;	/* offered providers */
	size_t		 noidc;
	enum lang	 language;
	int		 reminder_hours;	/* 0: no reminders */
	int		 retention_days;	/* documents are kept 1..180 days */
	char		**embed_origins;	/* "https://host[:port]" each */
	size_t		 nembed_origins;
};

struct config {
	struct arena	*mem;		/* holds everything below */
	char		*path;
	time_t		 mtime;
	/* with mtime, the file as loaded, so config_changed sees an edit
	 * made within the same second; size is -1 from config_load_string */
	long		 mtime_nsec;
	long long	 size;
	char		*state_dir;
	char		*templates_dir;
	char		*locale_dir;
	char		*master_key_file;
	char		*smtp_url;
	char		*smtp_user;		/* NULL when not set */
	char		*smtp_password_file;	/* NULL when not set */
	char		*mail_from;
	char		**trusted_proxies;
	size_t		 ntrusted_proxies;
	int		 magic_link_minutes;
	int		 session_idle_minutes;
	int		 session_max_hours;
	int		 max_body_kb;
	int		 upload_file_mb;	/* documents: one file, */
	int		 upload_request_mb;	/* one request's body, */
	int		 upload_quota_mb;	/* one customer's total */
	char		*clamd;		/* clamd's address, "" for no scanning */
	struct office	*offices;
	size_t		 noffices;
	struct portal	*portals;
	size_t		 nportals;
	struct oidc_provider *providers;
	size_t		 nproviders;
};

/* Loads `path`.  On error returns NULL and writes "path:line: message" to
 * err.  Caller owns the result. */
struct config	*config_load(const char *path, char *err, size_t errlen)
		    __attribute__((warn_unused_result));
/* The same from text in memory; errors name the file "<string>" (for
 * tests and the fuzzer).  Caller owns the result. */
struct config	*config_load_string(const char *text, char *err, size_t errlen)
		    __attribute__((warn_unused_result));
void		 config_free(struct config *);
/* The portal serving a Host header value ("example.com" or "host:8080"),
 * compared case-insensitively; NULL when none does. */
const struct portal *config_portal_by_host(const struct config *, const char *host);
const struct portal *config_portal_by_id(const struct config *, const char *id);
const struct office *config_office_by_id(const struct config *, const char *id);
/* The office's first portal: the one that speaks for it where no request
 * says which (reminders, calendar sync); NULL when it has none. */
const struct portal *config_office_portal(const struct config *,
		    const struct office *);
/* The provider `id` when portal p offers it, else NULL. */
const struct oidc_provider *config_portal_oidc(const struct portal *p,
		    const char *id);
/* $PORCH_CONF when set and not empty, else the installed default; the -c
 * option, which overrides both, is the caller's. */
const char	*config_default_path(void);
/* True when the file changed since `c` was loaded (one stat).  False when
 * it cannot be stat'ed, so the loaded config stays in use. */
bool		 config_changed(const struct config *);

#endif
