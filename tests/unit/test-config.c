/*
 * test-config: porch.conf loading, defaults, every kind of error with the
 * line and key it names, and finding the portal for a Host header.
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

#ifndef PORCH_STATE_DEFAULT
#define PORCH_STATE_DEFAULT	"/var/lib/porch"
#endif
#ifndef PORCH_TEMPLATES_DEFAULT
#define PORCH_TEMPLATES_DEFAULT	"/usr/local/share/porch/templates"
#endif
#ifndef PORCH_CONF_DEFAULT
#define PORCH_CONF_DEFAULT	"/etc/porch.conf"
#endif

static const char good[] =
    "; Porch test configuration\n"
    "[server]\n"
    "state_dir = /srv/porch/\n"
    "templates_dir = /srv/porch-templates\n"
    "smtp_url = smtps://mail.example.net:465\n"
    "smtp_user = porch\n"
    "smtp_password_file = /srv/porch/smtp.pw\n"
    "mail_from = Demo <noreply@example.com>\n"
    "trusted_proxies = 127.0.0.1, ::1\n"
    "    10.0.0.1\n"
    "magic_link_minutes = 30\n"
    "session_idle_minutes = 60\n"
    "session_max_hours = 24\n"
    "max_body_kb = 128\n"
    "\n"
    "[office demo]\n"
    "name = Demo Realty\n"
    "\n"
    "[office help-2]\n"
    "\n"
    "[portal demo]\n"
    "office = demo\n"
    "url = https://Portal.Example.com/\n"
    "aliases = www.portal.example.com portal.example.com:8443\n"
    "name = Demo Realty customer portal   ; shown in the header\n"
    "signin = magic-link password\n"
    "signup = open\n"
    "\n"
    "[portal help]\n"
    "office = help-2\n"
    "url = http://help.example.org:8080\n";

static char	 dir[64];

static int
setup(void **state)
{
	const char	*tmp;

	tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/test-config.XXXXXX",
	    tmp != NULL && strlen(tmp) < 40 ? tmp : "/tmp");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char	 path[128];

	snprintf(path, sizeof(path), "%s/porch.conf", dir);
	unlink(path);
	return rmdir(dir);
}

static char *
write_conf(const char *text, size_t len)
{
	static char	 path[128];
	FILE		*f;

	snprintf(path, sizeof(path), "%s/porch.conf", dir);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* The text must fail with a message that starts with `want`. */
static void
expect_error(const char *text, const char *want)
{
	struct config	*c;
	char		 err[512];

	err[0] = '\0';
	c = config_load_string(text, err, sizeof(err));
	if (c != NULL || strncmp(err, want, strlen(want)) != 0)
		fail_msg("text:\n%s\nwant \"%s...\", got \"%s\"", text, want,
		    c != NULL ? "(loaded)" : err);
	config_free(c);
}

static struct config *
load_ok(const char *text)
{
	struct config	*c;
	char		 err[512] = "";

	if ((c = config_load_string(text, err, sizeof(err))) == NULL)
		fail_msg("text:\n%s\nerror: %s", text, err);
	return c;
}

/* An office's webhook: https, or http on a loopback host, and its secret
 * with it. */
