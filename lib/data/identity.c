/*
 * identity: customers' OpenID Connect identities, and the sign-ins with a
 * provider that are under way.
 *
 * A flow row is written when the browser leaves for the provider and
 * removed when it comes back, found by the hash of its state: the state
 * itself lives only in the browser (cookie and URL).  An identity is the
 * pair (issuer, subject), the one thing a provider promises never to
 * reuse for someone else; the e-mail address only decides which customer
 * a first sign-in links to.  Nothing here talks to a provider (oidc.c
 * does) or decides whether a portal allows sign-up (the caller does).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "crypto.h"
#include "customer.h"
#include "db.h"
#include "identity.h"
#include "principal.h"

static const struct db_sql q_flow_add = { "identity.flow_add",
    "INSERT INTO oidc_flows (state_hash, portal, provider, nonce, verifier, "
    "next, created, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?)" };
static const struct db_sql q_flow_get = { "identity.flow_get",
    "SELECT portal, provider, nonce, verifier, next FROM oidc_flows "
    "WHERE state_hash = ? AND expires > ?" };
static const struct db_sql q_flow_take = { "identity.flow_take",
    "DELETE FROM oidc_flows WHERE state_hash = ?" };
static const struct db_sql q_flow_sweep = { "identity.flow_sweep",
    "DELETE FROM oidc_flows WHERE expires <= ?" };
static const struct db_sql q_find = { "identity.find",
    "SELECT customer_id FROM customer_identities "
    "WHERE issuer = ? AND subject = ?" };
static const struct db_sql q_used = { "identity.used",
    "UPDATE customer_identities SET last_used = ? "
    "WHERE issuer = ? AND subject = ?" };
static const struct db_sql q_link = { "identity.link",
    "INSERT INTO customer_identities (customer_id, issuer, subject, "
    "created, last_used) VALUES (?, ?, ?, ?, ?)" };
static const struct db_sql q_list = { "identity.list",
    "SELECT issuer, created, last_used FROM customer_identities "
    "WHERE customer_id = ? ORDER BY created, id" };

static void
bind_state(sqlite3_stmt *s, const char *state)
{
	uint8_t	 hash[TOKEN_HASH_LEN];

	crypto_token_hash(state, strlen(state), hash);
	db_bind_blob(s, 1, hash, sizeof(hash));
}

enum db_rc
oidcflow_add(struct db *db, const char *state, const struct oidcflow *f,
    int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_flow_add)) == NULL)
		return DB_ERR;
	bind_state(s, state);
	db_bind_text(s, 2, f->portal);
	db_bind_text(s, 3, f->provider);
	db_bind_text(s, 4, f->nonce);
	db_bind_text(s, 5, f->verifier);
	db_bind_text(s, 6, f->next != NULL ? f->next : "");
	db_bind_int(s, 7, now);
	db_bind_int(s, 8, now + OIDC_FLOW_TTL);
	return db_step(db, s);
}

enum db_rc
oidcflow_get(struct db *db, struct arena *a, const char *state, int64_t now,
    struct oidcflow *out)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_flow_get)) == NULL)
		return DB_ERR;
	bind_state(s, state);
	db_bind_int(s, 2, now);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	out->portal = db_col_text(a, s, 0);
	out->provider = db_col_text(a, s, 1);
	out->nonce = db_col_text(a, s, 2);
	out->verifier = db_col_text(a, s, 3);
	out->next = db_col_text(a, s, 4);
	db_reset(s);
	return DB_OK;
}

enum db_rc
oidcflow_take(struct db *db, const char *state)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, &q_flow_take)) == NULL)
		return DB_ERR;
	bind_state(s, state);
	return db_write(db, s);
}

enum db_rc
oidcflow_sweep(struct db *db, int64_t now)
{
	return db_run_int(db, &q_flow_sweep, now);
}

/* ------------------------------------------------------------ identities */

static enum db_rc
find(struct db *db, const char *issuer, const char *subject, int64_t *cid)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if ((s = db_stmt(db, &q_find)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, issuer);
	db_bind_text(s, 2, subject);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	*cid = db_col_int(s, 0);
	db_reset(s);
	return DB_OK;
}

/* Runs q, one of the two writes of an identity (the columns in order). */
static enum db_rc
write_identity(struct db *db, const struct db_sql *q, int64_t first,
    const char *issuer, const char *subject, int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, q)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, first);
	db_bind_text(s, 2, issuer);
	db_bind_text(s, 3, subject);
	if (q == &q_link) {
		db_bind_int(s, 4, now);
		db_bind_int(s, 5, now);
	}
	return db_step(db, s);
}

/* The account for an address no customer has yet. */
static enum db_rc
new_customer(struct db *db, struct arena *a, const char *email,
    const char *name, int64_t now, struct customer *out)
{
	if (name == NULL)	/* the provider gave none: the local part */
		name = arena_strndup(a, email, strcspn(email, "@"));
	return customer_add(db, a, email, name, now, out);
}

enum db_rc
identity_customer(struct db *db, struct arena *a, const char *issuer,
    const char *subject, const char *email, const char *name,
    bool may_create, int64_t now, struct customer *out, bool *created)
{
	int64_t		 cid;
	enum db_rc	 rc;

	*created = false;
	if ((rc = find(db, issuer, subject, &cid)) == DB_OK) {
		if ((rc = write_identity(db, &q_used, now, issuer, subject,
		    now)) != DB_OK)
			return rc;
		return customer_by_id(db, a, cid, out);
	}
	if (rc != DB_NOTFOUND)
		return rc;
	rc = customer_by_email_any(db, a, email, out);
	if (rc == DB_OK && !out->active &&
	    (rc = customer_activate(db, out->id, now)) == DB_OK)
		out->active = true;
	else if (rc == DB_NOTFOUND && may_create &&
	    (rc = new_customer(db, a, email, name, now, out)) == DB_OK)
		*created = true;
	if (rc != DB_OK)
		return rc;
	return write_identity(db, &q_link, out->id, issuer, subject, now);
}

enum db_rc
identity_list(struct db *db, struct arena *a, const struct principal *who,
    struct identity **out, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*out = NULL;
	*n = 0;
	if (who->kind != PRINCIPAL_CUSTOMER)
		return DB_OK;
	if ((s = db_stmt(db, &q_list)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, who->id);
	while ((rc = db_step(db, s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, sizeof(**out));
		(*out)[*n].issuer = db_col_text(a, s, 0);
		(*out)[*n].created = db_col_int(s, 1);
		(*out)[*n].last_used = db_col_int(s, 2);
		(*n)++;
	}
	return rc;
}
