/*
 * test-store: the data functions against a real office database opened
 * through tenant.c: ownership (another customer's or a team member's
 * principal sees nothing and changes nothing), session expiry, the sessions
 * list and how it names browsers, ending one session by its public id,
 * single-use links (customers' and team members', kept apart), the
 * migrations that remake a table with its rows, the outbox's retry
 * schedule and the rate limiter's windows.
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

#include "account.h"
#include "appointment.h"
#include "arena.h"
#include "audit.h"
#include "config.h"
#include "crypto.h"
#include "customer.h"
#include "db.h"
#include "deletion.h"
#include "fixture.h"
#include "inbox.h"
#include "linktoken.h"
#include "logintoken.h"
#include "member.h"
#include "outbox.h"
#include "password.h"
#include "principal.h"
#include "ratelimit.h"
#include "session.h"
#include "signup.h"
#include "tenant.h"
#include "util.h"

#define T0	INT64_C(1700000000)

struct fixture {
	struct fixture_office	 o;
	struct db	*db;
	struct arena	*a;
};

/* Queries only the tests make, to see what the tables hold. */
static const struct db_sql count_sessions = { "test.count_sessions",
    "SELECT count(*) FROM sessions" };
static const struct db_sql count_session_hash = { "test.count_session_hash",
    "SELECT count(*) FROM sessions WHERE token_hash = ?" };
static const struct db_sql count_session_text = { "test.count_session_text",
    "SELECT count(*) FROM sessions WHERE csrf = ? OR agent = ? "
    "OR CAST(token_hash AS TEXT) = ?" };
static const struct db_sql session_seen = { "test.session_seen",
    "SELECT last_seen, agent FROM sessions WHERE token_hash = ?" };
static const struct db_sql count_token_hash = { "test.count_token_hash",
    "SELECT count(*) FROM login_tokens WHERE token_hash = ?" };
static const struct db_sql count_tokens = { "test.count_tokens",
    "SELECT count(*) FROM login_tokens" };
static const struct db_sql count_link_hash = { "test.count_link_hash",
    "SELECT count(*) FROM link_tokens WHERE token_hash = ?" };
static const struct db_sql count_links = { "test.count_links",
    "SELECT count(*) FROM link_tokens" };
static const struct db_sql count_link_text = { "test.count_link_text",
    "SELECT count(*) FROM link_tokens "
    "WHERE ? = 0 OR CAST(token_hash AS TEXT) = ?" };
static const struct db_sql deactivate = { "test.deactivate",
    "UPDATE customers SET active = 0 WHERE id = ?" };
static const struct db_sql delete_customer = { "test.delete_customer",
    "DELETE FROM customers WHERE id = ?" };
static const struct db_sql delete_member = { "test.delete_member",
    "DELETE FROM members WHERE id = ?" };
static const struct db_sql count_member_tokens = { "test.count_member_tokens",
    "SELECT (SELECT count(*) FROM member_login_tokens) + "
    "(SELECT count(*) FROM member_link_tokens)" };
static const struct db_sql customer_email = { "test.customer_email",
    "SELECT email FROM customers WHERE id = ?" };
static const struct db_sql member_role = { "test.member_role",
    "SELECT role, email FROM members WHERE id = ?" };
static const struct db_sql count_projects = { "test.count_projects",
    "SELECT count(*) FROM projects" };
static const struct db_sql count_outbox = { "test.count_outbox",
    "SELECT count(*) FROM outbox" };
static const struct db_sql count_ratelimits = { "test.count_ratelimits",
    "SELECT count(*) FROM ratelimits" };
static const struct db_sql sent_bodies = {
    "test.sent_bodies", "SELECT count(*) FROM outbox WHERE id = ? "
    "AND sent <> 0 AND body = '' AND body_html IS NULL AND subject = 'One'" };

static const struct db_sql count_customer_passwords = {
    "test.count_customer_passwords",
    "SELECT count(*) FROM customers WHERE password_hash IS NOT NULL" };
static const struct db_sql appointment_created = {
    "test.appointment_created",
    "UPDATE appointments SET created = ?1, updated = ?1 WHERE pid = ?2" };
static const struct db_sql member_perm_cols = { "test.member_perm_cols",
    "SELECT portal_access * 10 + agenda_edit FROM members WHERE id = ?" };
static const struct db_sql count_member_passwords = {
    "test.count_member_passwords",
    "SELECT count(*) FROM members WHERE password_hash IS NOT NULL" };

static int
setup(void **state)
{
	struct fixture	*f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	if ((f->db = fixture_open(&f->o, "test-store")) == NULL)
		return -1;
	f->o.a = f->a = arena_new(8192);
	*state = f;
	return 0;
}

/*
 * The first column of a one-row query with up to one int and one text
 * parameter (either may be unused by the SQL).
 */
static int64_t
query_int(struct db *db, const struct db_sql *q, int64_t i, const char *t)
{
	sqlite3_stmt	*s;
	int64_t		 v;

	assert_non_null(s = db_stmt(db, q));
	if (sqlite3_bind_parameter_count(s) >= 1)
		db_bind_int(s, 1, i);
	if (sqlite3_bind_parameter_count(s) >= 2)
		db_bind_text(s, 2, t);
	assert_int_equal(db_step(db, s), DB_ROW);
	v = db_col_int(s, 0);
	db_reset(s);
	return v;
}

static int64_t
query_hash(struct db *db, const struct db_sql *q, const char *token)
{
	sqlite3_stmt	*s;
	uint8_t		 h[TOKEN_HASH_LEN];
	int64_t		 v;

	crypto_token_hash(token, strlen(token), h);
	assert_non_null(s = db_stmt(db, q));
	db_bind_blob(s, 1, h, sizeof(h));
	assert_int_equal(db_step(db, s), DB_ROW);
	v = db_col_int(s, 0);
	db_reset(s);
	return v;
}

static void
run(struct db *db, const struct db_sql *q, int64_t id)
{
	sqlite3_stmt	*s;

	assert_non_null(s = db_stmt(db, q));
	db_bind_int(s, 1, id);
	assert_int_equal(db_step(db, s), DB_OK);
}

static struct principal
as_customer(const struct customer *c)
{
	struct principal	 p = { PRINCIPAL_CUSTOMER, c->id, c->pid,
	    c->email, c->name, ROLE_VIEWER, 0 };

	return p;
}

/*
 * Customers a and b, and a team member whose row id is a's, so that a
 * query that forgot the principal's kind would mix them up.
 */
static void
principals(struct fixture *f, struct principal *pa, struct principal *pb,
    struct principal *pm)
{
	struct customer	 a, b;
	int64_t		 mid;

	assert_int_equal(customer_add(f->db, f->a, "a@example.com", "A", T0,
	    &a), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "b@example.com", "B", T0,
	    &b), DB_OK);
	assert_int_equal(member_add(f->db, f->a, "m@example.com", "M",
	    ROLE_AGENT, T0, &mid), DB_OK);
	assert_int_equal(mid, a.id);
	*pa = as_customer(&a);
	*pb = as_customer(&b);
	*pm = (struct principal){ PRINCIPAL_MEMBER, mid, NULL, NULL, NULL,
	    ROLE_VIEWER, 0 };
}

/* The first page of a list, and the page after or before one read. */
static struct keyset
page1(size_t max)
{
	return keyset_first(max);
}

static struct keyset
next_of(const struct keyset_page *pg, size_t max)
{
	struct keyset	 ks = keyset_first(max);

	ks.dir = KEYSET_AFTER;
	ks.at = pg->tail;
	return ks;
}

/* ------------------------------------------------------------ tenant */

static void
test_tenant(void **state)
{
	struct fixture	*f = *state;
	struct office	 copy, other, bad;
	struct stat	 st;
	char		 path[300], odir[200], opath[230], file[200];
	struct db	*db2;
	FILE		*fp;

	/* directories made owner-only, parents included */
	snprintf(path, sizeof(path), "%s/state", f->o.root);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(f->o.dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(f->o.db_path, &st), 0);

	/* opened once: the same office, or a copy after a reload */
	assert_ptr_equal(tenant_db(&f->o.office), f->db);
	copy = f->o.office;
	assert_ptr_equal(tenant_db(&copy), f->db);

	/* another office is another file */
	snprintf(odir, sizeof(odir), "%s/state/offices/other", f->o.root);
	snprintf(opath, sizeof(opath), "%s/porch.db", odir);
	other = (struct office){ .id = "other", .name = "Other",
	    .dir = odir, .db_path = opath };
	assert_non_null(db2 = tenant_db(&other));
	assert_ptr_not_equal(db2, f->db);
	assert_int_equal(customer_add(db2, f->a, "a@example.com", "A", T0,
	    NULL), DB_OK);
	assert_int_equal(customer_by_email(f->db, f->a, "a@example.com",
	    &(struct customer){ 0 }), DB_NOTFOUND);

	/* a directory that cannot be made is an error, not a crash */
	snprintf(file, sizeof(file), "%s/plain", f->o.root);
	assert_non_null(fp = fopen(file, "w"));
	fclose(fp);
	snprintf(path, sizeof(path), "%s/plain/offices/x/porch.db", f->o.root);
	snprintf(odir, sizeof(odir), "%s/plain/offices/x", f->o.root);
	bad = (struct office){ .id = "x", .name = "X", .dir = odir,
	    .db_path = path };
	assert_null(tenant_db(&bad));

	tenant_close_all();
	assert_non_null(f->db = tenant_db(&f->o.office));
	assert_int_equal(db_user_version(f->db), db_schema_version());
}

/* ---------------------------------------------------------- customers */

static void
test_customer(void **state)
{
	struct fixture	*f = *state;
	struct customer	 c, d, e;
	sqlite3_stmt	*s;

	assert_int_equal(customer_add(f->db, f->a, "Ann@Example.COM", "Ann",
	    T0, &c), DB_OK);
	assert_true(c.id > 0);
	assert_int_equal(strlen(c.pid), PUBLIC_ID_LEN);
	assert_string_equal(c.email, "ann@example.com");
	assert_string_equal(c.name, "Ann");
	assert_true(c.active);
	assert_non_null(s = db_stmt(f->db, &customer_email));
	db_bind_int(s, 1, c.id);
	assert_int_equal(db_step(f->db, s), DB_ROW);
	assert_string_equal(db_col_text(f->a, s, 0), "ann@example.com");
	db_reset(s);

	assert_int_equal(customer_add(f->db, f->a, "ANN@example.com", "Other",
	    T0, &d), DB_CONFLICT);
	assert_int_equal(customer_add(f->db, f->a, "bob@example.com", NULL,
	    T0, &d), DB_OK);
	assert_string_not_equal(c.pid, d.pid);
	assert_string_equal(d.name, "");

	assert_int_equal(customer_by_email(f->db, f->a, "aNN@example.com", &e),
	    DB_OK);
	assert_int_equal(e.id, c.id);
	assert_string_equal(e.pid, c.pid);
	assert_string_equal(e.email, "ann@example.com");
	assert_string_equal(e.phone, "");
	assert_int_equal(customer_by_id(f->db, f->a, d.id, &e), DB_OK);
	assert_string_equal(e.email, "bob@example.com");
	assert_int_equal(customer_by_email(f->db, f->a, "nobody@example.com",
	    &e), DB_NOTFOUND);
	assert_int_equal(customer_by_id(f->db, f->a, 9999, &e), DB_NOTFOUND);

	/* an inactive customer cannot be found by address, only by id */
	run(f->db, &deactivate, c.id);
	assert_int_equal(customer_by_email(f->db, f->a, "ann@example.com", &e),
	    DB_NOTFOUND);
	assert_int_equal(customer_by_id(f->db, f->a, c.id, &e), DB_OK);
	assert_false(e.active);
}

/* Sign-up and invitations: an inactive row holds the address, is found
 * only by id or customer_by_email_any, and activation is the one way in. */
static void
test_customer_inactive(void **state)
{
	struct fixture	*f = *state;
	struct customer	 c, e;

	assert_int_equal(customer_add_inactive(f->db, f->a, "New@Example.com",
	    "New", T0, &c), DB_OK);
	assert_false(c.active);
	assert_string_equal(c.email, "new@example.com");
	assert_int_equal(customer_by_email(f->db, f->a, "new@example.com", &e),
	    DB_NOTFOUND);
	assert_int_equal(customer_by_id(f->db, f->a, c.id, &e), DB_OK);
	assert_false(e.active);
	assert_int_equal(customer_by_email_any(f->db, f->a, "NEW@example.com",
	    &e), DB_OK);
	assert_int_equal(e.id, c.id);
	assert_false(e.active);
	/* the address is taken either way */
	assert_int_equal(customer_add(f->db, f->a, "new@example.com", "X", T0,
	    &e), DB_CONFLICT);
	assert_int_equal(customer_add_inactive(f->db, f->a, "new@example.com",
	    "X", T0, &e), DB_CONFLICT);
	assert_int_equal(customer_by_email_any(f->db, f->a, "none@example.com",
	    &e), DB_NOTFOUND);

	assert_int_equal(customer_activate(f->db, c.id, T0 + 50), DB_OK);
	assert_int_equal(customer_by_email(f->db, f->a, "new@example.com", &e),
	    DB_OK);
	assert_true(e.active);
	assert_string_equal(e.name, "New");
	assert_int_equal(customer_activate(f->db, c.id, T0 + 50), DB_OK);
	assert_int_equal(customer_activate(f->db, 9999, T0 + 50), DB_NOTFOUND);
}

static void
test_customer_update(void **state)
{
	struct fixture		*f = *state;
	struct customer		 a, b, got;
	struct principal	 pa, pb, other;

	assert_int_equal(customer_add(f->db, f->a, "a@example.com", "A", T0,
	    &a), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "b@example.com", "B", T0,
	    &b), DB_OK);
	pa = as_customer(&a);
	pb = as_customer(&b);

	assert_int_equal(customer_update(f->db, &pa, "Ana \xc3\x81lvarez",
	    "+31 20 123 4567"), DB_OK);
	assert_int_equal(customer_by_id(f->db, f->a, a.id, &got), DB_OK);
	assert_string_equal(got.name, "Ana \xc3\x81lvarez");
	assert_string_equal(got.phone, "+31 20 123 4567");
	assert_string_equal(got.email, "a@example.com");
	assert_true(got.active);
	/* the same values again still find the row */
	assert_int_equal(customer_update(f->db, &pa, "Ana \xc3\x81lvarez",
	    "+31 20 123 4567"), DB_OK);
	/* no phone clears it */
	assert_int_equal(customer_update(f->db, &pa, "Ana", NULL), DB_OK);
	assert_int_equal(customer_by_id(f->db, f->a, a.id, &got), DB_OK);
	assert_string_equal(got.name, "Ana");
	assert_string_equal(got.phone, "");

	/* b's row is b's alone */
	assert_int_equal(customer_update(f->db, &pb, "Bo", "555"), DB_OK);
	assert_int_equal(customer_by_id(f->db, f->a, a.id, &got), DB_OK);
	assert_string_equal(got.name, "Ana");
	assert_string_equal(got.phone, "");

	/* a team member with a's row id, or no one, changes nothing */
	other = (struct principal){ PRINCIPAL_MEMBER, a.id, "x", "m", "M",
	    ROLE_VIEWER, 0 };
	assert_int_equal(customer_update(f->db, &other, "Mallory", "666"),
	    DB_NOTFOUND);
	other.kind = PRINCIPAL_NONE;
	assert_int_equal(customer_update(f->db, &other, "Mallory", "666"),
	    DB_NOTFOUND);
	assert_int_equal(customer_update(f->db, NULL, "Mallory", "666"),
	    DB_NOTFOUND);
	other = pa;
	other.id = 9999;
	assert_int_equal(customer_update(f->db, &other, "Mallory", "666"),
	    DB_NOTFOUND);
	/* a name is never NULL in the table */
	assert_int_equal(customer_update(f->db, &pa, NULL, "666"),
	    DB_CONFLICT);
	assert_int_equal(customer_by_id(f->db, f->a, a.id, &got), DB_OK);
	assert_string_equal(got.name, "Ana");
	assert_string_equal(got.phone, "");
	assert_int_equal(customer_by_id(f->db, f->a, b.id, &got), DB_OK);
	assert_string_equal(got.name, "Bo");
	assert_string_equal(got.phone, "555");
}

static void
test_member(void **state)
{
	struct fixture		*f = *state;
	enum member_role	 r;
	int64_t			 id, id2;
	sqlite3_stmt		*s;

	assert_int_equal(member_add(f->db, f->a, "Agent@Example.com", "Ag",
	    ROLE_AGENT, T0, &id), DB_OK);
	assert_true(id > 0);
	assert_non_null(s = db_stmt(f->db, &member_role));
	db_bind_int(s, 1, id);
	assert_int_equal(db_step(f->db, s), DB_ROW);
	assert_string_equal(db_col_text(f->a, s, 0), "agent");
	assert_string_equal(db_col_text(f->a, s, 1), "agent@example.com");
	db_reset(s);
	assert_int_equal(member_add(f->db, f->a, "agent@example.COM", "Again",
	    ROLE_ADMIN, T0, &id2), DB_CONFLICT);
	assert_int_equal(member_add(f->db, f->a, "x@example.com", "X",
	    ROLE__MAX, T0, &id2), DB_CONFLICT);
	assert_int_equal(member_add(f->db, f->a, "v@example.com", "V",
	    ROLE_VIEWER, T0, &id2), DB_OK);
	assert_true(id2 != id);

	for (r = 0; r < ROLE__MAX; r++) {
		enum member_role	 back;

		assert_non_null(member_role_name(r));
		assert_true(member_role_parse(member_role_name(r), &back));
		assert_int_equal(back, r);
	}
	assert_string_equal(member_role_name(ROLE_ADMIN), "admin");
	assert_null(member_role_name(ROLE__MAX));
	assert_false(member_role_parse("root", &r));
	assert_false(member_role_parse("Admin", &r));
	assert_false(member_role_parse("", &r));
	assert_false(member_role_parse(NULL, &r));
}

