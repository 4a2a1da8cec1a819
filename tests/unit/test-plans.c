/*
 * test-plans: every list of lib is read from an index in its own order,
 * so a page costs the same however many rows the office holds.
 *
 * An office database is filled with a long history (a customer with
 * thousands of appointments, a long audit log, many customers, members
 * and deletion requests), without ANALYZE, as production runs: the plans
 * must be right without statistics.  Every list function of lib is then
 * called, each way a page can be read (first, after a row, before a row,
 * the last), so every list statement is prepared; db_each_stmt names them
 * all, and each is explained.  A list statement fails when its plan reads
 * a table without an index ("SCAN t"), sorts ("USE TEMP B-TREE") or, for
 * a statement that seeks, reads an index from one end instead.
 *
 * A list statement is one whose name ends in ".list" or ".count", or
 * whose SQL orders or limits: each must be named below (a list's reads
 * from its top and bottom, NAME.top.list and NAME.bottom.list, under its
 * NAME.down.list and NAME.up.list), as a list this
 * test checks or as one it knowingly lets be, with the reason.  A new
 * list that nobody named here fails the test, and tools/lint fails a
 * ".list" or ".count" name of lib that is not written here, so a list
 * this test never reaches cannot slip by either.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "agenda.h"
#include "appointment.h"
#include "arena.h"
#include "audit.h"
#include "calsync.h"
#include "config.h"
#include "crypto.h"
#include "customer.h"
#include "db.h"
#include "deletion.h"
#include "document.h"
#include "fixture.h"
#include "identity.h"
#include "inbox.h"
#include "invitation.h"
#include "keyset.h"
#include "linktoken.h"
#include "member.h"
#include "principal.h"
#include "project.h"
#include "request.h"
#include "session.h"
#include "tenant.h"
#include "timeline.h"
#include "webhook.h"

#define T0		INT64_C(1700000000)
#define CUSTOMERS	300
#define HISTORY		3000	/* appointments of the busy customer */
#define AUDIT_ROWS	600
#define MEMBERS		60
#define EVENTS		2000	/* webhook events, most delivered */
#define REQUESTS	1000	/* appointment requests of the busy customer */
#define DOCUMENTS	600	/* documents of the busy customer */

/* How a checked statement may read its tables. */
enum reads {
	SEEK,		/* every table by a search of an index (or row id) */
	IN_ORDER,	/* or an index from one end, in the list's order,
			   as far as its LIMIT */
	SEEK_ENDS,	/* a list of the whole office: SEEK from a position,
			   IN_ORDER from its top or bottom */
};

