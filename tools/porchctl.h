/*
 * porchctl: what the pieces of the admin command share.
 *
 * porchctl.c parses the command line, finds the command and owns the
 * messages and the argument helpers; porchctl-conf.c holds every command
 * that writes porch.conf; porchctl-data.c the ones that change or read the
 * records inside an office.  Names shared between them start with ctl_,
 * and the commands with ctl_cmd_.
 *
 * A command returns the exit status: 0, or 1 after one "porchctl: ..."
 * line on stderr.  Bad usage never returns: ctl_usage() prints the
 * command's usage and exits 2.
 */
#ifndef PORCHCTL_H
#define PORCHCTL_H

#include <sys/types.h>

#include <getopt.h>
#include <stdbool.h>

#include "db.h"

struct arena;
struct config;
struct db;
struct office;

struct ctl {
	const char	*conf;
	struct config	*cfg;
	struct arena	*a;
	int		 lockfd;	/* CONF, locked, while appending */
	off_t		 oldsize;	/* its length before the append */
};

/* "porchctl: " and the line on stderr: progress, or why a step failed.
 * ctl_complain returns 1 (an exit status), ctl_refuse false. */
void	 ctl_say(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
int	 ctl_complain(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
bool	 ctl_refuse(const char *, ...)
	    __attribute__((format(printf, 1, 2)));

/* The running command's usage on stderr, then exit 2. */
void	 ctl_usage(void) __attribute__((noreturn));
/* The decimal integer `s` within [min, max], else the usage. */
long long ctl_number(const char *s, long long min, long long max);
/* The next of the command's `longopts` (their short codes), -1 at the end,
 * the usage on an unknown one; positional arguments are left from optind. */
int	 ctl_option(int, char **, const struct option *longopts);

/* (Re)loads CONF into c->cfg. */
bool	 ctl_load(struct ctl *) __attribute__((warn_unused_result));
/* The office of that id, or NULL after saying there is none. */
const struct office *ctl_office_get(struct ctl *, const char *id);
/* The office's database, opened and migrated, or NULL after saying so. */
struct db *ctl_office_db(const struct office *);

/* porchctl-conf.c */
int	 ctl_cmd_init(struct ctl *, int, char **);
int	 ctl_cmd_office_add(struct ctl *, int, char **);
int	 ctl_cmd_portal_add(struct ctl *, int, char **);
/* Adds office and portal "demo" (at `url`) to CONF where missing and
 * leaves c->cfg loaded; false after saying why. */
bool	 ctl_conf_demo(struct ctl *, const char *url, bool url_given);

/* porchctl-data.c */
/* Who a command is about, from its options. */
struct who {
	const char	*office, *email, *name, *role, *portal, *next;
	long long	 ttl;
	unsigned	 perms_off, perms_on;	/* member add: enum member_perm
						 * bits taken from or added to
						 * the default */
};

/* Commits when rc is DB_OK, else rolls back and says why (naming what);
 * the exit status. */
int	 ctl_finish(struct db *, enum db_rc, const char *what);
/* A sign-in link for an existing customer, in the caller's transaction;
 * NULL (with *rc) on error. */
const char *ctl_link_make(struct ctl *, struct db *, const struct portal *,
	    const struct who *, enum db_rc *);
int	 ctl_cmd_customer_add(struct ctl *, int, char **);
/* Sets a customer's password from one line of standard input. */
int	 ctl_cmd_customer_password(struct ctl *, int, char **);
int	 ctl_cmd_member_add(struct ctl *, int, char **);
/* Sets a member's password from one line of standard input. */
int	 ctl_cmd_member_password(struct ctl *, int, char **);
int	 ctl_cmd_link(struct ctl *, int, char **);
/* Adds a customer inactive and mails them a link that activates them. */
int	 ctl_cmd_invite(struct ctl *, int, char **);
int	 ctl_cmd_migrate(struct ctl *, int, char **);
int	 ctl_cmd_sweep(struct ctl *, int, char **);
int	 ctl_cmd_outbox(struct ctl *, int, char **);

/* porchctl-hooks.c: the webhook events of one office or every one. */
int	 ctl_cmd_hooks_list(struct ctl *, int, char **);
int	 ctl_cmd_hooks_retry(struct ctl *, int, char **);
int	 ctl_cmd_hooks_enable(struct ctl *, int, char **);
/* porchctl-agenda.c */
int	 ctl_cmd_agenda_add(struct ctl *, int, char **);
/* A dated exception: closed (the day, or --hours), or --open hours. */
int	 ctl_cmd_agenda_exception(struct ctl *, int, char **);
/* porchctl-caldav.c: an agenda's CalDAV calendar. */
int	 ctl_cmd_agenda_caldav(struct ctl *, int, char **);
int	 ctl_cmd_agenda_caldav_off(struct ctl *, int, char **);
int	 ctl_cmd_agenda_caldav_status(struct ctl *, int, char **);
int	 ctl_cmd_project_add(struct ctl *, int, char **);

/* porchctl-seed.c */
int	 ctl_cmd_seed_demo(struct ctl *, int, char **);

#endif
