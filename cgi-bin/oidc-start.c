/*
 * oidc-start: GET /auth/oidc?provider=ID[&next=/path]
 * "Sign in with <provider>": remembers a new sign-in flow (its state,
 * nonce and PKCE verifier, for ten minutes), gives the browser the state
 * in a cookie, and sends it to the provider.  Only the providers the
 * portal offers can be asked for.  The provider's discovery document may
 * have to be fetched first; no lock is held meanwhile.  A link, not a
 * form: browsers hold a form's redirect to the provider to the
 * form-action 'self' policy.  Starting a flow signs no one in: only the
 * browser holding the state can finish it, so a link that starts one
 * from elsewhere achieves nothing; starts are rate limited per client.
 * 303 to the provider | 404 no such provider here | 429 too many
 * | 502 provider unreachable
 */
#include "identity.h"
#include "log.h"
#include "oidc.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

enum { F_PROVIDER, F_NEXT };

static const struct field fields[] = {
	[F_PROVIDER] = { "provider", valid_conf_id, 0, 40 },
	[F_NEXT] = { "next", valid_local_path, 0, 512 },
};

static enum page_rc
oidc_start(struct req *r)
{
	const struct oidc_provider	*p;
	const char			*next = page_field(r, F_NEXT);
	const char			*url, *err;
	struct oidc_flow		 of;
	struct oidcflow			 f;
	enum db_rc			 rc;

	p = config_portal_oidc(r->portal, page_field(r, F_PROVIDER));
	if (p == NULL)
		return page_status(r, 404);
	if (page_throttled(r, "oidc", NULL))
		return PAGE_OK;
	page_tx_pause(r);
	if (!oidc_begin(r->a, p, oidc_redirect_uri(r->a, r->portal), &of,
	    &url, &err)) {
		log_warn("%s: oidc %s: %s", r->id, p->id, err);
		tval_str(r->tv, "provider", p->name);
		return page_render_status(r, 502, "oidc-unavailable");
	}
	if ((rc = page_tx_resume(r)) != DB_OK)
		return page_db_fail(r, rc);
	f = (struct oidcflow){ r->portal->id, p->id, of.nonce, of.verifier,
	    next != NULL ? next : "" };
	if ((rc = oidcflow_add(r->db, of.state, &f, r->now)) != DB_OK)
		return page_db_fail(r, rc);
	page_cookie(r, COOKIE_OIDC, of.state, OIDC_FLOW_TTL);
	return page_redirect_away(r, url);
}

static const struct page PAGE = {
	.route = "GET /auth/oidc",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = oidc_start,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