static const struct {
	const char	*name;
	enum reads	 reads;
} checked[] = {
	{ "appointment.upcoming.list", SEEK },
	{ "appointment.to_remind.list", SEEK },
	{ "appointment.since.list", SEEK },
	{ "appointment.history.down.list", SEEK },
	{ "appointment.history.up.list", SEEK },
	{ "appointment.team.down.list", SEEK },
	{ "appointment.team.up.list", SEEK },
	{ "appointment.agenda.down.list", SEEK },
	{ "appointment.agenda.up.list", SEEK },
	{ "appointment.team_customer.down.list", SEEK },
	{ "appointment.team_customer.up.list", SEEK },
	{ "agenda.all.list", IN_ORDER },
	{ "agenda.exceptions.list", SEEK },
	{ "project.all.list", IN_ORDER },
	{ "project.bookable.list", IN_ORDER },
	{ "appointment.for_customer.list", SEEK },
	{ "audit.down.list", SEEK_ENDS },
	{ "audit.up.list", SEEK_ENDS },
	/* a part of a name can be anywhere in it: the search reads the name
	 * index in order until a page is full, the count until 1,001 */
	{ "customer.search.down.list", IN_ORDER },
	{ "customer.search.up.list", IN_ORDER },
	{ "customer.search.count", IN_ORDER },
	{ "customer.all.down.list", SEEK_ENDS },
	{ "customer.all.up.list", SEEK_ENDS },
	{ "customer.all.count", IN_ORDER },
	{ "deletion.down.list", SEEK },
	{ "deletion.up.list", SEEK },
	{ "identity.list", SEEK },
	{ "member.down.list", SEEK_ENDS },
	{ "member.up.list", SEEK_ENDS },
	{ "inbox.appointment.down.list", SEEK_ENDS },
	{ "inbox.appointment.up.list", SEEK_ENDS },
	{ "inbox.appointment.status.down.list", SEEK },
	{ "inbox.appointment.status.up.list", SEEK },
	{ "inbox.signup.down.list", SEEK_ENDS },
	{ "inbox.signup.up.list", SEEK_ENDS },
	{ "inbox.signup.status.down.list", SEEK },
	{ "inbox.signup.status.up.list", SEEK },
	{ "inbox.deletion.down.list", SEEK_ENDS },
	{ "inbox.deletion.up.list", SEEK_ENDS },
	{ "inbox.deletion.status.down.list", SEEK },
	{ "inbox.deletion.status.up.list", SEEK },
	{ "inbox.invitation.down.list", SEEK_ENDS },
	{ "inbox.invitation.up.list", SEEK_ENDS },
	{ "inbox.invitation.status.down.list", SEEK },
	{ "inbox.invitation.status.up.list", SEEK },
	{ "invitation.open.list", SEEK },
	{ "invitation.for_customer.list", SEEK },
	{ "inbox.request.down.list", SEEK_ENDS },
	{ "inbox.request.up.list", SEEK_ENDS },
	{ "inbox.request.status.down.list", SEEK },
	{ "inbox.request.status.up.list", SEEK },
	{ "inbox.document.down.list", SEEK_ENDS },
	{ "inbox.document.up.list", SEEK_ENDS },
	{ "inbox.document.status.down.list", SEEK },
	{ "inbox.document.status.up.list", SEEK },
	{ "document.customer.down.list", SEEK },
	{ "document.customer.up.list", SEEK },
	{ "document.team.down.list", SEEK_ENDS },
	{ "document.team.up.list", SEEK_ENDS },
	{ "document.team_customer.down.list", SEEK },
	{ "document.team_customer.up.list", SEEK },
	{ "document.project.down.list", SEEK },
	{ "document.project.up.list", SEEK },
	{ "document.expired.list", SEEK },
	{ "document.request_open.list", SEEK },
	{ "document.request_customer.down.list", SEEK },
	{ "document.request_customer.up.list", SEEK },
	{ "request.open.list", SEEK },
	{ "request.all_of.list", SEEK },
	{ "request.waiting.list", SEEK },
	{ "request.waiting_agenda.list", SEEK },
	{ "request.expired.list", SEEK },
	{ "request.customer.down.list", SEEK },
	{ "request.customer.up.list", SEEK },
	{ "request.team.down.list", SEEK_ENDS },
	{ "request.team.up.list", SEEK_ENDS },
	{ "timeline.visit_request.down.list", SEEK },
	{ "timeline.visit_request.up.list", SEEK },
	{ "timeline.waitlist.down.list", SEEK },
	{ "timeline.waitlist.up.list", SEEK },
	{ "timeline.created.down.list", SEEK },
	{ "timeline.created.up.list", SEEK },
	{ "timeline.appointment.down.list", SEEK },
	{ "timeline.appointment.up.list", SEEK },
	{ "timeline.invitation.down.list", SEEK },
	{ "timeline.invitation.up.list", SEEK },
	{ "timeline.email_changed.down.list", SEEK },
	{ "timeline.email_changed.up.list", SEEK },
	{ "timeline.activated.down.list", SEEK },
	{ "timeline.activated.up.list", SEEK },
	{ "timeline.deletion_cancelled.down.list", SEEK },
	{ "timeline.deletion_cancelled.up.list", SEEK },
	{ "timeline.deletion.down.list", SEEK },
	{ "timeline.deletion.up.list", SEEK },
	{ "timeline.activation_sent.down.list", SEEK },
	{ "timeline.activation_sent.up.list", SEEK },
	{ "timeline.appointment_cancelled.down.list", SEEK },
	{ "timeline.appointment_cancelled.up.list", SEEK },
	{ "timeline.provider_linked.down.list", SEEK },
	{ "timeline.provider_linked.up.list", SEEK },
	{ "timeline.document.down.list", SEEK },
	{ "timeline.document.up.list", SEEK },
	{ "timeline.document_accepted.down.list", SEEK },
	{ "timeline.document_accepted.up.list", SEEK },
	{ "timeline.document_rejected.down.list", SEEK },
	{ "timeline.document_rejected.up.list", SEEK },
	{ "timeline.document_deleted.down.list", SEEK },
	{ "timeline.document_deleted.up.list", SEEK },
	{ "timeline.document_request.down.list", SEEK },
	{ "timeline.document_request.up.list", SEEK },
	{ "timeline.document_request_cancelled.down.list", SEEK },
	{ "timeline.document_request_cancelled.up.list", SEEK },
	{ "timeline.upload_infected.down.list", SEEK },
	{ "timeline.upload_infected.up.list", SEEK },
	{ "webhook.due.list", SEEK },
	/* porch-hooks --flush: every pending event, from the partial index
	 * that holds only those */
	{ "webhook.pending.list", IN_ORDER },
	{ "webhook.all.down.list", SEEK_ENDS },
	{ "webhook.all.up.list", SEEK_ENDS },
	{ "webhook.failed.down.list", SEEK },
	{ "webhook.failed.up.list", SEEK },
	{ "calsync.list.list", SEEK },
	{ "calsync.due.list", SEEK },
	{ "calsync.busy.list", SEEK },
};
#define NCHECKED	(sizeof(checked) / sizeof(checked[0]))

