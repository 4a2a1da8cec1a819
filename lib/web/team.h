/*
 * team: what the team side's sign-in and invitation pages share: the
 * sign-in page with the methods the office offers (struct office's
 * team_signin), where a sign-in lands, the invitation mail and pages.
 *
 * The links themselves are page-link.c's, the same for both sides; this
 * module only knows the team's pages and templates.  Who may invite or
 * change permissions is the page declaration's business (ROLE_ADMIN), not
 * this module's.
 */
#ifndef PORCH_TEAM_H
#define PORCH_TEAM_H

#include <stdbool.h>

#include "page.h"
#include "password.h"

/* Whether the office offers `method` (SIGNIN_PASSWORD, SIGNIN_MAGIC_LINK)
 * for signing in to the team. */
bool		 team_offers(const struct req *, enum signin method);
/* next when it is a path on the team side (/team, /team/..., /team?...),
 * else "/team": where a team sign-in lands. */
const char	*team_landing(const char *next);
/* A role's name for people to read, in the portal's language: the
 * catalog's translation of "admin", "agent" or "viewer" (msgids that
 * templates/team-members.html carries in its role choice). */
const char	*team_role_label(const struct req *, enum member_role);
/* Renders the team's sign-in page (templates/team-login.html) with
 * `status`: the forms of the methods the office offers, next, the address
 * typed (NULL for none), and the password form's or the link form's
 * error. */
enum page_rc	 team_login_page(struct req *, int status, const char *next,
		    const char *email, bool err_login, bool err_link);
/* The 410 page for a team link that cannot be used: an invitation, or a
 * sign-in link when `invite` is false. */
enum page_rc	 team_link_invalid(struct req *, bool invite);

/* What the invitation form (templates/partials/member-invite.html) says
 * could not be used. */
enum team_invite_err {
	TEAM_INVITE_EMAIL = 1 << 0,	/* not an e-mail address */
	TEAM_INVITE_NAME = 1 << 1,	/* no name, or not a usable one */
	TEAM_INVITE_ROLE = 1 << 2,	/* not admin, agent or viewer */
	TEAM_INVITE_TAKEN = 1 << 3,	/* the address is on the team already */
};
/* Sets the invitation form's values: what was typed (NULL for nothing;
 * the role defaults to viewer, the least) and the team_invite_err bits. */
void		 team_invite_values(struct req *, const char *email,
		    const char *name, const char *role, unsigned errs);
/* Ticks the invitation form's permission checkboxes (invite_portal,
 * invite_agenda) that `perms` (enum member_perm bits) holds. */
void		 team_invite_perms(struct req *, unsigned perms);
/* Reads the permission checkboxes of declared fields `portal` and
 * `agenda` (valid_flag: "1" when ticked; a browser leaves an unticked box
 * out, so absent is not held) into *perms.  False when either sent a value
 * no checkbox sends (the caller answers 400). */
bool		 team_perms_field(const struct req *, size_t portal,
		    size_t agenda, unsigned *perms);
/* Mails member m an invitation to the team from the signed-in member: a
 * single-use link to /team/welcome valid ACTIVATION_TTL
 * (mail/team-invite.txt).  Earlier invitations of m stop working. */
enum db_rc	 team_mail_invite(struct req *, const struct principal *m);
/* Renders the invitation's page (templates/team-welcome.html) with
 * `status` for member m and the link's token: a password form where the
 * office offers passwords, with the rule a refused one broke. */
enum page_rc	 team_welcome_page(struct req *, int status,
		    const struct principal *m, const char *token,
		    enum password_rule);

#endif
