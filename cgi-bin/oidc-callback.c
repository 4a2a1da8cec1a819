/*
 * oidc-callback: GET /auth/oidc/callback?code=...&state=...
 * Where the provider sends the browser back.  Once the flow checks out
 * and the provider vouches for a verified address (page_oidc_back), the
 * customer is signed in: the one linked to this identity, else the one
 * with that address (an invited account is activated), else, on an open
 * portal, a new account.
 * 303 signed in | 200 cancelled at the provider | 400 unknown, expired or
 * replayed flow | 403 no verified address, or no account on an
 * invite-only portal | 502 the provider failed
 */
#include <string.h>

#include "customer.h"
#include "identity.h"
#include "oidc.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

enum { F_STATE, F_CODE, F_ERROR, F_ISS };

static const struct field fields[] = {
	[F_STATE] = { "state", valid_token, 0, 0 },
	[F_CODE] = { "code", valid_any, FIELD_SECRET, 2048 },
	[F_ERROR] = { "error", valid_any, 0, 128 },
	[F_ISS] = { "iss", valid_any, 0, 512 },
};

/* The page for what went wrong: one of the template's flags is set. */
static enum page_rc
problem(struct req *r, int status, const char *what)
{
	static const char *const flags[] = { "invalid", "cancelled",
	    "unverified", "failed", "no_account" };
	size_t			 i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		tval_bool(r->tv, flags[i], strcmp(flags[i], what) == 0);
	return page_render_status(r, status, "oidc-problem");
}

static enum page_rc
callback(struct req *r)
{
	const struct oidc_provider	*p;
	struct oidcflow			 f;
	struct oidc_identity		 id;
	struct customer			 c;
	struct principal		 who;
	enum page_oidc			 back;
	enum db_rc			 rc;
	bool				 created;

	back = page_oidc_back(r, page_field(r, F_STATE), page_field(r, F_CODE),
	    page_field(r, F_ERROR), page_field(r, F_ISS), &f, &p, &id);
	tval_str(r->tv, "provider", p != NULL ? p->name : "");
	switch (back) {
	case PAGE_OIDC_OK:
		break;
	case PAGE_OIDC_DB:
		return PAGE_OK;
	case PAGE_OIDC_INVALID:
		return problem(r, 400, "invalid");
	case PAGE_OIDC_CANCELLED:
		return problem(r, 200, "cancelled");
	case PAGE_OIDC_UNVERIFIED:
		return problem(r, 403, "unverified");
	case PAGE_OIDC_FAILED:
		return problem(r, 502, "failed");
	}
	rc = identity_customer(r->db, r->a, p->issuer, id.subject, id.email,
	    id.name, r->portal->signup == SIGNUP_OPEN, r->now, &c, &created);
	if (rc == DB_NOTFOUND)
		return problem(r, 403, "no_account");
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	who = customer_principal(&c);
	return page_sign_in_to(r, &who, f.next);
}

static const struct page PAGE = {
	.route = "GET /auth/oidc/callback",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = callback,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
