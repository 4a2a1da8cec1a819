/*
 * porchctl-seed: seed-demo, the demo office for trying Porch out and for
 * benchmarks.
 *
 * It makes office and portal "demo" when missing, adds Ana and Ben with a
 * few appointments each (a second run adds no second Ana or Ben), with
 * --customers and --appointments as many more as a benchmark wants, and
 * with --busy N a customer with a long history, Bea Busy
 * (busy@example.com), given N more appointments, all in one transaction.
 * The agendas the appointments name get opening hours and slot rules (in
 * Europe/London), the sales and valuation agendas connected, a bank
 * holiday and a blocked afternoon; the projects get an address and a
 * description.  Ana has an invitation waiting to book a viewing at one of
 * two proposed times (a new one only when she has none open).  Ana has
 * documents of her own, one new, one accepted and one rejected with a
 * reason, and an open document request (proof of income); Ben has one
 * new document: each a small PDF sealed into the office's store as an
 * upload is, dated a few days back, made once with the customer.  The
 * harbour cottage's project has a brochure shared with its customers, so
 * Ana finds it among her documents (added once).  It prints
 * Ana's sign-in link on its own line, then the public booking link of a
 * viewing.
 */
#include <getopt.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "agenda.h"
#include "appointment.h"
#include "arena.h"
#include "config.h"
#include "customer.h"
#include "db.h"
#include "document.h"
#include "docupload.h"
#include "invitation.h"
#include "keyring.h"
#include "keyset.h"
#include "project.h"
#include "slot.h"
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

/* How each demo agenda opens and books. */
static const struct demo_agenda {
	const char	*name;
	const char	*weekdays;	/* Sun..Sat: 1 where open */
	const char	*hours;		/* agenda_hours_parse's form */
	int		 slot, buffer, capacity, max_slots;
	bool		 connected;
	const char	*location, *meeting_url;
} demo_agendas[] = {
	{ "Sales team", "0111111", "09:00-12:30, 13:30-17:00", 30, 15, 1, 2,
	  true, "Demo Realty office, 1 Main Street, Bowmore", "" },
	{ "Valuations", "0111110", "10:00-16:00", 60, 0, 1, 1, true, "",
	  "https://meet.example.com/porch-demo-valuation" },
	{ "Lettings team", "0011100", "09:00-12:00", 45, 15, 2, 1, false,
	  "", "https://meet.example.com/porch-demo-lettings" },
	{ "Legal team", "0101000", "13:00-17:00", 60, 0, 1, 1, false,
	  "Demo Realty office, 1 Main Street, Bowmore", "" },
};

static const struct demo_project {
	const char	*title, *address, *description;
} demo_projects[] = {
	{ "Viewing: 12 Harbour Lane", "12 Harbour Lane, Port Ellen",
	  "A three-bedroom harbour cottage with a sea view. Viewings take "
	  "half an hour; bring a friend if you like." },
	{ "Viewing: 7 Orchard Close", "7 Orchard Close, Bowmore",
	  "A family house with a large garden, close to the school." },
	{ "Valuation: 4 Mill Road", "4 Mill Road, Bowmore",
	  "Our valuer visits by video call first." },
};

/* Day n, or the Monday after it when it falls on a weekend. */
static int64_t
workday(int64_t n)
{
	while ((n + 4) % 7 == 0 || (n + 4) % 7 == 6)
		n++;
	return n;
}

/* The demo agendas' rules, hours and exceptions (again on every run: the
 * same rules), and the projects' details. */
