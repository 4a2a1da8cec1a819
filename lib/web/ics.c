/*
 * ics: appointments as iCalendar, built with libical.
 *
 * A VCALENDAR holds one VTIMEZONE for each zone its events use and one
 * VEVENT per appointment.  The zones come from libical's builtin set,
 * which Debian's libical builds from the system's zoneinfo; the TZID is
 * the zone's IANA name ("Europe/Amsterdam"), which calendars recognise,
 * rather than libical's prefixed one, and the VTIMEZONE keeps only the
 * observances from the first event on, so a feed stays small.  An event's
 * local times are libical's conversion of the instant in that zone, the
 * same rules tz.h shows in pages and mail.
 *
 * Everything libical allocates lives in one component tree that is freed
 * before returning; the text is copied into the caller's arena.  The
 * values come from the database and may hold anything a person typed:
 * libical escapes them as TEXT, and a display name (CN) loses its double
 * quotes, which a parameter value cannot hold.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "appointment.h"
#include "arena.h"
#include "ics.h"
#include "log.h"

#define PRODID		"-//Porch//Porch appointments//EN"
#define ZONES_MAX	16	/* zones defined; the rest go in UTC */
#define PAGE_PATH	"/portal/appointments/"

struct zone_use {
	const char	*name;
	icaltimezone	*tz;
	int64_t		 first;		/* earliest start in the zone */
};

static const char *const method_names[ICS__MAX] = {
	[ICS_PUBLISH] = "PUBLISH",
	[ICS_REQUEST] = "REQUEST",
	[ICS_CANCEL] = "CANCEL",
	[ICS_STORE] = "PUBLISH",	/* not sent: a stored object has none */
};

static const icalproperty_method methods[ICS__MAX] = {
	[ICS_PUBLISH] = ICAL_METHOD_PUBLISH,
	[ICS_REQUEST] = ICAL_METHOD_REQUEST,
	[ICS_CANCEL] = ICAL_METHOD_CANCEL,
	[ICS_STORE] = ICAL_METHOD_NONE,
};

const char *
ics_method_name(enum ics_method m)
{
	return m < ICS__MAX ? method_names[m] : method_names[ICS_PUBLISH];
}

/* libical's zone of that name, or NULL for UTC (no zone, "UTC" or one
 * libical does not know). */
static icaltimezone *
zone_lookup(const char *name)
{
	if (name == NULL || *name == '\0' || strcmp(name, "UTC") == 0 ||
	    strcmp(name, "Etc/UTC") == 0)
		return NULL;
	return icaltimezone_get_builtin_timezone(name);
}

/* The zones the appointments use, each with its earliest start. */
static size_t
zones_used(const struct appointment *ap, size_t n, struct zone_use *z)
{
	icaltimezone	*tz;
	size_t		 i, j, nz = 0;

	for (i = 0; i < n; i++) {
		if ((tz = zone_lookup(ap[i].zone)) == NULL)
			continue;
		for (j = 0; j < nz && z[j].tz != tz; j++)
			continue;
		if (j < nz) {
			if (ap[i].starts < z[j].first)
				z[j].first = ap[i].starts;
		} else if (nz < ZONES_MAX)
			z[nz++] = (struct zone_use){ ap[i].zone, tz,
			    ap[i].starts };
	}
	return nz;
}

/* A VTIMEZONE named by the zone's IANA name, from a day before `first`. */
static icalcomponent *
vtimezone(const struct zone_use *z)
{
	icalcomponent	*vtz;
	icalproperty	*p;
	icaltimetype	 from;

	if ((vtz = icaltimezone_get_component(z->tz)) == NULL)
		return NULL;
	vtz = icalcomponent_new_clone(vtz);
	from = icaltime_from_timet_with_zone((time_t)(z->first - 86400), 0,
	    icaltimezone_get_utc_timezone());
	icaltimezone_truncate_vtimezone(vtz, from, icaltime_null_time(), 1);
	if ((p = icalcomponent_get_first_property(vtz,
	    ICAL_TZID_PROPERTY)) != NULL)
		icalproperty_set_tzid(p, z->name);
	return vtz;
}