static void
test_webhook(void **state)
{
	struct config	*c;

	(void)state;
	c = load_ok("[office a]\n[office b]\nwebhook_url = "
	    "https://crm.example/hooks/porch\n"
	    "webhook_secret_file = /etc/porch/b.secret\n[office l]\n"
	    "webhook_url = http://127.0.0.1:8080/h\n"
	    "webhook_secret_file = /s\n");
	assert_string_equal(c->offices[0].webhook_url, "");
	assert_string_equal(c->offices[0].webhook_secret_file, "");
	assert_string_equal(c->offices[1].webhook_url,
	    "https://crm.example/hooks/porch");
	assert_string_equal(c->offices[1].webhook_secret_file,
	    "/etc/porch/b.secret");
	assert_string_equal(c->offices[2].webhook_url,
	    "http://127.0.0.1:8080/h");
	config_free(c);
	expect_error("[office a]\nwebhook_url = http://crm.example/h\n"
	    "webhook_secret_file = /s\n",
	    "<string>:2: [office a] webhook_url: must start with https://");
	expect_error("[office a]\nwebhook_url = ftp://crm.example/h\n",
	    "<string>:2: [office a] webhook_url: must start with https://");
	expect_error("[office a]\nwebhook_url = https://crm.example/h\n",
	    "<string>:2: [office a] webhook_url: webhook_url and "
	    "webhook_secret_file go together");
	expect_error("[office a]\nwebhook_secret_file = /s\n",
	    "<string>:2: [office a] webhook_secret_file: webhook_url and");
	expect_error("[office a]\nwebhook_url = https://crm.example/h\n"
	    "webhook_secret_file = s\n",
	    "<string>:3: [office a] webhook_secret_file: must be an absolute");
}

/* Providers, the portals offering them and the team's sign-in methods. */
static void
test_oidc(void **state)
{
	static const char	 base[] =
	    "[office a]\n[oidc google]\nname = Google\n"
	    "issuer = https://accounts.google.com\nclient_id = abc\n"
	    "client_secret_file = /etc/porch/google.secret\n"
	    "[oidc dev]\nissuer = http://127.0.0.1:9000/op\n"
	    "client_id = porch\nclient_secret_file = /s\n"
	    "[portal a]\noffice = a\nurl = https://a.example\n";
	struct config		*c;
	const struct portal	*p;
	char			 text[1024];

	snprintf(text, sizeof(text), "%soidc = dev google\n", base);
	c = load_ok(text);
	assert_int_equal(c->nproviders, 2);
	p = config_portal_by_id(c, "a");
	assert_int_equal(p->noidc, 2);
	assert_string_equal(p->oidc[0]->id, "dev");
	assert_string_equal(p->oidc[0]->name, "dev");	/* name: the id */
	assert_string_equal(p->oidc[0]->issuer, "http://127.0.0.1:9000/op");
	assert_string_equal(p->oidc[1]->name, "Google");
	assert_ptr_equal(config_portal_oidc(p, "google"), p->oidc[1]);
	assert_null(config_portal_oidc(p, "github"));
	assert_int_equal(c->offices[0].team_signin, SIGNIN_PASSWORD);
	config_free(c);

	c = load_ok("[office a]\nteam_signin = magic-link password\n");
	assert_int_equal(c->offices[0].team_signin,
	    SIGNIN_PASSWORD | SIGNIN_MAGIC_LINK);
	config_free(c);

	/* how a freed place is offered to a waiting list: all by default */
	c = load_ok("[office a]\n");
	assert_int_equal(c->offices[0].waitlist, WAITLIST_ALL);
	config_free(c);
	c = load_ok("[office a]\nwaitlist = in-turn\n");
	assert_int_equal(c->offices[0].waitlist, WAITLIST_IN_TURN);
	config_free(c);
	expect_error("[office a]\nwaitlist = first\n",
	    "<string>:2: [office a] waitlist: unknown value \"first\"");

	snprintf(text, sizeof(text), "%soidc = github\n", base);
	expect_error(text, "<string>:14: [portal a] oidc: no [oidc github]");
	snprintf(text, sizeof(text), "%soidc = dev dev\n", base);
	expect_error(text, "<string>:14: [portal a] oidc: dev is listed twice");
	expect_error("[oidc x]\nissuer = http://op.example\n",
	    "<string>:2: [oidc x] issuer: must start with https:// (http only");
	expect_error("[oidc x]\nissuer = https://op.example/?a=b\n",
	    "<string>:2: [oidc x] issuer: must be https://host");
	expect_error("[oidc x]\nissuer = ftp://op.example\n",
	    "<string>:2: [oidc x] issuer: must start with https://");
	expect_error("[oidc x]\nissuer = https://op.example\n",
	    "<string>:1: [oidc x] client_id: required");
	expect_error("[oidc x]\nissuer = https://op.example\nclient_id = y\n"
	    "client_secret_file = s\n",
	    "<string>:4: [oidc x] client_secret_file: must be an absolute");
	expect_error("[office a]\nteam_signin = sms\n",
	    "<string>:2: [office a] team_signin: unknown value \"sms\"");
	expect_error("[office a]\nteam_signin = ,\n",
	    "<string>:2: [office a] team_signin: offers no sign-in method");
	expect_error("[oidc a]\nissuer = https://x\nclient_id = y\n"
	    "client_secret_file = /s\n[oidc a]\n",
	    "<string>:5: [oidc a] defined twice");
}

