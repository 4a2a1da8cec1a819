/*
 * team-customer: GET /team/customers/{id}[?sent=1]
 * One customer of the office for its team: name, e-mail address, phone,
 * whether they are active or only invited, and their upcoming
 * appointments.  Agents and admins also get a button that e-mails the
 * customer a sign-in link; sent=1 says one just went out.  An id that is
 * not a customer of this office is 404, like any other unknown page.
 * 200 | 404 | 303 to /team/login when signed out
 */
#include "page.h"
#include "view.h"
#include "tmpl.h"
#include "util.h"

#define UPCOMING_MAX	20

static const struct field fields[] = {
	{ "sent", valid_flag, 0, 1 },
};

static enum page_rc
team_customer(struct req *r)
{
	struct customer		 c;
	struct appointment	*ap;
	struct tval		*list;
	size_t			 i, n;
	enum db_rc		 rc;

	if ((rc = customer_by_pid(r->db, r->a, page_param(r, 0), &c)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK || (rc = appointment_for_customer(r->db, r->a, c.id,
	    r->now, UPCOMING_MAX, &ap, &n)) != DB_OK)
		return page_db_fail(r, rc);
	tval_str(r->tv, "pid", c.pid);
	tval_str(r->tv, "name", c.name);
	tval_str(r->tv, "email", c.email);
	tval_str(r->tv, "phone", c.phone);
	tval_bool(r->tv, "active", c.active);
	tval_bool(r->tv, "sent", page_field(r, 0) != NULL);
	tval_bool(r->tv, "can_send", r->who.role >= ROLE_AGENT);
	list = tval_list(r->tv, "appointments");
	for (i = 0; i < n; i++)
		view_appointment(r, list, &ap[i]);
	return page_render(r, "team-customer");
}

static const struct page PAGE = {
	.route = "GET /team/customers/{id}",
	.need = NEED_MEMBER,
	.role = ROLE_VIEWER,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = team_customer,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
