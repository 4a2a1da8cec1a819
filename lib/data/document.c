/*
 * document: documents, document requests and their keys (document.h).
 *
 * Ownership is in the SQL: a customer's reads are filtered on the
 * signed-in principal's id and kind, so another customer's document or
 * request never appears.  A project document reaches a customer only
 * when it is shared with them alone (shared_with) or shared with the
 * project and they have an appointment or a request on that project.
 *
 * Keys: an owner's key is wrapped by the office key under the label
 * "customer:<pid>" or "project:<pid>", a document's by its owner's key
 * under "document:<pid>", so a wrapped key copied into another row does
 * not open there.  Every list is a read of one index in its order.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "crypto.h"
#include "db.h"
#include "document.h"
#include "keyring.h"
#include "keyset.h"
#include "log.h"
#include "principal.h"

#define COLS "d.id, d.pid, d.source, d.status, d.reason, " \
	"COALESCE(d.customer_id, 0), COALESCE(c.name, ''), " \
	"COALESCE(c.pid, ''), COALESCE(c.email, ''), " \
	"COALESCE(d.project_id, 0), COALESCE(p.title, ''), " \
	"COALESCE(p.pid, ''), COALESCE(q.pid, ''), COALESCE(q.title, ''), " \
	"d.shared, COALESCE(w.pid, ''), d.stored_name, d.display_name, " \
	"d.type, d.size, d.wrapped_key, d.created, d.updated, d.removes_at, " \
	"COALESCE(w.name, '')"
#define JOINS "LEFT JOIN customers c ON c.id = d.customer_id " \
	"LEFT JOIN projects p ON p.id = d.project_id " \
	"LEFT JOIN document_requests q ON q.id = d.request_id " \
	"LEFT JOIN customers w ON w.id = d.shared_with"
#define FROM "documents d " JOINS

/* the customers of a project: an appointment or a request on it */
#define OF_PROJECT(cust) \
	"(EXISTS (SELECT 1 FROM appointments a WHERE a.project_id = " \
	"d.project_id AND a.customer_id = " cust ") OR EXISTS (SELECT 1 " \
	"FROM appointment_requests r WHERE r.project_id = d.project_id AND " \
	"r.customer_id = " cust "))"

static const char *const statuses[] = { "new", "accepted", "rejected", NULL };

static const struct db_sql q_ckey = { "document.customer_key",
    "SELECT pid, doc_key FROM customers WHERE id = ?" };
static const struct db_sql q_ckey_set = { "document.customer_key_set",
    "UPDATE customers SET doc_key = ?2 WHERE id = ?1 AND doc_key IS NULL" };
static const struct db_sql q_pkey = { "document.project_key",
    "SELECT pid, doc_key FROM projects WHERE id = ?" };
static const struct db_sql q_pkey_set = { "document.project_key_set",
    "UPDATE projects SET doc_key = ?2 WHERE id = ?1 AND doc_key IS NULL" };
static const struct db_sql q_shred = { "document.shred",
    "UPDATE customers SET doc_key = NULL WHERE id = ?" };
static const struct db_sql q_shred_rows = { "document.shred_rows",
    "DELETE FROM documents WHERE customer_id = ?" };
static const struct db_sql q_add = { "document.add",
    "INSERT INTO documents (pid, customer_id, project_id, request_id, "
    "source, wrapped_key, stored_name, display_name, type, size, "
    "uploaded_by, created, updated, removes_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" };
static const struct db_sql q_get = { "document.get",
    "SELECT " COLS " FROM " FROM " WHERE d.pid = ?1" };
static const struct db_sql q_get_customer = { "document.get_customer",
    "SELECT " COLS " FROM " FROM " WHERE d.pid = ?1 AND ?3 = 'customer' "
    "AND (d.customer_id = ?2 OR d.shared_with = ?2 "
    "OR (d.shared = 1 AND " OF_PROJECT("?2") "))" };