/* The zone of that name among those the calendar defines, or NULL. */
static const struct zone_use *
zone_find(const struct zone_use *z, size_t nz, const char *name)
{
	icaltimezone	*tz;
	size_t		 i;

	if ((tz = zone_lookup(name)) == NULL)
		return NULL;
	for (i = 0; i < nz; i++)
		if (z[i].tz == tz)
			return &z[i];
	return NULL;
}

/* DTSTART or DTEND: the local time with TZID in a zone the calendar
 * defines, else UTC. */
static icalproperty *
when(icalproperty_kind kind, const struct zone_use *z, int64_t t)
{
	icaltimetype	 it;
	icalproperty	*p;

	if (z == NULL) {
		it = icaltime_from_timet_with_zone((time_t)t, 0,
		    icaltimezone_get_utc_timezone());
		return kind == ICAL_DTSTART_PROPERTY ?
		    icalproperty_new_dtstart(it) : icalproperty_new_dtend(it);
	}
	it = icaltime_from_timet_with_zone((time_t)t, 0, z->tz);
	it.zone = NULL;		/* written as local time, named by TZID */
	p = kind == ICAL_DTSTART_PROPERTY ? icalproperty_new_dtstart(it) :
	    icalproperty_new_dtend(it);
	icalproperty_add_parameter(p, icalparameter_new_tzid(z->name));
	return p;
}

static icaltimetype
utc(int64_t t)
{
	return icaltime_from_timet_with_zone((time_t)t, 0,
	    icaltimezone_get_utc_timezone());
}

/* A display name as a parameter value may hold it: no double quotes. */
static const char *
cn_value(struct arena *a, const char *s)
{
	char	*out, *p;

	out = arena_strdup(a, s);
	for (p = out; *p != '\0'; p++)
		if (*p == '"')
			*p = '\'';
	return out;
}

static icalproperty_status
status_of(const struct appointment *ap, enum ics_method m)
{
	if (m == ICS_CANCEL || strcmp(ap->status, "cancelled") == 0)
		return ICAL_STATUS_CANCELLED;
	if (strcmp(ap->status, "requested") == 0 ||
	    strcmp(ap->status, "invited") == 0)
		return ICAL_STATUS_TENTATIVE;
	return ICAL_STATUS_CONFIRMED;
}

static const char *
summary_of(struct arena *a, const struct ics_origin *o,
    const struct appointment *ap)
{
	if (*ap->project != '\0' && *ap->agenda != '\0')
		return arena_printf(a, "%s — %s", ap->project, ap->agenda);
	if (*ap->project != '\0')
		return ap->project;
	if (*ap->agenda != '\0')
		return ap->agenda;
	return o->name != NULL ? o->name : "";
}

/* Where it is: its address, the project's, else the meeting link. */
static const char *
location_of(const struct appointment *ap)
{
	if (*ap->location != '\0')
		return ap->location;
	if (*ap->project_address != '\0')
		return ap->project_address;
	return ap->meeting_url;
}

