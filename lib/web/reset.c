/*
 * reset: choosing a new password through an e-mailed link (reset.h), for
 * customers and team members alike.
 *
 * The two sides differ only in what struct side names: their paths, mail
 * and rate-limit keys, and where a new password lands.  Their links live
 * in each side's own table (linktoken.c), so a customer's reset link never
 * opens a team member's account or the other way round.  Both sides render
 * the same templates, which read team_side (set for every page under
 * /team) for the paths they link to.  Everything happens in the request's
 * transaction: a link's mail is queued exactly when the link exists, and
 * a used link, the new password and the ended sessions commit together.
 */
#include <stdbool.h>
#include <stddef.h>

#include "audit.h"
#include "config.h"
#include "customer.h"
#include "linktoken.h"
#include "member.h"
#include "page.h"
#include "password.h"
#include "reset.h"
#include "session.h"
#include "team.h"
#include "tmpl.h"
#include "util.h"

const struct field reset_ask_fields[1] = {
	{ "email", valid_email, FIELD_TRIM | FIELD_LOWER, 254 },
};

const struct field reset_link_fields[RESET_F_TOKEN + 1] = {
	[RESET_F_TOKEN] = { "t", valid_token, 0, 0 },
};

/* No validator limit below the default: password_check says what is
 * wrong with a value that is too long or not text, in words. */
const struct field reset_use_fields[RESET_F__MAX] = {
	[RESET_F_TOKEN] = { "t", valid_token, 0, 0 },
	[RESET_F_PASSWORD] = { "password", valid_password, 0, 0 },
};

struct side {
	const char	*throttle;	/* page_throttled's action */
	const char	*mail;		/* templates/mail/<mail>.txt */
	const char	*path;		/* where the link lands */
	const char	*landing;	/* after the new password is set */
};

static const struct side customers = {
	"reset", "password-reset", "/password/reset", "/portal",
};

static const struct side members = {
	"team-reset", "team-password-reset", "/team/password/reset",
	"/team?password=1",
};

static const struct side *
side_of(enum principal_kind kind)
{
	return kind == PRINCIPAL_MEMBER ? &members : &customers;
}

/* Whether the side signs in with passwords here. */
static bool
offered(const struct req *r, enum principal_kind kind)
{
	if (kind == PRINCIPAL_MEMBER)
		return team_offers(r, SIGNIN_PASSWORD);
	return (r->portal->signin & SIGNIN_PASSWORD) != 0;
}

static enum page_rc
ask_form(struct req *r, int status, const char *email, bool err)
{
	tval_str(r->tv, "email", email != NULL ? email : "");
	tval_bool(r->tv, "err_email", err);
	return page_render_status(r, status, "password-forgot");
}

static enum page_rc
new_password_form(struct req *r, int status, const char *token,
    enum password_rule rule)
{
	tval_str(r->tv, "token", token);
	tval_bool(r->tv, "err_password", rule != PASSWORD_OK);
	page_password_rule(r, rule);
	return page_render_status(r, status, "password-reset");
}

/* The owner of a usable reset link, or DB_NOTFOUND: an inactive customer
 * has no password to choose. */
static enum db_rc
link_owner(struct req *r, enum principal_kind kind, const char *token,
    struct principal *who)
{
	struct linktoken	 tok;
	struct customer		 c;
	enum db_rc		 rc;

	rc = page_account_link_peek(r, kind, LINK_RESET, token, &tok);
	if (rc != DB_OK)
		return rc;
	if (kind == PRINCIPAL_MEMBER)
		return member_by_id(r->db, r->a, tok.member_id, who);
	if ((rc = customer_by_id(r->db, r->a, tok.customer_id, &c)) != DB_OK)
		return rc;
	if (!c.active)
		return DB_NOTFOUND;
	*who = customer_principal(&c);
	return DB_OK;
}

/* The owner of the request's usable link (field RESET_F_TOKEN), or false
 * with the page that says why there is none built: 404 where the side
 * offers no passwords, 410, or the error page. */