static const struct db_sql q_get_project = { "document.get_project",
    "SELECT " COLS " FROM " FROM " WHERE d.pid = ?1 AND d.project_id = ?2" };
static const struct db_sql q_bytes = { "document.bytes",
    "SELECT COALESCE(SUM(size), 0) FROM documents WHERE customer_id = ?" };
/* ?4: one project's (its row id), or 0 for every project's */
#define ONE_PROJECT "(?4 = 0 OR d.project_id = ?4)"
static const struct db_sql q_shared = { "document.shared.list",
    "SELECT d.created, " COLS " FROM " FROM " WHERE d.shared_with = ?1 "
    "AND ?2 = 'customer' AND " ONE_PROJECT " UNION SELECT d.created, "
    COLS " FROM appointments x JOIN documents d ON d.project_id = "
    "x.project_id " JOINS " WHERE x.customer_id = ?1 AND ?2 = 'customer' "
    "AND d.shared = 1 AND " ONE_PROJECT " UNION SELECT d.created, " COLS
    " FROM appointment_requests x JOIN documents d ON d.project_id = "
    "x.project_id " JOINS " WHERE x.customer_id = ?1 AND ?2 = 'customer' "
    "AND d.shared = 1 AND " ONE_PROJECT " ORDER BY 1 DESC, 2 DESC "
    "LIMIT ?3" };
static const struct db_sql q_review = { "document.review",
    "UPDATE documents SET status = ?3, reason = ?4, reviewed_by = ?5, "
    "updated = ?1 WHERE id = ?2 AND customer_id IS NOT NULL" };
static const struct db_sql q_share = { "document.share",
    "UPDATE documents SET shared = ?3, shared_with = ?4, updated = ?1 "
    "WHERE id = ?2 AND project_id IS NOT NULL" };
static const struct db_sql q_delete = { "document.delete",
    "DELETE FROM documents WHERE id = ?" };
static const struct db_sql q_expired = { "document.expired.list",
    "SELECT " COLS " FROM " FROM " WHERE d.removes_at <= ? "
    "ORDER BY d.removes_at LIMIT ?" };
static const struct db_sql q_stored = { "document.stored",
    "SELECT 1 FROM documents WHERE stored_name = ?" };

/* the customer's own: ?4 the customer, ?5 their kind */
#define MINE "d.customer_id = ?4 AND ?5 = 'customer'"
KEYSET_SOURCE(mine_src, "document.customer",
    "d.created, " COLS, FROM, MINE, "d.created", "d.id");

/* the team's: every customer document (?4 status or ''), or one
 * customer's (?5) */
#define TEAM "d.customer_id IS NOT NULL AND (?4 = '' OR d.status = ?4)"
KEYSET_SOURCE(team_src, "document.team",
    "d.created, " COLS, FROM, TEAM, "d.created", "d.id");
#define ONE "d.customer_id = ?5 AND (?4 = '' OR d.status = ?4)"
KEYSET_SOURCE(one_src, "document.team_customer",
    "d.created, " COLS, FROM, ONE, "d.created", "d.id");

/* a project's, for the team: ?4 the project */
#define PROJ "d.project_id = ?4"
KEYSET_SOURCE(proj_src, "document.project",
    "d.created, " COLS, FROM, PROJ, "d.created", "d.id");

/* ------------------------------------------------------------ requests */

#define RCOLS "q.id, q.pid, q.title, q.explanation, q.status, " \
	"q.customer_id, c.name, c.pid, c.email, q.created, q.updated, " \
	"COALESCE((SELECT a.pid FROM documents a WHERE a.request_id = q.id " \
	"ORDER BY a.id LIMIT 1), '')"
#define RFROM "document_requests q JOIN customers c ON c.id = q.customer_id"

static const struct db_sql q_req_add = { "document.request_add",
    "INSERT INTO document_requests (pid, customer_id, title, explanation, "
    "created_by, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)" };
