/*
 * team-login-link: POST /team/login/link
 * Where the office's team_signin offers magic links, mails a single-use
 * sign-in link (mail/team-magic-link.txt) to the address given when it
 * belongs to a member of the team, made for this portal and landing on
 * next when that is a team page.  The answer is the same either way, so
 * the form does not tell who is on the team; asking is rate limited per
 * address and per client, as on the customers' /login.  Offices that do
 * not offer links answer 404, as for a page that is not there.
 * 200 "check your e-mail" | 404 links not offered | 422 invalid address |
 * 429 too many requests
 */
#include "member.h"
#include "page.h"
#include "team.h"
#include "tmpl.h"
#include "util.h"

enum { F_EMAIL, F_NEXT };

static const struct field fields[] = {
	[F_EMAIL] = { "email", valid_email, FIELD_TRIM | FIELD_LOWER, 254 },
	[F_NEXT] = { "next", valid_local_path, 0, 512 },
};

static enum page_rc
send_link(struct req *r)
{
	struct principal m;
	const char	*email = page_field(r, F_EMAIL);
	enum db_rc	 rc;

	if (!team_offers(r, SIGNIN_MAGIC_LINK))
		return page_status(r, 404);
	if (email == NULL)
		return team_login_page(r, 422, page_field(r, F_NEXT),
		    r->fields[F_EMAIL].val, false, true);
	if (page_throttled(r, "team-link", email))
		return PAGE_OK;
	if ((rc = member_by_email(r->db, r->a, email, &m)) == DB_OK)
		rc = page_mail_signin_link(r, "team-magic-link", &m,
		    team_landing(page_field(r, F_NEXT)), 0);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return page_db_fail(r, rc);
	tval_str(r->tv, "email", email);
	return page_render(r, "team-login-sent");
}

static const struct page PAGE = {
	.route = "POST /team/login/link",
	.need = NEED_PUBLIC,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = send_link,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