static void
test_good_file(void **state)
{
	struct config		*c;
	const struct portal	*p;
	char			 err[512] = "", *path;

	path = write_conf(good, sizeof(good) - 1);
	c = config_load(path, err, sizeof(err));
	assert_non_null(c);
	assert_string_equal(c->path, path);
	assert_string_equal(c->state_dir, "/srv/porch");
	assert_string_equal(c->templates_dir, "/srv/porch-templates");
	assert_string_equal(c->master_key_file, "/srv/porch/master.key");
	assert_string_equal(c->smtp_url, "smtps://mail.example.net:465");
	assert_string_equal(c->smtp_user, "porch");
	assert_string_equal(c->smtp_password_file, "/srv/porch/smtp.pw");
	assert_string_equal(c->mail_from, "Demo <noreply@example.com>");
	assert_int_equal(c->ntrusted_proxies, 3);
	assert_string_equal(c->trusted_proxies[0], "127.0.0.1");
	assert_string_equal(c->trusted_proxies[1], "::1");
	assert_string_equal(c->trusted_proxies[2], "10.0.0.1");
	assert_int_equal(c->magic_link_minutes, 30);
	assert_int_equal(c->session_idle_minutes, 60);
	assert_int_equal(c->session_max_hours, 24);
	assert_int_equal(c->max_body_kb, 128);

	assert_int_equal(c->noffices, 2);
	assert_string_equal(c->offices[0].id, "demo");
	assert_string_equal(c->offices[0].name, "Demo Realty");
	assert_string_equal(c->offices[0].dir, "/srv/porch/offices/demo");
	assert_string_equal(c->offices[0].db_path,
	    "/srv/porch/offices/demo/porch.db");
	assert_string_equal(c->offices[1].id, "help-2");
	assert_string_equal(c->offices[1].name, "help-2");

	assert_int_equal(c->nportals, 2);
	p = &c->portals[0];
	assert_string_equal(p->id, "demo");
	assert_ptr_equal(p->office, &c->offices[0]);
	assert_string_equal(p->name, "Demo Realty customer portal");
	assert_string_equal(p->url, "https://portal.example.com");
	assert_string_equal(p->origin, "https://portal.example.com");
	assert_int_equal(p->nhosts, 3);
	assert_string_equal(p->hosts[0], "portal.example.com");
	assert_string_equal(p->hosts[1], "www.portal.example.com");
	assert_string_equal(p->hosts[2], "portal.example.com:8443");
	assert_int_equal(p->signin, SIGNIN_MAGIC_LINK | SIGNIN_PASSWORD);
	assert_int_equal(p->signup, SIGNUP_OPEN);

	p = &c->portals[1];
	assert_ptr_equal(p->office, &c->offices[1]);
	assert_string_equal(p->name, "help-2");
	assert_string_equal(p->url, "http://help.example.org:8080");
	assert_int_equal(p->nhosts, 1);
	assert_string_equal(p->hosts[0], "help.example.org:8080");

	assert_ptr_equal(config_portal_by_id(c, "help"), &c->portals[1]);
	assert_null(config_portal_by_id(c, "nope"));
	assert_ptr_equal(config_office_by_id(c, "help-2"), &c->offices[1]);
	assert_null(config_office_by_id(c, "help"));
	config_free(c);
}