static const struct db_sql q_req_get = { "document.request_get",
    "SELECT " RCOLS " FROM " RFROM " WHERE q.pid = ?" };
static const struct db_sql q_req_get_customer = {
    "document.request_get_customer",
    "SELECT " RCOLS " FROM " RFROM " WHERE q.pid = ? AND q.customer_id = ? "
    "AND ? = 'customer'" };
static const struct db_sql q_req_fulfil = { "document.request_fulfil",
    "UPDATE document_requests SET status = 'fulfilled', updated = ?1 "
    "WHERE id = ?2 AND status = 'open'" };
static const struct db_sql q_req_cancel = { "document.request_cancel",
    "UPDATE document_requests SET status = 'cancelled', closed_by = ?3, "
    "updated = ?1 WHERE id = ?2 AND status = 'open'" };
static const struct db_sql q_req_open = { "document.request_open.list",
    "SELECT " RCOLS " FROM " RFROM " WHERE q.customer_id = ? "
    "AND q.status = 'open' ORDER BY q.created DESC, q.id DESC LIMIT ?" };
/* one customer's, every status (?4 the customer) */
#define RONE "q.customer_id = ?4"
KEYSET_SOURCE(req_src, "document.request_customer",
    "q.created, " RCOLS, RFROM, RONE, "q.created", "q.id");

/* ---------------------------------------------------------------- rows */

static void
read_cols(struct arena *a, sqlite3_stmt *s, unsigned first, void *row)
{
	struct document	*d = row;
	int		 c = (int)first;
	size_t		 len = 0;

	d->id = db_col_int(s, c++);
	d->pid = db_col_text(a, s, c++);
	d->source = db_col_text(a, s, c++);
	d->status = db_col_text(a, s, c++);
	d->reason = db_col_text(a, s, c++);
	d->customer_id = db_col_int(s, c++);
	d->customer = db_col_text(a, s, c++);
	d->customer_pid = db_col_text(a, s, c++);
	d->customer_email = db_col_text(a, s, c++);
	d->project_id = db_col_int(s, c++);
	d->project = db_col_text(a, s, c++);
	d->project_pid = db_col_text(a, s, c++);
	d->request_pid = db_col_text(a, s, c++);
	d->request_title = db_col_text(a, s, c++);
	d->shared = db_col_int(s, c++) != 0;
	d->shared_with_pid = db_col_text(a, s, c++);
	d->stored_name = db_col_text(a, s, c++);
	d->display_name = db_col_text(a, s, c++);
	d->type = db_col_text(a, s, c++);
	d->size = db_col_int(s, c++);
	d->wrapped_key = db_col_blob(a, s, c++, &len);
	d->wrapped_len = len;
	d->created = db_col_int(s, c++);
	d->updated = db_col_int(s, c++);
	d->removes_at = db_col_int(s, c++);
	d->shared_with_name = db_col_text(a, s, c);
}

static void
read_req(struct arena *a, sqlite3_stmt *s, int c, struct document_request *q)
{
	q->id = db_col_int(s, c++);
	q->pid = db_col_text(a, s, c++);
	q->title = db_col_text(a, s, c++);
	q->explanation = db_col_text(a, s, c++);
	q->status = db_col_text(a, s, c++);
	q->customer_id = db_col_int(s, c++);
	q->customer = db_col_text(a, s, c++);
	q->customer_pid = db_col_text(a, s, c++);
	q->customer_email = db_col_text(a, s, c++);
	q->created = db_col_int(s, c++);
	q->updated = db_col_int(s, c++);
	q->document_pid = db_col_text(a, s, c);
}



static void
bind_id(sqlite3_stmt *s, int i, int64_t id)
{
	if (id != 0)
		db_bind_int(s, i, id);
	else
		db_bind_text(s, i, NULL);
}

