/*
 * customer: the office's customers.
 *
 * Addresses are stored lower-case (the table checks it), so the UNIQUE
 * constraint and every lookup ignore case the way people expect.  Public
 * ids are random.  Only an active customer is found by address, because
 * that is how sign-in starts; by id any customer comes back with its
 * active flag, and the caller decides.  Nothing here sends mail or checks
 * that an address is well-formed: the page's validator did that.  A
 * customer changes only their own row: customer_update takes the signed-in
 * principal and matches it in the WHERE clause.  The password hash is
 * only stored and handed back by id: making and checking it is
 * password.c's job, and it never leaves in struct customer.  A customer
 * added inactive (sign-up, invitation) becomes active only through
 * customer_activate, which the caller does once the address is proven.
 * What a sign-up form gave waits in signup.c until its own link is used;
 * every way an address becomes a customer's here (added, activated, taken
 * by an e-mail change) drops any sign-up still waiting for it, so nothing
 * typed by someone who never proved the address survives into an account.
 * Notification preferences are read and set only by the signed-in
 * customer, like customer_update; whoever sends the mail checks them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "crypto.h"
#include "customer.h"
#include "db.h"
#include "keyset.h"
#include "principal.h"
#include "signup.h"
#include "util.h"

static const struct db_sql q_add = { "customer.add",
    "INSERT INTO customers (pid, email, name, phone, active, password_hash, "
    "created, activated) VALUES (?1, ?2, ?3, '', ?4, ?5, ?6, "
    "CASE WHEN ?4 THEN ?6 ELSE 0 END) RETURNING id" };
static const struct db_sql q_by_email = { "customer.by_email",
    "SELECT id, pid, email, name, phone, active FROM customers "
    "WHERE email = ? AND active = 1" };
static const struct db_sql q_by_email_any = { "customer.by_email_any",
    "SELECT id, pid, email, name, phone, active FROM customers "
    "WHERE email = ?" };
static const struct db_sql q_activate = { "customer.activate",
    "UPDATE customers SET activated = CASE WHEN active THEN activated "
    "ELSE ?1 END, active = 1 WHERE id = ?2" };
static const struct db_sql q_by_id = { "customer.by_id",
    "SELECT id, pid, email, name, phone, active FROM customers "
    "WHERE id = ?" };
/* the owner is the signed-in principal, and only a customer owns a row */
static const struct db_sql q_update = { "customer.update",
    "UPDATE customers SET name = ?, phone = ? "
    "WHERE id = ? AND ? = 'customer'" };
static const struct db_sql q_password = { "customer.password",
    "SELECT password_hash FROM customers "
    "WHERE id = ? AND password_hash IS NOT NULL" };
static const struct db_sql q_set_password = { "customer.set_password",
    "UPDATE customers SET password_hash = ? WHERE id = ?" };
static const struct db_sql q_set_email = { "customer.set_email",
    "UPDATE customers SET email = ? WHERE id = ?" };
static const struct db_sql q_prefs = { "customer.notifications",
    "SELECT notify_appointments, notify_updates, created FROM customers "
    "WHERE id = ? AND ? = 'customer'" };
static const struct db_sql q_set_prefs = { "customer.set_notifications",
    "UPDATE customers SET notify_appointments = ?, notify_updates = ? "
    "WHERE id = ? AND ? = 'customer'" };

static char *
lowered(struct arena *a, const char *email)
{
	char	*s;

	s = arena_strdup(a, email);
	lower(s);
	return s;
}

/* A customer's columns, from column `first` on. */
static void
read_cols(struct arena *a, sqlite3_stmt *s, unsigned first, void *row)
{
	struct customer	*c = row;

	c->id = db_col_int(s, first);
	c->pid = db_col_text(a, s, first + 1);
	c->email = db_col_text(a, s, first + 2);
	c->name = db_col_text(a, s, first + 3);
	c->phone = db_col_text(a, s, first + 4);
	c->active = db_col_int(s, first + 5) != 0;
}

/* Every kind of adding: the rows differ in their active flag and whether
 * a password hash (NULL: none) comes with them. */
static enum db_rc
add_row(struct db *db, struct arena *a, const char *email, const char *name,
    bool active, const char *hash, int64_t now, struct customer *out)
{
	sqlite3_stmt	*s;
	struct customer	 c;
	enum db_rc	 rc;

	c.pid = crypto_public_id_new(a);
	c.email = lowered(a, email);
	c.name = arena_strdup(a, name != NULL ? name : "");
	c.phone = "";
	c.active = active;
	if ((rc = signup_forget(db, c.email)) != DB_OK)
		return rc;
	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, c.pid);
	db_bind_text(s, 2, c.email);
	db_bind_text(s, 3, c.name);
	db_bind_int(s, 4, active ? 1 : 0);
	db_bind_text(s, 5, hash);
	db_bind_int(s, 6, now);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	c.id = db_col_int(s, 0);
	db_reset(s);
	if (out != NULL)
		*out = c;
	return DB_OK;
}