/* ORGANIZER (the office) and ATTENDEE (the customer) of an invitation. */
static void
add_people(icalcomponent *ev, struct arena *a, const struct ics_origin *o,
    const struct appointment *ap, icalproperty_status st)
{
	icalproperty	*p;

	if (o->organizer != NULL && *o->organizer != '\0') {
		p = icalproperty_new_organizer(arena_printf(a, "mailto:%s",
		    o->organizer));
		if (o->name != NULL && *o->name != '\0')
			icalproperty_add_parameter(p,
			    icalparameter_new_cn(cn_value(a, o->name)));
		icalcomponent_add_property(ev, p);
	}
	if (*ap->customer_email == '\0')
		return;
	p = icalproperty_new_attendee(arena_printf(a, "mailto:%s",
	    ap->customer_email));
	if (*ap->customer != '\0')
		icalproperty_add_parameter(p,
		    icalparameter_new_cn(cn_value(a, ap->customer)));
	icalproperty_add_parameter(p,
	    icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
	icalproperty_add_parameter(p, icalparameter_new_partstat(
	    st == ICAL_STATUS_CONFIRMED ? ICAL_PARTSTAT_ACCEPTED :
	    ICAL_PARTSTAT_NEEDSACTION));
	icalproperty_add_parameter(p, icalparameter_new_rsvp(ICAL_RSVP_FALSE));
	icalcomponent_add_property(ev, p);
}

static icalcomponent *
vevent(struct arena *a, const struct ics_origin *o, enum ics_method m,
    const struct appointment *ap, const struct zone_use *z, int64_t now)
{
	icalcomponent		*ev;
	icalproperty_status	 st = status_of(ap, m);
	const char		*page, *loc;

	page = arena_printf(a, "%s" PAGE_PATH "%s", o->url, ap->pid);
	ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	icalcomponent_add_property(ev, icalproperty_new_uid(
	    arena_printf(a, "%s@%s", ap->pid, o->host)));
	icalcomponent_add_property(ev, icalproperty_new_sequence(
	    ap->sequence));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc(now)));
	icalcomponent_add_property(ev, icalproperty_new_lastmodified(
	    utc(ap->updated)));
	icalcomponent_add_property(ev, when(ICAL_DTSTART_PROPERTY, z, ap->starts));
	icalcomponent_add_property(ev, when(ICAL_DTEND_PROPERTY, z, ap->ends));
	icalcomponent_add_property(ev, icalproperty_new_summary(
	    summary_of(a, o, ap)));
	if (*(loc = location_of(ap)) != '\0')
		icalcomponent_add_property(ev, icalproperty_new_location(loc));
	icalcomponent_add_property(ev, icalproperty_new_description(
	    *ap->meeting_url != '\0' ?
	    arena_printf(a, "%s\n%s", ap->meeting_url, page) : page));
	icalcomponent_add_property(ev, icalproperty_new_url(page));
	icalcomponent_add_property(ev, icalproperty_new_status(st));
	if (m == ICS_REQUEST || m == ICS_CANCEL)
		add_people(ev, a, o, ap, st);
	return ev;
}

const char *
ics_calendar(struct arena *a, const struct ics_origin *o, enum ics_method m,
    const struct appointment *ap, size_t n, int64_t now)
{
	struct zone_use	 zones[ZONES_MAX];
	icalcomponent	*cal, *vtz;
	const char	*out;
	char		*text;
	size_t		 i, nz;

	if (m >= ICS__MAX)
		m = ICS_PUBLISH;
	cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
	    icalproperty_new_prodid(PRODID), icalproperty_new_version("2.0"),
	    icalproperty_new_calscale("GREGORIAN"), (void *)0);
	if (cal == NULL) {
		log_err("ics: %s", icalerror_strerror(icalerrno));
		return NULL;
	}
	if (m != ICS_STORE)
		icalcomponent_add_property(cal,
		    icalproperty_new_method(methods[m]));
	nz = zones_used(ap, n, zones);
	for (i = 0; i < nz; i++) {
		if ((vtz = vtimezone(&zones[i])) == NULL) {
			zones[i].tz = NULL;	/* its events go in UTC */
			continue;
		}
		icalcomponent_add_component(cal, vtz);
	}
	for (i = 0; i < n; i++)
		icalcomponent_add_component(cal, vevent(a, o, m, &ap[i],
		    zone_find(zones, nz, ap[i].zone), now));
	text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (text == NULL) {
		log_err("ics: %s", icalerror_strerror(icalerrno));
		return NULL;
	}
	out = arena_strdup(a, text);
	free(text);
	return out;
}