bool
document_status_valid(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; statuses[i] != NULL; i++)
		if (strlen(statuses[i]) == len && memcmp(statuses[i], s, len) == 0)
			return true;
	return false;
}

const char *
document_status_name(size_t i)
{
	return i < sizeof(statuses) / sizeof(statuses[0]) ? statuses[i] : NULL;
}

const char *
document_pid_new(struct arena *a)
{
	return crypto_public_id_new(a);
}

const char *
document_key_label(struct arena *a, const char *pid)
{
	return arena_printf(a, "document:%s", pid);
}

/* ---------------------------------------------------------------- keys */

/* The owner key read by `get` and stored by `set`, labelled kind:pid. */
static enum db_rc
owner_key(struct db *db, struct arena *a, const uint8_t office[KEYRING_KEY_LEN],
    const struct db_sql *get, const struct db_sql *set, const char *kind,
    int64_t id, bool create, uint8_t out[KEYRING_KEY_LEN])
{
	uint8_t		 wrapped[KEYRING_WRAPPED_LEN];
	sqlite3_stmt	*s;
	const char	*label;
	const void	*blob;
	size_t		 len = 0;
	enum db_rc	 rc;

	if ((s = db_stmt(db, get)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, id);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	label = arena_printf(a, "%s:%s", kind, db_col_text(a, s, 0));
	blob = db_col_blob(a, s, 1, &len);
	db_reset(s);
	if (blob != NULL && len > 0) {
		if (keyring_unwrap(office, blob, len, label, out))
			return DB_OK;
		log_err("the key of %s does not unwrap", label);
		return DB_ERR;
	}
	if (!create)
		return DB_NOTFOUND;
	keyring_key_new(out);
	keyring_wrap(office, out, label, wrapped);
	if ((s = db_stmt(db, set)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, id);
	db_bind_blob(s, 2, wrapped, sizeof(wrapped));
	if ((rc = db_write(db, s)) != DB_OK) {
		sodium_memzero(out, KEYRING_KEY_LEN);
		return rc == DB_NOTFOUND ? DB_ERR : rc;
	}
	return DB_OK;
}

enum db_rc
document_customer_key(struct db *db, struct arena *a,
    const uint8_t office[KEYRING_KEY_LEN], int64_t customer_id, bool create,
    uint8_t out[KEYRING_KEY_LEN])
{
	return owner_key(db, a, office, &q_ckey, &q_ckey_set, "customer",
	    customer_id, create, out);
}

enum db_rc
document_project_key(struct db *db, struct arena *a,
    const uint8_t office[KEYRING_KEY_LEN], int64_t project_id, bool create,
    uint8_t out[KEYRING_KEY_LEN])
{
	return owner_key(db, a, office, &q_pkey, &q_pkey_set, "project",
	    project_id, create, out);
}

enum db_rc
document_key(struct db *db, struct arena *a,
    const uint8_t office[KEYRING_KEY_LEN], const struct document *d,
    uint8_t out[KEYRING_KEY_LEN])
{
	uint8_t		 owner[KEYRING_KEY_LEN];
	enum db_rc	 rc;
	bool		 ok;

	rc = d->customer_id != 0 ?
	    document_customer_key(db, a, office, d->customer_id, false, owner) :
	    document_project_key(db, a, office, d->project_id, false, owner);
	if (rc != DB_OK)
		return rc;
	ok = keyring_unwrap(owner, d->wrapped_key, d->wrapped_len,
	    document_key_label(a, d->pid), out);
	sodium_memzero(owner, sizeof(owner));
	if (!ok) {
		log_err("the key of document %s does not unwrap", d->pid);
		return DB_ERR;
	}
	return DB_OK;
}

enum db_rc
document_shred_customer(struct db *db, int64_t customer_id)
{
	enum db_rc	 rc;

	if ((rc = db_run_int(db, &q_shred_rows, customer_id)) != DB_OK)
		return rc;
	return db_run_int(db, &q_shred, customer_id);
}

/* ----------------------------------------------------------- documents */

enum db_rc
document_add(struct db *db, const struct document_new *n, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((n->customer_id == 0) == (n->project_id == 0))
		return DB_ERR;
	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, n->pid);
	bind_id(s, 2, n->customer_id);
	bind_id(s, 3, n->project_id);
	bind_id(s, 4, n->request_id);
	db_bind_text(s, 5, n->project_id != 0 ? "project" :
	    n->request_id != 0 ? "request" : "customer");
	db_bind_blob(s, 6, n->wrapped_key, KEYRING_WRAPPED_LEN);
	db_bind_text(s, 7, n->stored_name);
	db_bind_text(s, 8, n->display_name);
	db_bind_text(s, 9, n->type);
	db_bind_int(s, 10, n->size);
	bind_id(s, 11, n->uploaded_by);
	db_bind_int(s, 12, now);
	db_bind_int(s, 13, now);
	db_bind_int(s, 14, n->removes_at);
	rc = db_write(db, s);
	return rc == DB_NOTFOUND ? DB_ERR : rc;
}

enum db_rc
document_add_sealed(struct db *db, struct arena *a,
    const uint8_t office[KEYRING_KEY_LEN], struct document_new *n,
    const uint8_t key[KEYRING_KEY_LEN], int64_t now)
{
	uint8_t		 owner[KEYRING_KEY_LEN], wrapped[KEYRING_WRAPPED_LEN];
	enum db_rc	 rc;

	if ((n->customer_id == 0) == (n->project_id == 0))
		return DB_ERR;
	rc = n->customer_id != 0 ?
	    document_customer_key(db, a, office, n->customer_id, true, owner) :
	    document_project_key(db, a, office, n->project_id, true, owner);
	if (rc != DB_OK)
		return rc == DB_NOTFOUND ? DB_ERR : rc;
	if (n->pid == NULL)
		n->pid = document_pid_new(a);
	keyring_wrap(owner, key, document_key_label(a, n->pid), wrapped);
	sodium_memzero(owner, sizeof(owner));
	n->wrapped_key = wrapped;
	rc = document_add(db, n, now);
	n->wrapped_key = NULL;
	return rc;
}

enum db_rc
document_get(struct db *db, struct arena *a, const struct principal *who,
    const char *pid, struct document *d)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_owned_get(db, &q_get, &q_get_customer, who, pid,
	    &rc)) == NULL)
		return rc;
	return db_row(db, a, s, read_cols, 0, d);
}