static enum db_rc
demo_calendars(struct ctl *c, struct db *db, int64_t today,
    const char **book_pid)
{
	struct agenda		*ag;
	struct project		*pj;
	struct agenda_hours	 h[AGENDA_HOURS_MAX], one[4];
	struct agenda_exception	 x, *have;
	size_t			 nag, npj, i, j, k, nh, n1;
	int			 y, m, d, wd;
	enum db_rc		 rc;

	if ((rc = agenda_list(db, c->a, true, &ag, &nag)) != DB_OK)
		return rc;
	for (i = 0; i < nag; i++)
		for (j = 0; j < sizeof(demo_agendas) / sizeof(demo_agendas[0]);
		    j++) {
			const struct demo_agenda *da = &demo_agendas[j];

			if (strcmp(ag[i].name, da->name) != 0)
				continue;
			ag[i].zone = "Europe/London";
			ag[i].slot_minutes = da->slot;
			ag[i].buffer_minutes = da->buffer;
			ag[i].capacity = da->capacity;
			ag[i].max_slots = da->max_slots;
			ag[i].connected = da->connected;
			ag[i].location = da->location;
			ag[i].meeting_url = da->meeting_url;
			for (wd = 0, nh = 0; wd < 7; wd++) {
				if (da->weekdays[wd] != '1' ||
				    !agenda_hours_parse(da->hours, wd, one, 4,
				    &n1))
					continue;
				for (k = 0; k < n1; k++)
					h[nh++] = one[k];
			}
			if ((rc = agenda_save(db, c->a, &ag[i],
			    time(NULL))) != DB_OK ||
			    (rc = agenda_set_hours(db, ag[i].id, h, nh)) !=
			    DB_OK)
				return rc;
			if (j != 0 || agenda_exceptions(db, c->a, ag[i].id,
			    "2000-01-01", 1, &have, &n1) != DB_OK || n1 > 0)
				continue;
			/* the sales team: a day off next week and a
			 * meeting the day after tomorrow */
			memset(&x, 0, sizeof(x));
			day_civil(workday(today / 86400 + 7), &y, &m, &d);
			snprintf(x.day, sizeof(x.day), "%04d-%02d-%02d", y, m, d);
			x.closes = 1440;
			x.note = "Office closed";
			if ((rc = agenda_exception_add(db, c->a, ag[i].id,
			    &x)) != DB_OK)
				return rc;
			day_civil(workday(today / 86400 + 2), &y, &m, &d);
			snprintf(x.day, sizeof(x.day), "%04d-%02d-%02d", y, m, d);
			x.opens = 14 * 60;
			x.closes = 16 * 60;
			x.note = "Team meeting";
			if ((rc = agenda_exception_add(db, c->a, ag[i].id,
			    &x)) != DB_OK)
				return rc;
		}
	if ((rc = project_list(db, c->a, true, &pj, &npj)) != DB_OK)
		return rc;
	/* the projects described are bookable; the others (a contract
	 * signing, houses already sold) are the team's to book */
	for (i = 0; i < npj; i++) {
		pj[i].booking = false;
		for (j = 0; j < sizeof(demo_projects) /
		    sizeof(demo_projects[0]); j++) {
			if (strcmp(pj[i].title, demo_projects[j].title) != 0)
				continue;
			pj[i].address = demo_projects[j].address;
			pj[i].description = demo_projects[j].description;
			pj[i].booking = true;
			if (j == 0)
				*book_pid = pj[i].pid;
		}
		if ((rc = project_save(db, c->a, &pj[i], time(NULL))) != DB_OK)
			return rc;
	}
	return DB_OK;
}

/* The project and agenda of Ana's invitation. */
#define INVITE_PROJECT	"Viewing: 7 Orchard Close"
#define INVITE_AGENDA	"Sales team"

/* Ana's invitation to book a viewing at one of two free times from three
 * days on, the second on a later day, when she has no open one (a second
 * run adds none). */
static enum db_rc
demo_invitation(struct ctl *c, struct db *db, int64_t ana)
{
	struct invitation_new	 in = { .customer_id = ana,
	    .message = "We would like to show you the house. Which of these "
	    "times suits you?" };
	struct invitation	*open;
	struct agenda		*ag;
	struct project		*pj;
	struct slot		*sl;
	int64_t			 now = time(NULL), starts[2];
	size_t			 i, n, nag, npj;
	enum db_rc		 rc;

	if ((rc = invitation_for_customer(db, c->a, ana, 1, &open, &n)) !=
	    DB_OK || n > 0 ||
	    (rc = agenda_list(db, c->a, false, &ag, &nag)) != DB_OK ||
	    (rc = project_list(db, c->a, false, &pj, &npj)) != DB_OK)
		return rc;
	for (i = 0; i < nag && in.agenda == NULL; i++)
		if (strcmp(ag[i].name, INVITE_AGENDA) == 0)
			in.agenda = &ag[i];
	for (i = 0; i < npj && in.project == NULL; i++)
		if (strcmp(pj[i].title, INVITE_PROJECT) == 0)
			in.project = &pj[i];
	if (in.agenda == NULL || (rc = slot_list(db, c->a, in.agenda,
	    slot_today(in.agenda, now) + 3, SLOT_DAYS_MAX, now, 0, &sl, &n)) !=
	    DB_OK || n < 4)
		return rc;
	starts[0] = sl[1].starts;
	for (i = 2; i + 1 < n && sl[i].starts < starts[0] + 86400; i++)
		;
	starts[1] = sl[i].starts;
	in.starts = starts;
	in.nstarts = 2;
	return invitation_create(db, c->a, &in, now, NULL);
}