enum db_rc
customer_add(struct db *db, struct arena *a, const char *email,
    const char *name, int64_t now, struct customer *out)
{
	return add_row(db, a, email, name, true, NULL, now, out);
}

enum db_rc
customer_add_inactive(struct db *db, struct arena *a, const char *email,
    const char *name, int64_t now, struct customer *out)
{
	return add_row(db, a, email, name, false, NULL, now, out);
}

enum db_rc
customer_add_confirmed(struct db *db, struct arena *a, const char *email,
    const char *name, const char *hash, int64_t now, struct customer *out)
{
	return add_row(db, a, email, name, true, hash, now, out);
}

enum db_rc
customer_by_email(struct db *db, struct arena *a, const char *email,
    struct customer *out)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_by_email)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, lowered(a, email));
	return db_row(db, a, s, read_cols, 0, out);
}

enum db_rc
customer_by_email_any(struct db *db, struct arena *a, const char *email,
    struct customer *out)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_by_email_any)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, lowered(a, email));
	return db_row(db, a, s, read_cols, 0, out);
}

enum db_rc
customer_activate(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((rc = signup_forget_customer(db, id)) != DB_OK)
		return rc;
	if ((s = db_stmt(db, &q_activate)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, id);
	return db_write(db, s);
}

struct principal
customer_principal(const struct customer *c)
{
	return (struct principal){ PRINCIPAL_CUSTOMER, c->id, c->pid,
	    c->email, c->name, ROLE_VIEWER, 0 };
}

enum db_rc
customer_by_id(struct db *db, struct arena *a, int64_t id,
    struct customer *out)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_by_id)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, id);
	return db_row(db, a, s, read_cols, 0, out);
}