enum db_rc
document_of_project_get(struct db *db, struct arena *a,
    const struct principal *who, int64_t project_id, const char *pid,
    struct document *d)
{
	sqlite3_stmt	*s;

	if (who == NULL || who->kind != PRINCIPAL_MEMBER)
		return DB_NOTFOUND;
	if ((s = db_stmt(db, &q_get_project)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, pid);
	db_bind_int(s, 2, project_id);
	return db_row(db, a, s, read_cols, 0, d);
}

enum db_rc
document_bytes_of(struct db *db, int64_t customer_id, int64_t *bytes)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_bytes)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, customer_id);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	*bytes = db_col_int(s, 0);
	db_reset(s);
	return DB_OK;
}

static enum db_rc
read_list(struct db *db, struct arena *a, sqlite3_stmt *s, int first,
    struct document **out, size_t *n)
{
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	while ((rc = db_step(db, s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, sizeof(**out));
		read_cols(a, s, first, &(*out)[(*n)++]);
	}
	return rc;
}

static void
read_keyed(struct arena *a, sqlite3_stmt *s, unsigned rank, void *row)
{
	(void)rank;
	read_cols(a, s, 1, row);
}

struct team_arg {
	int64_t		 id;
	const char	*text;
};

enum db_rc
document_of_customer(struct db *db, struct arena *a,
    const struct principal *who, const struct keyset *ks,
    struct document **out, size_t *n, struct keyset_page *pg)
{
	static const struct keyset_list	 l = {
		.size = sizeof(struct document),
		.bind = keyset_bind_owner,
		.read = read_keyed,
	};

