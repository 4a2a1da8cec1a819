/*
 * confread: the reading half of config, shared by config.c and confread.c
 * only (no other module includes this header).
 *
 * confread_text() turns porch.conf's text into definitions: [server]
 * values go straight into the config, each [office] and [portal] becomes
 * (and each [oidc]) becomes a definition that remembers the line of every key, so config.c can
 * finish them (defaults, cross-references, hosts) and still name the line
 * of a problem.  Nothing here compares one section with another.
 */
#ifndef PORCH_CONFREAD_H
#define PORCH_CONFREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

#define CONFREAD_KEYS_MAX	24	/* keys of the largest section kind */

enum confread_kind {
	CONFREAD_SERVER,
	CONFREAD_OFFICE,
	CONFREAD_PORTAL,
	CONFREAD_OIDC,
	CONFREAD__MAX
};

/* Where each key of one section was set. */
struct confread_sect {
	int	 line;				/* of the [header]; 0: none */
	int	 keyline[CONFREAD_KEYS_MAX];	/* 0 when not set */
	int	 last;		/* the key an indented line continues, or -1 */
};

struct confread_office {
	struct office		 o;
	struct confread_sect	 s;
};

/* A portal as written: the office is still an id, aliases not merged. */
struct confread_portal {
	struct portal		 p;
	char			*office;
	size_t			 office_idx;	/* set by config.c */
	char			**aliases;
	size_t			 naliases;
	char			**oidc;		/* provider ids */
	size_t			 noidc;
	size_t			*oidc_idx;	/* set by config.c */
	struct confread_sect	 s;
};

struct confread_oidc {
	struct oidc_provider	 o;
	struct confread_sect	 s;
};

struct confread {
	struct arena		*a;		/* the config's */
	const char		*path;
	char			*err;
	size_t			 errlen;
	bool			 failed;
	struct config		*c;
	struct confread_sect	 server;
	struct confread_office	*od;
	size_t			 nod;
	struct confread_portal	*pd;
	size_t			 npd;
	struct confread_oidc	*xd;
	size_t			 nxd;
	/* while reading */
	const char		*next;		/* the next unread byte */
	int			 line;		/* the line inih is on */
	bool			 indented;	/* ... and if it is indented */
	enum confread_kind	 kind;		/* the current section */
	size_t			 idx;
	bool			 insect;	/* false before the first */
};

/* Reads `text` into r (a, path, err, errlen and c set by the caller);
 * false when it failed, with the message in r->err. */
bool	 confread_text(struct confread *, const char *text);
/* Gives the keys a section did not set their default from the table; a
 * required key that is missing is an error. */
void	 confread_defaults(struct confread *, enum confread_kind, size_t idx);
/* The line where a section set `key`, else the line of its header. */
int	 confread_line(const struct confread *, enum confread_kind, size_t idx,
	    const char *key);
/* Records the first error as "path:line: [section] key: problem"; line 0,
 * kind -1 and key NULL leave out those parts. */
void	 confread_fail(struct confread *, int line, int kind, size_t idx,
	    const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/* Checks of a portal's url and of a host[:port] (aliases), in config.c
 * with the rest of the host handling: NULL when fine, else the problem. */
const char *config_check_url(const char *);
const char *config_check_hostport(const char *);
/* An issuer: https://host[:port][/path], or http:// on a loopback host. */
const char *config_check_issuer(const char *);
/* Appends to a list in the arena. */
void	 confread_list_add(struct arena *, char ***, size_t *, char *);

#endif
