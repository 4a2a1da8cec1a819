/*
 * porchctl-seed: seed-demo, the demo office for trying Porch out and for
 * benchmarks.
 *
 * It makes office and portal "demo" when missing, adds Ana and Ben with a
 * few appointments each (a second run adds no second Ana or Ben), with
 * --customers and --appointments as many more as a benchmark wants, and
 * with --busy N a customer with a long history, Bea Busy
 * (busy@example.com), given N more appointments, all in one transaction.
 * It prints Ana's sign-in link on its own line.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "appointment.h"
#include "arena.h"
#include "config.h"
#include "customer.h"
#include "db.h"
#include "util.h"
#include "porchctl.h"

#define SEED_MAX	1000000

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
	  "9 Beacon Road, Port Charlotte", "", "confirmed", "embed" },
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
static const char *const sources[] = { "portal", "team", "link", "embed" };

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

/* `busy` appointments for Bea Busy: one customer's long history. */
static enum db_rc
demo_busy(struct ctl *c, struct db *db, long long busy, int64_t today)
{
	int64_t		 id;
	long long	 i;
	bool		 fresh;
	enum db_rc	 rc;

	if (busy == 0)
		return DB_OK;
	rc = demo_customer(c, db, "busy@example.com", "Bea Busy", &id, &fresh);
	for (i = 0; i < busy && rc == DB_OK; i++) {
		if (i % 1000 == 0)
			arena_reset(c->a);
		rc = bulk_appt(c, db, id, i, today);
	}
	return rc;
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

int
ctl_cmd_seed_demo(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "customers", required_argument, NULL, 'n' },
		{ "appointments", required_argument, NULL, 'm' },
		{ "busy", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*url = "http://127.0.0.1:8080", *link = NULL;
	struct who		 w = { 0 };
	const struct portal	*p;
	struct db		*db;
	enum db_rc		 rc;
	long long		 n = 0, m = 0, busy = 0;
	int64_t			 today, people[2];
	int			 ch;
	bool			 url_given = false;

	while ((ch = ctl_option(argc, argv, opts)) != -1)
		if (ch == 'u') {
			url = optarg;
			url_given = true;
		} else if (ch == 'n')
			n = ctl_number(optarg, 0, SEED_MAX);
		else if (ch == 'b')
			busy = ctl_number(optarg, 0, SEED_MAX);
		else
			m = ctl_number(optarg, 0, 10 * SEED_MAX);
	if (optind != argc)
		ctl_usage();
	if (!ctl_conf_demo(c, url, url_given) ||
	    (p = config_portal_by_id(c->cfg, "demo")) == NULL ||
	    (db = ctl_office_db(p->office)) == NULL)
		return 1;
	today = time(NULL) / 86400 * 86400;
	w.email = "ana@example.com";
	w.ttl = c->cfg->magic_link_minutes * 60LL;
	if ((rc = db_begin(db, true)) == DB_OK &&
	    (rc = demo_people(c, db, today, people)) == DB_OK &&
	    (rc = demo_bulk(c, db, n, m, today, people)) == DB_OK &&
	    (rc = demo_busy(c, db, busy, today)) == DB_OK)
		link = ctl_link_make(c, db, p, &w, &rc);
	if (ctl_finish(db, rc, "seed-demo") != 0)
		return 1;
	ctl_say("demo office ready at %s (%lld more customers, %lld more "
	    "appointments, %lld for Bea Busy)", p->url, n, m, busy);
	printf("%s\n", link);
	return 0;
}