	return keyset_read(db, a, &l, mine_src, 1, ks, who, (void **)out, n,
	    pg);
}

static void
bind_team(sqlite3_stmt *s, unsigned rank, const void *arg)
{
	const struct team_arg	*t = arg;

	(void)rank;
	db_bind_text(s, 4, t->text);
	if (t->id != 0)
		db_bind_int(s, 5, t->id);
}

enum db_rc
document_list(struct db *db, struct arena *a, const char *status,
    int64_t customer_id, const struct keyset *ks, struct document **out,
    size_t *n, struct keyset_page *pg)
{
	static const struct keyset_list	 l = {
		.size = sizeof(struct document),
		.bind = bind_team,
		.read = read_keyed,
	};
	struct team_arg			 t = { customer_id,
					    status != NULL ? status : "" };

	return keyset_read(db, a, &l, customer_id != 0 ? one_src : team_src,
	    1, ks, &t, (void **)out, n, pg);
}

enum db_rc
document_shared_with(struct db *db, struct arena *a,
    const struct principal *who, int64_t project_id, size_t max,
    struct document **out, size_t *n)
{
	sqlite3_stmt	*s;

	*out = NULL;
	*n = 0;
	if (who == NULL || who->kind != PRINCIPAL_CUSTOMER || max == 0)
		return DB_OK;
	if ((s = db_stmt(db, &q_shared)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, who->id);
	db_bind_text(s, 2, db_owner_kind(who));
	db_bind_limit(s, 3, max);
	db_bind_int(s, 4, project_id);
	return read_list(db, a, s, 1, out, n);
}

static void
bind_project(sqlite3_stmt *s, unsigned rank, const void *arg)
{
	(void)rank;
	db_bind_int(s, 4, *(const int64_t *)arg);
}

enum db_rc
document_of_project(struct db *db, struct arena *a, int64_t project_id,
    const struct keyset *ks, struct document **out, size_t *n,
    struct keyset_page *pg)
{
	static const struct keyset_list	 l = {
		.size = sizeof(struct document),
		.bind = bind_project,
		.read = read_keyed,
	};

	return keyset_read(db, a, &l, proj_src, 1, ks, &project_id,
	    (void **)out, n, pg);
}

enum db_rc
document_review(struct db *db, const struct principal *who,
    const struct document *d, const char *status, const char *reason,
    int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if (who != NULL && who->kind != PRINCIPAL_MEMBER)
		return DB_NOTFOUND;
	if (!document_status_valid(status, strlen(status)))
		return DB_ERR;
	if ((s = db_stmt(db, &q_review)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, d->id);
	db_bind_text(s, 3, status);
	db_bind_text(s, 4, reason != NULL ? reason : "");
	bind_id(s, 5, who != NULL ? who->id : 0);
	rc = db_write(db, s);
	return rc == DB_NOTFOUND ? DB_CONFLICT : rc;
}

enum db_rc
document_share(struct db *db, const struct document *d, bool all,
    int64_t customer_id, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_share)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, d->id);
	db_bind_int(s, 3, all ? 1 : 0);
	bind_id(s, 4, customer_id);
	rc = db_write(db, s);
	return rc == DB_NOTFOUND ? DB_CONFLICT : rc;
}

enum db_rc
document_delete(struct db *db, const struct document *d)
{
	return db_run_int(db, &q_delete, d->id);
}

enum db_rc
document_expired(struct db *db, struct arena *a, int64_t now, size_t max,
    struct document **out, size_t *n)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_expired)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_limit(s, 2, max);
	return read_list(db, a, s, 0, out, n);
}

