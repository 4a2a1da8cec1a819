/*
 * porchctl-agenda: the commands that make an office's agendas and
 * projects from a shell (a demo, a test, an office without its team pages
 * yet).  Each prints the new record's public id on standard output.  The
 * rules (limits, the week's hours, exceptions) are lib/data's: these
 * commands only read options and call it.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "agenda.h"
#include "arena.h"
#include "config.h"
#include "db.h"
#include "project.h"
#include "util.h"
#include "porchctl.h"

/* The office's database with a write transaction begun, or NULL. */
static struct db *
begin(struct ctl *c, const char *office)
{
	const struct office	*o;
	struct db		*db;

	if (office == NULL)
		ctl_usage();
	if (!ctl_load(c) || (o = ctl_office_get(c, office)) == NULL ||
	    (db = ctl_office_db(o)) == NULL)
		return NULL;
	if (db_begin(db, true) != DB_OK) {
		ctl_say("office %s: the database is busy", office);
		return NULL;
	}
	return db;
}

static int
agenda_option(struct agenda *g, const char **hours, int ch)
{
	switch (ch) {
	case 'n':
		g->name = optarg;
		break;
	case 'z':
		g->zone = optarg;
		break;
	case 'H':
		*hours = optarg;
		break;
	case 's':
		g->slot_minutes = (int)ctl_number(optarg, 5, 480);
		break;
	case 'b':
		g->buffer_minutes = (int)ctl_number(optarg, 0, 240);
		break;
	case 'c':
		g->capacity = (int)ctl_number(optarg, 1, 100);
		break;
	case 'm':
		g->max_slots = (int)ctl_number(optarg, 1, 8);
		break;
	case 't':
		g->notice_minutes = (int)ctl_number(optarg, 0, 43200);
		break;
	case 'r':
		g->horizon_days = (int)ctl_number(optarg, 1, 730);
		break;
	case 'x':
		g->cancel_hours = (int)ctl_number(optarg, 0, 720);
		break;
	case 'l':
		g->location = optarg;
		break;
	case 'u':
		g->meeting_url = optarg;
		break;
	case 'A':
		g->archived = true;
		break;
	default:
		return -1;
	}
	return 0;
}

int
ctl_cmd_agenda_add(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, 'n' },
		{ "zone", required_argument, NULL, 'z' },
		{ "hours", required_argument, NULL, 'H' },
		{ "slot", required_argument, NULL, 's' },
		{ "buffer", required_argument, NULL, 'b' },
		{ "capacity", required_argument, NULL, 'c' },
		{ "max-slots", required_argument, NULL, 'm' },
		{ "notice", required_argument, NULL, 't' },
		{ "horizon", required_argument, NULL, 'r' },
		{ "cancel-hours", required_argument, NULL, 'x' },
		{ "location", required_argument, NULL, 'l' },
		{ "meeting-url", required_argument, NULL, 'u' },
		{ "archived", no_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 }
	};
	struct agenda_hours	 h[AGENDA_HOURS_MAX];
	struct agenda		 g;
	const char		*office = NULL, *hours = "";
	struct db		*db;
	size_t			 nh;
	int			 ch;
	enum db_rc		 rc;

	agenda_defaults(&g);
	while ((ch = ctl_option(argc, argv, opts)) != -1)
		if (ch == 'o')
			office = optarg;
		else if (agenda_option(&g, &hours, ch) != 0)
			ctl_usage();
	if (optind != argc || !agenda_valid(&g))
		ctl_usage();
	if (!agenda_week_parse(hours, h, AGENDA_HOURS_MAX, &nh))
		return ctl_complain("--hours: not like \"mon-fri 09:00-17:00; "
		    "sat 10:00-12:00\"");
	if ((db = begin(c, office)) == NULL)
		return 1;
	if ((rc = agenda_save(db, c->a, &g, time(NULL))) == DB_OK)
		rc = agenda_set_hours(db, g.id, h, nh);
	if (ctl_finish(db, rc, arena_printf(c->a, "agenda %s", g.name)) != 0)
		return 1;
	printf("%s\n", g.pid);
	return 0;
}

int
ctl_cmd_agenda_exception(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ "agenda", required_argument, NULL, 'a' },
		{ "day", required_argument, NULL, 'd' },
		{ "hours", required_argument, NULL, 'H' },
		{ "open", no_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 }
	};
	struct agenda_exception	 x = { .closes = 1440, .note = "" };
	struct agenda		 g;
	const char		*office = NULL, *pid = NULL, *hours = NULL;
	struct db		*db;
	int			 ch;
	enum db_rc		 rc;

	while ((ch = ctl_option(argc, argv, opts)) != -1) {
		if (ch == 'o')
			office = optarg;
		else if (ch == 'a')
			pid = optarg;
		else if (ch == 'd' && strlen(optarg) < sizeof(x.day))
			snprintf(x.day, sizeof(x.day), "%s", optarg);
		else if (ch == 'H')
			hours = optarg;
		else if (ch == 'O')
			x.open = true;
		else
			ctl_usage();
	}
	if (optind != argc || pid == NULL || !valid_day(x.day, strlen(x.day)))
		ctl_usage();
	if (hours != NULL && (strlen(hours) != 11 || hours[5] != '-' ||
	    !clock_parse(hours, 5, &x.opens) ||
	    !clock_parse(hours + 6, 5, &x.closes)))
		return ctl_complain("--hours: not like 09:00-12:00");
	if ((db = begin(c, office)) == NULL)
		return 1;
	if ((rc = agenda_by_pid(db, c->a, pid, &g)) == DB_OK)
		rc = agenda_exception_add(db, c->a, g.id, &x);
	return ctl_finish(db, rc, arena_printf(c->a, "exception on %s",
	    x.day));
}

int
ctl_cmd_project_add(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ "title", required_argument, NULL, 't' },
		{ "address", required_argument, NULL, 'a' },
		{ "description", required_argument, NULL, 'd' },
		{ "agenda", required_argument, NULL, 'g' },
		{ "no-booking", no_argument, NULL, 'N' },
		{ "archived", no_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 }
	};
	struct project	 p;
	struct agenda	 g;
	const char	*office = NULL, *agendas[16];
	struct db	*db;
	size_t		 na = 0, i;
	int		 ch;
	enum db_rc	 rc;

	project_defaults(&p);
	while ((ch = ctl_option(argc, argv, opts)) != -1) {
		switch (ch) {
		case 'o':
			office = optarg;
			break;
		case 't':
			p.title = optarg;
			break;
		case 'a':
			p.address = optarg;
			break;
		case 'd':
			p.description = optarg;
			break;
		case 'N':
			p.booking = false;
			break;
		case 'A':
			p.archived = true;
			break;
		default:
			if (na == sizeof(agendas) / sizeof(agendas[0]))
				ctl_usage();
			agendas[na++] = optarg;
		}
	}
	if (optind != argc || !project_valid(&p))
		ctl_usage();
	if ((db = begin(c, office)) == NULL)
		return 1;
	rc = project_save(db, c->a, &p, time(NULL));
	for (i = 0; i < na && rc == DB_OK; i++)
		if ((rc = agenda_by_pid(db, c->a, agendas[i], &g)) == DB_OK)
			rc = project_link_agenda(db, p.id, g.id, true);
	if (ctl_finish(db, rc, arena_printf(c->a, "project %s", p.title)) != 0)
		return 1;
	printf("%s\n", p.pid);
	return 0;
}