/* Statements that order or limit and are no list of a page, and why. */
static const struct {
	const char	*name;
	const char	*why;
} let_be[] = {
	{ "session.live", "a principal's live sessions: few, they expire" },
	{ "document.shared.list", "the project documents shared with a "
	  "customer: a few per project they deal with, merged from three "
	  "indexed reads" },
};
#define NLET_BE		(sizeof(let_be) / sizeof(let_be[0]))

struct fixture {
	struct fixture_office	 o;
	struct db	*db;
	struct arena	*a;
	struct customer	 busy, quiet;
	struct principal admin;
};

/* What the connection prepared: names and SQL, copied. */
struct prepared {
	char		*name[512];
	char		*sql[512];
	size_t		 n;
};

static void
collect(const char *name, const char *sql, void *arg)
{
	struct prepared	*p = arg;

	assert_true(p->n < 512);
	p->name[p->n] = strdup(name);
	p->sql[p->n] = strdup(sql);
	assert_non_null(p->name[p->n]);
	assert_non_null(p->sql[p->n++]);
}

static bool
ends_with(const char *s, const char *tail)
{
	size_t	 n = strlen(s), m = strlen(tail);

	return n >= m && strcmp(s + n - m, tail) == 0;
}

/* Whether the statement prepared as `name` is the list `listed` names: the
 * same name, or a list's read from its top (NAME.top.list) or bottom
 * (NAME.bottom.list), which reads as its NAME.down.list or NAME.up.list
 * must and is checked with it. */
static bool
is_listed(const char *name, const char *listed)
{
	size_t	 n = strlen(name), m = strlen(listed);

	if (strcmp(name, listed) == 0)
		return true;
	if (ends_with(name, ".top.list") && ends_with(listed, ".down.list"))
		return n - 9 == m - 10 && strncmp(name, listed, n - 9) == 0;
	if (ends_with(name, ".bottom.list") && ends_with(listed, ".up.list"))
		return n - 12 == m - 8 && strncmp(name, listed, n - 12) == 0;
	return false;
}

/* ------------------------------------------------------------ the data */

/* Sets a row's time: the data functions stamp their own clock. */
static const struct db_sql set_appt_created = { "test.appt_created",
    "UPDATE appointments SET created = ?1 + id, updated = ?1 + id "
    "WHERE customer_id = ?2" };

/* Webhook events in every state: most delivered, some failed, the rest
 * pending (the functions stamp their own clock, the test its own). */
static const struct db_sql set_events = { "test.set_events",
    "UPDATE webhook_events SET created = ?1 + id, next_attempt = ?1 + id, "
    "delivered = CASE WHEN id % 10 < 8 THEN ?1 + id ELSE 0 END, "
    "failed = CASE WHEN id % 10 = 8 THEN ?1 + id ELSE 0 END" };

static const struct db_sql add_timeline_kind = { "test.timeline_kind",
    "INSERT OR IGNORE INTO timeline_kinds VALUES (?1, ?2)" };

static void
fill_events(struct fixture *f)
{
	struct appointment	 ap;
	sqlite3_stmt		*s;
	size_t			 i;

	memset(&ap, 0, sizeof(ap));
	ap.pid = ap.status = ap.zone = ap.project = ap.project_pid = "";
	ap.agenda = ap.agenda_pid = ap.customer_pid = ap.customer = "";
	ap.customer_email = ap.location = ap.meeting_url = ap.source = "";
	ap.customer_id = f->busy.id;
	for (i = 0; i < EVENTS; i++) {
		if (i % 500 == 0)
			arena_reset(f->a);
		assert_int_equal(webhook_emit(f->db, f->a, WEBHOOK_CHANGED, &ap,
		    T0), DB_OK);
	}
	assert_non_null(s = db_stmt(f->db, &set_events));
	db_bind_int(s, 1, T0);
	assert_int_equal(db_step(f->db, s), DB_OK);
}

/* Documents: the busy customer's many, some with a request, and a
 * project's. */
static void
fill_documents(struct fixture *f)
{
	struct member_entry	*m;
	struct keyset_page	 pg;
	struct keyset		 ks = keyset_first(1);
	struct document_new	 n;
	struct project		*pj;
	uint8_t			 wrapped[KEYRING_WRAPPED_LEN] = { 0 };
	const char		*rpid;
	size_t			 i, np;

	assert_int_equal(member_list(f->db, f->a, &ks, &m, &np, &pg), DB_OK);
	assert_int_equal(project_list(f->db, f->a, true, &pj, &np), DB_OK);
	for (i = 0; i < DOCUMENTS; i++) {
		memset(&n, 0, sizeof(n));
		n.pid = document_pid_new(f->a);
		n.wrapped_key = wrapped;
		n.stored_name = crypto_public_id_new(f->a);
		n.display_name = "scan.pdf";
		n.type = "application/pdf";
		n.size = 1000;
		n.removes_at = T0 + 86400 * 180 + (int64_t)i;
		if (i % 50 == 0) {
			n.project_id = pj[0].id;
		} else {
			n.customer_id = f->busy.id;
			if (i % 10 == 0) {
				assert_int_equal(document_request_add(f->db,
				    f->a, &m[0].who, f->busy.id,
				    "Proof of income", "", T0 + (int64_t)i,
				    &rpid), DB_OK);
			}
		}
		assert_int_equal(document_add(f->db, &n, T0 + (int64_t)i / 3),
		    DB_OK);
	}
}

