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
 * password.c's job, and it never leaves in struct customer.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "store.h"
#include "util.h"

static const struct db_sql q_add = { "customer.add",
    "INSERT INTO customers (pid, email, name, phone, active, created) "
    "VALUES (?, ?, ?, '', 1, ?) RETURNING id" };
static const struct db_sql q_by_email = { "customer.by_email",
    "SELECT id, pid, email, name, phone, active FROM customers "
    "WHERE email = ? AND active = 1" };
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

static char *
lowered(struct arena *a, const char *email)
{
	char	*s;

	s = arena_strdup(a, email);
	lower(s);
	return s;
}

/* One customer row, or DB_NOTFOUND. */
static enum db_rc
read_one(struct db *db, struct arena *a, sqlite3_stmt *s,
    struct customer *out)
{
	enum db_rc	 rc;

	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	out->id = db_col_int(s, 0);
	out->pid = db_col_text(a, s, 1);
	out->email = db_col_text(a, s, 2);
	out->name = db_col_text(a, s, 3);
	out->phone = db_col_text(a, s, 4);
	out->active = db_col_int(s, 5) != 0;
	db_reset(s);
	return DB_OK;
}

enum db_rc
customer_add(struct db *db, struct arena *a, const char *email,
    const char *name, int64_t now, struct customer *out)
{
	sqlite3_stmt	*s;
	struct customer	 c;
	enum db_rc	 rc;

	c.pid = crypto_public_id_new(a);
	c.email = lowered(a, email);
	c.name = arena_strdup(a, name != NULL ? name : "");
	c.phone = "";
	c.active = true;
	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, c.pid);
	db_bind_text(s, 2, c.email);
	db_bind_text(s, 3, c.name);
	db_bind_int(s, 4, now);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	c.id = db_col_int(s, 0);
	db_reset(s);
	if (out != NULL)
		*out = c;
	return DB_OK;
}

enum db_rc
customer_by_email(struct db *db, struct arena *a, const char *email,
    struct customer *out)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_by_email)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, lowered(a, email));
	return read_one(db, a, s, out);
}

enum db_rc
customer_by_id(struct db *db, struct arena *a, int64_t id,
    struct customer *out)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_by_id)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, id);
	return read_one(db, a, s, out);
}

enum db_rc
customer_update(struct db *db, const struct principal *who, const char *name,
    const char *phone)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if (who == NULL)
		return DB_NOTFOUND;
	if ((s = db_stmt(db, &q_update)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, name);
	db_bind_text(s, 2, phone != NULL ? phone : "");
	db_bind_int(s, 3, who->id);
	db_bind_text(s, 4, who->kind == PRINCIPAL_CUSTOMER ? "customer" :
	    "other");
	if ((rc = db_step(db, s)) != DB_OK)
		return rc == DB_ROW ? DB_ERR : rc;
	return db_changes(db) == 0 ? DB_NOTFOUND : DB_OK;
}

enum db_rc
customer_password(struct db *db, struct arena *a, int64_t id,
    const char **hash)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*hash = NULL;
	if ((s = db_stmt(db, &q_password)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, id);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	*hash = db_col_text(a, s, 0);
	db_reset(s);
	return DB_OK;
}

enum db_rc
customer_set_password(struct db *db, int64_t id, const char *hash)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_set_password)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, hash);	/* NULL clears it */
	db_bind_int(s, 2, id);
	if ((rc = db_step(db, s)) != DB_OK)
		return rc == DB_ROW ? DB_ERR : rc;
	return db_changes(db) == 0 ? DB_NOTFOUND : DB_OK;
}
