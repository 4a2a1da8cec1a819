/*
 * test-db: the connection settings really in force, migrations and
 * user_version, the statement cache, how errors map to enum db_rc, and
 * transactions.  db.c is included to reach the connection handle.
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

#include "../../lib/data/db.c"

struct fixture {
	char		 dir[128];
	char		 path[160];
	struct db	*db;
	struct arena	*a;
};

static const struct db_sql add_customer = { "test.add_customer",
    "INSERT INTO customers (pid, email, name, created) VALUES (?, ?, ?, 1)" };
static const struct db_sql count_customers = { "test.count_customers",
    "SELECT count(*) FROM customers" };
static const struct db_sql add_appointment = { "test.add_appointment",
    "INSERT INTO appointments (pid, customer_id, starts, ends, status, "
    "source, created, updated) VALUES (?, ?, 10, ?, ?, 'portal', 1, 1)" };
static const struct db_sql echo = { "test.echo", "SELECT ?" };
static const struct db_sql two_rows = { "test.two_rows",
    "SELECT 1 UNION ALL SELECT 2" };

static int
setup(void **state)
{
	struct fixture	*f;
	const char	*tmp;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof(f->dir), "%s/test-db.XXXXXX",
	    tmp != NULL && strlen(tmp) < 80 ? tmp : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/porch.db", f->dir);
	if ((f->db = db_open(f->path)) == NULL)
		return -1;
	f->a = arena_new(4096);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;
	char		 p[200];

	db_close(f->db);
	arena_free(f->a);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* One integer from raw SQL on a connection. */
static int64_t
query_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt	*s;
	int64_t		 v;

	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static enum db_rc
customer(struct db *db, const char *pid, const char *email)
{
	sqlite3_stmt	*s;

	assert_non_null(s = db_stmt(db, &add_customer));
	db_bind_text(s, 1, pid);
	db_bind_text(s, 2, email);
	db_bind_text(s, 3, "Name");
	return db_step(db, s);
}

static int64_t
ncustomers(struct db *db)
{
	sqlite3_stmt	*s;
	int64_t		 n;

	assert_non_null(s = db_stmt(db, &count_customers));
	assert_int_equal(db_step(db, s), DB_ROW);
	n = db_col_int(s, 0);
	db_reset(s);
	return n;
}

