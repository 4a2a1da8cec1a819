/*
 * account: GET /portal/account[?saved=1][?sent=1]
 * The signed-in customer's own details (name and phone in a form, the
 * e-mail address shown read-only), their password (set or changed, the
 * current one asked for only when there is one) and the devices signed in
 * as them, each with when it signed in and was last active, this one
 * marked, and one button that signs out everywhere; which kinds of e-mail
 * they want (account-notifications) and a link to download their data
 * (account-export); a card that asks for the personal data to be deleted
 * or shows and cancels the open request (account-deletion).  A form asks for a new e-mail address
 * (account-email).  saved=1 says a save just succeeded, sent=1 that a
 * confirmation link went to a new address.
 * 200 | 303 to /login when signed out
 */
#include <string.h>

#include "page.h"
#include "tmpl.h"
#include "util.h"

static const struct field fields[] = {
	{ "saved", valid_flag, 0, 1 },
	{ "sent", valid_flag, 0, 1 },
};

static void
session_values(struct req *r, struct tval *list, const struct session_info *si)
{
	struct tval	*v = tval_push(list);

	tval_str(v, "agent", si->agent);
	tval_str(v, "created", page_time(r, si->created));
	tval_str(v, "created_iso", page_time_iso(r, si->created));
	tval_str(v, "last_seen", page_time(r, si->last_seen));
	tval_str(v, "last_seen_iso", page_time_iso(r, si->last_seen));
	tval_bool(v, "current", si->current);
}

/* The deletion card: the open request's date, if any.  False when the
 * read failed (the error page is then built). */
static bool
deletion_values(struct req *r)
{
	struct deletion	 d;
	enum db_rc	 rc;
	bool		 open;

	rc = deletion_of_customer(r->db, r->a, &r->who, &d);
	if (rc != DB_OK && rc != DB_NOTFOUND) {
		page_db_fail(r, rc);
		return false;
	}
	open = rc == DB_OK && strcmp(d.status, "open") == 0;
	tval_bool(r->tv, "deletion_open", open);
	tval_str(r->tv, "deletion_created", open ? page_time(r, d.created) : "");
	tval_str(r->tv, "deletion_created_iso",
	    open ? page_time_iso(r, d.created) : "");
	return true;
}

static enum page_rc
account(struct req *r)
{
	const struct session_limits lim = {
		(int64_t)r->conf->session_idle_minutes * 60,
		(int64_t)r->conf->session_max_hours * 3600,
	};
	struct customer		 c;
	struct customer_prefs	 prefs;
	const char		*hash;
	struct session_info	*si;
	struct tval		*list;
	size_t			 i, n;
	enum db_rc		 rc;

	rc = customer_password(r->db, r->a, r->who.id, &hash);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return page_db_fail(r, rc);
	if ((rc = customer_by_id(r->db, r->a, r->who.id, &c)) != DB_OK ||
	    (rc = session_list(r->db, r->a, &r->who, r->session, r->now, &lim,
	    &si, &n)) != DB_OK ||
	    (rc = customer_notifications(r->db, &r->who, &prefs)) != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "name", c.name);
	tval_str(r->tv, "email", c.email);
	tval_str(r->tv, "phone", c.phone);
	tval_bool(r->tv, "err_name", false);
	tval_bool(r->tv, "err_phone", false);
	tval_bool(r->tv, "saved", page_field(r, 0) != NULL);
	tval_bool(r->tv, "sent", page_field(r, 1) != NULL);
	tval_str(r->tv, "new_email", "");
	tval_bool(r->tv, "err_new_email", false);
	tval_bool(r->tv, "has_password", hash != NULL);
	tval_bool(r->tv, "err_current", false);
	tval_bool(r->tv, "err_password", false);
	page_password_rule(r, PASSWORD_OK);
	tval_bool(r->tv, "notify_appointments", prefs.appointments);
	tval_bool(r->tv, "notify_updates", prefs.updates);
	if (!deletion_values(r))
		return PAGE_OK;
	list = tval_list(r->tv, "sessions");
	for (i = 0; i < n; i++)
		session_values(r, list, &si[i]);
	return page_render(r, "account");
}

static const struct page PAGE = {
	.route = "GET /portal/account",
	.need = NEED_CUSTOMER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = account,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