/* ---------------------------------------------------------- passwords */

static void
test_customer_password(void **state)
{
	struct fixture	*f = *state;
	struct customer	 a, b;
	const char	*h, *stored;
	int64_t		 mid;

	assert_int_equal(customer_add(f->db, f->a, "a@example.com", "A", T0,
	    &a), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "b@example.com", "B", T0,
	    &b), DB_OK);
	/* none at first */
	h = "unchanged";
	assert_int_equal(customer_password(f->db, f->a, a.id, &h),
	    DB_NOTFOUND);
	assert_null(h);
	assert_int_equal(query_int(f->db, &count_customer_passwords, 0, NULL),
	    0);

	assert_non_null(stored = password_hash(f->a, "correct horse battery",
	    21));
	assert_int_equal(customer_set_password(f->db, a.id, stored), DB_OK);
	assert_int_equal(customer_password(f->db, f->a, a.id, &h), DB_OK);
	assert_string_equal(h, stored);
	assert_true(password_verify(h, "correct horse battery", 21));
	/* b has none, and a member with a's row id is another account */
	assert_int_equal(customer_password(f->db, f->a, b.id, &h),
	    DB_NOTFOUND);
	assert_int_equal(member_add(f->db, f->a, "m@example.com", "M",
	    ROLE_AGENT, T0, &mid), DB_OK);
	assert_int_equal(mid, a.id);
	assert_int_equal(member_password(f->db, f->a, mid, &h), DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &count_customer_passwords, 0, NULL),
	    1);

	/* a new one replaces the old; an inactive customer keeps it */
	assert_int_equal(customer_set_password(f->db, a.id, "$argon2id$new"),
	    DB_OK);
	run(f->db, &deactivate, a.id);
	assert_int_equal(customer_password(f->db, f->a, a.id, &h), DB_OK);
	assert_string_equal(h, "$argon2id$new");

	/* NULL clears it: the column is NULL again, not "" */
	assert_int_equal(customer_set_password(f->db, a.id, NULL), DB_OK);
	assert_int_equal(customer_password(f->db, f->a, a.id, &h),
	    DB_NOTFOUND);
	assert_null(h);
	assert_int_equal(query_int(f->db, &count_customer_passwords, 0, NULL),
	    0);
	assert_int_equal(customer_set_password(f->db, a.id, NULL), DB_OK);

	/* no such customer */
	assert_int_equal(customer_set_password(f->db, 9999, "$argon2id$x"),
	    DB_NOTFOUND);
	assert_int_equal(customer_password(f->db, f->a, 9999, &h),
	    DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &count_customer_passwords, 0, NULL),
	    0);
}

static void
test_member_password(void **state)
{
	struct fixture	*f = *state;
	struct customer	 c;
	const char	*h;
	int64_t		 m1, m2;

	assert_int_equal(member_add(f->db, f->a, "m1@example.com", "M1",
	    ROLE_ADMIN, T0, &m1), DB_OK);
	assert_int_equal(member_add(f->db, f->a, "m2@example.com", "M2",
	    ROLE_VIEWER, T0, &m2), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "c@example.com", "C", T0,
	    &c), DB_OK);
	assert_int_equal(c.id, m1);
	h = "unchanged";
	assert_int_equal(member_password(f->db, f->a, m1, &h), DB_NOTFOUND);
	assert_null(h);

	assert_int_equal(member_set_password(f->db, m1, "$argon2id$one"),
	    DB_OK);
	assert_int_equal(member_set_password(f->db, m2, "$argon2id$two"),
	    DB_OK);
	assert_int_equal(member_password(f->db, f->a, m1, &h), DB_OK);
	assert_string_equal(h, "$argon2id$one");
	assert_int_equal(member_password(f->db, f->a, m2, &h), DB_OK);
	assert_string_equal(h, "$argon2id$two");
	/* the customer with m1's row id has no password */
	assert_int_equal(customer_password(f->db, f->a, c.id, &h),
	    DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &count_member_passwords, 0, NULL),
	    2);

	assert_int_equal(member_set_password(f->db, m1, NULL), DB_OK);
	assert_int_equal(member_password(f->db, f->a, m1, &h), DB_NOTFOUND);
	assert_null(h);
	assert_int_equal(member_password(f->db, f->a, m2, &h), DB_OK);
	assert_int_equal(query_int(f->db, &count_member_passwords, 0, NULL),
	    1);
	assert_int_equal(member_set_password(f->db, 9999, "$argon2id$x"),
	    DB_NOTFOUND);
	assert_int_equal(member_password(f->db, f->a, 9999, &h), DB_NOTFOUND);
}

/* A database made before password hashes existed gains the columns, and
 * its accounts start without a password. */
static void
test_password_migration(void **state)
{
	struct fixture	*f = *state;
	char		 path[200];
	sqlite3		*raw;
	struct db	*db;
	const char	*h;

	assert_non_null(raw = fixture_old_db(&f->o, 1, "INSERT INTO customers "
	    "(id, pid, email, created) VALUES (7, 'p7', 'old@example.com', 1);"
	    "INSERT INTO members (id, pid, email, role, created) "
	    "VALUES (8, 'p8', 'team@example.com', 'admin', 1);", path,
	    sizeof(path)));
	assert_int_equal(sqlite3_close(raw), SQLITE_OK);

	assert_non_null(db = db_open(path));
	assert_int_equal(db_user_version(db), db_schema_version());
	assert_int_equal(customer_password(db, f->a, 7, &h), DB_NOTFOUND);
	assert_int_equal(member_password(db, f->a, 8, &h), DB_NOTFOUND);
	assert_int_equal(customer_set_password(db, 7, "$argon2id$c"), DB_OK);
	assert_int_equal(member_set_password(db, 8, "$argon2id$m"), DB_OK);
	assert_int_equal(customer_password(db, f->a, 7, &h), DB_OK);
	assert_string_equal(h, "$argon2id$c");
	assert_int_equal(member_password(db, f->a, 8, &h), DB_OK);
	assert_string_equal(h, "$argon2id$m");
	db_close(db);
}

/* ----------------------------------------------------------- sessions */

static void
test_session_create_lookup(void **state)
{
	struct fixture			*f = *state;
	struct customer			 c;
	struct principal		 who, got;
	const struct session_limits	 lim = { 3600, 86400 };
	const char			*token, *csrf, *gcsrf;
	bool				 touch;
	int64_t				 mid;

	assert_int_equal(customer_add(f->db, f->a, "ann@example.com", "Ann",
	    T0, &c), DB_OK);
	who = as_customer(&c);
	assert_int_equal(session_create(f->db, f->a, &who, "Firefox", T0,
	    &token, &csrf), DB_OK);
	assert_int_equal(strlen(token), TOKEN_LEN);
	assert_int_equal(strlen(csrf), TOKEN_LEN);
	assert_string_not_equal(token, csrf);

	/* only the hash of the token is stored */
	assert_int_equal(query_hash(f->db, &count_session_hash, token), 1);
	{
		sqlite3_stmt	*s;

		assert_non_null(s = db_stmt(f->db, &count_session_text));
		db_bind_text(s, 1, token);
		db_bind_text(s, 2, token);
		db_bind_text(s, 3, token);
		assert_int_equal(db_step(f->db, s), DB_ROW);
		assert_int_equal(db_col_int(s, 0), 0);
		db_reset(s);
	}

	assert_int_equal(session_lookup(f->db, f->a, token, T0, &lim, &got,
	    &gcsrf, &touch), DB_OK);
	assert_int_equal(got.kind, PRINCIPAL_CUSTOMER);
	assert_int_equal(got.id, c.id);
	assert_string_equal(got.pid, c.pid);
	assert_string_equal(got.email, "ann@example.com");
	assert_string_equal(got.name, "Ann");
	assert_string_equal(gcsrf, csrf);
	assert_false(touch);
	assert_int_equal(session_lookup(f->db, f->a, token, T0 + 59, &lim,
	    &got, &gcsrf, &touch), DB_OK);
	assert_false(touch);
	assert_int_equal(session_lookup(f->db, f->a, token, T0 + 60, &lim,
	    &got, &gcsrf, &touch), DB_OK);
	assert_true(touch);

	/* a token one character off is no session */
	{
		char	*wrong = strdup(token);

		wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
		assert_int_equal(session_lookup(f->db, f->a, wrong, T0, &lim,
		    &got, &gcsrf, &touch), DB_NOTFOUND);
		assert_int_equal(got.kind, PRINCIPAL_NONE);
		assert_null(gcsrf);
		free(wrong);
	}

	/* a team member's session names the member */
	assert_int_equal(member_add(f->db, f->a, "Team@Example.com", "Tea",
	    ROLE_ADMIN, T0, &mid), DB_OK);
	who = (struct principal){ PRINCIPAL_MEMBER, mid, NULL, NULL, NULL,
	    ROLE_VIEWER, 0 };
	assert_int_equal(session_create(f->db, f->a, &who, NULL, T0, &token,
	    &csrf), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, token, T0, &lim, &got,
	    &gcsrf, &touch), DB_OK);
	assert_int_equal(got.kind, PRINCIPAL_MEMBER);
	assert_int_equal(got.id, mid);
	assert_string_equal(got.email, "team@example.com");
	assert_string_equal(got.name, "Tea");
	assert_int_equal(strlen(got.pid), PUBLIC_ID_LEN);

	who.kind = PRINCIPAL_NONE;
	assert_int_equal(session_create(f->db, f->a, &who, NULL, T0, &token,
	    &csrf), DB_ERR);
	assert_int_equal(session_create(f->db, f->a, NULL, NULL, T0, &token,
	    &csrf), DB_ERR);
}

/* A member's session carries the member's role as stored now, so a role
 * change applies to sessions already open; a customer's has none. */
static void
test_session_role(void **state)
{
	struct fixture			*f = *state;
	struct customer			 c;
	struct principal		 who, got;
	const struct session_limits	 lim = { 3600, 86400 };
	const char			*token, *csrf, *gcsrf;
	bool				 touch;
	int64_t				 ids[ROLE__MAX];
	int				 i;
	static const char *const	 emails[ROLE__MAX] = {
		"v@example.com", "AG@example.com", "ad@example.com",
	};

	for (i = 0; i < ROLE__MAX; i++) {
		assert_int_equal(member_add(f->db, f->a, emails[i], "M",
		    (enum member_role)i, T0, &ids[i]), DB_OK);
		assert_int_equal(member_by_email(f->db, f->a, emails[i], &who),
		    DB_OK);
		assert_int_equal(who.kind, PRINCIPAL_MEMBER);
		assert_int_equal(who.id, ids[i]);
		assert_int_equal(who.role, i);
		/* whatever role the caller claims, the table's counts */
		who.role = ROLE_ADMIN;
		assert_int_equal(session_create(f->db, f->a, &who, NULL, T0,
		    &token, &csrf), DB_OK);
		assert_int_equal(session_lookup(f->db, f->a, token, T0, &lim,
		    &got, &gcsrf, &touch), DB_OK);
		assert_int_equal(got.kind, PRINCIPAL_MEMBER);
		assert_int_equal(got.role, i);
	}
	assert_string_equal(who.email, "ad@example.com");
	assert_int_equal(member_by_email(f->db, f->a, "nobody@example.com",
	    &who), DB_NOTFOUND);
	assert_int_equal(who.kind, PRINCIPAL_NONE);
	/* a customer with a member's address is still no member */
	assert_int_equal(customer_add(f->db, f->a, "cv@example.com", "C", T0,
	    &c), DB_OK);
	assert_int_equal(member_by_email(f->db, f->a, "cv@example.com", &who),
	    DB_NOTFOUND);
	who = as_customer(&c);
	who.role = ROLE_ADMIN;
	assert_int_equal(session_create(f->db, f->a, &who, NULL, T0, &token,
	    &csrf), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, token, T0, &lim, &got,
	    &gcsrf, &touch), DB_OK);
	assert_int_equal(got.kind, PRINCIPAL_CUSTOMER);
	assert_int_equal(got.role, ROLE_VIEWER);
}

static void
test_session_expiry(void **state)
{
	struct fixture			*f = *state;
	struct customer			 c;
	struct principal		 who, got;
	const struct session_limits	 lim = { 100, 1000 };
	const char			*token, *csrf, *gcsrf;
	bool				 touch;
	int64_t				 t;

	assert_int_equal(customer_add(f->db, f->a, "ann@example.com", "Ann",
	    T0, &c), DB_OK);
	who = as_customer(&c);
	assert_int_equal(session_create(f->db, f->a, &who, "x", T0, &token,
	    &csrf), DB_OK);

	/* idle: up to and including `idle` seconds since the last request */
	assert_int_equal(session_lookup(f->db, f->a, token, T0 + 100, &lim,
	    &got, &gcsrf, &touch), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, token, T0 + 101, &lim,
	    &got, &gcsrf, &touch), DB_NOTFOUND);

	/* touching keeps it alive ... */
	assert_int_equal(session_touch(f->db, token, T0 + 90), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, token, T0 + 190, &lim,
	    &got, &gcsrf, &touch), DB_OK);
	/* ... and last_seen never goes back */
	assert_int_equal(session_touch(f->db, token, T0 + 50), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, token, T0 + 190, &lim,
	    &got, &gcsrf, &touch), DB_OK);

	/* absolute: never past `max` since sign-in, however active */
	for (t = T0 + 180; t <= T0 + 1000; t += 80) {
		assert_int_equal(session_touch(f->db, token, t), DB_OK);
		assert_int_equal(session_lookup(f->db, f->a, token, t, &lim,
		    &got, &gcsrf, &touch), DB_OK);
	}
	assert_int_equal(session_touch(f->db, token, T0 + 1000), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, token, T0 + 1000, &lim,
	    &got, &gcsrf, &touch), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, token, T0 + 1001, &lim,
	    &got, &gcsrf, &touch), DB_NOTFOUND);

	/* a customer made inactive is signed out */
	assert_int_equal(session_create(f->db, f->a, &who, "x", T0, &token,
	    &csrf), DB_OK);
	run(f->db, &deactivate, c.id);
	assert_int_equal(session_lookup(f->db, f->a, token, T0, &lim, &got,
	    &gcsrf, &touch), DB_NOTFOUND);
	assert_int_equal(session_touch(f->db, "no such token", T0),
	    DB_NOTFOUND);
}

static void
test_session_delete(void **state)
{
	struct fixture			*f = *state;
	struct principal		 pa, pb, pm, got;
	const struct session_limits	 lim = { 100, 1000 };
	const char			*ta1, *ta2, *tb, *tm, *csrf, *gcsrf;
	bool				 touch;
	sqlite3_stmt			*s;
	char				 agent[400];
	size_t				 i;

	principals(f, &pa, &pb, &pm);
	assert_int_equal(session_create(f->db, f->a, &pa, "1", T0, &ta1,
	    &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pa, "2", T0 + 500,
	    &ta2, &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pb, "3", T0, &tb,
	    &csrf), DB_OK);
	/* a long agent is kept short, and still valid UTF-8 */
	for (i = 0; i + 2 < sizeof(agent); i += 2)
		memcpy(agent + i, "\xc3\xa9", 2);
	agent[i] = '\0';
	memmove(agent + 1, agent, strlen(agent) + 1);
	agent[0] = 'x';
	assert_int_equal(session_create(f->db, f->a, &pm, agent, T0, &tm,
	    &csrf), DB_OK);
	assert_non_null(s = db_stmt(f->db, &session_seen));
	{
		uint8_t	 h[TOKEN_HASH_LEN];
		char	*kept;

		crypto_token_hash(tm, strlen(tm), h);
		db_bind_blob(s, 1, h, sizeof(h));
		assert_int_equal(db_step(f->db, s), DB_ROW);
		kept = db_col_text(f->a, s, 1);
		db_reset(s);
		assert_int_equal(strlen(kept), 199);
		assert_memory_equal(kept, agent, 199);
	}

	assert_int_equal(session_delete(f->db, ta1), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, ta1, T0, &lim, &got,
	    &gcsrf, &touch), DB_NOTFOUND);
	assert_int_equal(session_delete(f->db, ta1), DB_NOTFOUND);

	assert_int_equal(session_create(f->db, f->a, &pa, "4", T0, &ta1,
	    &csrf), DB_OK);
	assert_int_equal(query_int(f->db, &count_sessions, 0, NULL), 4);
	assert_int_equal(session_delete_all(f->db, &pa), DB_OK);
	assert_int_equal(query_int(f->db, &count_sessions, 0, NULL), 2);
	assert_int_equal(session_lookup(f->db, f->a, ta2, T0 + 500, &lim, &got,
	    &gcsrf, &touch), DB_NOTFOUND);
	assert_int_equal(session_lookup(f->db, f->a, tb, T0, &lim, &got,
	    &gcsrf, &touch), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, tm, T0, &lim, &got,
	    &gcsrf, &touch), DB_OK);
	assert_int_equal(got.kind, PRINCIPAL_MEMBER);
	pa.kind = PRINCIPAL_NONE;
	assert_int_equal(session_delete_all(f->db, &pa), DB_NOTFOUND);

	/* the sweep removes what lookups already refuse, and nothing else */
	assert_int_equal(session_create(f->db, f->a, &pb, "5", T0 + 950, &ta1,
	    &csrf), DB_OK);
	assert_int_equal(session_sweep(f->db, T0 + 1000, &lim), DB_OK);
	assert_int_equal(query_int(f->db, &count_sessions, 0, NULL), 1);
	assert_int_equal(session_lookup(f->db, f->a, ta1, T0 + 1000, &lim,
	    &got, &gcsrf, &touch), DB_OK);
}

