/*
 * account: what the signed-in customer's account page and data export
 * show of them, read at once, so both read it the same way.
 */
#ifndef PORCH_ACCOUNT_H
#define PORCH_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "customer.h"
#include "db.h"
#include "deletion.h"

struct arena;
struct principal;
struct session_info;
struct session_limits;

struct customer_account {
	struct customer		 c;
	bool			 has_password;
	int64_t			 created;
	struct customer_prefs	 prefs;
	bool			 has_deletion;
	struct deletion		 deletion;	/* the latest request, any status */
	struct session_info	*sessions;	/* live ones, as session_list */
	size_t			 nsessions;
};

/* Reads the account of `who`, current_token's session marked (may be
 * NULL).  DB_NOTFOUND when `who` is not a customer or no longer exists. */
enum db_rc	 customer_account(struct db *, struct arena *,
		    const struct principal *who, const char *current_token,
		    int64_t now, const struct session_limits *,
		    struct customer_account *out);

#endif
