/*
 * drain: the loop of a process that empties a queue in every office
 * (porch-mailer's outbox, porch-hooks' webhook events).
 *
 * It parses the common command line (-c CONF, --once, --flush,
 * --interval), blocks SIGTERM and SIGINT so they are taken only where the
 * loop can stop, loads the config and picks up a changed one between
 * passes (a broken one is reported once and the running one kept), and
 * runs a pass over every office, with each office's log lines carrying
 * its id.  Within an office, drain_batches reads due work in batches and
 * hands each item to the program once per pass.  What an item is, how it
 * is delivered and how its outcome is recorded is the program's.
 */
#ifndef PORCH_DRAIN_H
#define PORCH_DRAIN_H

#include <sys/types.h>

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "db.h"

struct arena;
struct config;
struct office;
struct drain;

/* What an item's delivery asks of the rest of the pass. */
enum drain_step {
	DRAIN_NEXT,	/* it will not be listed again in this pass */
	DRAIN_SKIP,	/* it may still be listed: skip it from now on */
	DRAIN_HALT,	/* stop this office's pass here */
};

struct drain_prog {
	const char	*name;		/* the program, for logs and usage */
	const char	*flush_what;	/* "every queued message" */
	/* Optional: takes what the program needs from a freshly loaded
	 * config, before it replaces the running one; false (logged)
	 * refuses it. */
	bool		(*load)(struct drain *, struct config *);
	/* Optional: called before each pass. */
	void		(*pass_begin)(struct drain *);
	/* Works one office's queue; false on a database error. */
	bool		(*office)(struct drain *, const struct office *,
			    struct db *, bool flush);
	/* Optional: releases what load took, at exit. */
	void		(*fini)(struct drain *);
};

/* One office's queue, worked by drain_batches. */
struct drain_queue {
	/* Reads at most max items (all pending under flush, else those
	 * due) into the program's state, their number in *n; called in a
	 * read transaction of its own. */
	enum db_rc	(*batch)(struct drain *, struct db *, bool flush,
			    size_t max, size_t *n);
	int64_t		(*id)(struct drain *, size_t i);
	/* Delivers item i and records its outcome; *ok set false when the
	 * outcome could not be recorded. */
	enum drain_step	(*deliver)(struct drain *, struct db *, size_t i,
			    bool *ok);
};

struct drain {
	const struct drain_prog	*prog;
	void			*ctx;		/* the program's own */
	struct config		*cfg;
	struct arena		*a;		/* reset before each batch */
	struct timespec		 bad_mtim;	/* the config file as it was */
	off_t			 bad_size;	/* when it last failed to load */
	sigset_t		 sigs;		/* blocked; taken by sigtimedwait */
	bool			 stop;
};

/* Runs the program: its return value is the process's exit status (2 on
 * a usage error, 1 when the config cannot be loaded or a --once pass
 * met a database error). */
int	drain_main(const struct drain_prog *, void *ctx, int argc,
	    char *argv[]);

/* Whether a SIGTERM or SIGINT has come, waiting for one up to secs. */
bool	drain_stopping(struct drain *, int secs);

/* Works one office's queue in batches until nothing untried is left or
 * a stop signal comes; each item is delivered at most once.  False when a
 * batch could not be read or an outcome not recorded. */
bool	drain_batches(struct drain *, struct db *, const struct drain_queue *,
	    bool flush);

#endif
