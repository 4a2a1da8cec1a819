/*
 * account: what the signed-in customer's account page and data export
 * show of them, read at once.
 *
 * customer_account reads, through the same principal, everything the
 * account page and the data export show, so both read it the same way.
 * It gathers the customer, their preferences and deletion request (data
 * functions) with their live sessions (session.c, on the auth floor), so
 * it lives here, above both, rather than in customer.c.  It only reads.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "account.h"
#include "customer.h"
#include "db.h"
#include "deletion.h"
#include "principal.h"
#include "session.h"

/* The latest deletion request, if any. */
static enum db_rc
account_deletion(struct db *db, struct arena *a, const struct principal *who,
    struct customer_account *out)
{
	enum db_rc	 rc;

	rc = deletion_of_customer(db, a, who, &out->deletion);
	out->has_deletion = rc == DB_OK;
	return rc == DB_NOTFOUND ? DB_OK : rc;
}

enum db_rc
customer_account(struct db *db, struct arena *a, const struct principal *who,
    const char *current_token, int64_t now, const struct session_limits *lim,
    struct customer_account *out)
{
	const char	*hash;
	enum db_rc	 rc;

	memset(out, 0, sizeof(*out));
	if (who == NULL || who->kind != PRINCIPAL_CUSTOMER)
		return DB_NOTFOUND;
	rc = customer_password(db, a, who->id, &hash);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return rc;
	out->has_password = hash != NULL;
	if ((rc = customer_by_id(db, a, who->id, &out->c)) != DB_OK ||
	    (rc = customer_created(db, who, &out->created)) != DB_OK ||
	    (rc = customer_notifications(db, who, &out->prefs)) != DB_OK ||
	    (rc = account_deletion(db, a, who, out)) != DB_OK)
		return rc;
	return session_list(db, a, who, current_token, now, lim,
	    &out->sessions, &out->nsessions);
}