/* Appointment requests: the busy customer's many, one waiting-list
 * entry of every other customer, some offered a time that ran out. */
static void
fill_requests(struct fixture *f)
{
	struct principal	 who = customer_principal(&f->busy);
	struct request_new	 n = { .preferred = "", .message = "" };
	struct project		*pj;
	struct request		*w;
	const char		*pid;
	size_t			 i, k;

	assert_int_equal(project_list(f->db, f->a, false, &pj, &k), DB_OK);
	assert_true(k > 0);
	n.project_id = pj[0].id;
	for (i = 0; i < REQUESTS; i++) {
		if (i % 500 == 0)
			arena_reset(f->a);
		assert_int_equal(request_add(f->db, f->a, &who, &n,
		    T0 + (int64_t)i, &pid), DB_OK);
	}
	n.waitlist = true;
	for (i = 0; i < CUSTOMERS; i++) {
		arena_reset(f->a);
		who.id = f->quiet.id + 1 + (int64_t)i;
		assert_int_equal(request_add(f->db, f->a, &who, &n,
		    T0 + (int64_t)i, &pid), DB_OK);
	}
	assert_int_equal(request_waiting(f->db, f->a, n.project_id, 50, &w,
	    &k), DB_OK);
	for (i = 0; i < k; i += 2)
		assert_int_equal(request_offer(f->db, &w[i], 0, T0 + 86400,
		    T0 + (int64_t)i, T0), DB_OK);
}

static void
fill(struct fixture *f)
{
	struct customer		 c;
	struct principal	 who;
	const char		*t, *pid;
	sqlite3_stmt		*s;
	int64_t			 id;
	bool			 fresh;
	char			 email[64], name[64];
	size_t			 i;

	assert_int_equal(db_begin(f->db, true), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "busy@example.com",
	    "Bea Busy", T0, &f->busy), DB_OK);
	assert_int_equal(customer_add_inactive(f->db, f->a,
	    "quiet@example.com", "Quin Quiet", T0, &f->quiet), DB_OK);
	assert_int_equal(customer_activate(f->db, f->quiet.id, T0 + 5), DB_OK);
	for (i = 0; i < CUSTOMERS; i++) {
		arena_reset(f->a);
		snprintf(email, sizeof(email), "c%zu@example.com", i);
		snprintf(name, sizeof(name), "Customer %zu", i % 50);
		assert_int_equal(customer_add(f->db, f->a, email, name,
		    T0 + (int64_t)i, &c), DB_OK);
		assert_int_equal(appointment_add(f->db, f->a, c.id, "Viewing",
		    "Sales", T0 + 86400, T0 + 90000, "", "", "confirmed",
		    "portal", &pid), DB_OK);
		who = customer_principal(&c);
		if (i % 3 == 0)
			assert_int_equal(deletion_request(f->db, f->a, &who,
			    T0 + (int64_t)i, &pid), DB_OK);
		if (i % 6 == 0)
			assert_int_equal(deletion_cancel(f->db, &who,
			    T0 + (int64_t)i + 1), DB_OK);
	}
	for (i = 0; i < HISTORY; i++) {
		if (i % 500 == 0)
			arena_reset(f->a);
		assert_int_equal(appointment_add(f->db, f->a, f->busy.id,
		    i % 2 ? "Viewing" : NULL, "Sales",
		    T0 + (int64_t)(i % 200) * 3600,
		    T0 + (int64_t)(i % 200) * 3600 + 1800, "", "",
		    i % 10 == 0 ? "cancelled" : "confirmed",
		    i % 4 == 0 ? "team" : "portal", &pid), DB_OK);
	}
	assert_non_null(s = db_stmt(f->db, &set_appt_created));
	db_bind_int(s, 1, T0);
	db_bind_int(s, 2, f->busy.id);
	assert_int_equal(db_step(f->db, s), DB_OK);
	for (i = 0; i < MEMBERS; i++) {
		arena_reset(f->a);
		snprintf(email, sizeof(email), "m%zu@example.com", i);
		snprintf(name, sizeof(name), "Member %zu", i % 7);
		assert_int_equal(member_add(f->db, f->a, email, name,
		    i == 0 ? ROLE_ADMIN : ROLE_AGENT, T0, &id), DB_OK);
	}
	assert_int_equal(member_by_email(f->db, f->a, "m0@example.com",
	    &f->admin), DB_OK);
	for (i = 0; i < AUDIT_ROWS; i++)
		assert_int_equal(audit_add(f->db, i % 5 ? &f->admin : NULL,
		    i % 2 ? "activation-sent" : "role-changed",
		    i % 3 ? f->busy.pid : f->quiet.pid, "",
		    T0 + (int64_t)i / 4), DB_OK);
	/* the busy customer's other kinds of history */
	who = customer_principal(&f->busy);
	assert_int_equal(deletion_request(f->db, f->a, &who, T0 + 7, &pid),
	    DB_OK);
	assert_int_equal(deletion_cancel(f->db, &who, T0 + 8), DB_OK);
	assert_int_equal(linktoken_create(f->db, f->a, f->busy.id, LINK_EMAIL,
	    "bea@example.com", T0, 3600, &t), DB_OK);
	assert_int_equal(identity_customer(f->db, f->a, "https://id.example",
	    "bea", "busy@example.com", "Bea", false, T0 + 9, &c, &fresh),
	    DB_OK);
	assert_int_equal(session_create(f->db, f->a, &who, "test", T0, &t,
	    &pid), DB_OK);
	fill_requests(f);
	fill_documents(f);
	fill_events(f);
	assert_int_equal(db_commit(f->db), DB_OK);
}