static void
test_pragmas(void **state)
{
	struct fixture	*f = *state;
	sqlite3_stmt	*s;
	int		 on = -1;

	assert_int_equal(sqlite3_prepare_v2(f->db->h, "PRAGMA journal_mode",
	    -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	assert_int_equal(query_int(f->db->h, "PRAGMA synchronous"), 2);
	assert_int_equal(query_int(f->db->h, "PRAGMA foreign_keys"), 1);
	assert_int_equal(query_int(f->db->h, "PRAGMA busy_timeout"), 5000);
	assert_int_equal(query_int(f->db->h, "PRAGMA trusted_schema"), 0);
	assert_int_equal(sqlite3_db_config(f->db->h,
	    SQLITE_DBCONFIG_DEFENSIVE, -1, &on), SQLITE_OK);
	assert_int_equal(on, 1);
	/* defensive mode refuses to let SQL corrupt the file */
	assert_int_not_equal(sqlite3_exec(f->db->h,
	    "PRAGMA writable_schema = ON; DELETE FROM sqlite_schema",
	    NULL, NULL, NULL), SQLITE_OK);

}

static void
test_file_mode(void **state)
{
	struct fixture	*f = *state;
	struct db	*db;
	struct stat	 st;
	char		 path[200], wal[210];
	mode_t		 old;

	/* owner only, whatever the umask, which is given back afterwards */
	old = umask(022);
	snprintf(path, sizeof(path), "%s/other.db", f->dir);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	assert_non_null(db = db_open(path));
	assert_int_equal(umask(old), 022);
	assert_int_equal(customer(db, "p1", "a@example.com"), DB_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(wal, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	db_close(db);
	unlink(path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
}

static void
test_migrations(void **state)
{
	struct fixture	*f = *state;
	const char	*sql;
	char		 tail[64];
	int		 v;

	assert_true(db_schema_version() >= 1);
	assert_int_equal(db_user_version(f->db), db_schema_version());
	assert_null(db_schema_sql(0));
	assert_null(db_schema_sql(db_schema_version() + 1));
	for (v = 1; v <= db_schema_version(); v++) {
		assert_non_null(sql = db_schema_sql(v));
		snprintf(tail, sizeof(tail), "PRAGMA user_version = %d;", v);
		assert_string_equal(sql + strlen(sql) - strlen(tail), tail);
	}
	assert_int_equal(query_int(f->db->h, "SELECT count(*) FROM "
	    "sqlite_schema WHERE type = 'table' AND name IN ('customers', "
	    "'members', 'sessions', 'login_tokens', 'projects', 'agendas', "
	    "'appointments', 'outbox', 'ratelimits')"), 9);

	/* reopening keeps the data and applies nothing twice */
	assert_int_equal(customer(f->db, "p1", "a@example.com"), DB_OK);
	db_close(f->db);
	assert_non_null(f->db = db_open(f->path));
	assert_int_equal(db_user_version(f->db), db_schema_version());
	assert_int_equal(ncustomers(f->db), 1);

	/* a file from a newer program is refused, not downgraded */
	assert_int_equal(sqlite3_exec(f->db->h, "PRAGMA user_version = 999",
	    NULL, NULL, NULL), SQLITE_OK);
	db_close(f->db);
	assert_null(f->db = db_open(f->path));
	/* and so is a database that cannot keep a write-ahead log */
	assert_null(db_open(":memory:"));
}

static void
test_cache(void **state)
{
	struct fixture	*f = *state;
	struct db_sql	*many;
	sqlite3_stmt	*s, **first;
	size_t		 i, n = 300;
	static const struct db_sql two = { "test.two", "SELECT 1; SELECT 2" };
	static const struct db_sql bad = { "test.bad", "SELEKT 1" };

	s = db_stmt(f->db, &echo);
	assert_non_null(s);
	assert_ptr_equal(db_stmt(f->db, &echo), s);

	/* a fresh statement has no bindings left from its last use */
	db_bind_int(s, 1, 42);
	assert_int_equal(db_step(f->db, s), DB_ROW);
	assert_int_equal(db_col_int(s, 0), 42);
	s = db_stmt(f->db, &echo);
	assert_int_equal(db_step(f->db, s), DB_ROW);
	assert_int_equal(sqlite3_column_type(s, 0), SQLITE_NULL);
	assert_null(db_col_text_null(f->a, s, 0));
	assert_string_equal(db_col_text(f->a, s, 0), "");

	/* many statements: the table grows and keeps every entry */
	many = calloc(n, sizeof(*many));
	first = calloc(n, sizeof(*first));
	assert_non_null(many);
	assert_non_null(first);
	for (i = 0; i < n; i++) {
		many[i].name = "test.many";
		many[i].sql = "SELECT 1";
		assert_non_null(first[i] = db_stmt(f->db, &many[i]));
	}
	assert_true(f->db->cap >= 2 * f->db->n);
	for (i = 0; i < n; i++)
		assert_ptr_equal(db_stmt(f->db, &many[i]), first[i]);
	assert_ptr_equal(db_stmt(f->db, &echo), s);
	for (i = 0; i < n; i++)
		assert_ptr_not_equal(first[i], s);

	assert_null(db_stmt(f->db, &two));
	assert_null(db_stmt(f->db, &bad));
	/* the cache holds their addresses: close before freeing them */
	db_close(f->db);
	f->db = NULL;
	free(first);
	free(many);
}

static void
test_conflict(void **state)
{
	struct fixture	*f = *state;
	sqlite3_stmt	*s;

	assert_int_equal(customer(f->db, "p1", "a@example.com"), DB_OK);
	assert_int_equal(db_changes(f->db), 1);
	/* unique e-mail, unique pid */
	assert_int_equal(customer(f->db, "p2", "a@example.com"), DB_CONFLICT);
	assert_int_equal(customer(f->db, "p1", "b@example.com"), DB_CONFLICT);
	/* the lower-case check */
	assert_int_equal(customer(f->db, "p3", "C@example.com"), DB_CONFLICT);
	/* a foreign key to no customer, and a status outside the list */
	assert_non_null(s = db_stmt(f->db, &add_appointment));
	db_bind_text(s, 1, "a1");
	db_bind_int(s, 2, 999);
	db_bind_int(s, 3, 20);
	db_bind_text(s, 4, "confirmed");
	assert_int_equal(db_step(f->db, s), DB_CONFLICT);
	assert_non_null(s = db_stmt(f->db, &add_appointment));
	db_bind_text(s, 1, "a1");
	db_bind_int(s, 2, 1);
	db_bind_int(s, 3, 20);
	db_bind_text(s, 4, "maybe");
	assert_int_equal(db_step(f->db, s), DB_CONFLICT);
	assert_int_equal(ncustomers(f->db), 1);
	assert_int_equal(query_int(f->db->h,
	    "SELECT count(*) FROM appointments"), 0);
}

static void
test_busy(void **state)
{
	struct fixture	*f = *state;
	sqlite3		*other;

	assert_int_equal(sqlite3_open_v2(f->path, &other,
	    SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL), SQLITE_OK);
	/* only so the test does not wait the full five seconds */
	sqlite3_busy_timeout(f->db->h, 50);
	assert_int_equal(db_begin(f->db, true), DB_BUSY);
	assert_false(db_in_tx(f->db));
	/* outside a transaction, a write waits just the same */
	assert_int_equal(customer(f->db, "p1", "a@example.com"), DB_BUSY);
	/* readers are not blocked by a writer in WAL mode */
	assert_int_equal(db_begin(f->db, false), DB_OK);
	assert_int_equal(ncustomers(f->db), 0);
	assert_int_equal(db_commit(f->db), DB_OK);

	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(db_begin(f->db, true), DB_OK);
	assert_int_equal(customer(f->db, "p1", "a@example.com"), DB_OK);
	/* now this connection holds the write lock */
	sqlite3_busy_timeout(other, 50);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL), SQLITE_BUSY);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_int_equal(query_int(other, "SELECT count(*) FROM customers"),
	    1);
	sqlite3_close(other);
}

static void
test_transactions(void **state)
{
	struct fixture	*f = *state;
	sqlite3_stmt	*s;

	assert_false(db_in_tx(f->db));
	assert_int_equal(db_begin(f->db, true), DB_OK);
	assert_true(db_in_tx(f->db));
	assert_int_equal(db_begin(f->db, true), DB_ERR);	/* no nesting */
	assert_int_equal(customer(f->db, "p1", "a@example.com"), DB_OK);
	assert_int_equal(ncustomers(f->db), 1);
	db_rollback(f->db);
	assert_false(db_in_tx(f->db));
	assert_int_equal(ncustomers(f->db), 0);
	db_rollback(f->db);	/* outside a transaction: nothing */
	assert_int_equal(db_commit(f->db), DB_ERR);

	assert_int_equal(db_begin(f->db, true), DB_OK);
	assert_int_equal(customer(f->db, "p1", "a@example.com"), DB_OK);
	/* a statement read partway does not stop the commit or outlive it */
	assert_non_null(s = db_stmt(f->db, &two_rows));
	assert_int_equal(db_step(f->db, s), DB_ROW);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_false(sqlite3_stmt_busy(s));
	assert_int_equal(ncustomers(f->db), 1);

	/* a failed write inside a transaction leaves the rest to decide */
	assert_int_equal(db_begin(f->db, true), DB_OK);
	assert_int_equal(customer(f->db, "p2", "b@example.com"), DB_OK);
	assert_int_equal(customer(f->db, "p3", "b@example.com"), DB_CONFLICT);
	db_rollback(f->db);
	assert_int_equal(ncustomers(f->db), 1);
}

static void
test_exec(void **state)
{
	struct fixture	*f = *state;
	sqlite3_stmt	*s;

	/* db_exec steps what the caller bound after db_stmt */
	assert_non_null(s = db_stmt(f->db, &add_customer));
	db_bind_text(s, 1, "p9");
	db_bind_text(s, 2, "z@example.com");
	db_bind_text(s, 3, NULL);
	assert_int_equal(db_exec(f->db, &add_customer), DB_CONFLICT);
	db_bind_text(s, 3, "Zed");
	assert_int_equal(db_exec(f->db, &add_customer), DB_OK);
	assert_int_equal(db_exec(f->db, &add_customer), DB_CONFLICT);
	assert_int_equal(ncustomers(f->db), 1);

	assert_non_null(s = db_stmt(f->db, &echo));
	db_bind_blob(s, 1, "a\0b", 3);
	assert_int_equal(db_step(f->db, s), DB_ROW);
	assert_int_equal(sqlite3_column_bytes(s, 0), 3);
	assert_non_null(s = db_stmt(f->db, &echo));
	db_bind_text(s, 1, "héllo");
	assert_int_equal(db_step(f->db, s), DB_ROW);
	assert_string_equal(db_col_text(f->a, s, 0), "héllo");
	assert_string_equal(db_col_text_null(f->a, s, 0), "héllo");
	db_reset(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pragmas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_mode, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_migrations, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transactions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_exec, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