static void
test_defaults(void **state)
{
	struct config	*c;

	c = load_ok("");
	assert_string_equal(c->path, "<string>");
	assert_string_equal(c->state_dir, PORCH_STATE_DEFAULT);
	assert_string_equal(c->templates_dir, PORCH_TEMPLATES_DEFAULT);
	assert_string_equal(c->master_key_file,
	    PORCH_STATE_DEFAULT "/master.key");
	assert_string_equal(c->smtp_url, "smtp://127.0.0.1:25");
	assert_null(c->smtp_user);
	assert_null(c->smtp_password_file);
	assert_string_equal(c->mail_from, "Porch <porch@localhost>");
	assert_int_equal(c->ntrusted_proxies, 0);
	assert_int_equal(c->magic_link_minutes, 15);
	assert_int_equal(c->session_idle_minutes, 120);
	assert_int_equal(c->session_max_hours, 336);
	assert_int_equal(c->max_body_kb, 64);
	assert_int_equal(c->noffices, 0);
	assert_int_equal(c->nportals, 0);
	config_free(c);

	c = load_ok("[server]\nstate_dir = /\n[office a]\n"
	    "[portal a]\noffice = a\nurl = http://a.example\n");
	assert_string_equal(c->master_key_file, "/master.key");
	assert_string_equal(c->offices[0].db_path, "/offices/a/porch.db");
	assert_int_equal(c->portals[0].signin, SIGNIN_MAGIC_LINK);
	assert_int_equal(c->portals[0].signup, SIGNUP_INVITE);
	assert_string_equal(c->portals[0].name, "a");
	config_free(c);

	/* a BOM, CRLF line ends and the default port dropped */
	c = load_ok("\xef\xbb\xbf[office a]\r\nname = A\r\n[portal a]\r\n"
	    "office = a\r\nurl = HTTPS://A.example:443\r\n");
	assert_string_equal(c->offices[0].name, "A");
	assert_string_equal(c->portals[0].url, "https://a.example");
	config_free(c);
}

static void
test_errors_syntax(void **state)
{
	char	 longline[300];

	expect_error("[server]\nfoo = 1\n",
	    "<string>:2: [server] foo: unknown key");
	expect_error("[office a]\nname = A\nurl = x\n",
	    "<string>:3: [office a] url: unknown key");
	expect_error("[servers]\n", "<string>:1: [servers] unknown section");
	expect_error("[office]\n", "<string>:1: [office] unknown section");
	expect_error("[office a b]\n",
	    "<string>:1: [office a b] unknown section");
	expect_error("\n[server x]\n",
	    "<string>:2: [server x] unknown section");
	expect_error("name = x\n", "<string>:1: name: set outside any section");
	expect_error("[server]\njunk\n", "<string>:2: expected [section]");
	expect_error("[server\n", "<string>:1: no ] after [");
	expect_error("[server] x\n", "<string>:1: text after ]");
	expect_error("[office a]\n  [portal b]\n",
	    "<string>:2: a [section] header must not be indented");
	expect_error("[server]\nmax_body_kb = 1\nmax_body_kb = 2\n",
	    "<string>:3: [server] max_body_kb: set twice (first on line 2)");
	expect_error("[server]\n[server]\n",
	    "<string>:2: [server] defined twice (first on line 1)");
	expect_error("[office a]\n[office b]\n[office a]\n",
	    "<string>:3: [office a] defined twice (first on line 1)");
	/* an indented key is read by inih as more of the previous value */
	expect_error("[office a]\nname = A\n  name = B\n",
	    "<string>:3: [office a] name: an indented line continues");
	expect_error("[server]\ntrusted_proxies = ::1\n  max_body_kb = 3\n",
	    "<string>:3: [server] trusted_proxies: an indented line");
	expect_error("[office a]\nname = A\x01\n",
	    "<string>:2: [office a] name: invalid UTF-8 or a control");
	expect_error("[office a]\nname = \xc3\x28\n",
	    "<string>:2: [office a] name: invalid UTF-8");
	expect_error("[office a]\nname =\n",
	    "<string>:2: [office a] name: must not be empty");

	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	memcpy(longline, "[office a]\nname = ", 18);
	expect_error(longline, "<string>:2: line longer than");
}

