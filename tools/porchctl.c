/*
 * porchctl: what an administrator does from a shell.
 *
 * This file reads the command line, finds the command in one table and
 * runs it with the config path and an arena; it also holds what every
 * command uses: the messages, option and number parsing, and the loaded
 * config with its offices.  The commands themselves live in
 * porchctl-conf.c (porch.conf), porchctl-data.c (an office's records)
 * and porchctl-hooks.c (its webhook events).
 *
 * Output meant for scripts (a sign-in link, the outbox table) goes to
 * stdout, progress to stderr.  Bad usage exits 2 with the usage; any other
 * error exits 1 with one "porchctl: ..." line.  Nothing here prints or logs
 * a secret other than the link it was asked for.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "config.h"
#include "crypto.h"
#include "log.h"
#include "tenant.h"
#include "porchctl.h"

struct cmd {
	const char	*name;
	const char	*sub;		/* "add", "password", or NULL */
	int		(*run)(struct ctl *, int, char **);
	const char	*args;
};

static const struct cmd cmds[] = {
	{ "init", NULL, ctl_cmd_init, "[--state DIR] [--templates DIR] "
	  "[--smtp-url URL] [--mail-from ADDR]" },
	{ "office", "add", ctl_cmd_office_add, "ID --name NAME" },
	{ "portal", "add", ctl_cmd_portal_add, "ID --office OFFICE --url URL "
	  "[--name NAME] [--alias HOST]... [--signin \"magic-link password\"] "
	  "[--signup open|invite] [--language en|nl]" },
	{ "customer", "add", ctl_cmd_customer_add,
	  "--office O --email E --name N" },
	{ "customer", "password", ctl_cmd_customer_password,
	  "--office O --email E (the new password on standard input)" },
	{ "member", "add", ctl_cmd_member_add, "--office O --email E --name N "
	  "[--role admin|agent|viewer] [--no-portal-access] [--agenda-edit]" },
	{ "member", "password", ctl_cmd_member_password,
	  "--office O --email E (the new password on standard input)" },
	{ "link", NULL, ctl_cmd_link, "--office O --email E [--portal P] "
	  "[--next /path] [--ttl SECONDS]" },
	{ "invite", NULL, ctl_cmd_invite, "--office O --email E --name N "
	  "[--portal P]" },
	{ "agenda", "add", ctl_cmd_agenda_add, "--office O --name N "
	  "[--zone Europe/Amsterdam] [--hours \"mon-fri 09:00-17:00; ...\"] "
	  "[--slot MIN] [--buffer MIN] [--capacity N] [--max-slots N] "
	  "[--notice MIN] [--horizon DAYS] [--cancel-hours H] [--location L] "
	  "[--meeting-url URL] [--archived]" },
	{ "agenda", "exception", ctl_cmd_agenda_exception, "--office O "
	  "--agenda ID --day YYYY-MM-DD [--hours HH:MM-HH:MM] [--open]" },
	{ "agenda", "caldav", ctl_cmd_agenda_caldav, "--office O --agenda ID "
	  "--url URL [--user U] [--password-file F]" },
	{ "agenda", "caldav-off", ctl_cmd_agenda_caldav_off,
	  "--office O --agenda ID" },
	{ "agenda", "caldav-status", ctl_cmd_agenda_caldav_status,
	  "--office O --agenda ID" },
	{ "project", "add", ctl_cmd_project_add, "--office O --title T "
	  "[--address A] [--description D] [--agenda ID]... [--no-booking] "
	  "[--archived]" },
	{ "seed-demo", NULL, ctl_cmd_seed_demo, "[--url URL] [--customers N] "
	  "[--appointments M] [--busy N]" },
	{ "migrate", NULL, ctl_cmd_migrate, "" },
	{ "sweep", NULL, ctl_cmd_sweep, "" },
	{ "outbox", NULL, ctl_cmd_outbox, "[--office O]" },
	{ "hooks", "list", ctl_cmd_hooks_list, "[--office O] [--failed]" },
	{ "hooks", "retry", ctl_cmd_hooks_retry,
	  "[--office O] EVENT_ID | [--office O] --all-failed" },
	{ "hooks", "enable", ctl_cmd_hooks_enable, "[--office O]" },
};

static const struct cmd *current;

static void vsay(const char *, va_list) __attribute__((format(printf, 1, 0)));

static void
vsay(const char *fmt, va_list ap)
{
	fputs("porchctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
ctl_say(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
}

int
ctl_complain(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	return 1;
}

bool
ctl_refuse(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	return false;
}

/* ------------------------------------------------------------ arguments */

/* One command's line of the usage, after `lead`. */
static void
usage_line(const char *lead, const struct cmd *cmd)
{
	fprintf(stderr, "%s%s%s%s%s%s\n", lead, cmd->name,
	    cmd->sub != NULL ? " " : "", cmd->sub != NULL ? cmd->sub : "",
	    cmd->args[0] != '\0' ? " " : "", cmd->args);
}

void
ctl_usage(void)
{
	usage_line("usage: porchctl [-c CONF] ", current);
	exit(2);
}

static void __attribute__((noreturn))
usage_all(void)
{
	size_t	 i;

	fprintf(stderr, "usage: porchctl [-c CONF] COMMAND ...\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		usage_line("  ", &cmds[i]);
	exit(2);
}

long long
ctl_number(const char *s, long long min, long long max)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		ctl_say("%s: expected a number from %lld to %lld", s, min, max);
		ctl_usage();
	}
	return v;
}

int
ctl_option(int argc, char **argv, const struct option *longopts)
{
	int	 ch;

	if ((ch = getopt_long(argc, argv, "", longopts, NULL)) == '?')
		ctl_usage();
	return ch;
}

/* -------------------------------------------------------------- config */

bool
ctl_load(struct ctl *c)
{
	char	 err[512];

	config_free(c->cfg);
	if ((c->cfg = config_load(c->conf, err, sizeof(err))) == NULL)
		return ctl_refuse("%s", err);
	return true;
}

const struct office *
ctl_office_get(struct ctl *c, const char *id)
{
	const struct office	*o;

	if ((o = config_office_by_id(c->cfg, id)) == NULL)
		ctl_complain("no office %s in %s", id, c->conf);
	return o;
}

struct db *
ctl_office_db(const struct office *o)
{
	struct db	*db;

	if ((db = tenant_db(o)) == NULL)
		ctl_complain("cannot open the database of office %s", o->id);
	return db;
}

/* ---------------------------------------------------------------- main */

static const struct cmd *
cmd_find(int argc, char **argv)
{
	const struct cmd	*named = NULL;
	size_t			 i;

	/* a name may come with several subcommands ("member add",
	 * "member password"): the usage shown is the first one's */
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[0], cmds[i].name) != 0)
			continue;
		if (cmds[i].sub == NULL || (argc >= 2 &&
		    strcmp(argv[1], cmds[i].sub) == 0))
			return &cmds[i];
		if (named == NULL)
			named = &cmds[i];
	}
	if (named != NULL) {
		current = named;
		ctl_usage();
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
		return ctl_complain("cannot initialise libsodium");
	c.a = arena_new(64 * 1024);
	/* The command's options start after its name (and "add"). */
	skip = current->sub != NULL ? 1 : 0;
	optind = 0;
	status = current->run(&c, argc - skip, argv + skip);
	fflush(stdout);
	if (ferror(stdout))
		status = ctl_complain("error writing the output");
	tenant_close_all();
	config_free(c.cfg);
	if (c.lockfd != -1)
		close(c.lockfd);
	arena_free(c.a);
	return status;
}
