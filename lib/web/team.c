/*
 * team: the values and pages the team side's sign-in, invitation and
 * member permission programs share (see team.h).  Which methods the
 * sign-in page offers comes from the office's team_signin, read here and
 * nowhere else in templates, so the page never offers a form whose POST
 * would answer 404.
 */
#include <stdbool.h>
#include <string.h>

#include "config.h"
#include "linktoken.h"
#include "logintoken.h"
#include "member.h"
#include "page.h"
#include "team.h"
#include "tmpl.h"

bool
team_offers(const struct req *r, enum signin method)
{
	return (r->office->team_signin & method) != 0;
}

const char *
team_landing(const char *next)
{
	if (next != NULL && (strcmp(next, "/team") == 0 ||
	    strncmp(next, "/team/", 6) == 0 || strncmp(next, "/team?", 6) == 0))
		return next;
	return "/team";
}

enum page_rc
team_login_page(struct req *r, int status, const char *next,
    const char *email, bool err_login, bool err_link)
{
	tval_bool(r->tv, "team_password", team_offers(r, SIGNIN_PASSWORD));
	tval_bool(r->tv, "team_magic_link", team_offers(r, SIGNIN_MAGIC_LINK));
	tval_str(r->tv, "next", next != NULL ? next : "");
	tval_str(r->tv, "email", email != NULL ? email : "");
	tval_bool(r->tv, "err_login", err_login);
	tval_bool(r->tv, "err_link", err_link);
	return page_render_status(r, status, "team-login");
}

enum page_rc
team_link_invalid(struct req *r, bool invite)
{
	tval_bool(r->tv, "for_invite", invite);
	tval_bool(r->tv, "team_magic_link", team_offers(r, SIGNIN_MAGIC_LINK));
	return page_render_status(r, 410, "team-link-invalid");
}

void
team_invite_values(struct req *r, const char *email, const char *name,
    const char *role, unsigned errs)
{
	enum member_role	 want = ROLE_VIEWER;
	size_t			 i;

	(void)member_role_parse(role, &want);
	tval_str(r->tv, "invite_email", email != NULL ? email : "");
	tval_str(r->tv, "invite_name", name != NULL ? name : "");
	for (i = 0; i < ROLE__MAX; i++)
		tval_bool(r->tv, arena_printf(r->a, "invite_%s",
		    member_role_name((enum member_role)i)), want == i);
	tval_bool(r->tv, "err_invite_email", errs & TEAM_INVITE_EMAIL);
	tval_bool(r->tv, "err_invite_name", errs & TEAM_INVITE_NAME);
	tval_bool(r->tv, "err_invite_role", errs & TEAM_INVITE_ROLE);
	tval_bool(r->tv, "err_invite_taken", errs & TEAM_INVITE_TAKEN);
}

void
team_invite_perms(struct req *r, unsigned perms)
{
	tval_bool(r->tv, "invite_portal", (perms & PERM_PORTAL) != 0);
	tval_bool(r->tv, "invite_agenda", (perms & PERM_AGENDA) != 0);
}

bool
team_perms_field(const struct req *r, size_t portal, size_t agenda,
    unsigned *perms)
{
	*perms = 0;
	if ((r->fields[portal].val != NULL && !page_field_ok(r, portal)) ||
	    (r->fields[agenda].val != NULL && !page_field_ok(r, agenda)))
		return false;
	if (page_field_ok(r, portal))
		*perms |= PERM_PORTAL;
	if (page_field_ok(r, agenda))
		*perms |= PERM_AGENDA;
	return true;
}

enum db_rc
team_mail_invite(struct req *r, const struct principal *m)
{
	struct tval	*tv = tval_map(r->a);
	enum db_rc	 rc;

	rc = linktoken_revoke_for(r->db, PRINCIPAL_MEMBER, m->id, LINK_INVITE,
	    r->now);
	if (rc != DB_OK)
		return rc;
	tval_str(tv, "inviter", *r->who.name != '\0' ? r->who.name :
	    r->who.email);
	tval_str(tv, "office_name", r->office->name);
	tval_str(tv, "role", team_role_label(r, m->role));
	tval_bool(tv, "ask_password", team_offers(r, SIGNIN_PASSWORD));
	return page_mail_account_link(r, "team-invite", m, LINK_INVITE,
	    "/team/welcome", ACTIVATION_TTL, tv);
}

const char *
team_role_label(const struct req *r, enum member_role role)
{
	return tmpl_gettext(r->tmpl, member_role_name(role));
}

enum page_rc
team_welcome_page(struct req *r, int status, const struct principal *m,
    const char *token, enum password_rule rule)
{
	tval_str(r->tv, "token", token);
	tval_str(r->tv, "name", m->name);
	tval_str(r->tv, "email", m->email);
	tval_str(r->tv, "role", team_role_label(r, m->role));
	tval_str(r->tv, "office_name", r->office->name);
	tval_bool(r->tv, "ask_password", team_offers(r, SIGNIN_PASSWORD));
	tval_bool(r->tv, "err_password", rule != PASSWORD_OK);
	page_password_rule(r, rule);
	return page_render_status(r, status, "team-welcome");
}