/* User-Agent strings of real browsers, and how the sessions list names them. */
static const struct {
	const char	*agent;
	const char	*label;
} agents[] = {
	{ "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 "
	  "Firefox/126.0", "Firefox on Windows" },
	{ "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, "
	  "like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36",
	  "Chrome on Android" },
	{ "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
	  "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
	  "Mobile/15E148 Safari/604.1", "Safari on iPhone" },
	{ "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.0.0",
	  "Edge on Windows" },
	{ "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
	  "Chrome on macOS" },
	{ "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
	  "Gecko) Chrome/125.0.0.0 Safari/537.36 OPR/110.0.0.0",
	  "Opera on Linux" },
	{ "Mozilla/5.0 (X11; Linux x86_64)", "A browser on Linux" },
	{ "Firefox/126.0", "Firefox" },
	{ "curl/8.5.0", "curl/8.5.0" },
	{ "", "" },
};

/* A password change ends the principal's other sessions: not the kept one,
 * not another customer's, not a member's with the same row id. */
static void
test_session_delete_others(void **state)
{
	struct fixture			*f = *state;
	struct principal		 pa, pb, pm, got;
	const struct session_limits	 lim = { 100, 1000 };
	const char			*ta1, *ta2, *ta3, *tb, *tm, *csrf, *gcsrf;
	bool				 touch;

	principals(f, &pa, &pb, &pm);
	assert_int_equal(session_create(f->db, f->a, &pa, "1", T0, &ta1,
	    &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pa, "2", T0, &ta2,
	    &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pa, "3", T0, &ta3,
	    &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pb, "4", T0, &tb,
	    &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pm, "5", T0, &tm,
	    &csrf), DB_OK);

	assert_int_equal(session_delete_others(f->db, &pa, ta2), DB_OK);
	assert_int_equal(query_int(f->db, &count_sessions, 0, NULL), 3);
	assert_int_equal(session_lookup(f->db, f->a, ta1, T0, &lim, &got,
	    &gcsrf, &touch), DB_NOTFOUND);
	assert_int_equal(session_lookup(f->db, f->a, ta3, T0, &lim, &got,
	    &gcsrf, &touch), DB_NOTFOUND);
	assert_int_equal(session_lookup(f->db, f->a, ta2, T0, &lim, &got,
	    &gcsrf, &touch), DB_OK);
	assert_int_equal(got.id, pa.id);
	assert_int_equal(session_lookup(f->db, f->a, tb, T0, &lim, &got,
	    &gcsrf, &touch), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, tm, T0, &lim, &got,
	    &gcsrf, &touch), DB_OK);

	/* keeping another principal's token keeps none of a's own */
	assert_int_equal(session_delete_others(f->db, &pa, tb), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, ta2, T0, &lim, &got,
	    &gcsrf, &touch), DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &count_sessions, 0, NULL), 2);

	pa.kind = PRINCIPAL_NONE;
	assert_int_equal(session_delete_others(f->db, &pa, tb), DB_NOTFOUND);
	assert_int_equal(session_delete_others(f->db, &pb, NULL), DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &count_sessions, 0, NULL), 2);
}

static void
test_session_end(void **state)
{
	struct fixture			*f = *state;
	struct principal		 pa, pb, pm, got;
	const struct session_limits	 lim = { 100, 1000 };
	struct session_info		*si;
	const char			*ta1, *ta2, *tb, *tm, *csrf, *gcsrf;
	const char			*pid_a1, *pid_a2, *pid_b, *pid_m;
	size_t				 n;
	bool				 touch;

	principals(f, &pa, &pb, &pm);
	assert_int_equal(session_create(f->db, f->a, &pa, "1", T0, &ta1,
	    &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pa, "2", T0 + 1, &ta2,
	    &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pb, "3", T0, &tb,
	    &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pm, "4", T0, &tm,
	    &csrf), DB_OK);

	/* each session has a public id of its own, listed with it */
	assert_int_equal(session_list(f->db, f->a, &pa, ta1, T0 + 2, &lim,
	    &si, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_true(si[1].current);
	pid_a2 = si[0].pid;
	pid_a1 = si[1].pid;
	assert_true(valid_public_id(pid_a1, strlen(pid_a1)));
	assert_true(valid_public_id(pid_a2, strlen(pid_a2)));
	assert_string_not_equal(pid_a1, pid_a2);
	assert_string_not_equal(pid_a1, ta1);
	assert_int_equal(session_list(f->db, f->a, &pb, NULL, T0 + 2, &lim,
	    &si, &n), DB_OK);
	pid_b = si[0].pid;
	assert_int_equal(session_list(f->db, f->a, &pm, NULL, T0 + 2, &lim,
	    &si, &n), DB_OK);
	pid_m = si[0].pid;

	/* another's session is not found, nor this device's own, nor one of
	 * a member whose row id is a's */
	assert_int_equal(session_end(f->db, &pa, pid_b, ta1), DB_NOTFOUND);
	assert_int_equal(session_end(f->db, &pa, pid_m, ta1), DB_NOTFOUND);
	assert_int_equal(session_end(f->db, &pa, pid_a1, ta1), DB_NOTFOUND);
	assert_int_equal(session_end(f->db, &pm, pid_a2, tm), DB_NOTFOUND);
	assert_int_equal(session_end(f->db, &pa, "AAAAAAAAAAAAAAAAAAAAAw",
	    ta1), DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &count_sessions, 0, NULL), 4);

	/* a's other device ends, once; everything else stays */
	assert_int_equal(session_end(f->db, &pa, pid_a2, ta1), DB_OK);
	assert_int_equal(session_end(f->db, &pa, pid_a2, ta1), DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &count_sessions, 0, NULL), 3);
	assert_int_equal(session_lookup(f->db, f->a, ta2, T0 + 2, &lim, &got,
	    &gcsrf, &touch), DB_NOTFOUND);
	assert_int_equal(session_lookup(f->db, f->a, ta1, T0 + 2, &lim, &got,
	    &gcsrf, &touch), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, tb, T0 + 2, &lim, &got,
	    &gcsrf, &touch), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, tm, T0 + 2, &lim, &got,
	    &gcsrf, &touch), DB_OK);

	/* nobody, or no id or kept token, ends nothing */
	assert_int_equal(session_end(f->db, NULL, pid_b, tb), DB_NOTFOUND);
	assert_int_equal(session_end(f->db, &pb, NULL, ta1), DB_NOTFOUND);
	assert_int_equal(session_end(f->db, &pb, pid_b, NULL), DB_NOTFOUND);
	pb.kind = PRINCIPAL_NONE;
	assert_int_equal(session_end(f->db, &pb, pid_b, ta1), DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &count_sessions, 0, NULL), 3);
}