static void
test_errors_values(void **state)
{
	expect_error("[server]\nmax_body_kb = ten\n",
	    "<string>:2: [server] max_body_kb: not a whole number: \"ten\"");
	expect_error("[server]\nmax_body_kb = 12k\n",
	    "<string>:2: [server] max_body_kb: not a whole number");
	expect_error("[server]\nmax_body_kb = -\n",
	    "<string>:2: [server] max_body_kb: not a whole number");
	expect_error("[server]\nmagic_link_minutes = 0\n",
	    "<string>:2: [server] magic_link_minutes: 0 is out of range "
	    "(1 to 1440)");
	expect_error("[server]\nmagic_link_minutes = 1441\n",
	    "<string>:2: [server] magic_link_minutes: 1441 is out of range");
	expect_error("[server]\nsession_idle_minutes = 4\n",
	    "<string>:2: [server] session_idle_minutes: 4 is out of range");
	expect_error("[server]\nsession_max_hours = -1\n",
	    "<string>:2: [server] session_max_hours: -1 is out of range");
	expect_error("[server]\nmax_body_kb = 99999999999999999999999\n",
	    "<string>:2: [server] max_body_kb: 99999999999999999999999 is out");
	expect_error("[server]\nstate_dir = var/porch\n",
	    "<string>:2: [server] state_dir: must be an absolute path");
	expect_error("[server]\nsmtp_url = http://mail\n",
	    "<string>:2: [server] smtp_url: must be smtp://");
	expect_error("[server]\ntrusted_proxies = 127.0.0.1 localhost\n",
	    "<string>:2: [server] trusted_proxies: not an IPv4 or IPv6 "
	    "address: \"localhost\"");
	expect_error("[office a]\n[portal a]\noffice = a\nurl = http://a\n"
	    "signin = magic-link sms\n",
	    "<string>:5: [portal a] signin: unknown value \"sms\"");
	expect_error("[office a]\n[portal a]\noffice = a\nurl = http://a\n"
	    "signin =\n", "<string>:5: [portal a] signin: offers no sign-in");
	expect_error("[office a]\n[portal a]\noffice = a\nurl = http://a\n"
	    "signup = closed\n",
	    "<string>:5: [portal a] signup: unknown value \"closed\"");
}

static void
test_errors_ids(void **state)
{
	expect_error("[office Demo]\n", "<string>:1: [office Demo] an id is");
	expect_error("[portal a_b]\n", "<string>:1: [portal a_b] an id is");
	expect_error("[office "
	    "abcdefghijabcdefghijabcdefghijabcdefghij1]\n",
	    "<string>:1: [office abcdefghijabcdefghijabcdefghijabcdefghij1] "
	    "an id is");
	/* 40 characters is the limit, not past it */
	config_free(load_ok("[office "
	    "abcdefghijabcdefghijabcdefghijabcdefghij]\n"));
	expect_error("[office a]\n[portal a]\noffice = A\nurl = http://a\n",
	    "<string>:3: [portal a] office: an id is");
}

