/*
 * page-link: the single-use links Porch e-mails, for customers and team
 * members alike: making one and mailing it, checking one a page was
 * opened with, and signing in with one.
 *
 * The side is the principal's kind.  Each side's links live in its own
 * tables (logintoken.c, linktoken.c), and a link lands on its side's page
 * (/auth or /team/auth), so a customer's link never reaches the team and
 * the other way round.  A sign-in link works only on the portal it was
 * asked on; an account link (reset, invitation) only for its purpose.
 * A sign-up's link (signup.c) lands on /auth like a sign-in link and is
 * peeked and used through the same two functions, so the page need not
 * tell them apart and the account it makes starts signed in.  Nothing
 * here decides who may ask for a link or what the mail says: the pages
 * and the templates do.  Everything happens in the request's transaction,
 * so a mail is queued exactly when its link exists.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "customer.h"
#include "linktoken.h"
#include "logintoken.h"
#include "member.h"
#include "page.h"
#include "signup.h"
#include "tmpl.h"

/* Queues "mail/<mail>" to who with the common values of a mailed link. */
static enum db_rc
mail_with_link(struct req *r, const char *mail, const struct principal *who,
    const char *link, int64_t ttl, struct tval *tv)
{
	if (tv == NULL)
		tv = tval_map(r->a);
	tval_str(tv, "name", who->name);
	tval_str(tv, "link", link);
	tval_int(tv, "minutes", ttl / 60);
	tval_int(tv, "days", ttl / 86400);
	return page_mail(r, mail, who->email, tv);
}

enum db_rc
page_mail_signin_link(struct req *r, const char *mail,
    const struct principal *who, const char *next, int64_t ttl)
{
	return page_mail_signin_link_tv(r, mail, who, next, ttl, NULL);
}

enum db_rc
page_signin_link(struct req *r, const struct principal *who,
    const char *next, int64_t ttl, const char **link)
{
	const char	*token, *land;
	enum db_rc	 rc;

	if (ttl <= 0)
		ttl = (int64_t)r->conf->magic_link_minutes * 60;
	rc = logintoken_create_for(r->db, r->a, who->kind, who->id,
	    r->portal->id, next != NULL ? next : "", r->now, ttl, &token);
	if (rc != DB_OK)
		return rc;
	land = who->kind == PRINCIPAL_MEMBER ? "/team/auth" : "/auth";
	*link = arena_printf(r->a, "%s%s?t=%s", r->portal->url, land, token);
	return DB_OK;
}

enum db_rc
page_mail_signin_link_tv(struct req *r, const char *mail,
    const struct principal *who, const char *next, int64_t ttl,
    struct tval *tv)
{
	const char	*link;
	enum db_rc	 rc;

	if (ttl <= 0)
		ttl = (int64_t)r->conf->magic_link_minutes * 60;
	if ((rc = page_signin_link(r, who, next, ttl, &link)) != DB_OK)
		return rc;
	return mail_with_link(r, mail, who, link, ttl, tv);
}

enum db_rc
page_mail_account_link(struct req *r, const char *mail,
    const struct principal *who, enum link_purpose purpose, const char *path,
    int64_t ttl, struct tval *tv)
{
	const char	*token;
	enum db_rc	 rc;

	rc = linktoken_create_for(r->db, r->a, who->kind, who->id, purpose,
	    NULL, r->now, ttl, &token);
	if (rc != DB_OK)
		return rc;
	return mail_with_link(r, mail, who, arena_printf(r->a, "%s%s?t=%s",
	    r->portal->url, path, token), ttl, tv);
}

enum db_rc
page_mail_signup_link(struct req *r, const char *email, const char *name,
    const char *hash, const char *next)
{
	struct principal	 who = { .kind = PRINCIPAL_CUSTOMER,
				    .email = email, .name = name };
	const char		*token;
	int64_t			 ttl = (int64_t)r->conf->magic_link_minutes * 60;
	enum db_rc		 rc;

	rc = signup_start(r->db, r->a, email, name, hash, r->portal->id, next,
	    r->now, ttl, &token);
	if (rc != DB_OK)
		return rc;
	return mail_with_link(r, "signup-confirm", &who,
	    arena_printf(r->a, "%s/auth?t=%s", r->portal->url, token), ttl,
	    NULL);
}