static void
test_session_list(void **state)
{
	struct fixture			*f = *state;
	struct principal		 pa, pb, pm;
	const struct session_limits	 lim = { 100, 1000 };
	struct session_info		*si;
	const char			*ta[3], *tb, *tm, *csrf;
	size_t				 n;

	principals(f, &pa, &pb, &pm);
	assert_int_equal(session_create(f->db, f->a, &pa, agents[0].agent, T0,
	    &ta[0], &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pa, agents[1].agent,
	    T0 + 10, &ta[1], &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pa, NULL, T0, &ta[2],
	    &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pb, "B's", T0 + 20, &tb,
	    &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pm, "M's", T0 + 30, &tm,
	    &csrf), DB_OK);
	assert_int_equal(session_touch(f->db, ta[0], T0 + 50), DB_OK);

	/* a's own, most recently active first, this one marked */
	assert_int_equal(session_list(f->db, f->a, &pa, ta[1], T0 + 60, &lim,
	    &si, &n), DB_OK);
	assert_int_equal(n, 3);
	assert_int_equal(si[0].created, T0);
	assert_int_equal(si[0].last_seen, T0 + 50);
	assert_string_equal(si[0].agent, "Firefox on Windows");
	assert_false(si[0].current);
	assert_int_equal(si[1].created, T0 + 10);
	assert_int_equal(si[1].last_seen, T0 + 10);
	assert_string_equal(si[1].agent, "Chrome on Android");
	assert_true(si[1].current);
	assert_int_equal(si[2].last_seen, T0);
	assert_string_equal(si[2].agent, "");
	assert_false(si[2].current);

	/* no current token, or another principal's: none is marked */
	assert_int_equal(session_list(f->db, f->a, &pa, NULL, T0 + 60, &lim,
	    &si, &n), DB_OK);
	assert_int_equal(n, 3);
	assert_false(si[0].current || si[1].current || si[2].current);
	assert_int_equal(session_list(f->db, f->a, &pa, tb, T0 + 60, &lim,
	    &si, &n), DB_OK);
	assert_false(si[0].current || si[1].current || si[2].current);

	/* idle ones drop out: T0 is 101 s before T0 + 101 */
	assert_int_equal(session_list(f->db, f->a, &pa, ta[1], T0 + 101, &lim,
	    &si, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(si[0].last_seen, T0 + 50);
	assert_true(si[1].current);
	/* and so does every one past the absolute limit, however active */
	assert_int_equal(session_touch(f->db, ta[0], T0 + 990), DB_OK);
	assert_int_equal(session_list(f->db, f->a, &pa, ta[0], T0 + 1000, &lim,
	    &si, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_true(si[0].current);
	assert_int_equal(session_list(f->db, f->a, &pa, ta[0], T0 + 1001, &lim,
	    &si, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_null(si);

	/* the member whose id is a's sees only the member's own session */
	assert_int_equal(session_list(f->db, f->a, &pm, tm, T0 + 60, &lim, &si,
	    &n), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(si[0].agent, "M's");
	assert_true(si[0].current);
	assert_int_equal(session_list(f->db, f->a, &pb, NULL, T0 + 60, &lim,
	    &si, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(si[0].agent, "B's");
	pm.kind = PRINCIPAL_NONE;
	assert_int_equal(session_list(f->db, f->a, &pm, tm, T0 + 60, &lim, &si,
	    &n), DB_OK);
	assert_int_equal(n, 0);
	assert_null(si);
	assert_int_equal(session_list(f->db, f->a, NULL, tm, T0 + 60, &lim,
	    &si, &n), DB_OK);
	assert_int_equal(n, 0);
}

static void
test_session_list_agents(void **state)
{
	struct fixture			*f = *state;
	struct customer			 c;
	struct principal		 pc;
	const struct session_limits	 lim = { 100, 1000 };
	struct session_info		*si;
	const char			*token, *csrf;
	char				 agent[300];
	size_t				 i, n;

	assert_int_equal(customer_add(f->db, f->a, "c@example.com", "C", T0,
	    &c), DB_OK);
	pc = as_customer(&c);
	for (i = 0; i < sizeof(agents) / sizeof(agents[0]); i++) {
		assert_int_equal(session_delete_all(f->db, &pc), DB_OK);
		assert_int_equal(session_create(f->db, f->a, &pc,
		    agents[i].agent, T0, &token, &csrf), DB_OK);
		assert_int_equal(session_list(f->db, f->a, &pc, token, T0,
		    &lim, &si, &n), DB_OK);
		assert_int_equal(n, 1);
		assert_string_equal(si[0].agent, agents[i].label);
	}

	/* an unknown agent is cut to 60 bytes, on a character boundary */
	memset(agent, 'x', 59);
	for (i = 59; i + 2 < sizeof(agent); i += 2)
		memcpy(agent + i, "\xc3\xa9", 2);
	agent[i] = '\0';
	assert_int_equal(session_delete_all(f->db, &pc), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pc, agent, T0, &token,
	    &csrf), DB_OK);
	assert_int_equal(session_list(f->db, f->a, &pc, token, T0, &lim, &si,
	    &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(strlen(si[0].agent), 59 + 3);
	assert_memory_equal(si[0].agent, agent, 59);
	assert_string_equal(si[0].agent + 59, "\xe2\x80\xa6");

	/* many sessions: all listed, in order */
	assert_int_equal(session_delete_all(f->db, &pc), DB_OK);
	for (i = 0; i < 37; i++)
		assert_int_equal(session_create(f->db, f->a, &pc, "x",
		    T0 + (int64_t)i, &token, &csrf), DB_OK);
	assert_int_equal(session_list(f->db, f->a, &pc, token, T0 + 40, &lim,
	    &si, &n), DB_OK);
	assert_int_equal(n, 37);
	assert_true(si[0].current);
	for (i = 1; i < n; i++) {
		assert_true(si[i - 1].last_seen > si[i].last_seen);
		assert_false(si[i].current);
	}
}

/* ------------------------------------------------------ sign-in links */

static void
test_logintoken(void **state)
{
	struct fixture		*f = *state;
	struct customer		 c;
	struct logintoken	 t;
	const char		*token, *other;

	assert_int_equal(customer_add(f->db, f->a, "ann@example.com", "Ann",
	    T0, &c), DB_OK);
	assert_int_equal(logintoken_create(f->db, f->a, c.id, "demo",
	    "/portal/documents", T0, 900, &token), DB_OK);
	assert_int_equal(strlen(token), TOKEN_LEN);
	assert_int_equal(query_hash(f->db, &count_token_hash, token), 1);

	assert_int_equal(logintoken_peek(f->db, f->a, token, &t), DB_OK);
	assert_int_equal(t.customer_id, c.id);
	assert_string_equal(t.portal, "demo");
	assert_string_equal(t.next, "/portal/documents");
	assert_int_equal(t.expires, T0 + 900);
	assert_int_equal(t.used, 0);

	/* another portal of the office may not use it */
	assert_int_equal(logintoken_consume(f->db, f->a, token, "help",
	    T0 + 10, &t), DB_NOTFOUND);
	/* nor may anyone once it has expired */
	assert_int_equal(logintoken_consume(f->db, f->a, token, "demo",
	    T0 + 900, &t), DB_NOTFOUND);
	assert_int_equal(logintoken_peek(f->db, f->a, token, &t), DB_OK);
	assert_int_equal(t.used, 0);

	memset(&t, 0, sizeof(t));
	assert_int_equal(logintoken_consume(f->db, f->a, token, "demo",
	    T0 + 899, &t), DB_OK);
	assert_int_equal(t.customer_id, c.id);
	assert_string_equal(t.next, "/portal/documents");
	assert_int_equal(t.used, T0 + 899);
	/* single use */
	assert_int_equal(logintoken_consume(f->db, f->a, token, "demo",
	    T0 + 899, &t), DB_NOTFOUND);
	assert_int_equal(logintoken_peek(f->db, f->a, token, &t), DB_OK);
	assert_int_equal(t.used, T0 + 899);

	assert_int_equal(logintoken_peek(f->db, f->a, "unknown", &t),
	    DB_NOTFOUND);
	assert_int_equal(logintoken_consume(f->db, f->a, "unknown", "demo", T0,
	    &t), DB_NOTFOUND);
	assert_int_equal(logintoken_create(f->db, f->a, c.id, "demo", NULL, T0,
	    60, &other), DB_OK);
	assert_int_equal(logintoken_peek(f->db, f->a, other, &t), DB_OK);
	assert_string_equal(t.next, "");
	/* the sweep takes the used token and leaves the live one */
	assert_int_equal(logintoken_sweep(f->db, T0 + 30), DB_OK);
	assert_int_equal(logintoken_peek(f->db, f->a, token, &t), DB_NOTFOUND);
	assert_int_equal(logintoken_peek(f->db, f->a, other, &t), DB_OK);
	/* and the live one once it has expired */
	assert_int_equal(logintoken_sweep(f->db, T0 + 60), DB_OK);
	assert_int_equal(logintoken_peek(f->db, f->a, other, &t), DB_NOTFOUND);
	assert_int_equal(logintoken_create(f->db, f->a, c.id, "demo", NULL, T0,
	    60, &other), DB_OK);
	/* bound to a real customer, and gone with them */
	assert_int_equal(logintoken_create(f->db, f->a, 9999, "demo", "", T0,
	    60, &other), DB_CONFLICT);
	run(f->db, &delete_customer, c.id);
	assert_int_equal(query_int(f->db, &count_tokens, 0, NULL), 0);
}

/* ------------------------------------------------ account action links */

static void
test_linktoken(void **state)
{
	struct fixture		*f = *state;
	struct customer		 c;
	struct linktoken	 t;
	const char		*token, *mail;

	assert_int_equal(customer_add(f->db, f->a, "ann@example.com", "Ann",
	    T0, &c), DB_OK);
	assert_int_equal(linktoken_create(f->db, f->a, c.id, LINK_RESET, NULL,
	    T0, 1800, &token), DB_OK);
	assert_int_equal(strlen(token), TOKEN_LEN);
	/* only the hash is stored */
	assert_int_equal(query_hash(f->db, &count_link_hash, token), 1);
	assert_int_equal(query_int(f->db, &count_link_text, 1, token), 0);

	assert_int_equal(linktoken_peek(f->db, f->a, token, LINK_RESET, &t),
	    DB_OK);
	assert_int_equal(t.customer_id, c.id);
	assert_int_equal(t.purpose, LINK_RESET);
	assert_string_equal(t.data, "");
	assert_int_equal(t.expires, T0 + 1800);
	assert_int_equal(t.used, 0);

	/* a reset link confirms no address, and the other way round */
	assert_int_equal(linktoken_peek(f->db, f->a, token, LINK_EMAIL, &t),
	    DB_NOTFOUND);
	assert_int_equal(linktoken_consume(f->db, f->a, token, LINK_EMAIL,
	    T0 + 10, &t), DB_NOTFOUND);
	/* expired at exactly created + ttl */
	assert_int_equal(linktoken_consume(f->db, f->a, token, LINK_RESET,
	    T0 + 1800, &t), DB_NOTFOUND);
	assert_int_equal(linktoken_peek(f->db, f->a, token, LINK_RESET, &t),
	    DB_OK);
	assert_int_equal(t.used, 0);

	memset(&t, 0, sizeof(t));
	assert_int_equal(linktoken_consume(f->db, f->a, token, LINK_RESET,
	    T0 + 1799, &t), DB_OK);
	assert_int_equal(t.customer_id, c.id);
	assert_int_equal(t.used, T0 + 1799);
	/* single use */
	assert_int_equal(linktoken_consume(f->db, f->a, token, LINK_RESET,
	    T0 + 1799, &t), DB_NOTFOUND);
	assert_int_equal(linktoken_peek(f->db, f->a, token, LINK_RESET, &t),
	    DB_OK);
	assert_int_equal(t.used, T0 + 1799);

	assert_int_equal(linktoken_peek(f->db, f->a, "unknown", LINK_RESET,
	    &t), DB_NOTFOUND);
	assert_int_equal(linktoken_consume(f->db, f->a, "unknown", LINK_RESET,
	    T0, &t), DB_NOTFOUND);
	/* a sign-in link is not an account link */
	assert_int_equal(logintoken_create(f->db, f->a, c.id, "demo", NULL, T0,
	    60, &mail), DB_OK);
	assert_int_equal(linktoken_consume(f->db, f->a, mail, LINK_RESET, T0,
	    &t), DB_NOTFOUND);
}

static void
test_linktoken_data(void **state)
{
	struct fixture		*f = *state;
	struct customer		 c, d;
	struct linktoken	 t;
	const char		*token, *other, *spare, *spare2;

	assert_int_equal(customer_add(f->db, f->a, "ann@example.com", "Ann",
	    T0, &c), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "bob@example.com", "Bob",
	    T0, &d), DB_OK);
	assert_int_equal(linktoken_create(f->db, f->a, c.id, LINK_EMAIL,
	    "ann@new.example", T0, 86400, &token), DB_OK);
	assert_int_equal(linktoken_create(f->db, f->a, d.id, LINK_EMAIL,
	    "bob@new.example", T0, 60, &other), DB_OK);
	assert_string_not_equal(token, other);
	assert_int_equal(linktoken_consume(f->db, f->a, token, LINK_EMAIL,
	    T0 + 5, &t), DB_OK);
	assert_int_equal(t.customer_id, c.id);
	assert_int_equal(t.purpose, LINK_EMAIL);
	assert_string_equal(t.data, "ann@new.example");
	/* consuming one token leaves the other customer's alone */
	assert_int_equal(linktoken_peek(f->db, f->a, other, LINK_EMAIL, &t),
	    DB_OK);
	assert_int_equal(t.customer_id, d.id);
	assert_int_equal(t.used, 0);

	/* revoking ends the customer's unused tokens of that purpose only */
	assert_int_equal(linktoken_create(f->db, f->a, c.id, LINK_RESET, NULL,
	    T0, 60, &spare), DB_OK);
	assert_int_equal(linktoken_create(f->db, f->a, c.id, LINK_EMAIL,
	    "ann@other.example", T0, 60, &spare2), DB_OK);
	assert_int_equal(linktoken_revoke(f->db, c.id, LINK_EMAIL, T0 + 6),
	    DB_OK);
	assert_int_equal(linktoken_consume(f->db, f->a, spare2, LINK_EMAIL,
	    T0 + 7, &t), DB_NOTFOUND);
	assert_int_equal(linktoken_peek(f->db, f->a, token, LINK_EMAIL, &t),
	    DB_OK);
	assert_int_equal(t.used, T0 + 5);
	assert_int_equal(linktoken_peek(f->db, f->a, other, LINK_EMAIL, &t),
	    DB_OK);
	assert_int_equal(t.used, 0);
	assert_int_equal(linktoken_consume(f->db, f->a, spare, LINK_RESET,
	    T0 + 7, &t), DB_OK);

	/* the sweep takes used and expired tokens only */
	assert_int_equal(linktoken_sweep(f->db, T0 + 59), DB_OK);
	assert_int_equal(linktoken_peek(f->db, f->a, token, LINK_EMAIL, &t),
	    DB_NOTFOUND);
	assert_int_equal(linktoken_peek(f->db, f->a, other, LINK_EMAIL, &t),
	    DB_OK);
	assert_int_equal(linktoken_sweep(f->db, T0 + 60), DB_OK);
	assert_int_equal(query_int(f->db, &count_links, 0, NULL), 0);

	/* bound to a real customer, and gone with them */
	assert_int_equal(linktoken_create(f->db, f->a, 9999, LINK_RESET, NULL,
	    T0, 60, &other), DB_CONFLICT);
	assert_int_equal(linktoken_create(f->db, f->a, d.id, LINK_RESET, NULL,
	    T0, 60, &other), DB_OK);
	run(f->db, &delete_customer, d.id);
	assert_int_equal(query_int(f->db, &count_links, 0, NULL), 0);
}

/* ------------------------------------------------ team members' links */

static void
test_member_pending(void **state)
{
	struct fixture		*f = *state;
	struct principal	 m;
	struct member_entry	*e;
	struct keyset		 ks = page1(10);
	struct keyset_page	 pg;
	int64_t			 a, b;
	size_t			 n;

	assert_int_equal(member_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_null(e);
	assert_int_equal(n, 0);
	assert_int_equal(member_add(f->db, f->a, "Ada@Example.com", "Ada",
	    ROLE_ADMIN, T0, &a), DB_OK);
	assert_int_equal(member_add(f->db, f->a, "bo@example.com", "Bo",
	    ROLE_VIEWER, T0, &b), DB_OK);

	assert_int_equal(member_by_id(f->db, f->a, b, &m), DB_OK);
	assert_int_equal(m.kind, PRINCIPAL_MEMBER);
	assert_int_equal(m.id, b);
	assert_string_equal(m.email, "bo@example.com");
	assert_string_equal(m.name, "Bo");
	assert_int_equal(m.role, ROLE_VIEWER);
	assert_int_equal(strlen(m.pid), 22);
	assert_int_equal(member_by_id(f->db, f->a, a + b, &m), DB_NOTFOUND);

	/* without a password, both; with one, only the other */
	assert_int_equal(member_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(e[0].who.id, a);
	assert_true(e[0].pending && e[1].pending);
	assert_int_equal(member_set_password(f->db, a, "$argon2id$x"), DB_OK);
	assert_int_equal(member_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_false(e[0].pending);
	assert_true(e[1].pending);
	assert_int_equal(member_set_password(f->db, a, NULL), DB_OK);
	assert_int_equal(member_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_true(e[0].pending && e[1].pending);
}

/* A customer and a member with the same row id: a link of one side never
 * reads as the other's. */
static void
test_member_logintoken(void **state)
{
	struct fixture		*f = *state;
	struct customer		 c;
	struct logintoken	 t;
	const char		*mine, *theirs, *spare;
	int64_t			 m;

	assert_int_equal(customer_add(f->db, f->a, "same@example.com", "C",
	    T0, &c), DB_OK);
	assert_int_equal(member_add(f->db, f->a, "same@example.com", "M",
	    ROLE_AGENT, T0, &m), DB_OK);
	assert_int_equal(m, c.id);
	assert_int_equal(logintoken_create_for(f->db, f->a, PRINCIPAL_MEMBER, m,
	    "demo", "/team/inbox", T0, 900, &mine), DB_OK);
	assert_int_equal(logintoken_create(f->db, f->a, c.id, "demo", NULL, T0,
	    900, &theirs), DB_OK);
	assert_int_equal(query_int(f->db, &count_member_tokens, 0, NULL), 1);
	assert_int_equal(query_int(f->db, &count_tokens, 0, NULL), 1);

	assert_int_equal(logintoken_peek(f->db, f->a, mine, &t), DB_NOTFOUND);
	assert_int_equal(logintoken_peek_for(f->db, f->a, PRINCIPAL_MEMBER,
	    theirs, &t), DB_NOTFOUND);
	assert_int_equal(logintoken_peek_for(f->db, f->a, PRINCIPAL_MEMBER,
	    mine, &t), DB_OK);
	assert_int_equal(t.member_id, m);
	assert_int_equal(t.customer_id, 0);
	assert_string_equal(t.portal, "demo");
	assert_string_equal(t.next, "/team/inbox");
	assert_int_equal(t.expires, T0 + 900);
	assert_int_equal(logintoken_peek(f->db, f->a, theirs, &t), DB_OK);
	assert_int_equal(t.customer_id, c.id);
	assert_int_equal(t.member_id, 0);

	/* the customers' side cannot use it, nor another portal, nor late */
	assert_int_equal(logintoken_consume(f->db, f->a, mine, "demo", T0 + 1,
	    &t), DB_NOTFOUND);
	assert_int_equal(logintoken_consume_for(f->db, f->a, PRINCIPAL_MEMBER,
	    mine, "help", T0 + 1, &t), DB_NOTFOUND);
	assert_int_equal(logintoken_consume_for(f->db, f->a, PRINCIPAL_MEMBER,
	    mine, "demo", T0 + 900, &t), DB_NOTFOUND);
	assert_int_equal(logintoken_consume_for(f->db, f->a, PRINCIPAL_MEMBER,
	    theirs, "demo", T0 + 1, &t), DB_NOTFOUND);
	memset(&t, 0, sizeof(t));
	assert_int_equal(logintoken_consume_for(f->db, f->a, PRINCIPAL_MEMBER,
	    mine, "demo", T0 + 899, &t), DB_OK);
	assert_int_equal(t.member_id, m);
	assert_int_equal(t.used, T0 + 899);
	assert_int_equal(logintoken_consume_for(f->db, f->a, PRINCIPAL_MEMBER,
	    mine, "demo", T0 + 899, &t), DB_NOTFOUND);
	/* the customer's link is untouched */
	assert_int_equal(logintoken_peek(f->db, f->a, theirs, &t), DB_OK);
	assert_int_equal(t.used, 0);

	/* the sweep clears both sides' dead links, not the live ones */
	assert_int_equal(logintoken_create_for(f->db, f->a, PRINCIPAL_MEMBER, m,
	    "demo", NULL, T0, 60, &spare), DB_OK);
	assert_int_equal(logintoken_sweep(f->db, T0 + 30), DB_OK);
	assert_int_equal(query_int(f->db, &count_member_tokens, 0, NULL), 1);
	assert_int_equal(logintoken_sweep(f->db, T0 + 60), DB_OK);
	assert_int_equal(query_int(f->db, &count_member_tokens, 0, NULL), 0);
	assert_int_equal(query_int(f->db, &count_tokens, 0, NULL), 1);
	assert_int_equal(logintoken_sweep(f->db, T0 + 900), DB_OK);
	assert_int_equal(query_int(f->db, &count_tokens, 0, NULL), 0);

	/* bound to a real member, and gone with them */
	assert_int_equal(logintoken_create_for(f->db, f->a, PRINCIPAL_MEMBER,
	    m + 1, "demo", NULL, T0, 60, &spare), DB_CONFLICT);
	assert_int_equal(logintoken_create_for(f->db, f->a, PRINCIPAL_MEMBER, m,
	    "demo", NULL, T0, 60, &spare), DB_OK);
	run(f->db, &delete_member, m);
	assert_int_equal(query_int(f->db, &count_member_tokens, 0, NULL), 0);
}

static void
test_member_linktoken(void **state)
{
	struct fixture		*f = *state;
	struct customer		 c;
	struct linktoken	 t;
	const char		*first, *second, *token;
	int64_t			 m;

	assert_int_equal(customer_add(f->db, f->a, "c@example.com", "C", T0,
	    &c), DB_OK);
	assert_int_equal(member_add(f->db, f->a, "m@example.com", "M",
	    ROLE_VIEWER, T0, &m), DB_OK);
	assert_int_equal(linktoken_create_for(f->db, f->a, PRINCIPAL_MEMBER, m,
	    LINK_INVITE, NULL, T0, ACTIVATION_TTL, &first), DB_OK);
	assert_int_equal(query_int(f->db, &count_member_tokens, 0, NULL), 1);
	assert_int_equal(query_int(f->db, &count_links, 0, NULL), 0);

	assert_int_equal(linktoken_peek_for(f->db, f->a, PRINCIPAL_MEMBER,
	    first, LINK_INVITE, &t), DB_OK);
	assert_int_equal(t.member_id, m);
	assert_int_equal(t.customer_id, 0);
	assert_int_equal(t.purpose, LINK_INVITE);
	assert_string_equal(t.data, "");
	assert_int_equal(t.expires, T0 + ACTIVATION_TTL);
	assert_int_equal(t.used, 0);
	/* another purpose or the customers' side does not find it */
	assert_int_equal(linktoken_peek_for(f->db, f->a, PRINCIPAL_MEMBER,
	    first, LINK_RESET, &t), DB_NOTFOUND);
	assert_int_equal(linktoken_peek(f->db, f->a, first, LINK_INVITE, &t),
	    DB_NOTFOUND);
	assert_int_equal(linktoken_consume(f->db, f->a, first, LINK_INVITE,
	    T0 + 1, &t), DB_NOTFOUND);
	/* invitations are for members only: the customers' table refuses */
	assert_int_equal(linktoken_create(f->db, f->a, c.id, LINK_INVITE, NULL,
	    T0, 60, &token), DB_CONFLICT);
	/* members' links are invitations and resets, never e-mail changes */
	assert_int_equal(linktoken_create_for(f->db, f->a, PRINCIPAL_MEMBER, m,
	    LINK_EMAIL, "n@example.com", T0, 60, &token), DB_CONFLICT);

	/* a second invitation; revoking makes every unused one dead */
	assert_int_equal(linktoken_create_for(f->db, f->a, PRINCIPAL_MEMBER, m,
	    LINK_INVITE, NULL, T0 + 5, ACTIVATION_TTL, &second), DB_OK);
	assert_int_equal(linktoken_revoke_for(f->db, PRINCIPAL_MEMBER, m,
	    LINK_INVITE, T0 + 6), DB_OK);
	assert_int_equal(linktoken_consume_for(f->db, f->a, PRINCIPAL_MEMBER,
	    second, LINK_INVITE, T0 + 7, &t), DB_NOTFOUND);
	assert_int_equal(linktoken_peek_for(f->db, f->a, PRINCIPAL_MEMBER,
	    first, LINK_INVITE, &t), DB_OK);
	assert_int_equal(t.used, T0 + 6);

	/* a fresh one works once, and not once it has expired */
	assert_int_equal(linktoken_create_for(f->db, f->a, PRINCIPAL_MEMBER, m,
	    LINK_INVITE, NULL, T0, 60, &token), DB_OK);
	assert_int_equal(linktoken_consume_for(f->db, f->a, PRINCIPAL_MEMBER,
	    token, LINK_INVITE, T0 + 60, &t), DB_NOTFOUND);
	assert_int_equal(linktoken_consume_for(f->db, f->a, PRINCIPAL_MEMBER,
	    token, LINK_INVITE, T0 + 59, &t), DB_OK);
	assert_int_equal(t.member_id, m);
	assert_int_equal(linktoken_consume_for(f->db, f->a, PRINCIPAL_MEMBER,
	    token, LINK_INVITE, T0 + 59, &t), DB_NOTFOUND);

	/* the sweep takes the used and expired, then the member takes the
	 * rest with them */
	assert_int_equal(linktoken_create_for(f->db, f->a, PRINCIPAL_MEMBER, m,
	    LINK_INVITE, NULL, T0, 60, &token), DB_OK);
	assert_int_equal(linktoken_sweep(f->db, T0 + 59), DB_OK);
	assert_int_equal(query_int(f->db, &count_member_tokens, 0, NULL), 1);
	assert_int_equal(linktoken_create_for(f->db, f->a, PRINCIPAL_MEMBER,
	    m + 1, LINK_INVITE, NULL, T0, 60, &token), DB_CONFLICT);
	run(f->db, &delete_member, m);
	assert_int_equal(query_int(f->db, &count_member_tokens, 0, NULL), 0);
}

/* A member's reset link, beside an invitation, works once, for its own
 * purpose and side only; revoking resets leaves the invitation. */
static void
test_member_reset_link(void **state)
{
	struct fixture		*f = *state;
	struct customer		 c;
	struct linktoken	 t;
	const char		*invite, *reset, *other, *token;
	int64_t			 m;

	assert_int_equal(customer_add(f->db, f->a, "c@example.com", "C", T0,
	    &c), DB_OK);
	assert_int_equal(member_add(f->db, f->a, "m@example.com", "M",
	    ROLE_VIEWER, T0, &m), DB_OK);
	assert_int_equal(m, c.id);
	assert_int_equal(linktoken_create_for(f->db, f->a, PRINCIPAL_MEMBER, m,
	    LINK_INVITE, NULL, T0, ACTIVATION_TTL, &invite), DB_OK);
	assert_int_equal(linktoken_create_for(f->db, f->a, PRINCIPAL_MEMBER, m,
	    LINK_RESET, NULL, T0, 1800, &reset), DB_OK);
	assert_int_equal(linktoken_create_for(f->db, f->a, PRINCIPAL_MEMBER, m,
	    LINK_RESET, NULL, T0 + 1, 1800, &other), DB_OK);
	assert_int_equal(query_int(f->db, &count_member_tokens, 0, NULL), 3);
	assert_int_equal(query_int(f->db, &count_links, 0, NULL), 0);

	assert_int_equal(linktoken_peek_for(f->db, f->a, PRINCIPAL_MEMBER,
	    reset, LINK_RESET, &t), DB_OK);
	assert_int_equal(t.member_id, m);
	assert_int_equal(t.customer_id, 0);
	assert_int_equal(t.expires, T0 + 1800);
	/* not an invitation, and not the customer's whose row id is m */
	assert_int_equal(linktoken_peek_for(f->db, f->a, PRINCIPAL_MEMBER,
	    reset, LINK_INVITE, &t), DB_NOTFOUND);
	assert_int_equal(linktoken_peek(f->db, f->a, reset, LINK_RESET, &t),
	    DB_NOTFOUND);
	assert_int_equal(linktoken_consume(f->db, f->a, reset, LINK_RESET,
	    T0 + 2, &t), DB_NOTFOUND);
	assert_int_equal(linktoken_peek_for(f->db, f->a, PRINCIPAL_MEMBER,
	    invite, LINK_RESET, &t), DB_NOTFOUND);

	/* once, and not after its 30 minutes */
	assert_int_equal(linktoken_consume_for(f->db, f->a, PRINCIPAL_MEMBER,
	    reset, LINK_RESET, T0 + 1800, &t), DB_NOTFOUND);
	assert_int_equal(linktoken_consume_for(f->db, f->a, PRINCIPAL_MEMBER,
	    reset, LINK_RESET, T0 + 1799, &t), DB_OK);
	assert_int_equal(t.member_id, m);
	assert_int_equal(linktoken_consume_for(f->db, f->a, PRINCIPAL_MEMBER,
	    reset, LINK_RESET, T0 + 1799, &t), DB_NOTFOUND);

	/* revoking the resets leaves the invitation usable */
	assert_int_equal(linktoken_revoke_for(f->db, PRINCIPAL_MEMBER, m,
	    LINK_RESET, T0 + 5), DB_OK);
	assert_int_equal(linktoken_consume_for(f->db, f->a, PRINCIPAL_MEMBER,
	    other, LINK_RESET, T0 + 6, &t), DB_NOTFOUND);
	assert_int_equal(linktoken_peek_for(f->db, f->a, PRINCIPAL_MEMBER,
	    invite, LINK_INVITE, &t), DB_OK);
	assert_int_equal(t.used, 0);
	assert_int_equal(linktoken_create_for(f->db, f->a, PRINCIPAL_MEMBER,
	    m + 1, LINK_RESET, NULL, T0, 60, &token), DB_CONFLICT);
}

static void
test_customer_set_email(void **state)
{
	struct fixture	*f = *state;
	struct customer	 c, d, got;

	assert_int_equal(customer_add(f->db, f->a, "ann@example.com", "Ann",
	    T0, &c), DB_OK);
	assert_int_equal(customer_add_inactive(f->db, f->a, "bob@example.com",
	    "Bob", T0, &d), DB_OK);
	assert_int_equal(customer_set_email(f->db, c.id, "ann@new.example"),
	    DB_OK);
	assert_int_equal(customer_by_email(f->db, f->a, "ANN@new.example",
	    &got), DB_OK);
	assert_int_equal(got.id, c.id);
	assert_int_equal(customer_by_email(f->db, f->a, "ann@example.com",
	    &got), DB_NOTFOUND);
	/* an address another customer has, even an inactive one, is refused
	 * and nothing changes */
	assert_int_equal(customer_set_email(f->db, c.id, "bob@example.com"),
	    DB_CONFLICT);
	assert_int_equal(customer_by_id(f->db, f->a, c.id, &got), DB_OK);
	assert_string_equal(got.email, "ann@new.example");
	/* the same address again is no change, not a conflict */
	assert_int_equal(customer_set_email(f->db, c.id, "ann@new.example"),
	    DB_OK);
	assert_int_equal(customer_set_email(f->db, 9999, "x@example.com"),
	    DB_NOTFOUND);
}

/* ------------------------------------------------------- appointments */

static void
test_appointment_owner(void **state)
{
	struct fixture		*f = *state;
	struct customer		 a, b;
	struct principal	 pa, pb, other;
	struct appointment	*ap;
	const char		*p1, *p2, *p3, *pb1;
	size_t			 n, i;
	int64_t			 mid;

	assert_int_equal(customer_add(f->db, f->a, "a@example.com", "A", T0,
	    &a), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "b@example.com", "B", T0,
	    &b), DB_OK);
	assert_int_equal(member_add(f->db, f->a, "m@example.com", "M",
	    ROLE_ADMIN, T0, &mid), DB_OK);
	assert_int_equal(mid, a.id);
	pa = as_customer(&a);
	pb = as_customer(&b);

	assert_int_equal(appointment_add(f->db, f->a, a.id, "House", "Viewings",
	    T0 + 7200, T0 + 9000, "1 Main St", "", "confirmed", "portal", &p2),
	    DB_OK);
	assert_int_equal(appointment_add(f->db, f->a, a.id, NULL, NULL,
	    T0 + 3600, T0 + 5400, "", "https://meet.example/x", "invited",
	    "team", &p1), DB_OK);
	assert_int_equal(appointment_add(f->db, f->a, a.id, "House", "",
	    T0 + 10800, T0 + 12600, "", "", "requested", "link", &p3), DB_OK);
	/* past (ended exactly now), cancelled: not upcoming */
	assert_int_equal(appointment_add(f->db, f->a, a.id, "House", NULL,
	    T0 - 3600, T0, "", "", "confirmed", "portal", NULL), DB_OK);
	assert_int_equal(appointment_add(f->db, f->a, a.id, NULL, NULL,
	    T0 + 3600, T0 + 4000, "", "", "cancelled", "portal", NULL), DB_OK);
	assert_int_equal(appointment_add(f->db, f->a, b.id, "Flat", "Viewings",
	    T0 + 100, T0 + 200, "", "", "confirmed", "embed", &pb1), DB_OK);
	assert_int_equal(query_int(f->db, &count_projects, 0, NULL), 2);

	assert_int_equal(appointment_upcoming(f->db, f->a, &pa, T0, 10, &ap,
	    &n), DB_OK);
	assert_int_equal(n, 3);
	assert_string_equal(ap[0].pid, p1);
	assert_string_equal(ap[0].project, "");
	assert_string_equal(ap[0].agenda, "");
	assert_string_equal(ap[0].meeting_url, "https://meet.example/x");
	assert_string_equal(ap[0].status, "invited");
	assert_string_equal(ap[0].source, "team");
	assert_string_equal(ap[1].pid, p2);
	assert_string_equal(ap[1].project, "House");
	assert_string_equal(ap[1].agenda, "Viewings");
	assert_string_equal(ap[1].location, "1 Main St");
	assert_int_equal(ap[1].starts, T0 + 7200);
	assert_int_equal(ap[1].ends, T0 + 9000);
	assert_string_equal(ap[2].pid, p3);
	assert_string_equal(ap[2].agenda, "");
	for (i = 0; i < n; i++)
		assert_string_not_equal(ap[i].pid, pb1);

	assert_int_equal(appointment_upcoming(f->db, f->a, &pa, T0, 1, &ap,
	    &n), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ap[0].pid, p1);
	assert_int_equal(appointment_upcoming(f->db, f->a, &pa, T0, 0, &ap,
	    &n), DB_OK);
	assert_int_equal(n, 0);

	/* b sees only b's */
	assert_int_equal(appointment_upcoming(f->db, f->a, &pb, T0, 10, &ap,
	    &n), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ap[0].pid, pb1);

	/* a team member whose id is a's, or no one, sees nothing */
	other = (struct principal){ PRINCIPAL_MEMBER, a.id, "x", "m", "M",
	    ROLE_VIEWER, 0 };
	assert_int_equal(appointment_upcoming(f->db, f->a, &other, T0, 10, &ap,
	    &n), DB_OK);
	assert_int_equal(n, 0);
	assert_null(ap);
	other.kind = PRINCIPAL_NONE;
	assert_int_equal(appointment_upcoming(f->db, f->a, &other, T0, 10, &ap,
	    &n), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(appointment_upcoming(f->db, f->a, NULL, T0, 10, &ap,
	    &n), DB_OK);
	assert_int_equal(n, 0);
}

static void
test_appointment_many(void **state)
{
	struct fixture		*f = *state;
	struct customer		 a;
	struct principal	 pa;
	struct appointment	*ap;
	size_t			 n, i;

	assert_int_equal(customer_add(f->db, f->a, "a@example.com", "A", T0,
	    &a), DB_OK);
	pa = as_customer(&a);
	/* added latest first; listed soonest first */
	for (i = 0; i < 37; i++)
		assert_int_equal(appointment_add(f->db, f->a, a.id, "P", "G",
		    T0 + 1000 - (int64_t)i, T0 + 2000, "", "", "confirmed",
		    "portal", NULL), DB_OK);
	assert_int_equal(appointment_upcoming(f->db, f->a, &pa, T0, SIZE_MAX,
	    &ap, &n), DB_OK);
	assert_int_equal(n, 37);
	for (i = 1; i < n; i++)
		assert_true(ap[i - 1].starts < ap[i].starts);
	assert_int_equal(query_int(f->db, &count_projects, 0, NULL), 1);

	assert_int_equal(appointment_add(f->db, f->a, a.id, NULL, NULL, T0,
	    T0 + 1, "", "", "maybe", "portal", NULL), DB_CONFLICT);
	assert_int_equal(appointment_add(f->db, f->a, a.id, NULL, NULL, T0,
	    T0 + 1, "", "", "confirmed", "fax", NULL), DB_CONFLICT);
	assert_int_equal(appointment_add(f->db, f->a, a.id, NULL, NULL, T0 + 5,
	    T0, "", "", "confirmed", "portal", NULL), DB_CONFLICT);
	assert_int_equal(appointment_add(f->db, f->a, 9999, NULL, NULL, T0,
	    T0 + 1, "", "", "confirmed", "portal", NULL), DB_CONFLICT);
}

/* ------------------------------------------------------------- outbox */

static void
test_outbox(void **state)
{
	struct fixture	*f = *state;
	struct outmail	*m;
	size_t		 n;
	int64_t		 id1, id2, t;
	int		 i;
	static const int64_t	 delay[] = {
		30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600
	};

	assert_int_equal(outbox_add(f->db, "a@example.com", "One", "Body 1",
	    "<p>Body 1</p>", T0), DB_OK);
	assert_int_equal(outbox_add(f->db, "b@example.com", "Two", "Body 2",
	    NULL, T0), DB_OK);
	assert_int_equal(outbox_add(f->db, "c@example.com", "Three", "Body 3",
	    "<p>Body 3</p>", T0 + 5), DB_OK);

	assert_int_equal(outbox_due(f->db, f->a, T0, 10, &m, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(m[0].to, "a@example.com");
	assert_string_equal(m[0].subject, "One");
	assert_string_equal(m[0].body, "Body 1");
	assert_string_equal(m[0].html, "<p>Body 1</p>");
	assert_string_equal(m[1].html, "");	/* none: text alone */
	assert_int_equal(m[0].created, T0);
	assert_int_equal(m[0].attempts, 0);
	assert_int_equal(m[0].sent, 0);
	assert_string_equal(m[0].last_error, "");
	id1 = m[0].id;
	id2 = m[1].id;
	assert_int_equal(outbox_queued(f->db, f->a, 10, &m, &n), DB_OK);
	assert_int_equal(n, 3);
	assert_int_equal(outbox_queued(f->db, f->a, 1, &m, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].id, id1);

	assert_int_equal(outbox_sent(f->db, id1, T0 + 1), DB_OK);
	/* what was sent is kept, but not its body nor its HTML, which may
	 * hold a link */
	assert_int_equal(query_int(f->db, &sent_bodies, id1, NULL), 1);
	assert_int_equal(outbox_sent(f->db, id1, T0 + 2), DB_NOTFOUND);
	assert_int_equal(outbox_failed(f->db, id1, T0 + 2, "late"),
	    DB_NOTFOUND);
	assert_int_equal(outbox_sent(f->db, 9999, T0), DB_NOTFOUND);
	assert_int_equal(outbox_failed(f->db, 9999, T0, "x"), DB_NOTFOUND);

	/* 30 s doubling, at most an hour, counted from each failure */
	t = T0 + 10;
	for (i = 0; i < 10; i++) {
		assert_int_equal(outbox_failed(f->db, id2, t,
		    i == 9 ? NULL : "421 try later"), DB_OK);
		assert_int_equal(outbox_due(f->db, f->a, t + delay[i] - 1, 10,
		    &m, &n), DB_OK);
		assert_true(n == 0 || m[0].id != id2);
		assert_int_equal(outbox_due(f->db, f->a, t + delay[i], 10, &m,
		    &n), DB_OK);
		assert_true(n >= 1);
		assert_int_equal(m[0].id, id2);
		assert_int_equal(m[0].attempts, i + 1);
		assert_int_equal(m[0].next_attempt, t + delay[i]);
		t += delay[i];
	}
	assert_string_equal(m[0].last_error, "");
	/* failures never drop a message; sent ones stay as a record */
	for (i = 0; i < 40; i++)
		assert_int_equal(outbox_failed(f->db, id2, t, "down"), DB_OK);
	assert_int_equal(outbox_queued(f->db, f->a, 10, &m, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(m[0].id, id2);
	assert_int_equal(m[0].attempts, 50);
	assert_int_equal(m[0].next_attempt, t + 3600);
	assert_string_equal(m[0].last_error, "down");
	assert_int_equal(query_int(f->db, &count_outbox, 0, NULL), 3);
	assert_int_equal(outbox_sent(f->db, id2, t + 3600), DB_OK);
	assert_int_equal(outbox_queued(f->db, f->a, 10, &m, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(query_int(f->db, &count_outbox, 0, NULL), 3);
}

/* --------------------------------------------------------- rate limit */

static void
test_ratelimit(void **state)
{
	struct fixture	*f = *state;
	bool		 ok;
	int64_t		 retry;
	int		 i;

	for (i = 0; i < 3; i++) {
		assert_int_equal(ratelimit_hit(f->db, "login:ip:1", 60, 3,
		    T0 + i, &ok, &retry), DB_OK);
		assert_true(ok);
		assert_int_equal(retry, 0);
	}
	assert_int_equal(ratelimit_hit(f->db, "login:ip:1", 60, 3, T0 + 3,
	    &ok, &retry), DB_OK);
	assert_false(ok);
	assert_int_equal(retry, 57);
	/* another key has its own count */
	assert_int_equal(ratelimit_hit(f->db, "login:ip:2", 60, 3, T0 + 3,
	    &ok, &retry), DB_OK);
	assert_true(ok);
	/* refused hits are not counted: the window still ends on time */
	assert_int_equal(ratelimit_hit(f->db, "login:ip:1", 60, 3, T0 + 59,
	    &ok, &retry), DB_OK);
	assert_false(ok);
	assert_int_equal(retry, 1);
	/* a new window starts with the first hit after the old one ended */
	for (i = 0; i < 3; i++) {
		assert_int_equal(ratelimit_hit(f->db, "login:ip:1", 60, 3,
		    T0 + 60 + i * 10, &ok, &retry), DB_OK);
		assert_true(ok);
	}
	assert_int_equal(ratelimit_hit(f->db, "login:ip:1", 60, 3, T0 + 119,
	    &ok, &retry), DB_OK);
	assert_false(ok);
	assert_int_equal(retry, 1);
	assert_int_equal(ratelimit_hit(f->db, "login:ip:1", 60, 3, T0 + 120,
	    &ok, &retry), DB_OK);
	assert_true(ok);
	assert_int_equal(query_int(f->db, &count_ratelimits, 0, NULL), 2);

	/* no hits allowed at all */
	assert_int_equal(ratelimit_hit(f->db, "closed", 30, 0, T0, &ok,
	    &retry), DB_OK);
	assert_false(ok);
	assert_int_equal(retry, 30);
}

/* ------------------------------------------------------ team's view */

static void
test_customer_search(void **state)
{
	struct fixture		*f = *state;
	struct customer		*c;
	struct keyset		 ks = page1(10);
	struct keyset_page	 pg;
	size_t			 n, i;
	char			 email[64], name[64];

	assert_int_equal(customer_add(f->db, f->a, "zed@example.com",
	    "Anna Zed", T0, NULL), DB_OK);
	assert_int_equal(customer_add_inactive(f->db, f->a, "bob@ann.example",
	    "Bob Brown", T0, NULL), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "x_y@example.com",
	    "Percent 100% Sure", T0, NULL), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "carl@example.com",
	    "carl annex", T0, NULL), DB_OK);

	/* name or address, any case, ordered by name ignoring case */
	assert_int_equal(customer_search(f->db, f->a, "ANN", &ks, &c, &n,
	    &pg), DB_OK);
	assert_int_equal(n, 3);
	assert_true(pg.counted && pg.by_name);
	assert_int_equal(pg.total, 3);
	assert_false(pg.more_before || pg.more_after);
	assert_string_equal(c[0].name, "Anna Zed");
	assert_string_equal(c[1].name, "Bob Brown");
	assert_false(c[1].active);
	assert_string_equal(c[2].name, "carl annex");
	assert_int_equal(strlen(c[0].pid), 22);

	/* % and _ match only themselves */
	assert_int_equal(customer_search(f->db, f->a, "%", &ks, &c, &n, &pg),
	    DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].email, "x_y@example.com");
	assert_int_equal(customer_search(f->db, f->a, "_", &ks, &c, &n, &pg),
	    DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(customer_search(f->db, f->a, "x_", &ks, &c, &n, &pg),
	    DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(customer_search(f->db, f->a, "\\", &ks, &c, &n, &pg),
	    DB_OK);
	assert_int_equal(n, 0);
	assert_null(c);
	assert_int_equal(pg.total, 0);
	assert_int_equal(customer_search(f->db, f->a, "nobody", &ks, &c, &n,
	    &pg), DB_OK);
	assert_int_equal(n, 0);

	/* pages: "" matches all; a page after the last row is empty, and
	 * still counts */
	for (i = 0; i < 26; i++) {
		snprintf(email, sizeof(email), "p%02zu@page.example", i);
		snprintf(name, sizeof(name), "Page %02zu", i);
		assert_int_equal(customer_add(f->db, f->a, email, name, T0,
		    NULL), DB_OK);
	}
	ks = page1(100);
	assert_int_equal(customer_search(f->db, f->a, "", &ks, &c, &n, &pg),
	    DB_OK);
	assert_int_equal(n, 30);
	ks = page1(25);
	assert_int_equal(customer_search(f->db, f->a, "page", &ks, &c, &n,
	    &pg), DB_OK);
	assert_int_equal(n, 25);
	assert_int_equal(pg.total, 26);
	assert_true(pg.more_after);
	assert_string_equal(c[24].name, "Page 24");
	ks = next_of(&pg, 25);
	assert_int_equal(customer_search(f->db, f->a, "page", &ks, &c, &n,
	    &pg), DB_OK);
	assert_int_equal(pg.total, 26);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].name, "Page 25");
	assert_true(pg.more_before);
	assert_false(pg.more_after);
	ks = next_of(&pg, 25);
	assert_int_equal(customer_search(f->db, f->a, "page", &ks, &c, &n,
	    &pg), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(pg.total, 26);
}

static void
test_customer_by_pid(void **state)
{
	struct fixture	*f = *state;
	struct customer	 a, got;

	assert_int_equal(customer_add_inactive(f->db, f->a, "A@Example.com",
	    "A", T0, &a), DB_OK);
	assert_int_equal(customer_by_pid(f->db, f->a, a.pid, &got), DB_OK);
	assert_int_equal(got.id, a.id);
	assert_string_equal(got.email, "a@example.com");
	assert_false(got.active);
	assert_int_equal(customer_by_pid(f->db, f->a, "AAAAAAAAAAAAAAAAAAAAAA",
	    &got), DB_NOTFOUND);
	assert_int_equal(customer_by_pid(f->db, f->a, NULL, &got),
	    DB_NOTFOUND);
}

static void
test_appointment_for_customer(void **state)
{
	struct fixture		*f = *state;
	struct customer		 a, b;
	struct appointment	*ap;
	const char		*p1, *p2;
	size_t			 n;

	assert_int_equal(customer_add(f->db, f->a, "a@example.com", "A", T0,
	    &a), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "b@example.com", "B", T0,
	    &b), DB_OK);
	assert_int_equal(appointment_add(f->db, f->a, a.id, "House", "Viewings",
	    T0 + 7200, T0 + 9000, "1 Main St", "", "confirmed", "portal", &p2),
	    DB_OK);
	assert_int_equal(appointment_add(f->db, f->a, a.id, NULL, NULL,
	    T0 + 3600, T0 + 5400, "", "", "invited", "team", &p1), DB_OK);
	assert_int_equal(appointment_add(f->db, f->a, a.id, NULL, NULL,
	    T0 - 3600, T0, "", "", "confirmed", "portal", NULL), DB_OK);
	assert_int_equal(appointment_add(f->db, f->a, a.id, NULL, NULL,
	    T0 + 3600, T0 + 4000, "", "", "cancelled", "portal", NULL), DB_OK);
	assert_int_equal(appointment_add(f->db, f->a, b.id, "Flat", NULL,
	    T0 + 100, T0 + 200, "", "", "confirmed", "embed", NULL), DB_OK);

	assert_int_equal(appointment_for_customer(f->db, f->a, a.id, T0, 10,
	    &ap, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ap[0].pid, p1);
	assert_string_equal(ap[1].pid, p2);
	assert_string_equal(ap[1].project, "House");
	assert_string_equal(ap[1].agenda, "Viewings");
	assert_string_equal(ap[1].location, "1 Main St");
	assert_int_equal(appointment_for_customer(f->db, f->a, a.id, T0, 1,
	    &ap, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(appointment_for_customer(f->db, f->a, a.id, T0, 0,
	    &ap, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(appointment_for_customer(f->db, f->a, b.id + 100, T0,
	    10, &ap, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_null(ap);
}

static const struct db_sql audit_member = { "test.audit_member",
    "SELECT count(*) FROM audit WHERE member_id IS ? AND action = ?" };

static void
test_audit(void **state)
{
	struct fixture		*f = *state;
	struct principal	 m, cust = { PRINCIPAL_CUSTOMER, 1, "p", "c@x",
	    "C", ROLE_VIEWER, 0 };
	struct audit_entry	*e;
	struct keyset		 ks = page1(10);
	struct keyset_page	 pg;
	size_t			 n, i;
	int64_t			 mid;

	assert_int_equal(member_add(f->db, f->a, "m@example.com", "Mia",
	    ROLE_AGENT, T0, &mid), DB_OK);
	assert_int_equal(member_by_email(f->db, f->a, "m@example.com", &m),
	    DB_OK);
	assert_int_equal(audit_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_int_equal(n, 0);
	assert_null(e);
	assert_false(pg.more_before || pg.more_after || pg.counted);

	assert_int_equal(audit_add(f->db, &m, "activation-sent", "pidA",
	    "a@example.com", T0), DB_OK);
	assert_int_equal(audit_add(f->db, NULL, "sweep", NULL, NULL, T0 + 1),
	    DB_OK);
	/* a customer is never recorded as the actor */
	assert_int_equal(audit_add(f->db, &cust, "other", "", "", T0 + 2),
	    DB_OK);
	assert_int_equal(query_int(f->db, &audit_member, mid,
	    "activation-sent"), 1);
	assert_int_equal(audit_add(f->db, &m, "", "x", "y", T0), DB_ERR);
	assert_int_equal(audit_add(f->db, &m, NULL, "x", "y", T0), DB_ERR);

	assert_int_equal(audit_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_int_equal(n, 3);
	assert_string_equal(e[0].action, "other");
	assert_string_equal(e[0].member_name, "");
	assert_string_equal(e[1].action, "sweep");
	assert_string_equal(e[1].subject, "");
	assert_string_equal(e[2].action, "activation-sent");
	assert_string_equal(e[2].member_name, "Mia");
	assert_string_equal(e[2].member_email, "m@example.com");
	assert_string_equal(e[2].subject, "pidA");
	assert_string_equal(e[2].detail, "a@example.com");
	assert_int_equal(e[2].at, T0);
	assert_true(e[0].id > e[1].id && e[1].id > e[2].id);

	/* pages of one: newest first, each after the last one shown */
	ks = page1(1);
	assert_int_equal(audit_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_string_equal(e[0].action, "other");
	assert_true(pg.more_after);
	ks = next_of(&pg, 1);
	assert_int_equal(audit_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].action, "sweep");
	assert_true(pg.more_before && pg.more_after);
	ks = next_of(&pg, 1);
	assert_int_equal(audit_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].action, "activation-sent");
	assert_false(pg.more_after);
	ks = next_of(&pg, 1);
	assert_int_equal(audit_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_int_equal(n, 0);
	ks = page1(0);
	assert_int_equal(audit_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_int_equal(n, 0);
	for (i = 0; i < 60; i++)
		assert_int_equal(audit_add(f->db, &m, "bulk", "", "", T0),
		    DB_OK);
	ks = page1(50);
	assert_int_equal(audit_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_int_equal(n, 50);
}

/* ---------------------------------------------------------- deletion */

static const struct db_sql deletion_row = { "test.deletion_row",
    "SELECT count(*) FROM deletion_requests WHERE customer_id IS NULL "
    "AND status = 'done' AND processed = ? AND email_hash = ?" };
static const struct db_sql count_customer_sessions = {
    "test.count_customer_sessions",
    "SELECT count(*) FROM sessions WHERE kind = 'customer' "
    "AND principal_id = ?" };

static void
test_deletion(void **state)
{
	struct fixture		*f = *state;
	struct customer		 c, other;
	struct principal	 who, them, admin;
	struct deletion		 d, *list;
	struct appointment	*ap;
	struct keyset		 ks;
	struct keyset_page	 pg;
	uint8_t			 h[TOKEN_HASH_LEN];
	char			 hex[2 * TOKEN_HASH_LEN + 1];
	const char		*pid, *pid2, *tok, *csrf, *apid;
	size_t			 n;
	int64_t			 mid;

	assert_int_equal(customer_add(f->db, f->a, "Del@Example.com", "Dee",
	    T0, &c), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "keep@example.com", "Kay",
	    T0, &other), DB_OK);
	assert_int_equal(member_add(f->db, f->a, "boss@example.com", "Boss",
	    ROLE_ADMIN, T0, &mid), DB_OK);
	assert_int_equal(member_by_email(f->db, f->a, "boss@example.com",
	    &admin), DB_OK);
	who = as_customer(&c);
	them = as_customer(&other);

	/* nothing yet; a member is not a customer with a request */
	assert_int_equal(deletion_of_customer(f->db, f->a, &who, &d),
	    DB_NOTFOUND);
	assert_int_equal(deletion_request(f->db, f->a, &admin, T0, &pid),
	    DB_NOTFOUND);
	assert_int_equal(deletion_cancel(f->db, &who, T0 + 60), DB_NOTFOUND);

	/* one open request at a time; cancelling is by the owner only */
	assert_int_equal(deletion_request(f->db, f->a, &who, T0 + 1, &pid),
	    DB_OK);
	assert_int_equal(strlen(pid), 22);
	assert_int_equal(deletion_request(f->db, f->a, &who, T0 + 2, &pid2),
	    DB_CONFLICT);
	assert_int_equal(deletion_cancel(f->db, &them, T0 + 60), DB_NOTFOUND);
	assert_int_equal(deletion_of_customer(f->db, f->a, &them, &d),
	    DB_NOTFOUND);
	assert_int_equal(deletion_of_customer(f->db, f->a, &who, &d), DB_OK);
	assert_string_equal(d.pid, pid);
	assert_string_equal(d.status, "open");
	assert_true(d.created == T0 + 1);
	assert_int_equal(deletion_cancel(f->db, &who, T0 + 60), DB_OK);
	assert_int_equal(deletion_cancel(f->db, &who, T0 + 60), DB_NOTFOUND);
	assert_int_equal(deletion_of_customer(f->db, f->a, &who, &d), DB_OK);
	assert_string_equal(d.status, "cancelled");
	assert_int_equal(deletion_process(f->db, pid, &admin, T0 + 3),
	    DB_CONFLICT);

	/* a new request after cancelling; the list hides cancelled ones
	 * and puts open ones first */
	assert_int_equal(deletion_request(f->db, f->a, &who, T0 + 4, &pid2),
	    DB_OK);
	assert_int_equal(deletion_request(f->db, f->a, &them, T0 + 5, &apid),
	    DB_OK);
	ks = page1(10);
	assert_int_equal(deletion_list(f->db, f->a, &ks, &list, &n, &pg),
	    DB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].pid, apid);
	assert_string_equal(list[1].pid, pid2);
	ks = page1(1);
	assert_int_equal(deletion_list(f->db, f->a, &ks, &list, &n, &pg),
	    DB_OK);
	assert_true(pg.more_after);
	ks = next_of(&pg, 1);
	assert_int_equal(deletion_list(f->db, f->a, &ks, &list, &n, &pg),
	    DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].pid, pid2);
	assert_false(pg.more_after);
	assert_int_equal(deletion_get(f->db, f->a, pid2, &d), DB_OK);
	assert_string_equal(d.email, "del@example.com");
	assert_string_equal(d.name, "Dee");
	assert_string_equal(d.customer_pid, c.pid);
	assert_int_equal(deletion_get(f->db, f->a, "AAAAAAAAAAAAAAAAAAAAAA",
	    &d), DB_NOTFOUND);

	/* processing: only a member, the customer and their sessions,
	 * tokens and appointments go; the request keeps no address */
	assert_int_equal(session_create(f->db, f->a, &who, "test", T0, &tok,
	    &csrf), DB_OK);
	assert_int_equal(logintoken_create(f->db, f->a, c.id, "demo", "",
	    T0, 600, &tok), DB_OK);
	assert_int_equal(appointment_add(f->db, f->a, c.id, "P", "A",
	    T0 + 9000, T0 + 9900, "", "", "confirmed", "team", &tok), DB_OK);
	assert_int_equal(deletion_process(f->db, pid2, &who, T0 + 6),
	    DB_NOTFOUND);
	assert_int_equal(deletion_process(f->db, "AAAAAAAAAAAAAAAAAAAAAA",
	    &admin, T0 + 6), DB_NOTFOUND);
	assert_int_equal(deletion_process(f->db, pid2, &admin, T0 + 6), DB_OK);
	assert_int_equal(deletion_process(f->db, pid2, &admin, T0 + 7),
	    DB_CONFLICT);
	assert_int_equal(customer_by_id(f->db, f->a, c.id, &c), DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &count_customer_sessions, who.id,
	    NULL), 0);
	assert_int_equal(query_int(f->db, &count_tokens, 0, NULL), 0);
	assert_int_equal(appointment_for_customer(f->db, f->a, who.id, T0, 10,
	    &ap, &n), DB_OK);
	assert_int_equal(n, 0);
	crypto_token_hash("del@example.com", 15, h);
	hex_encode(h, sizeof(h), hex);
	assert_int_equal(query_int(f->db, &deletion_row, T0 + 6, hex), 1);
	assert_int_equal(deletion_get(f->db, f->a, pid2, &d), DB_OK);
	assert_string_equal(d.status, "done");
	assert_string_equal(d.email, "");
	assert_string_equal(d.name, "");
	assert_string_equal(d.processed_by, "Boss");
	assert_true(d.processed == T0 + 6);
	/* the other customer is untouched */
	assert_int_equal(customer_by_id(f->db, f->a, other.id, &other), DB_OK);
	assert_int_equal(deletion_of_customer(f->db, f->a, &them, &d), DB_OK);
	assert_string_equal(d.status, "open");
}

/* ----------------------------------------------- notifications, export */

static const struct db_sql prefs_of = { "test.prefs_of",
    "SELECT notify_appointments * 10 + notify_updates FROM customers "
    "WHERE id = ?" };

static void
test_customer_notifications(void **state)
{
	struct fixture		*f = *state;
	struct customer		 a, b;
	struct principal	 pa, pb, other;
	struct customer_prefs	 p, set;
	int64_t			 created;

	assert_int_equal(customer_add(f->db, f->a, "a@example.com", "A", T0,
	    &a), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "b@example.com", "B",
	    T0 + 5, &b), DB_OK);
	pa = as_customer(&a);
	pb = as_customer(&b);

	/* both kinds are on for a new customer */
	assert_int_equal(customer_notifications(f->db, &pa, &p), DB_OK);
	assert_true(p.appointments);
	assert_true(p.updates);
	assert_int_equal(query_int(f->db, &prefs_of, a.id, NULL), 11);

	set = (struct customer_prefs){ false, true };
	assert_int_equal(customer_set_notifications(f->db, &pa, &set), DB_OK);
	assert_int_equal(query_int(f->db, &prefs_of, a.id, NULL), 1);
	assert_int_equal(customer_notifications(f->db, &pa, &p), DB_OK);
	assert_false(p.appointments);
	assert_true(p.updates);
	set = (struct customer_prefs){ true, false };
	assert_int_equal(customer_set_notifications(f->db, &pa, &set), DB_OK);
	assert_int_equal(query_int(f->db, &prefs_of, a.id, NULL), 10);
	/* b's row is untouched */
	assert_int_equal(query_int(f->db, &prefs_of, b.id, NULL), 11);
	set = (struct customer_prefs){ false, false };
	assert_int_equal(customer_set_notifications(f->db, &pb, &set), DB_OK);
	assert_int_equal(query_int(f->db, &prefs_of, b.id, NULL), 0);
	assert_int_equal(query_int(f->db, &prefs_of, a.id, NULL), 10);

	assert_int_equal(customer_created(f->db, &pa, &created), DB_OK);
	assert_int_equal(created, T0);
	assert_int_equal(customer_created(f->db, &pb, &created), DB_OK);
	assert_int_equal(created, T0 + 5);

	/* a member whose id is a's, no one, or a gone customer: nothing */
	other = (struct principal){ PRINCIPAL_MEMBER, a.id, "x", "m", "M",
	    ROLE_VIEWER, 0 };
	assert_int_equal(customer_set_notifications(f->db, &other, &set),
	    DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &prefs_of, a.id, NULL), 10);
	assert_int_equal(customer_notifications(f->db, &other, &p),
	    DB_NOTFOUND);
	assert_int_equal(customer_created(f->db, &other, &created),
	    DB_NOTFOUND);
	assert_int_equal(customer_notifications(f->db, NULL, &p), DB_NOTFOUND);
	assert_int_equal(customer_set_notifications(f->db, NULL, &set),
	    DB_NOTFOUND);
	other.kind = PRINCIPAL_CUSTOMER;
	other.id = b.id + 100;
	assert_int_equal(customer_notifications(f->db, &other, &p),
	    DB_NOTFOUND);
	assert_int_equal(customer_set_notifications(f->db, &other, &set),
	    DB_NOTFOUND);
}

static void
test_appointment_all_of(void **state)
{
	struct fixture		*f = *state;
	struct customer		 a, b;
	struct principal	 pa, pb, other;
	struct appointment	*ap;
	const char		*past, *gone, *next, *theirs;
	size_t			 n;

	assert_int_equal(customer_add(f->db, f->a, "a@example.com", "A", T0,
	    &a), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "b@example.com", "B", T0,
	    &b), DB_OK);
	pa = as_customer(&a);
	pb = as_customer(&b);
	assert_int_equal(appointment_add(f->db, f->a, a.id, "House", "Viewings",
	    T0 + 3600, T0 + 5400, "", "", "confirmed", "portal", &next), DB_OK);
	assert_int_equal(appointment_add(f->db, f->a, a.id, "Old", NULL,
	    T0 - 7200, T0 - 3600, "", "", "confirmed", "portal", &past), DB_OK);
	assert_int_equal(appointment_add(f->db, f->a, a.id, NULL, NULL,
	    T0 + 100, T0 + 200, "", "", "cancelled", "team", &gone), DB_OK);
	assert_int_equal(appointment_add(f->db, f->a, b.id, "Flat", NULL,
	    T0 + 50, T0 + 60, "", "", "confirmed", "embed", &theirs), DB_OK);

	/* past and cancelled ones too, oldest first, never b's */
	assert_int_equal(appointment_all_of(f->db, f->a, &pa, 10, &ap, &n),
	    DB_OK);
	assert_int_equal(n, 3);
	assert_string_equal(ap[0].pid, past);
	assert_string_equal(ap[0].project, "Old");
	assert_string_equal(ap[1].pid, gone);
	assert_string_equal(ap[1].status, "cancelled");
	assert_string_equal(ap[2].pid, next);
	assert_string_equal(ap[2].agenda, "Viewings");
	assert_int_equal(appointment_all_of(f->db, f->a, &pa, 2, &ap, &n),
	    DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(appointment_all_of(f->db, f->a, &pa, 0, &ap, &n),
	    DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(appointment_all_of(f->db, f->a, &pb, 10, &ap, &n),
	    DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ap[0].pid, theirs);

	other = (struct principal){ PRINCIPAL_MEMBER, a.id, "x", "m", "M",
	    ROLE_VIEWER, 0 };
	assert_int_equal(appointment_all_of(f->db, f->a, &other, 10, &ap, &n),
	    DB_OK);
	assert_int_equal(n, 0);
	assert_null(ap);
	assert_int_equal(appointment_all_of(f->db, f->a, NULL, 10, &ap, &n),
	    DB_OK);
	assert_int_equal(n, 0);
}

/* ------------------------------------------------------------- inbox */

/* An appointment for customer `cust` whose row says it was made at `at`. */
static const char *
inbox_appt(struct fixture *f, int64_t cust, const char *project, int64_t at)
{
	const char	*pid;
	sqlite3_stmt	*s;

	assert_int_equal(appointment_add(f->db, f->a, cust, project, NULL,
	    T0 + 86400, T0 + 90000, NULL, NULL, "requested", "portal", &pid),
	    DB_OK);
	assert_non_null(s = db_stmt(f->db, &appointment_created));
	db_bind_int(s, 1, at);
	db_bind_text(s, 2, pid);
	assert_int_equal(db_step(f->db, s), DB_OK);
	return pid;
}

/* An inbox read: the page ks of kind and status, counted. */
static struct inbox_item *
inbox(struct fixture *f, const char *kind, const char *status,
    const struct keyset *ks, size_t *n, struct keyset_page *pg)
{
	struct inbox_item	*it;

	assert_int_equal(inbox_list(f->db, f->a, kind, status, ks, &it, n, pg),
	    DB_OK);
	assert_int_equal(inbox_count(f->db, kind, status, pg), DB_OK);
	return it;
}

/* The inbox's counts are exact however long it is, over kinds as within
 * one, and follow the records as they change and go. */
static const struct db_sql drop_customer = { "test.drop_customer",
    "DELETE FROM customers WHERE id = ?1" };

static void
test_inbox_counts(void **state)
{
	struct fixture		*f = *state;
	struct customer		 c, last;
	struct keyset		 ks = page1(10);
	struct keyset_page	 pg;
	sqlite3_stmt		*s;
	char			 email[64];
	size_t			 i, n;

	assert_int_equal(db_begin(f->db, true), DB_OK);
	for (i = 0; i < 700; i++) {
		snprintf(email, sizeof(email), "c%zu@example.com", i);
		assert_int_equal(customer_add(f->db, f->a, email, "C",
		    T0 + (int64_t)i, &c), DB_OK);
	}
	assert_int_equal(db_commit(f->db), DB_OK);
	inbox(f, "", NULL, &ks, &n, &pg);
	assert_int_equal(pg.total, 700);
	assert_true(pg.exact);
	assert_int_equal(db_begin(f->db, true), DB_OK);
	for (i = 0; i < 301; i++)
		inbox_appt(f, c.id, "Kitchen", T0 + (int64_t)i);
	assert_int_equal(customer_add_inactive(f->db, f->a,
	    "last@example.com", "Last", T0, &last), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	inbox(f, "", NULL, &ks, &n, &pg);
	assert_int_equal(pg.total, 1002);
	inbox(f, "appointment", NULL, &ks, &n, &pg);
	assert_int_equal(pg.total, 301);
	inbox(f, "appointment", "requested", &ks, &n, &pg);
	assert_int_equal(pg.total, 301);
	inbox(f, "signup", "active", &ks, &n, &pg);
	assert_int_equal(pg.total, 700);
	inbox(f, NULL, "invited", &ks, &n, &pg);
	assert_int_equal(pg.total, 1);

	/* an account activated moves from invited to active */
	assert_int_equal(customer_activate(f->db, last.id, T0 + 5), DB_OK);
	inbox(f, "signup", "invited", &ks, &n, &pg);
	assert_int_equal(pg.total, 0);
	inbox(f, "signup", "active", &ks, &n, &pg);
	assert_int_equal(pg.total, 701);
	/* a customer removed takes their appointments with them */
	assert_non_null(s = db_stmt(f->db, &drop_customer));
	db_bind_int(s, 1, c.id);
	assert_int_equal(db_step(f->db, s), DB_OK);
	inbox(f, "", NULL, &ks, &n, &pg);
	assert_int_equal(pg.total, 700);
	inbox(f, "appointment", NULL, &ks, &n, &pg);
	assert_int_equal(pg.total, 0);
	assert_int_equal(n, 0);
}

static void
test_inbox(void **state)
{
	struct fixture		*f = *state;
	struct customer		 c1, c2;
	struct inbox_item	*it;
	struct keyset		 ks = page1(10);
	struct keyset_page	 pg;
	const char		*kitchen;
	size_t			 n;

	it = inbox(f, NULL, NULL, &ks, &n, &pg);
	assert_int_equal(n, 0);
	assert_int_equal(pg.total, 0);
	assert_null(it);

	assert_int_equal(customer_add(f->db, f->a, "one@example.com", "One",
	    T0, &c1), DB_OK);
	assert_int_equal(customer_add_inactive(f->db, f->a, "two@example.com",
	    "Two", T0 + 20, &c2), DB_OK);
	kitchen = inbox_appt(f, c1.id, "Kitchen", T0 + 10);
	inbox_appt(f, c2.id, "Roof", T0 + 30);

	/* every kind, merged newest first */
	it = inbox(f, "", NULL, &ks, &n, &pg);
	assert_int_equal(n, 4);
	assert_int_equal(pg.total, 4);
	assert_false(pg.more_after);
	assert_string_equal(it[0].kind, "appointment");
	assert_int_equal(it[0].at, T0 + 30);
	assert_string_equal(it[0].title, "Roof");
	assert_string_equal(it[0].customer_name, "Two");
	assert_string_equal(it[0].status, "requested");
	assert_string_equal(it[1].kind, "signup");
	assert_string_equal(it[1].status, "invited");
	assert_string_equal(it[1].pid, c2.pid);
	assert_string_equal(it[2].title, "Kitchen");
	assert_string_equal(it[2].link,
	    arena_printf(f->a, "/team/appointments/%s", kitchen));
	assert_string_equal(it[3].kind, "signup");
	assert_string_equal(it[3].status, "active");
	assert_int_equal(it[3].at, T0);

	/* one kind */
	it = inbox(f, "signup", NULL, &ks, &n, &pg);
	assert_int_equal(n, 2);
	assert_int_equal(pg.total, 2);
	assert_string_equal(it[0].customer_name, "Two");
	assert_string_equal(it[1].customer_name, "One");
	inbox(f, "nothing", NULL, &ks, &n, &pg);
	assert_int_equal(n + pg.total, 0);

	/* one status, across kinds and within one */
	it = inbox(f, NULL, "invited", &ks, &n, &pg);
	assert_int_equal(n, 1);
	assert_int_equal(pg.total, 1);
	assert_string_equal(it[0].pid, c2.pid);
	it = inbox(f, NULL, "active", &ks, &n, &pg);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].pid, c1.pid);
	it = inbox(f, NULL, "requested", &ks, &n, &pg);
	assert_int_equal(pg.total, 2);
	assert_string_equal(it[0].title, "Roof");
	assert_string_equal(it[1].title, "Kitchen");
	inbox(f, "signup", "requested", &ks, &n, &pg);
	assert_int_equal(n + pg.total, 0);
	inbox(f, "appointment", "cancelled", &ks, &n, &pg);
	assert_int_equal(n + pg.total, 0);
	assert_true(inbox_status_valid("done", 4));
	assert_false(inbox_status_valid("don", 3));
	for (n = 0; inbox_status_name(n) != NULL; n++)
		assert_string_not_equal(inbox_status_name(n), "");
	/* invited, open and cancelled belong to several kinds and are
	 * listed once; a document's new, accepted and rejected are its own */
	assert_int_equal(n, 15);

	/* pages of two: after the first, the middle two, then nothing */
	ks = page1(2);
	inbox(f, NULL, NULL, &ks, &n, &pg);
	assert_true(pg.more_after);
	ks = next_of(&pg, 2);
	it = inbox(f, NULL, NULL, &ks, &n, &pg);
	assert_int_equal(n, 2);
	assert_int_equal(pg.total, 4);
	assert_int_equal(it[0].at, T0 + 10);
	assert_int_equal(it[1].at, T0);
	assert_false(pg.more_after);
	ks = next_of(&pg, 2);
	inbox(f, NULL, NULL, &ks, &n, &pg);
	assert_int_equal(n, 0);
	assert_int_equal(pg.total, 4);
	ks = page1(0);
	inbox(f, NULL, NULL, &ks, &n, &pg);
	assert_int_equal(n, 0);
	assert_int_equal(pg.total, 4);

	/* at the same second the table's first kind comes first */
	inbox_appt(f, c1.id, "Tie", T0);
	ks = page1(10);
	it = inbox(f, NULL, NULL, &ks, &n, &pg);
	assert_int_equal(n, 5);
	assert_string_equal(it[3].title, "Tie");
	assert_string_equal(it[4].kind, "signup");
}

static void
test_inbox_kinds(void **state)
{
	size_t	 i;

	assert_string_equal(inbox_kind_name(0), "appointment");
	assert_string_equal(inbox_kind_name(1), "signup");
	assert_string_equal(inbox_kind_name(2), "deletion");
	for (i = 0; inbox_kind_name(i) != NULL; i++)
		assert_true(inbox_kind_valid(inbox_kind_name(i),
		    strlen(inbox_kind_name(i))));
	assert_string_equal(inbox_kind_name(5), "document");
	assert_int_equal(i, 6);
	assert_true(inbox_kind_valid("signups", 6));
	assert_false(inbox_kind_valid("signups", 7));
	assert_false(inbox_kind_valid("sign", 4));
	assert_false(inbox_kind_valid("", 0));
	assert_false(inbox_kind_valid("Signup", 6));
}

/* A deletion request is in the inbox, linking to the request's page. */
static void
test_inbox_deletion(void **state)
{
	struct fixture		*f = *state;
	struct customer		 c;
	struct principal	 who;
	struct inbox_item	*it;
	struct keyset		 ks = page1(10);
	struct keyset_page	 pg;
	const char		*pid;
	size_t			 n;

	assert_int_equal(customer_add(f->db, f->a, "del@example.com", "Del",
	    T0, &c), DB_OK);
	who = (struct principal){ PRINCIPAL_CUSTOMER, c.id, c.pid, c.email,
	    c.name, ROLE_VIEWER, 0 };
	assert_int_equal(deletion_request(f->db, f->a, &who, T0 + 10, &pid),
	    DB_OK);
	it = inbox(f, "deletion", NULL, &ks, &n, &pg);
	assert_int_equal(n, 1);
	assert_int_equal(pg.total, 1);
	assert_string_equal(it[0].kind, "deletion");
	assert_string_equal(it[0].customer_name, "Del");
	assert_string_equal(it[0].status, "open");
	assert_string_equal(it[0].link,
	    arena_printf(f->a, "/team/deletions/%s", pid));
}

/* ----------------------------------------------------------- members */

static void
test_member_roles(void **state)
{
	struct fixture		*f = *state;
	struct principal	*m, one;
	struct member_entry	*e;
	struct keyset		 ks = page1(10);
	struct keyset_page	 pg;
	int64_t			 a, b;
	size_t			 n, admins;

	assert_int_equal(member_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(member_count_admins(f->db, &admins), DB_OK);
	assert_int_equal(admins, 0);
	assert_int_equal(member_add(f->db, f->a, "zed@example.com", "Zed",
	    ROLE_ADMIN, T0, &a), DB_OK);
	assert_int_equal(member_add(f->db, f->a, "Amy@example.com", "Amy",
	    ROLE_AGENT, T0, &b), DB_OK);

	assert_int_equal(member_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_int_equal(n, 2);
	assert_true(pg.by_name);
	m = &e[0].who;
	assert_string_equal(m[0].name, "Amy");
	assert_string_equal(m[0].email, "amy@example.com");
	assert_int_equal(m[0].role, ROLE_AGENT);
	assert_int_equal(m[0].id, b);
	assert_int_equal(m[0].kind, PRINCIPAL_MEMBER);
	m = &e[1].who;
	assert_int_equal(m->role, ROLE_ADMIN);
	assert_int_equal(strlen(m->pid), 22);

	assert_int_equal(member_by_pid(f->db, f->a, m->pid, &one), DB_OK);
	assert_int_equal(one.id, a);
	assert_string_equal(one.name, "Zed");
	assert_int_equal(member_by_pid(f->db, f->a, "AAAAAAAAAAAAAAAAAAAAAA",
	    &one), DB_NOTFOUND);

	assert_int_equal(member_count_admins(f->db, &admins), DB_OK);
	assert_int_equal(admins, 1);
	assert_int_equal(member_set_role(f->db, b, ROLE_ADMIN), DB_OK);
	assert_int_equal(member_count_admins(f->db, &admins), DB_OK);
	assert_int_equal(admins, 2);
	assert_int_equal(member_set_role(f->db, a, ROLE_VIEWER), DB_OK);
	assert_int_equal(member_by_pid(f->db, f->a, m->pid, &one), DB_OK);
	assert_int_equal(one.role, ROLE_VIEWER);
	assert_int_equal(member_count_admins(f->db, &admins), DB_OK);
	assert_int_equal(admins, 1);
	assert_int_equal(member_set_role(f->db, a + b + 1, ROLE_AGENT),
	    DB_NOTFOUND);
	assert_int_equal(member_set_role(f->db, a, ROLE__MAX), DB_CONFLICT);
}

/* Permissions beside the role: stored per member, read into every
 * principal (sessions included, as the table has them now), set only by
 * an admin the table knows, and held in full by any admin. */
static void
test_member_perms(void **state)
{
	struct fixture			*f = *state;
	struct principal		 admin, agent, got, *m;
	struct member_entry		*e;
	struct keyset			 ks = page1(10);
	struct keyset_page		 pg;
	const struct session_limits	 lim = { 3600, 86400 };
	const char			*token, *csrf, *gcsrf;
	int64_t				 a, b, c;
	size_t				 n;
	bool				 touch;

	/* added without saying: portal access only, as the table's default */
	assert_int_equal(member_add(f->db, f->a, "ad@example.com", "Ad",
	    ROLE_ADMIN, T0, &a), DB_OK);
	assert_int_equal(query_int(f->db, &member_perm_cols, a, NULL), 10);
	assert_int_equal(member_add_perms(f->db, f->a, "ag@example.com", "Ag",
	    ROLE_AGENT, 0, T0, &b), DB_OK);
	assert_int_equal(query_int(f->db, &member_perm_cols, b, NULL), 0);
	assert_int_equal(member_add_perms(f->db, f->a, "vi@example.com", "Vi",
	    ROLE_VIEWER, PERM_ALL, T0, &c), DB_OK);
	assert_int_equal(query_int(f->db, &member_perm_cols, c, NULL), 11);
	assert_int_equal(member_add_perms(f->db, f->a, "x@example.com", "X",
	    ROLE_VIEWER, PERM_ALL + 1, T0, NULL), DB_CONFLICT);

	/* every way of reading a member carries them */
	assert_int_equal(member_by_email(f->db, f->a, "AD@example.com",
	    &admin), DB_OK);
	assert_int_equal(admin.perms, PERM_PORTAL);
	assert_int_equal(member_by_id(f->db, f->a, b, &agent), DB_OK);
	assert_int_equal(agent.perms, 0);
	assert_int_equal(member_by_pid(f->db, f->a, agent.pid, &got), DB_OK);
	assert_int_equal(got.perms, 0);
	assert_int_equal(member_list(f->db, f->a, &ks, &e, &n, &pg), DB_OK);
	assert_int_equal(n, 3);
	m = &e[2].who;
	assert_string_equal(m->name, "Vi");
	assert_int_equal(m->perms, PERM_ALL);

	/* who may: an admin holds everything whatever is stored */
	assert_true(member_may(&admin, PERM_ALL));
	assert_true(member_may(&agent, 0));
	assert_false(member_may(&agent, PERM_PORTAL));
	assert_true(member_may(m, PERM_PORTAL | PERM_AGENDA));
	m->perms = PERM_AGENDA;
	assert_false(member_may(m, PERM_PORTAL | PERM_AGENDA));
	assert_true(member_may(m, PERM_AGENDA));
	got = as_customer(&(struct customer){ 1, "p", "c@x", "C", "", true });
	got.perms = PERM_ALL;
	assert_false(member_may(&got, 0));

	/* a session reads them as they are now */
	assert_int_equal(session_create(f->db, f->a, &agent, NULL, T0, &token,
	    &csrf), DB_OK);
	assert_int_equal(session_lookup(f->db, f->a, token, T0, &lim, &got,
	    &gcsrf, &touch), DB_OK);
	assert_int_equal(got.perms, 0);
	assert_int_equal(member_set_perms(f->db, &admin, b, PERM_ALL), DB_OK);
	assert_int_equal(query_int(f->db, &member_perm_cols, b, NULL), 11);
	assert_int_equal(session_lookup(f->db, f->a, token, T0, &lim, &got,
	    &gcsrf, &touch), DB_OK);
	assert_int_equal(got.perms, PERM_ALL);
	assert_int_equal(member_set_perms(f->db, &admin, b, PERM_AGENDA),
	    DB_OK);
	assert_int_equal(query_int(f->db, &member_perm_cols, b, NULL), 1);

	/* only an admin as the table has it sets them */
	agent.role = ROLE_ADMIN;	/* whatever the caller claims */
	assert_int_equal(member_set_perms(f->db, &agent, c, 0), DB_NOTFOUND);
	got = as_customer(&(struct customer){ a, "p", "c@x", "C", "", true });
	assert_int_equal(member_set_perms(f->db, &got, c, 0), DB_NOTFOUND);
	assert_int_equal(member_set_perms(f->db, NULL, c, 0), DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &member_perm_cols, c, NULL), 11);
	assert_int_equal(member_set_perms(f->db, &admin, a + b + c, 0),
	    DB_NOTFOUND);
	assert_int_equal(member_set_perms(f->db, &admin, c, PERM_ALL + 1),
	    DB_CONFLICT);
	assert_int_equal(member_set_role(f->db, a, ROLE_AGENT), DB_OK);
	assert_int_equal(member_set_perms(f->db, &admin, c, 0), DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &member_perm_cols, c, NULL), 11);

	assert_string_equal(member_perms_text(0), "none");
	assert_string_equal(member_perms_text(PERM_PORTAL), "portal");
	assert_string_equal(member_perms_text(PERM_AGENDA), "agenda");
	assert_string_equal(member_perms_text(PERM_ALL), "portal,agenda");
	assert_null(member_perms_text(PERM_ALL + 1));
}

/* A database from before permissions existed: its members keep portal
 * access and have no agenda edit access. */
static void
test_member_perms_migration(void **state)
{
	struct fixture		*f = *state;
	char			 path[200];
	sqlite3			*raw;
	struct db		*db;
	struct principal	 m;
	int			 v;

	snprintf(path, sizeof(path), "%s/v9.db", f->o.root);
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	for (v = 1; v <= 9; v++)
		assert_int_equal(sqlite3_exec(raw, db_schema_sql(v), NULL,
		    NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "INSERT INTO members (id, pid, "
	    "email, role, created) VALUES (8, 'p8', 'team@example.com', "
	    "'viewer', 1);", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_close(raw), SQLITE_OK);

	assert_non_null(db = db_open(path));
	assert_int_equal(db_user_version(db), db_schema_version());
	assert_int_equal(member_by_id(db, f->a, 8, &m), DB_OK);
	assert_int_equal(m.role, ROLE_VIEWER);
	assert_int_equal(m.perms, PERM_PORTAL);
	assert_true(member_may(&m, PERM_PORTAL));
	assert_false(member_may(&m, PERM_AGENDA));
	db_close(db);
}

/*
 * Migrations 13 and 14 on a database of version 12: the members' link
 * table is made again with its rows (an invitation sent before still
 * works, and resets can be stored), and every session gets a public id
 * of its own while its token keeps signing in.
 */
static void
test_link_and_session_migration(void **state)
{
	struct fixture			*f = *state;
	const struct session_limits	 lim = { 100, 1000 };
	char				 path[200];
	const char			*tokens[3] = { "tok-one", "tok-two",
					    "tok-three" };
	uint8_t				 h[TOKEN_HASH_LEN];
	sqlite3				*raw;
	sqlite3_stmt			*st;
	struct db			*db;
	struct linktoken		 t;
	struct principal		 who;
	struct session_info		*si;
	const char			*csrf, *reset;
	size_t				 n, i;
	bool				 touch;

	assert_non_null(raw = fixture_old_db(&f->o, 12, "INSERT INTO customers "
	    "(id, pid, email, created) VALUES (7, 'p7', 'old@example.com', 1);"
	    "INSERT INTO members (id, pid, email, role, created) "
	    "VALUES (8, 'p8', 'team@example.com', 'admin', 1);", path,
	    sizeof(path)));
	crypto_token_hash("invite-token", strlen("invite-token"), h);
	assert_int_equal(sqlite3_prepare_v2(raw, "INSERT INTO "
	    "member_link_tokens (token_hash, member_id, purpose, created, "
	    "expires) VALUES (?, 8, 'invite', 1, ?)", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_blob(st, 1, h, sizeof(h), SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, T0 + 100);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	for (i = 0; i < 3; i++) {
		crypto_token_hash(tokens[i], strlen(tokens[i]), h);
		assert_int_equal(sqlite3_prepare_v2(raw, "INSERT INTO sessions "
		    "(token_hash, kind, principal_id, csrf, created, last_seen) "
		    "VALUES (?, 'customer', 7, 'c', ?, ?)", -1, &st, NULL),
		    SQLITE_OK);
		sqlite3_bind_blob(st, 1, h, sizeof(h), SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, T0);
		sqlite3_bind_int64(st, 3, T0 + (int64_t)i);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
	assert_int_equal(sqlite3_close(raw), SQLITE_OK);

	assert_non_null(db = db_open(path));
	assert_int_equal(db_user_version(db), db_schema_version());
	assert_int_equal(linktoken_peek_for(db, f->a, PRINCIPAL_MEMBER,
	    "invite-token", LINK_INVITE, &t), DB_OK);
	assert_int_equal(t.member_id, 8);
	assert_int_equal(t.expires, T0 + 100);
	assert_int_equal(linktoken_create_for(db, f->a, PRINCIPAL_MEMBER, 8,
	    LINK_RESET, NULL, T0, 1800, &reset), DB_OK);
	assert_int_equal(linktoken_consume_for(db, f->a, PRINCIPAL_MEMBER,
	    reset, LINK_RESET, T0 + 1, &t), DB_OK);
	/* a member's link still goes with the member */
	assert_int_equal(member_by_id(db, f->a, 8, &who), DB_OK);

	assert_int_equal(session_lookup(db, f->a, tokens[0], T0 + 5, &lim,
	    &who, &csrf, &touch), DB_OK);
	assert_int_equal(who.id, 7);
	assert_int_equal(session_list(db, f->a, &who, tokens[0], T0 + 5, &lim,
	    &si, &n), DB_OK);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++)
		assert_true(valid_public_id(si[i].pid, strlen(si[i].pid)));
	assert_string_not_equal(si[0].pid, si[1].pid);
	assert_string_not_equal(si[1].pid, si[2].pid);
	assert_string_not_equal(si[0].pid, si[2].pid);
	assert_true(si[2].current);
	assert_int_equal(session_end(db, &who, si[0].pid, tokens[0]), DB_OK);
	assert_int_equal(session_lookup(db, f->a, tokens[2], T0 + 5, &lim,
	    &who, &csrf, &touch), DB_NOTFOUND);
	db_close(db);
}

/* -------------------------------------------------- sign-up and account */

static const struct db_sql count_signups = {
    "test.count_signups", "SELECT count(*) FROM signups" };

static void
test_signup_makes_the_account_only_through_its_link(void **state)
{
	struct fixture	*f = *state;
	struct customer	 c, d;
	struct signup_pending p;
	const char	*first, *second, *hash, *next;

	assert_int_equal(signup_start(f->db, f->a, "new@example.com", "Mal",
	    "$argon2id$stranger", "demo", "/portal", T0, 900, &first), DB_OK);
	/* no account yet: nothing to find, nothing to sign in to */
	assert_int_equal(customer_by_email_any(f->db, f->a, "new@example.com",
	    &d), DB_NOTFOUND);
	assert_int_equal(signup_peek(f->db, f->a, first, "demo", T0, &p),
	    DB_OK);
	assert_string_equal(p.email, "new@example.com");
	assert_string_equal(p.next, "/portal");
	assert_int_equal(signup_peek(f->db, f->a, first, "other", T0, &p),
	    DB_NOTFOUND);
	assert_int_equal(signup_peek(f->db, f->a, first, "demo", T0 + 900, &p),
	    DB_NOTFOUND);
	/* a second sign-up for the address replaces the first */
	assert_int_equal(signup_start(f->db, f->a, "new@example.com", "Owner",
	    "$argon2id$owner", "demo", "", T0 + 1, 900, &second), DB_OK);
	assert_int_equal(query_int(f->db, &count_signups, 0, NULL), 1);
	assert_int_equal(signup_confirm(f->db, f->a, first, "demo", T0 + 2, &c,
	    &next), DB_NOTFOUND);
	assert_int_equal(signup_confirm(f->db, f->a, second, "other", T0 + 2,
	    &c, &next), DB_NOTFOUND);
	assert_int_equal(signup_confirm(f->db, f->a, second, "demo", T0 + 2,
	    &c, &next), DB_OK);
	assert_true(c.active);
	assert_string_equal(c.name, "Owner");
	assert_int_equal(customer_password(f->db, f->a, c.id, &hash), DB_OK);
	assert_string_equal(hash, "$argon2id$owner");
	/* once */
	assert_int_equal(signup_confirm(f->db, f->a, second, "demo", T0 + 3,
	    &d, &next), DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &count_signups, 0, NULL), 0);
}

static void
test_signup_goes_when_the_address_becomes_a_customers(void **state)
{
	struct fixture	*f = *state;
	struct customer	 c, d;
	const char	*t1, *t2, *t3, *next;

	/* added (an invitation), activated, taken by an e-mail change */
	assert_int_equal(signup_start(f->db, f->a, "a@example.com", "Mal",
	    "$argon2id$x", "demo", "", T0, 900, &t1), DB_OK);
	assert_int_equal(customer_add_inactive(f->db, f->a, "a@example.com",
	    "Ann", T0, &c), DB_OK);
	assert_int_equal(signup_confirm(f->db, f->a, t1, "demo", T0, &d,
	    &next), DB_NOTFOUND);
	/* the page starts none for a customer's address; this one stands
	 * for a sign-up left waiting from before the invitation */
	assert_int_equal(signup_start(f->db, f->a, "a@example.com", "Mal",
	    "$argon2id$x", "demo", "", T0, 900, &t2), DB_OK);
	assert_int_equal(customer_activate(f->db, c.id, T0), DB_OK);
	assert_int_equal(query_int(f->db, &count_signups, 0, NULL), 0);
	assert_int_equal(customer_add(f->db, f->a, "b@example.com", "Bo", T0,
	    &d), DB_OK);
	assert_int_equal(signup_start(f->db, f->a, "c@example.com", "Mal",
	    "$argon2id$x", "demo", "", T0, 900, &t3), DB_OK);
	assert_int_equal(customer_set_email(f->db, d.id, "c@example.com"),
	    DB_OK);
	assert_int_equal(signup_confirm(f->db, f->a, t3, "demo", T0, &c,
	    &next), DB_NOTFOUND);
	assert_int_equal(query_int(f->db, &count_signups, 0, NULL), 0);
	/* expired ones are swept */
	assert_int_equal(signup_start(f->db, f->a, "d@example.com", "D", NULL,
	    "demo", "", T0, 900, &t1), DB_OK);
	assert_int_equal(signup_sweep(f->db, T0 + 899), DB_OK);
	assert_int_equal(query_int(f->db, &count_signups, 0, NULL), 1);
	assert_int_equal(signup_sweep(f->db, T0 + 900), DB_OK);
	assert_int_equal(query_int(f->db, &count_signups, 0, NULL), 0);
}

static void
test_customer_account(void **state)
{
	struct fixture		*f = *state;
	const struct session_limits lim = { 3600, 86400 };
	struct customer		 a, b;
	struct principal	 pa, pb, other;
	struct customer_account	 acct;
	struct customer_prefs	 set = { false, true };
	const char		*tok, *csrf, *pid;

	assert_int_equal(customer_add(f->db, f->a, "a@example.com", "A", T0,
	    &a), DB_OK);
	assert_int_equal(customer_add(f->db, f->a, "b@example.com", "B", T0,
	    &b), DB_OK);
	pa = as_customer(&a);
	pb = as_customer(&b);
	assert_int_equal(customer_account(f->db, f->a, &pa, NULL, T0, &lim,
	    &acct), DB_OK);
	assert_string_equal(acct.c.email, "a@example.com");
	assert_false(acct.has_password);
	assert_int_equal(acct.created, T0);
	assert_true(acct.prefs.appointments && acct.prefs.updates);
	assert_false(acct.has_deletion);
	assert_int_equal(acct.nsessions, 0);

	assert_int_equal(customer_set_password(f->db, a.id, "$argon2id$x"),
	    DB_OK);
	assert_int_equal(customer_set_notifications(f->db, &pa, &set), DB_OK);
	assert_int_equal(deletion_request(f->db, f->a, &pa, T0 + 5, &pid),
	    DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pa, "", T0 + 10, &tok,
	    &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pa, "", T0 + 20, &csrf,
	    &csrf), DB_OK);
	assert_int_equal(session_create(f->db, f->a, &pb, "", T0 + 20, &csrf,
	    &csrf), DB_OK);
	assert_int_equal(customer_account(f->db, f->a, &pa, tok, T0 + 30, &lim,
	    &acct), DB_OK);
	assert_true(acct.has_password);
	assert_false(acct.prefs.appointments);
	assert_true(acct.prefs.updates);
	assert_true(acct.has_deletion);
	assert_string_equal(acct.deletion.pid, pid);
	assert_string_equal(acct.deletion.status, "open");
	assert_int_equal(acct.nsessions, 2);
	assert_false(acct.sessions[0].current);
	assert_true(acct.sessions[1].current);

	/* B's account is B's alone */
	assert_int_equal(customer_account(f->db, f->a, &pb, NULL, T0 + 30,
	    &lim, &acct), DB_OK);
	assert_false(acct.has_password || acct.has_deletion);
	assert_int_equal(acct.nsessions, 1);

	/* a member with a's row id, or a customer who is gone: none */
	other = (struct principal){ PRINCIPAL_MEMBER, a.id, "x", "m", "M",
	    ROLE_VIEWER, 0 };
	assert_int_equal(customer_account(f->db, f->a, &other, NULL, T0, &lim,
	    &acct), DB_NOTFOUND);
	other = (struct principal){ PRINCIPAL_CUSTOMER, 9999, "x", "m", "M",
	    ROLE_VIEWER, 0 };
	assert_int_equal(customer_account(f->db, f->a, &other, NULL, T0, &lim,
	    &acct), DB_NOTFOUND);
}

static void
test_session_limits_of(void **state)
{
	struct config		 conf;
	struct session_limits	 lim;

	memset(&conf, 0, sizeof(conf));
	conf.session_idle_minutes = 5;
	conf.session_max_hours = 8760;
	lim = session_limits_of(&conf);
	assert_int_equal(lim.idle, 300);
	assert_int_equal(lim.max, INT64_C(8760) * 3600);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tenant, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_customer, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_customer_inactive, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_customer_update, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_member, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_customer_password, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_member_password, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_password_migration, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_session_create_lookup,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_session_role, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_session_expiry, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_session_delete, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_session_delete_others,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_session_end, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_session_list, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_session_list_agents, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_logintoken, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_linktoken, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_linktoken_data, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_member_pending, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_member_logintoken, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_member_linktoken, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_member_reset_link, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_customer_set_email, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_appointment_owner, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_appointment_many, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_outbox, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_ratelimit, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_customer_search, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_customer_by_pid, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_appointment_for_customer,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_audit, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_inbox_counts, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_inbox, setup,
		    fixture_teardown),
		cmocka_unit_test(test_inbox_kinds),
		cmocka_unit_test_setup_teardown(test_inbox_deletion, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_member_perms, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_member_perms_migration,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_link_and_session_migration,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_member_roles, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_deletion, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_customer_notifications,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_appointment_all_of, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_signup_goes_when_the_address_becomes_a_customers,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_signup_makes_the_account_only_through_its_link, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_customer_account, setup,
		    fixture_teardown),
		cmocka_unit_test(test_session_limits_of),
	};

	if (!crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