static int
setup(void **state)
{
	struct fixture	*f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	if ((f->db = fixture_open(&f->o, "test-plans")) == NULL)
		return -1;
	f->o.a = f->a = arena_new(65536);
	fill(f);
	*state = f;
	return 0;
}

/* -------------------------------------------------- every list, each way */

/* The ways a page is read, after the first page pg0 of the list. */
static struct keyset
way(int i, const struct keyset_page *pg0, size_t max)
{
	struct keyset	 ks = keyset_first(max);

	switch (i) {
	case 1:
		ks.dir = KEYSET_AFTER;
		ks.at = pg0->tail;
		break;
	case 2:
		ks.dir = KEYSET_BEFORE;
		ks.at = pg0->tail;
		break;
	case 3:
		ks.dir = KEYSET_BEFORE;
		ks.at.end = true;
		break;
	}
	return ks;
}

/* Calls fn for the first page, then for each other way after it. */
#define EACH_WAY(ks, pg0, max, call) do {				\
	int	 w_;							\
	for (w_ = 0; w_ < 4; w_++) {					\
		(ks) = way(w_, &(pg0), (max));				\
		call;							\
	}								\
} while (0)

static void
every_list(struct fixture *f)
{
	struct keyset_page	 pg0, pg;
	struct keyset		 ks;
	struct principal	 who = customer_principal(&f->busy);
	struct appointment	*ap;
	struct appointment_filter flt;
	struct agenda		*ag;
	struct agenda_exception	*ax;
	size_t			 nx;
	struct project		*pj;
	struct inbox_item	*it;
	struct invitation	*iv;
	struct customer		*c;
	struct member_entry	*m;
	struct audit_entry	*au;
	struct deletion		*d;
	struct request		*rq;
	struct document		*doc;
	struct document_request	*dr;
	struct timeline_entry	*te;
	struct identity		*id;
	struct session_info	*si;
	struct webhook_event	*we;
	struct calsync_conn	*cc;
	struct calsync_job	*cj;
	struct calsync_busy	*cb;
	const struct session_limits lim = { 3600, 86400 };
	const char		*st;
	sqlite3_stmt		*s;
	int64_t			 project_id;
	size_t			 n, i;

	assert_int_equal(db_begin(f->db, false), DB_OK);
	assert_int_equal(appointment_upcoming(f->db, f->a, &who, T0, 10, &ap,
	    &n), DB_OK);
	assert_int_equal(n, 10);
	assert_int_equal(appointment_since(f->db, f->a, &who, T0, 10, &ap,
	    &n), DB_OK);
	assert_int_equal(n, 10);
	assert_int_equal(appointment_for_customer(f->db, f->a, f->busy.id, T0,
	    20, &ap, &n), DB_OK);
	assert_int_equal(n, 20);
	assert_int_equal(appointment_to_remind(f->db, f->a, T0, T0 + 86400 * 2,
	    50, &ap, &n), DB_OK);
	assert_int_equal(n, 50);
	assert_int_equal(invitation_open(f->db, f->a, &who, 10, &iv, &n),
	    DB_OK);
	assert_int_equal(invitation_for_customer(f->db, f->a, f->busy.id, 10,
	    &iv, &n), DB_OK);
	assert_int_equal(agenda_list(f->db, f->a, true, &ag, &n), DB_OK);
	assert_int_equal(agenda_exceptions(f->db, f->a, ag[0].id, "2000-01-01",
	    AGENDA_EXCEPTIONS_MAX, &ax, &nx), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(project_list(f->db, f->a, true, &pj, &n), DB_OK);
	assert_int_equal(n, 1);
	project_id = pj[0].id;
	assert_int_equal(project_bookable(f->db, f->a, 5, &pj, &n), DB_OK);

	ks = keyset_first(20);
	assert_int_equal(appointment_history(f->db, f->a, &who,
	    T0 + 86400 * 400, &ks, &ap, &n, &pg0), DB_OK);
	assert_int_equal(n, 20);
	EACH_WAY(ks, pg0, 20, assert_int_equal(appointment_history(f->db, f->a,
	    &who, T0 + 86400 * 400, &ks, &ap, &n, &pg), DB_OK));
	flt = (struct appointment_filter){ .from = T0, .to = T0 + 86400 * 400 };
	assert_int_equal(appointment_list(f->db, f->a, &flt, &ks, &ap, &n,
	    &pg0), DB_OK);
	assert_int_equal(n, 20);
	flt.status = "confirmed";
	EACH_WAY(ks, pg0, 20, assert_int_equal(appointment_list(f->db, f->a,
	    &flt, &ks, &ap, &n, &pg), DB_OK));
	flt.status = NULL;
	flt.agenda_id = ag[0].id;
	assert_int_equal(appointment_list(f->db, f->a, &flt, &ks, &ap, &n,
	    &pg0), DB_OK);
	assert_int_equal(n, 20);
	EACH_WAY(ks, pg0, 20, assert_int_equal(appointment_list(f->db, f->a,
	    &flt, &ks, &ap, &n, &pg), DB_OK));
	flt.agenda_id = 0;
	flt.customer_id = who.id;
	assert_int_equal(appointment_list(f->db, f->a, &flt, &ks, &ap, &n,
	    &pg0), DB_OK);
	assert_int_equal(n, 20);
	EACH_WAY(ks, pg0, 20, assert_int_equal(appointment_list(f->db, f->a,
	    &flt, &ks, &ap, &n, &pg), DB_OK));
	assert_int_equal(identity_list(f->db, f->a, &who, &id, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(session_list(f->db, f->a, &who, NULL, T0, &lim, &si,
	    &n), DB_OK);

	ks = keyset_first(25);
	assert_int_equal(inbox_list(f->db, f->a, NULL, NULL, &ks, &it, &n,
	    &pg0), DB_OK);
	assert_int_equal(n, 25);
	EACH_WAY(ks, pg0, 25, assert_int_equal(inbox_list(f->db, f->a, NULL,
	    NULL, &ks, &it, &n, &pg), DB_OK));
	for (i = 0; (st = inbox_status_name(i)) != NULL; i++)
		EACH_WAY(ks, pg0, 25, assert_int_equal(inbox_list(f->db, f->a,
		    NULL, st, &ks, &it, &n, &pg), DB_OK));

	ks = keyset_first(25);
	assert_int_equal(customer_search(f->db, f->a, "", &ks, &c, &n, &pg0),
	    DB_OK);
	EACH_WAY(ks, pg0, 25, assert_int_equal(customer_search(f->db, f->a,
	    "customer 4", &ks, &c, &n, &pg), DB_OK));
	EACH_WAY(ks, pg0, 25, assert_int_equal(customer_search(f->db, f->a,
	    "", &ks, &c, &n, &pg), DB_OK));

	ks = keyset_first(10);
	assert_int_equal(member_list(f->db, f->a, &ks, &m, &n, &pg0), DB_OK);
	EACH_WAY(ks, pg0, 10, assert_int_equal(member_list(f->db, f->a, &ks,
	    &m, &n, &pg), DB_OK));

	ks = keyset_first(50);
	assert_int_equal(audit_list(f->db, f->a, &ks, &au, &n, &pg0), DB_OK);
	EACH_WAY(ks, pg0, 50, assert_int_equal(audit_list(f->db, f->a, &ks,
	    &au, &n, &pg), DB_OK));

	assert_int_equal(request_all_of(f->db, f->a, &who, 50, &rq, &n), DB_OK);
	assert_int_equal(n, 50);
	assert_int_equal(request_open_of(f->db, f->a, &who, 5, &rq, &n), DB_OK);
	assert_int_equal(n, 5);
	assert_int_equal(request_waiting(f->db, f->a, project_id, 50, &rq, &n),
	    DB_OK);
	assert_int_equal(n, 50);
	assert_int_equal(request_waiting_for_agenda(f->db, f->a, ag[0].id, 50,
	    &rq, &n), DB_OK);
	assert_int_equal(n, 50);
	assert_int_equal(request_offers_expired(f->db, f->a, T0 + 20, 50, &rq,
	    &n), DB_OK);
	assert_int_equal(n, 11);	/* offered at 0, 2, ... 20 */
	ks = keyset_first(20);
	assert_int_equal(request_of_customer(f->db, f->a, &who, &ks, &rq, &n,
	    &pg0), DB_OK);
	assert_int_equal(n, 20);
	EACH_WAY(ks, pg0, 20, assert_int_equal(request_of_customer(f->db,
	    f->a, &who, &ks, &rq, &n, &pg), DB_OK));
	assert_int_equal(request_list(f->db, f->a, NULL, NULL, &ks, &rq, &n,
	    &pg0), DB_OK);
	assert_int_equal(n, 20);
	EACH_WAY(ks, pg0, 20, assert_int_equal(request_list(f->db, f->a,
	    "waitlist", "open", &ks, &rq, &n, &pg), DB_OK));

	ks = keyset_first(20);
	assert_int_equal(document_of_customer(f->db, f->a, &who, &ks, &doc,
	    &n, &pg0), DB_OK);
	assert_int_equal(n, 20);
	EACH_WAY(ks, pg0, 20, assert_int_equal(document_of_customer(f->db,
	    f->a, &who, &ks, &doc, &n, &pg), DB_OK));
	assert_int_equal(document_list(f->db, f->a, "", 0, &ks, &doc, &n,
	    &pg0), DB_OK);
	assert_int_equal(n, 20);
	EACH_WAY(ks, pg0, 20, assert_int_equal(document_list(f->db, f->a,
	    "new", 0, &ks, &doc, &n, &pg), DB_OK));
	assert_int_equal(document_list(f->db, f->a, "", f->busy.id, &ks, &doc,
	    &n, &pg0), DB_OK);
	assert_int_equal(n, 20);
	EACH_WAY(ks, pg0, 20, assert_int_equal(document_list(f->db, f->a,
	    "new", f->busy.id, &ks, &doc, &n, &pg), DB_OK));
	ks = keyset_first(5);
	assert_int_equal(document_of_project(f->db, f->a, project_id, &ks,
	    &doc, &n, &pg0), DB_OK);
	assert_int_equal(n, 5);
	EACH_WAY(ks, pg0, 5, assert_int_equal(document_of_project(f->db,
	    f->a, project_id, &ks, &doc, &n, &pg), DB_OK));
	assert_int_equal(document_shared_with(f->db, f->a, &who, 0, 10, &doc,
	    &n), DB_OK);
	assert_int_equal(document_shared_with(f->db, f->a, &who, project_id,
	    10, &doc, &n), DB_OK);
	assert_int_equal(document_expired(f->db, f->a, T0 + 86400 * 180 + 30,
	    50, &doc, &n), DB_OK);
	assert_int_equal(n, 31);
	assert_int_equal(document_request_open_of(f->db, f->a, &who, 0, 5,
	    &dr, &n), DB_OK);
	assert_int_equal(n, 5);
	ks = keyset_first(5);
	assert_int_equal(document_request_of_customer(f->db, f->a, f->busy.id,
	    &ks, &dr, &n, &pg0), DB_OK);
	assert_int_equal(n, 5);
	EACH_WAY(ks, pg0, 5, assert_int_equal(document_request_of_customer(
	    f->db, f->a, f->busy.id, &ks, &dr, &n, &pg), DB_OK));

	ks = keyset_first(25);
	assert_int_equal(deletion_list(f->db, f->a, &ks, &d, &n, &pg0), DB_OK);
	EACH_WAY(ks, pg0, 25, assert_int_equal(deletion_list(f->db, f->a,
	    &ks, &d, &n, &pg), DB_OK));

	/* Every kind of the busy customer's timeline is read, those of which
	 * the fixture made no record too (they find none). */
	for (i = 0; (st = timeline_kind_name(i)) != NULL; i++) {
		assert_non_null(s = db_stmt(f->db, &add_timeline_kind));
		db_bind_int(s, 1, f->busy.id);
		db_bind_text(s, 2, st);
		assert_int_equal(db_step(f->db, s), DB_OK);
	}
	ks = keyset_first(25);
	assert_int_equal(timeline_of_customer(f->db, f->a, f->busy.id, &ks,
	    &te, &n, &pg0), DB_OK);
	assert_int_equal(n, 25);
	EACH_WAY(ks, pg0, 25, assert_int_equal(timeline_of_customer(f->db,
	    f->a, f->busy.id, &ks, &te, &n, &pg), DB_OK));

	assert_int_equal(webhook_due(f->db, f->a, T0 + EVENTS, 50, &we, &n),
	    DB_OK);
	assert_int_equal(n, 50);
	assert_int_equal(webhook_pending(f->db, f->a, 50, &we, &n), DB_OK);
	assert_int_equal(n, 50);
	for (i = 0; i < 2; i++) {
		ks = keyset_first(WEBHOOK_PAGE);
		assert_int_equal(webhook_list(f->db, f->a, i == 1, &ks, &we, &n,
		    &pg0), DB_OK);
		assert_int_equal(n, WEBHOOK_PAGE);
		EACH_WAY(ks, pg0, WEBHOOK_PAGE, assert_int_equal(webhook_list(
		    f->db, f->a, i == 1, &ks, &we, &n, &pg), DB_OK));
	}

	assert_int_equal(calsync_list(f->db, f->a, 0, 100, &cc, &n), DB_OK);
	assert_int_equal(calsync_due(f->db, f->a, T0, 50, &cj, &n), DB_OK);
	assert_int_equal(calsync_busy(f->db, f->a, 1, T0, T0 + 86400, &cb,
	    &n), DB_OK);
	db_rollback(f->db);
}

/* ------------------------------------------------------------ the plans */

/* Why the plan of q fails, or NULL when it does not. */
static const char *
plan_fault(struct fixture *f, const char *name, const char *sql,
    enum reads reads)
{
	struct db_sql	*q;
	sqlite3_stmt	*s;
	const char	*detail, *fault = NULL;
	char		 table[128];
	enum db_rc	 rc;

	/* kept until the connection closes: it caches by address */
	q = arena_alloc(f->a, sizeof(*q));
	q->name = arena_printf(f->a, "plan of %s", name);
	q->sql = arena_printf(f->a, "EXPLAIN QUERY PLAN %s", sql);
	assert_non_null(s = db_stmt(f->db, q));
	while ((rc = db_step(f->db, s)) == DB_ROW) {
		detail = db_col_text(f->a, s, 3);
		if (strstr(detail, "USE TEMP B-TREE") != NULL)
			fault = arena_printf(f->a, "sorts: %s", detail);
		if (sscanf(detail, "SCAN %127s", table) != 1 ||
		    table[0] == '(' || strcmp(table, "CONSTANT") == 0)
			continue;
		if (strstr(detail, " USING ") == NULL)
			fault = arena_printf(f->a, "reads a table: %s",
			    detail);
		else if (reads == SEEK)
			fault = arena_printf(f->a, "reads an index from its "
			    "end: %s", detail);
	}
	assert_int_equal(rc, DB_OK);
	return fault;
}

static void
test_every_list_reads_an_index_in_its_order(void **state)
{
	struct fixture	*f = *state;
	struct prepared	 p;
	const char	*fault;
	size_t		 i, j, faults = 0;
	enum reads	 reads;
	bool		 seen, exact;

	every_list(f);
	memset(&p, 0, sizeof(p));
	db_each_stmt(f->db, collect, &p);
	/* every statement that looks like a list is one named here */
	for (i = 0; i < p.n; i++) {
		if (!ends_with(p.name[i], ".list") &&
		    !ends_with(p.name[i], ".count") &&
		    strstr(p.sql[i], "ORDER BY") == NULL &&
		    strstr(p.sql[i], "LIMIT") == NULL)
			continue;
		for (j = 0; j < NCHECKED; j++)
			if (is_listed(p.name[i], checked[j].name))
				break;
		if (j < NCHECKED)
			continue;
		for (j = 0; j < NLET_BE; j++)
			if (strcmp(p.name[i], let_be[j].name) == 0)
				break;
		if (j == NLET_BE) {
			print_error("%s is a list this test does not name\n",
			    p.name[i]);
			faults++;
		}
	}
	/* and every one named here was reached, and reads as it should */
	for (j = 0; j < NCHECKED; j++) {
		for (i = 0, seen = false; i < p.n; i++)
			if (is_listed(p.name[i], checked[j].name)) {
				exact = strcmp(p.name[i], checked[j].name) == 0;
				seen |= exact;
				reads = checked[j].reads;
				if (reads == SEEK_ENDS)
					reads = exact ? SEEK : IN_ORDER;
				fault = plan_fault(f, p.name[i], p.sql[i],
				    reads);
				if (fault != NULL) {
					print_error("%s %s\n", p.name[i],
					    fault);
					faults++;
				}
			}
		if (!seen) {
			print_error("%s was never prepared: call its list "
			    "function above\n", checked[j].name);
			faults++;
		}
	}
	for (i = 0; i < p.n; i++) {
		free(p.name[i]);
		free(p.sql[i]);
	}
	assert_int_equal(faults, 0);
}

/* The checker itself: plans that sort or read a whole table fail. */
static void
test_a_bad_plan_fails(void **state)
{
	struct fixture	*f = *state;

	assert_non_null(plan_fault(f, "sorts", "SELECT id FROM appointments "
	    "WHERE customer_id = 1 ORDER BY location", SEEK));
	assert_non_null(plan_fault(f, "scans", "SELECT id FROM appointments "
	    "WHERE location = ''", SEEK));
	assert_non_null(plan_fault(f, "from its end", "SELECT id FROM "
	    "appointments ORDER BY updated LIMIT 5", SEEK));
	assert_null(plan_fault(f, "in order", "SELECT id FROM appointments "
	    "ORDER BY updated LIMIT 5", IN_ORDER));
	assert_null(plan_fault(f, "seeks", "SELECT id FROM appointments "
	    "WHERE customer_id = 1 AND updated < 5 ORDER BY updated DESC",
	    SEEK));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_every_list_reads_an_index_in_its_order, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_a_bad_plan_fails, setup,
		    fixture_teardown),
	};

	if (!crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