/* A one-page PDF: the demo's documents. */
static const char demo_pdf[] =
    "%PDF-1.4\n"
    "1 0 obj\n"
    "<< /Type /Catalog /Pages 2 0 R >>\n"
    "endobj\n"
    "2 0 obj\n"
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>\n"
    "endobj\n"
    "3 0 obj\n"
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
    "/Resources << /Font << /F1 5 0 R >> >> >>\n"
    "endobj\n"
    "4 0 obj\n"
    "<< /Length 54 >>\n"
    "stream\n"
    "BT /F1 18 Tf 72 760 Td (Demo document for Porch) Tj ET\n"
    "endstream\n"
    "endobj\n"
    "5 0 obj\n"
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\n"
    "endobj\n"
    "xref\n"
    "0 6\n"
    "0000000000 65535 f \n"
    "0000000009 00000 n \n"
    "0000000058 00000 n \n"
    "0000000115 00000 n \n"
    "0000000241 00000 n \n"
    "0000000345 00000 n \n"
    "trailer\n"
    "<< /Size 6 /Root 1 0 R >>\n"
    "startxref\n"
    "415\n"
    "%%EOF\n";

static const struct demo_doc {
	int		 who;		/* 0 Ana, 1 Ben */
	const char	*name;
	const char	*status;	/* new | accepted | rejected */
	const char	*reason;
	int		 days_ago;
} demo_docs[] = {
	{ 0, "passport-ana-alvarez.pdf", "accepted", "", 9 },
	{ 0, "bank-statement-2025.pdf", "rejected", "This statement is from last "
	    "year; please send one of the last three months.", 6 },
	{ 0, "payslip-november.pdf", "new", "", 2 },
	{ 1, "id-card-ben-brooks.pdf", "new", "", 3 },
};

/* The office's key, from the master key file. */
static bool
demo_office_key(struct ctl *c, const struct office *o,
    uint8_t office[KEYRING_KEY_LEN])
{
	uint8_t		 master[KEYRING_KEY_LEN];

	if (!keyring_master_load(c->cfg->master_key_file, master))
		return false;
	keyring_office_key(master, o->id, office);
	sodium_memzero(master, sizeof(master));
	return true;
}

/* Stores len bytes at buf named `name` as the document n (its owner set)
 * the way an upload is: sealed under a key of its own in the office's
 * store, the key wrapped under the owner's, recorded at `at`. */
static enum db_rc
demo_store(struct ctl *c, struct db *db, const struct office *o,
    const uint8_t office[KEYRING_KEY_LEN], struct document_new *n,
    const char *buf, size_t len, const char *name, int64_t at)
{
	struct docupload_file	 f;
	enum db_rc		 rc;

	if (document_store_buffer(arena_printf(c->a, "%s/files", o->dir), c->a,
	    buf, len, name, &f) != DOCUPLOAD_OK)
		return DB_ERR;
	n->stored_name = f.name;
	n->display_name = f.display_name;
	n->type = f.type;
	n->size = (int64_t)f.size;
	rc = document_add_sealed(db, c->a, office, n, f.key, at);
	sodium_memzero(f.key, sizeof(f.key));
	return rc;
}

/* The demo PDF as the customer's document, reviewed as dd says. */
static enum db_rc
demo_doc_add(struct ctl *c, struct db *db, const struct office *o,
    const uint8_t office_key[KEYRING_KEY_LEN], int64_t cust,
    const struct demo_doc *dd, int64_t retention)
{
	struct document_new	 n = { .customer_id = cust };
	struct document		*d;
	struct keyset		 ks = keyset_first(1);
	struct keyset_page	 pg;
	size_t			 nd;
	int64_t			 at = time(NULL) - dd->days_ago * 86400LL;
	enum db_rc		 rc;

	n.removes_at = at + retention * 86400;
	rc = demo_store(c, db, o, office_key, &n, demo_pdf,
	    sizeof(demo_pdf) - 1, dd->name, at);
	if (rc != DB_OK || strcmp(dd->status, "new") == 0)
		return rc;
	/* the newest of the customer's: the one just added */
	if ((rc = document_list(db, c->a, "", cust, &ks, &d, &nd, &pg)) !=
	    DB_OK)
		return rc;
	if (nd != 1 || strcmp(d[0].pid, n.pid) != 0)
		return DB_ERR;
	return document_review(db, NULL, &d[0], dd->status, dd->reason,
	    at + 3600);
}