static bool
usable_link(struct req *r, enum principal_kind kind, struct principal *who)
{
	enum db_rc	 rc;

	if (!offered(r, kind))
		page_status(r, 404);
	else if ((rc = link_owner(r, kind, page_field(r, RESET_F_TOKEN),
	    who)) == DB_NOTFOUND)
		page_link_invalid(r, LINK_RESET, false);
	else if (rc != DB_OK)
		page_db_fail(r, rc);
	else
		return true;
	return false;
}

/* Uses the link and stores the hash; the account's other reset links
 * and all its sessions end.  DB_NOTFOUND when the link was used or
 * expired meanwhile. */
static enum db_rc
use_link(struct req *r, const char *token, const struct principal *who,
    const char *hash)
{
	struct linktoken	 tok;
	enum db_rc		 rc;

	rc = linktoken_consume_for(r->db, r->a, who->kind, token, LINK_RESET,
	    r->now, &tok);
	if (rc == DB_OK)
		rc = page_account_set_password(r, who, hash);
	if (rc == DB_OK)
		rc = linktoken_revoke_for(r->db, who->kind, who->id,
		    LINK_RESET, r->now);
	if (rc == DB_OK)
		rc = session_delete_all(r->db, who);
	if (rc == DB_OK && who->kind == PRINCIPAL_MEMBER)
		rc = audit_add(r->db, who, "member-password-reset", who->pid,
		    NULL, r->now);
	return rc;
}

enum page_rc
reset_ask_form(struct req *r, enum principal_kind kind)
{
	if (!offered(r, kind))
		return page_status(r, 404);
	return ask_form(r, 200, NULL, false);
}

enum page_rc
reset_ask(struct req *r, enum principal_kind kind)
{
	const struct fieldval	*email = &r->fields[0];
	const struct side	*sd = side_of(kind);
	struct principal	 who;
	struct tval		*tv;
	enum db_rc		 rc;

	if (!offered(r, kind))
		return page_status(r, 404);
	if (!email->ok)
		return ask_form(r, 422, email->val, true);
	if (page_throttled(r, sd->throttle, email->val))
		return PAGE_OK;
	if ((rc = page_account_by_email(r, kind, email->val, &who)) ==
	    DB_OK) {
		tv = tval_map(r->a);
		tval_str(tv, "office_name", r->office->name);
		rc = page_mail_account_link(r, sd->mail, &who, LINK_RESET,
		    sd->path, RESET_TTL, tv);
	}
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return page_db_fail(r, rc);
	tval_str(r->tv, "email", email->val);
	tval_int(r->tv, "minutes", RESET_TTL / 60);
	return page_render(r, "password-forgot-sent");
}

enum page_rc
reset_link_form(struct req *r, enum principal_kind kind)
{
	struct principal	 who;

	if (!usable_link(r, kind, &who))
		return PAGE_OK;
	return new_password_form(r, 200, page_field(r, RESET_F_TOKEN),
	    PASSWORD_OK);
}

enum page_rc
reset_use(struct req *r, enum principal_kind kind)
{
	const struct fieldval	*pw = &r->fields[RESET_F_PASSWORD];
	const char		*token = page_field(r, RESET_F_TOKEN), *hash;
	struct principal	 who;
	enum password_rule	 rule;
	enum db_rc		 rc;

	if (!usable_link(r, kind, &who))
		return PAGE_OK;
	rule = pw->val == NULL ? PASSWORD_TOO_SHORT :
	    password_check(pw->val, pw->len, who.email);
	if (rule != PASSWORD_OK)
		return new_password_form(r, 422, token, rule);
	if ((hash = password_hash(r->a, pw->val, pw->len)) == NULL)
		return PAGE_FAIL;
	if ((rc = use_link(r, token, &who, hash)) == DB_NOTFOUND)
		return page_link_invalid(r, LINK_RESET, false);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	return page_sign_in_to(r, &who, side_of(kind)->landing);
}