enum db_rc
customer_update(struct db *db, const struct principal *who, const char *name,
    const char *phone)
{
	sqlite3_stmt	*s;

	if (who == NULL)
		return DB_NOTFOUND;
	if ((s = db_stmt(db, &q_update)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, name);
	db_bind_text(s, 2, phone != NULL ? phone : "");
	db_bind_int(s, 3, who->id);
	db_bind_text(s, 4, who->kind == PRINCIPAL_CUSTOMER ? "customer" :
	    "other");
	return db_write(db, s);
}

enum db_rc
customer_password(struct db *db, struct arena *a, int64_t id, const char **hash)
{
	return db_text_by_id(db, a, &q_password, id, hash);
}

enum db_rc
customer_set_password(struct db *db, int64_t id, const char *hash)
{
	return db_set_text_by_id(db, &q_set_password, hash, id);
}

/*
 * The team's view: every customer of the office, found by a part of the
 * name or address.  The pattern is standard SQL LIKE with '\' as escape,
 * so a '%' or '_' typed in the search box matches only itself; both sides
 * are lower-cased (name_key is the lower-cased name), because LIKE's case
 * rules differ between engines.  A part of a word can be anywhere, so no
 * index finds the matches: the list reads the name index in its order
 * until a page is full, and the count stops at KEYSET_COUNT_MAX.  With
 * nothing to search for, the same list and count leave the condition out
 * and read the name index alone.
 */
#define SEARCH_COLS	"name_key, id, pid, email, name, phone, active"
#define SEARCH_WHERE \
    "(name_key LIKE ?4 ESCAPE '\\' OR email LIKE ?4 ESCAPE '\\')"
static const struct db_sql q_search_up = { "customer.search.up.list",
    KEYSET_UP(SEARCH_COLS, "customers", SEARCH_WHERE, "name_key", "id") };
static const struct db_sql q_search_down = { "customer.search.down.list",
    KEYSET_DOWN(SEARCH_COLS, "customers", SEARCH_WHERE, "name_key", "id") };
static const struct db_sql q_search_top = { "customer.search.top.list",
    KEYSET_TOP(SEARCH_COLS, "customers", SEARCH_WHERE) };
static const struct db_sql q_search_bottom = {
    "customer.search.bottom.list",
    KEYSET_BOTTOM(SEARCH_COLS, "customers", SEARCH_WHERE) };
static const struct db_sql q_search_count = { "customer.search.count",
    KEYSET_COUNT("customers", SEARCH_WHERE, "name_key") };
static const struct db_sql q_all_up = { "customer.all.up.list",
    KEYSET_UP(SEARCH_COLS, "customers", "1 = 1", "name_key", "id") };
static const struct db_sql q_all_down = { "customer.all.down.list",
    KEYSET_DOWN(SEARCH_COLS, "customers", "1 = 1", "name_key", "id") };
static const struct db_sql q_all_top = { "customer.all.top.list",
    KEYSET_TOP(SEARCH_COLS, "customers", "1 = 1") };
static const struct db_sql q_all_bottom = { "customer.all.bottom.list",
    KEYSET_BOTTOM(SEARCH_COLS, "customers", "1 = 1") };
static const struct db_sql q_all_count = { "customer.all.count",
    KEYSET_COUNT("customers", "1 = 1", "name_key") };
static const struct db_sql q_by_pid = { "customer.by_pid",
    "SELECT id, pid, email, name, phone, active FROM customers "
    "WHERE pid = ?" };

/* "%<query, lower-cased, with \ % _ escaped>%" */
static const char *
like_pattern(struct arena *a, const char *query)
{
	char	*p, *o;

	p = o = arena_alloc(a, 2 * strlen(query) + 3);
	*o++ = '%';
	for (; *query != '\0'; query++) {
		if (*query == '\\' || *query == '%' || *query == '_')
			*o++ = '\\';
		*o++ = *query;
	}
	*o++ = '%';
	*o = '\0';
	lower(p);
	return p;
}

static void
bind_pattern(sqlite3_stmt *s, unsigned rank, const void *pattern)
{
	(void)rank;
	if (pattern != NULL)
		db_bind_text(s, 4, pattern);
}

static void
read_match(struct arena *a, sqlite3_stmt *s, unsigned rank, void *row)
{
	(void)rank;
	read_cols(a, s, 1, row);	/* after the name, the key */
}

static const struct keyset_list matches = {
	.by_name = true,
	.size = sizeof(struct customer),
	.bind = bind_pattern,
	.read = read_match,
};
static const struct keyset_src search_src = { 0, &q_search_down,
	&q_search_up, &q_search_count, &q_search_top, &q_search_bottom };
static const struct keyset_src all_src = { 0, &q_all_down, &q_all_up,
	&q_all_count, &q_all_top, &q_all_bottom };

enum db_rc
customer_search(struct db *db, struct arena *a, const char *query,
    const struct keyset *ks, struct customer **out, size_t *n,
    struct keyset_page *pg)
{
	const struct keyset_src	*src = &all_src;
	const char		*pat = NULL;
	void			*rows;
	enum db_rc		 rc;

	if (query != NULL && *query != '\0') {
		pat = like_pattern(a, query);
		src = &search_src;
	}
	if ((rc = keyset_read(db, a, &matches, src, 1, ks, pat, &rows, n,
	    pg)) == DB_OK)
		rc = keyset_count(db, &matches, src, 1, pat, pg);
	*out = rows;
	return rc;
}

enum db_rc
customer_by_pid(struct db *db, struct arena *a, const char *pid,
    struct customer *out)
{
	sqlite3_stmt	*s;

	if (pid == NULL)
		return DB_NOTFOUND;
	if ((s = db_stmt(db, &q_by_pid)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, pid);
	return db_row(db, a, s, read_cols, 0, out);
}

/* The UNIQUE constraint on email is what refuses a taken address, so a
 * change racing with a sign-up for the same address cannot get both. */
enum db_rc
customer_set_email(struct db *db, int64_t id, const char *email)
{
	enum db_rc	 rc;

	if ((rc = signup_forget(db, email)) != DB_OK)
		return rc;
	return db_set_text_by_id(db, &q_set_email, email, id);
}

static const char *
owner_kind(const struct principal *who)
{
	/* only a customer owns a row; anyone else matches none */
	return who->kind == PRINCIPAL_CUSTOMER ? "customer" : "other";
}

/* Steps q_prefs for the signed-in customer: DB_ROW with the row ready. */
static enum db_rc
prefs_row(struct db *db, const struct principal *who, sqlite3_stmt **s)
{
	enum db_rc	 rc;

	if (who == NULL)
		return DB_NOTFOUND;
	if ((*s = db_stmt(db, &q_prefs)) == NULL)
		return DB_ERR;
	db_bind_int(*s, 1, who->id);
	db_bind_text(*s, 2, owner_kind(who));
	rc = db_step(db, *s);
	return rc == DB_OK ? DB_NOTFOUND : rc;
}

enum db_rc
customer_notifications(struct db *db, const struct principal *who,
    struct customer_prefs *out)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	out->appointments = out->updates = true;
	if ((rc = prefs_row(db, who, &s)) != DB_ROW)
		return rc;
	out->appointments = db_col_int(s, 0) != 0;
	out->updates = db_col_int(s, 1) != 0;
	db_reset(s);
	return DB_OK;
}

enum db_rc
customer_created(struct db *db, const struct principal *who, int64_t *created)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*created = 0;
	if ((rc = prefs_row(db, who, &s)) != DB_ROW)
		return rc;
	*created = db_col_int(s, 2);
	db_reset(s);
	return DB_OK;
}

enum db_rc
customer_set_notifications(struct db *db, const struct principal *who,
    const struct customer_prefs *p)
{
	sqlite3_stmt	*s;

	if (who == NULL)
		return DB_NOTFOUND;
	if ((s = db_stmt(db, &q_set_prefs)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, p->appointments ? 1 : 0);
	db_bind_int(s, 2, p->updates ? 1 : 0);
	db_bind_int(s, 3, who->id);
	db_bind_text(s, 4, owner_kind(who));
	return db_write(db, s);
}