/* The documents of Ana and Ben (those just made) and Ana's open request. */
static enum db_rc
demo_documents(struct ctl *c, struct db *db, const struct portal *p,
    const int64_t ids[2], const bool fresh[2])
{
	uint8_t		 office[KEYRING_KEY_LEN];
	size_t		 i;
	enum db_rc	 rc = DB_OK;

	if (!fresh[0] && !fresh[1])
		return DB_OK;
	if (!demo_office_key(c, p->office, office))
		return DB_ERR;
	for (i = 0; i < sizeof(demo_docs) / sizeof(demo_docs[0]) &&
	    rc == DB_OK; i++)
		if (fresh[demo_docs[i].who])
			rc = demo_doc_add(c, db, p->office, office,
			    ids[demo_docs[i].who], &demo_docs[i],
			    p->retention_days);
	sodium_memzero(office, sizeof(office));
	if (rc == DB_OK && fresh[0])
		rc = document_request_add(db, c->a, NULL, ids[0],
		    "Proof of income", "Your last three payslips, or your "
		    "employer's letter stating your yearly income.",
		    time(NULL) - 86400, NULL);
	return rc;
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
demo_people(struct ctl *c, struct db *db, int64_t today, int64_t ids[2],
    bool fresh[2])
{
	static const char *const who[][2] = {
		{ "ana@example.com", "Ana Alvarez" },
		{ "ben@example.com", "Ben Brooks" },
	};
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

/* The project of Ana's brochure, and the brochure: a one-page PDF. */
#define BROCHURE_PROJECT	"Viewing: 12 Harbour Lane"
#define BROCHURE_NAME		"Project brochure - 12 Harbour Lane.pdf"
static const char brochure[] =
    "%PDF-1.4\n"
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
    "/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
    "4 0 obj << /Length 88 >> stream\n"
    "BT /F1 24 Tf 72 760 Td (12 Harbour Lane) Tj 0 -36 Td "
    "(A harbour cottage with a sea view) Tj ET\n"
    "endstream endobj\n"
    "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> "
    "endobj\n"
    "trailer << /Root 1 0 R >>\n"
    "%%EOF\n";

/* The harbour cottage's brochure, shared with the project's customers,
 * once: a project that has documents gets none. */
static enum db_rc
demo_brochure(struct ctl *c, struct db *db, const struct office *o)
{
	uint8_t			 office[KEYRING_KEY_LEN];
	struct project		*pj;
	struct document		*d;
	struct document_new	 n = { .removes_at = DOCUMENT_KEPT };
	struct keyset		 ks = keyset_first(1);
	struct keyset_page	 pg;
	size_t			 i, npj, nd;
	enum db_rc		 rc;

	if ((rc = project_list(db, c->a, false, &pj, &npj)) != DB_OK)
		return rc;
	for (i = 0; i < npj && strcmp(pj[i].title, BROCHURE_PROJECT) != 0; i++)
		;
	if (i == npj)
		return DB_OK;
	if ((rc = document_of_project(db, c->a, pj[i].id, &ks, &d, &nd,
	    &pg)) != DB_OK || nd > 0)
		return rc;
	if (!demo_office_key(c, o, office))
		return DB_ERR;
	n.project_id = pj[i].id;
	rc = demo_store(c, db, o, office, &n, brochure, sizeof(brochure) - 1,
	    BROCHURE_NAME, time(NULL));
	sodium_memzero(office, sizeof(office));
	/* the project's only document, so its first */
	if (rc == DB_OK && (rc = document_of_project(db, c->a, pj[i].id, &ks,
	    &d, &nd, &pg)) == DB_OK && nd == 1)
		rc = document_share(db, &d[0], true, 0, time(NULL));
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
	const char		*book = NULL;
	struct who		 w = { 0 };
	const struct portal	*p;
	struct db		*db;
	enum db_rc		 rc;
	long long		 n = 0, m = 0, busy = 0;
	int64_t			 today, people[2];
	int			 ch;
	bool			 url_given = false, fresh[2];

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
	    (rc = demo_people(c, db, today, people, fresh)) == DB_OK &&
	    (rc = demo_documents(c, db, p, people, fresh)) == DB_OK &&
	    (rc = demo_calendars(c, db, today, &book)) == DB_OK &&
	    (rc = demo_invitation(c, db, people[0])) == DB_OK &&
	    (rc = demo_brochure(c, db, p->office)) == DB_OK &&
	    (rc = demo_bulk(c, db, n, m, today, people)) == DB_OK &&
	    (rc = demo_busy(c, db, busy, today)) == DB_OK)
		link = ctl_link_make(c, db, p, &w, &rc);
	if (ctl_finish(db, rc, "seed-demo") != 0)
		return 1;
	ctl_say("demo office ready at %s (%lld more customers, %lld more "
	    "appointments, %lld for Bea Busy)", p->url, n, m, busy);
	printf("%s\n", link);
	if (book != NULL)
		printf("%s/book/%s\n", p->url, book);
	return 0;
}