bool
document_stored(struct db *db, const char *name)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_stored)) == NULL)
		return true;
	db_bind_text(s, 1, name);
	rc = db_step(db, s);
	db_reset(s);
	return rc != DB_OK;	/* a row, or an error: keep the file */
}

/* ------------------------------------------------------------ requests */

enum db_rc
document_request_add(struct db *db, struct arena *a,
    const struct principal *member, int64_t customer_id, const char *title,
    const char *explanation, int64_t now, const char **pid)
{
	sqlite3_stmt	*s;
	const char	*p;
	enum db_rc	 rc;

	if (member != NULL && member->kind != PRINCIPAL_MEMBER)
		return DB_NOTFOUND;
	if ((s = db_stmt(db, &q_req_add)) == NULL)
		return DB_ERR;
	p = crypto_public_id_new(a);
	db_bind_text(s, 1, p);
	db_bind_int(s, 2, customer_id);
	db_bind_text(s, 3, title);
	db_bind_text(s, 4, explanation != NULL ? explanation : "");
	bind_id(s, 5, member != NULL ? member->id : 0);
	db_bind_int(s, 6, now);
	db_bind_int(s, 7, now);
	if ((rc = db_write(db, s)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_ERR : rc;
	if (pid != NULL)
		*pid = p;
	return DB_OK;
}

enum db_rc
document_request_get(struct db *db, struct arena *a,
    const struct principal *who, const char *pid, struct document_request *q)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_owned_get(db, &q_req_get, &q_req_get_customer, who,
	    pid, &rc)) == NULL)
		return rc;
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	read_req(a, s, 0, q);
	db_reset(s);
	return DB_OK;
}

enum db_rc
document_request_fulfil(struct db *db, const struct document_request *q,
    int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_req_fulfil)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, q->id);
	rc = db_write(db, s);
	return rc == DB_NOTFOUND ? DB_CONFLICT : rc;
}

enum db_rc
document_request_cancel(struct db *db, const struct principal *member,
    const struct document_request *q, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if (member == NULL || member->kind != PRINCIPAL_MEMBER)
		return DB_NOTFOUND;
	if ((s = db_stmt(db, &q_req_cancel)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, q->id);
	db_bind_int(s, 3, member->id);
	rc = db_write(db, s);
	return rc == DB_NOTFOUND ? DB_CONFLICT : rc;
}

enum db_rc
document_request_open_of(struct db *db, struct arena *a,
    const struct principal *who, int64_t customer_id, size_t max,
    struct document_request **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if (who == NULL || who->kind == PRINCIPAL_NONE || max == 0)
		return DB_OK;
	if ((s = db_stmt(db, &q_req_open)) == NULL)
		return DB_ERR;
	/* a customer reads only their own */
	db_bind_int(s, 1, who->kind == PRINCIPAL_CUSTOMER ? who->id :
	    customer_id);
	db_bind_limit(s, 2, max);
	while ((rc = db_step(db, s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, sizeof(**out));
		read_req(a, s, 0, &(*out)[(*n)++]);
	}
	return rc;
}

static void
read_req_keyed(struct arena *a, sqlite3_stmt *s, unsigned rank, void *row)
{
	(void)rank;
	read_req(a, s, 1, row);
}

static void
bind_req_customer(sqlite3_stmt *s, unsigned rank, const void *arg)
{
	(void)rank;
	db_bind_int(s, 4, *(const int64_t *)arg);
}

enum db_rc
document_request_of_customer(struct db *db, struct arena *a,
    int64_t customer_id, const struct keyset *ks,
    struct document_request **out, size_t *n, struct keyset_page *pg)
{
	static const struct keyset_list	 l = {
		.size = sizeof(struct document_request),
		.bind = bind_req_customer,
		.read = read_req_keyed,
	};

	return keyset_read(db, a, &l, req_src, 1, ks, &customer_id,
	    (void **)out, n, pg);
}