static void
test_errors_portals(void **state)
{
	expect_error("[office a]\n[portal p]\nurl = http://a\n",
	    "<string>:2: [portal p] office: required");
	expect_error("[office a]\n[portal p]\noffice = a\n",
	    "<string>:2: [portal p] url: required");
	expect_error("[office a]\n\n[portal p]\noffice = b\nurl = http://a\n",
	    "<string>:4: [portal p] office: no [office b]");
	expect_error("[office a]\n[portal p]\noffice = a\nurl = ftp://a\n",
	    "<string>:4: [portal p] url: must start with http:// or https://");
	expect_error("[office a]\n[portal p]\noffice = a\nurl = https://a/x\n",
	    "<string>:4: [portal p] url: must be scheme://host[:port] without");
	expect_error("[office a]\n[portal p]\noffice = a\nurl = https://a?x\n",
	    "<string>:4: [portal p] url: must be scheme://host[:port]");
	expect_error("[office a]\n[portal p]\noffice = a\n"
	    "url = https://u@a\n", "<string>:4: [portal p] url: must not hold");
	expect_error("[office a]\n[portal p]\noffice = a\nurl = https://\n",
	    "<string>:4: [portal p] url: not a host name");
	expect_error("[office a]\n[portal p]\noffice = a\n"
	    "url = https://a..b\n", "<string>:4: [portal p] url: not a host");
	expect_error("[office a]\n[portal p]\noffice = a\n"
	    "url = https://a:0\n", "<string>:4: [portal p] url: port not in");
	expect_error("[office a]\n[portal p]\noffice = a\n"
	    "url = https://a:70000\n", "<string>:4: [portal p] url: port not");
	expect_error("[office a]\n[portal p]\noffice = a\n"
	    "url = https://[zz::1]\n",
	    "<string>:4: [portal p] url: not a host");
	expect_error("[office a]\n[portal p]\noffice = a\nurl = https://a\n"
	    "aliases = b.example c/d\n",
	    "<string>:5: [portal p] aliases: not a host name: \"c/d\"");
}

static void
test_errors_hosts(void **state)
{
	expect_error("[office a]\n"
	    "[portal p]\noffice = a\nurl = https://a.example\n"
	    "[portal q]\noffice = a\nurl = http://A.example\n",
	    "<string>:7: [portal q] url: host a.example is already served by "
	    "[portal p]");
	/* an explicit default port is the same host */
	expect_error("[office a]\n"
	    "[portal p]\noffice = a\nurl = https://a.example\n"
	    "[portal q]\noffice = a\nurl = https://a.example:443\n",
	    "<string>:7: [portal q] url: host a.example is already served");
	expect_error("[office a]\n"
	    "[portal p]\noffice = a\nurl = https://a.example\n"
	    "[portal q]\noffice = a\nurl = https://b.example\n"
	    "aliases = c.example A.Example\n",
	    "<string>:8: [portal q] aliases: host a.example is already "
	    "served by [portal p]");
	expect_error("[office a]\n"
	    "[portal p]\noffice = a\nurl = https://a.example\n"
	    "aliases = b.example b.example\n",
	    "<string>:5: [portal p] aliases: host b.example is listed twice");
	/* Host: a.example:443 would name both */
	expect_error("[office a]\n"
	    "[portal p]\noffice = a\nurl = https://a.example\n"
	    "[portal q]\noffice = a\nurl = http://a.example:443\n",
	    "<string>:7: [portal q] url: host a.example:443 is already served "
	    "by [portal p]");
	expect_error("[office a]\n"
	    "[portal p]\noffice = a\nurl = http://a.example:443\n"
	    "[portal q]\noffice = a\nurl = https://a.example\n",
	    "<string>:7: [portal q] url: host a.example is already served "
	    "by [portal p]");
	/* the same name on another port is another host */
	config_free(load_ok("[office a]\n"
	    "[portal p]\noffice = a\nurl = https://a.example\n"
	    "[portal q]\noffice = a\nurl = https://a.example:8443\n"));
}