/* A customer's link that is not a sign-in link may be a sign-up's. */
static enum db_rc
signup_link_peek(struct req *r, const char *token, struct logintoken *out)
{
	struct signup_pending	 su;
	enum db_rc		 rc;

	rc = signup_peek(r->db, r->a, token, r->portal->id, r->now, &su);
	if (rc != DB_OK)
		return rc;
	memset(out, 0, sizeof(*out));
	out->portal = su.portal;
	out->next = su.next;
	out->expires = su.expires;
	out->activates = true;
	return DB_OK;
}

enum db_rc
page_signin_link_peek(struct req *r, enum principal_kind kind,
    const char *token, struct logintoken *out)
{
	struct customer	 c;
	enum db_rc	 rc;

	if (token == NULL)
		return DB_NOTFOUND;
	rc = logintoken_peek_for(r->db, r->a, kind, token, out);
	if (rc == DB_NOTFOUND && kind == PRINCIPAL_CUSTOMER)
		return signup_link_peek(r, token, out);
	if (rc != DB_OK)
		return rc;
	if (out->used != 0 || out->expires <= r->now ||
	    strcmp(out->portal, r->portal->id) != 0)
		return DB_NOTFOUND;
	if (kind != PRINCIPAL_CUSTOMER)
		return DB_OK;
	if ((rc = customer_by_id(r->db, r->a, out->customer_id, &c)) != DB_OK)
		return rc;
	out->activates = !c.active;
	return DB_OK;
}

/* The owner of a consumed sign-in link, as a principal.  A customer who
 * was not active yet (sign-up, invitation) is activated: the link proved
 * they own the address. */
static enum db_rc
link_owner(struct req *r, enum principal_kind kind,
    const struct logintoken *tok, struct principal *who)
{
	struct customer	 c;
	enum db_rc	 rc;

	if (kind == PRINCIPAL_MEMBER)
		return member_by_id(r->db, r->a, tok->member_id, who);
	if ((rc = customer_by_id(r->db, r->a, tok->customer_id, &c)) != DB_OK)
		return rc;
	if (!c.active && (rc = customer_activate(r->db, c.id, r->now)) != DB_OK)
		return rc;
	*who = customer_principal(&c);
	return DB_OK;
}

/* The account a sign-up's link makes, as a principal. */
static enum db_rc
signup_link_use(struct req *r, const char *token, struct logintoken *tok,
    struct principal *who)
{
	struct customer	 c;
	enum db_rc	 rc;

	memset(tok, 0, sizeof(*tok));
	rc = signup_confirm(r->db, r->a, token, r->portal->id, r->now, &c,
	    &tok->next);
	if (rc == DB_OK)
		*who = customer_principal(&c);
	return rc;
}

enum db_rc
page_signin_link_use(struct req *r, enum principal_kind kind,
    const char *token, const char **next)
{
	struct logintoken	 tok;
	struct principal	 who;
	enum db_rc		 rc;

	*next = "";
	if (token == NULL)
		return DB_NOTFOUND;
	rc = logintoken_consume_for(r->db, r->a, kind, token, r->portal->id,
	    r->now, &tok);
	if (rc == DB_OK)
		rc = link_owner(r, kind, &tok, &who);
	else if (rc == DB_NOTFOUND && kind == PRINCIPAL_CUSTOMER)
		rc = signup_link_use(r, token, &tok, &who);
	if (rc == DB_NOTFOUND)
		return rc;
	if (rc != DB_OK) {
		page_db_fail(r, rc);
		return rc;
	}
	if (page_sign_in(r, &who) != PAGE_OK || r->status >= 400)
		return DB_ERR;
	*next = tok.next;
	return DB_OK;
}

enum db_rc
page_account_link_peek(struct req *r, enum principal_kind kind,
    enum link_purpose purpose, const char *token, struct linktoken *out)
{
	enum db_rc	 rc;

	if (token == NULL)
		return DB_NOTFOUND;
	rc = linktoken_peek_for(r->db, r->a, kind, token, purpose, out);
	if (rc != DB_OK)
		return rc;
	return out->used != 0 || out->expires <= r->now ? DB_NOTFOUND : DB_OK;
}
