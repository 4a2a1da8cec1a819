/*
 * team-welcome-save: POST /team/welcome
 * Accepts a team invitation once: where the office offers passwords, the
 * new password must meet password_check's rules (else the form again, the
 * invitation still unused) and is stored; the invitation is used up, any
 * other sent to the member stops working, the audit log records it
 * ("invite-accepted", by the member) and this browser is signed in on the
 * team side with the role the admin gave.  The password is never written
 * back into a form.
 * 303 to /team | 410 malformed, unknown, used or expired invitation |
 * 422 the form again with the rule that was not met
 */
#include "audit.h"
#include "linktoken.h"
#include "member.h"
#include "page.h"
#include "password.h"
#include "team.h"
#include "tmpl.h"
#include "util.h"

enum { F_TOKEN, F_PASSWORD };

static const struct field fields[] = {
	[F_TOKEN] = { "t", valid_token, 0, 0 },
	[F_PASSWORD] = { "password", valid_password, 0, 0 },
};

/* The member a usable invitation is for, or DB_NOTFOUND. */
static enum db_rc
invited(struct req *r, const char *t, struct principal *m)
{
	struct linktoken	 tok;
	enum db_rc		 rc;

	rc = page_account_link_peek(r, PRINCIPAL_MEMBER, LINK_INVITE, t, &tok);
	if (rc != DB_OK)
		return rc;
	return member_by_id(r->db, r->a, tok.member_id, m);
}

/* Uses the invitation, storing the hash when there is one. */
static enum db_rc
use_invitation(struct req *r, const char *t, const struct principal *m,
    const char *hash)
{
	struct linktoken	 tok;
	enum db_rc		 rc;

	rc = linktoken_consume_for(r->db, r->a, PRINCIPAL_MEMBER, t,
	    LINK_INVITE, r->now, &tok);
	if (rc == DB_OK && hash != NULL)
		rc = member_set_password(r->db, m->id, hash);
	if (rc == DB_OK)
		rc = linktoken_revoke_for(r->db, PRINCIPAL_MEMBER, m->id,
		    LINK_INVITE, r->now);
	if (rc == DB_OK)
		rc = audit_add(r->db, m, "invite-accepted", m->pid, NULL,
		    r->now);
	return rc;
}

static enum page_rc
save(struct req *r)
{
	const struct fieldval	*pw = &r->fields[F_PASSWORD];
	const char		*t = page_field(r, F_TOKEN), *hash = NULL;
	struct principal	 m;
	enum password_rule	 rule;
	enum db_rc		 rc;

	if ((rc = invited(r, t, &m)) == DB_NOTFOUND)
		return team_link_invalid(r, true);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (team_offers(r, SIGNIN_PASSWORD)) {
		rule = pw->val == NULL ? PASSWORD_TOO_SHORT :
		    password_check(pw->val, pw->len, m.email);
		if (rule != PASSWORD_OK)
			return team_welcome_page(r, 422, &m, t, rule);
		if ((hash = password_hash(r->a, pw->val, pw->len)) == NULL)
			return PAGE_FAIL;
	}
	if ((rc = use_invitation(r, t, &m, hash)) == DB_NOTFOUND)
		return team_link_invalid(r, true);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	return page_sign_in_to(r, &m, NULL);
}

static const struct page PAGE = {
	.route = "POST /team/welcome",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = save,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