static void
test_by_host(void **state)
{
	struct config		*c;
	const struct portal	*demo, *help;

	c = load_ok(good);
	demo = config_portal_by_id(c, "demo");
	help = config_portal_by_id(c, "help");
	assert_non_null(demo);
	assert_non_null(help);
	assert_ptr_equal(config_portal_by_host(c, "portal.example.com"), demo);
	assert_ptr_equal(config_portal_by_host(c, "PORTAL.Example.COM"), demo);
	assert_ptr_equal(config_portal_by_host(c, "www.portal.example.com"),
	    demo);
	/* with the scheme's default port, as some clients send it */
	assert_ptr_equal(config_portal_by_host(c, "portal.example.com:443"),
	    demo);
	assert_null(config_portal_by_host(c, "portal.example.com:80"));
	assert_ptr_equal(config_portal_by_host(c, "portal.example.com:8443"),
	    demo);
	assert_ptr_equal(config_portal_by_host(c, "Help.Example.org:8080"),
	    help);
	/* the port is part of the host when the url names one */
	assert_null(config_portal_by_host(c, "help.example.org"));
	assert_null(config_portal_by_host(c, "help.example.org:80"));
	assert_null(config_portal_by_host(c, "example.com"));
	assert_null(config_portal_by_host(c, "portal.example.com.evil"));
	assert_null(config_portal_by_host(c, ""));
	assert_null(config_portal_by_host(c, NULL));
	config_free(c);

	c = load_ok("[office a]\n[portal v6]\noffice = a\n"
	    "url = http://[::1]:8080\naliases = [::1]\n");
	assert_ptr_equal(config_portal_by_host(c, "[::1]:8080"),
	    &c->portals[0]);
	assert_ptr_equal(config_portal_by_host(c, "[::1]"), &c->portals[0]);
	assert_ptr_equal(config_portal_by_host(c, "[::1]:80"), &c->portals[0]);
	assert_null(config_portal_by_host(c, "[::2]"));
	config_free(c);
}

static void
test_file(void **state)
{
	struct config	*c;
	char		 err[512], *path, missing[128];

	snprintf(missing, sizeof(missing), "%s/none.conf", dir);
	assert_null(config_load(missing, err, sizeof(err)));
	assert_true(strncmp(err, missing, strlen(missing)) == 0);
	assert_non_null(strstr(err, ": No such file"));

	path = write_conf("[server]\nmax_body_kb = 2\0x\n", 26);
	assert_null(config_load(path, err, sizeof(err)));
	assert_non_null(strstr(err, "contains a NUL byte"));

	path = write_conf("[server]\n\nfoo = 1\n", 18);
	assert_null(config_load(path, err, sizeof(err)));
	assert_true(strncmp(err, path, strlen(path)) == 0);
	assert_string_equal(err + strlen(path),
	    ":3: [server] foo: unknown key");

	assert_null(config_load(dir, err, sizeof(err)));
	assert_non_null(strstr(err, "not a regular file"));

	/* a small err buffer is cut, not overrun */
	assert_null(config_load_string("[x]\n", err, 5));
	assert_string_equal(err, "<str");
	assert_null(config_load_string("[x]\n", NULL, 0));

	path = write_conf("[server]\nmax_body_kb = 2\n", 25);
	c = config_load(path, err, sizeof(err));
	assert_non_null(c);
	assert_false(config_changed(c));
	/* a different size is seen even within the same second */
	write_conf("[server]\nmax_body_kb = 20\n", 26);
	assert_true(config_changed(c));
	config_free(c);
	/* a file that went away keeps the loaded config in use */
	c = config_load(path, err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(unlink(path), 0);
	assert_false(config_changed(c));
	config_free(c);

	c = load_ok("");
	assert_false(config_changed(c));
	config_free(c);
}

static void
test_default_path(void **state)
{
	unsetenv("PORCH_CONF");
	assert_string_equal(config_default_path(), PORCH_CONF_DEFAULT);
	setenv("PORCH_CONF", "", 1);
	assert_string_equal(config_default_path(), PORCH_CONF_DEFAULT);
	setenv("PORCH_CONF", "/elsewhere/porch.conf", 1);
	assert_string_equal(config_default_path(), "/elsewhere/porch.conf");
	unsetenv("PORCH_CONF");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_errors_syntax),
		cmocka_unit_test(test_errors_values),
		cmocka_unit_test(test_errors_ids),
		cmocka_unit_test(test_errors_portals),
		cmocka_unit_test(test_errors_hosts),
		cmocka_unit_test(test_by_host),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test(test_oidc),
		cmocka_unit_test(test_webhook),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
