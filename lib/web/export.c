/*
 * export: everything Porch holds about the signed-in customer, as one
 * JSON document ("download my data").
 *
 * It has the profile (whether a password is set, never its hash), every
 * appointment (past and cancelled ones too), every appointment request
 * and waiting-list place, the signed-in devices (never
 * their tokens), the providers they sign in with, the deletion request if
 * there is one and the notification preferences.  Sign-in and account links are secrets and are left out.
 * Every read goes through the signed-in principal, so nothing of another
 * customer can appear.  Times are ISO 8601 in the portal's time zone.
 */
#include "account.h"
#include "appointment.h"
#include "deletion.h"
#include "request.h"
#include "export.h"
#include "identity.h"
#include "json.h"
#include "page.h"
#include "session.h"

/* Far more than anyone books; the file stays bounded all the same. */
#define EXPORT_MAX_APPOINTMENTS	10000
#define EXPORT_MAX_REQUESTS	10000

static const char *
iso_or_null(struct req *r, int64_t t)
{
	return t == 0 ? NULL : page_time_iso(r, t);
}

static void
profile(struct req *r, struct json *j, const struct customer_account *acct)
{
	json_obj_open(j, "profile");
	json_str(j, "name", acct->c.name);
	json_str(j, "email", acct->c.email);
	json_str(j, "phone", acct->c.phone);
	json_str(j, "created", iso_or_null(r, acct->created));
	json_bool(j, "active", acct->c.active);
	json_bool(j, "password_set", acct->has_password);
	json_obj_close(j);
}

static enum db_rc
appointments(struct req *r, struct json *j)
{
	struct appointment	*ap;
	size_t			 i, n;
	enum db_rc		 rc;

	if ((rc = appointment_all_of(r->db, r->a, &r->who,
	    EXPORT_MAX_APPOINTMENTS, &ap, &n)) != DB_OK)
		return rc;
	json_arr_open(j, "appointments");
	for (i = 0; i < n; i++) {
		json_obj_open(j, NULL);
		json_str(j, "id", ap[i].pid);
		json_str(j, "project", ap[i].project);
		json_str(j, "agenda", ap[i].agenda);
		json_str(j, "starts", page_time_iso(r, ap[i].starts));
		json_str(j, "ends", page_time_iso(r, ap[i].ends));
		json_str(j, "location", ap[i].location);
		json_str(j, "meeting_url", ap[i].meeting_url);
		json_str(j, "status", ap[i].status);
		json_str(j, "source", ap[i].source);
		json_obj_close(j);
	}
	json_arr_close(j);
	return DB_OK;
}

/* The customer's appointment requests and waiting-list places. */
static enum db_rc
requests(struct req *r, struct json *j)
{
	struct request	*rq;
	size_t		 i, n;
	enum db_rc	 rc;

	if ((rc = request_all_of(r->db, r->a, &r->who, EXPORT_MAX_REQUESTS,
	    &rq, &n)) != DB_OK)
		return rc;
	json_arr_open(j, "requests");
	for (i = 0; i < n; i++) {
		json_obj_open(j, NULL);
		json_str(j, "id", rq[i].pid);
		json_str(j, "kind", rq[i].kind);
		json_str(j, "project", rq[i].project);
		json_str(j, "preferred", rq[i].preferred);
		json_str(j, "message", rq[i].message);
		json_str(j, "status", rq[i].status);
		json_str(j, "created", page_time_iso(r, rq[i].created));
		json_str(j, "updated", page_time_iso(r, rq[i].updated));
		json_obj_close(j);
	}
	json_arr_close(j);
	return DB_OK;
}

static void
sessions(struct req *r, struct json *j, const struct customer_account *acct)
{
	const struct session_info	*si;
	size_t				 i;

	json_arr_open(j, "sessions");
	for (i = 0; i < acct->nsessions; i++) {
		si = &acct->sessions[i];
		json_obj_open(j, NULL);
		json_str(j, "created", page_time_iso(r, si->created));
		json_str(j, "last_seen", page_time_iso(r, si->last_seen));
		json_str(j, "browser", si->agent);
		json_bool(j, "this_device", si->current);
		json_obj_close(j);
	}
	json_arr_close(j);
}

static enum db_rc
identities(struct req *r, struct json *j)
{
	struct identity	*id;
	size_t		 i, n;
	enum db_rc	 rc;

	if ((rc = identity_list(r->db, r->a, &r->who, &id, &n)) != DB_OK)
		return rc;
	json_arr_open(j, "sign_in_providers");
	for (i = 0; i < n; i++) {
		json_obj_open(j, NULL);
		json_str(j, "issuer", id[i].issuer);
		json_str(j, "first_used", page_time_iso(r, id[i].created));
		json_str(j, "last_used", page_time_iso(r, id[i].last_used));
		json_obj_close(j);
	}
	json_arr_close(j);
	return DB_OK;
}

static void
deletion_and_prefs(struct req *r, struct json *j,
    const struct customer_account *acct)
{
	const struct deletion	*d = &acct->deletion;

	if (!acct->has_deletion)
		json_null(j, "deletion_request");
	else {
		json_obj_open(j, "deletion_request");
		json_str(j, "status", d->status);
		json_str(j, "created", iso_or_null(r, d->created));
		json_str(j, "processed", iso_or_null(r, d->processed));
		json_obj_close(j);
	}
	json_obj_open(j, "notifications");
	json_bool(j, "appointments", acct->prefs.appointments);
	json_bool(j, "updates", acct->prefs.updates);
	json_obj_close(j);
}

enum db_rc
export_customer(struct req *r, struct buf *b)
{
	const struct session_limits lim = session_limits_of(r->conf);
	struct customer_account	 acct;
	struct json		 j;
	enum db_rc		 rc;

	if ((rc = customer_account(r->db, r->a, &r->who, r->session, r->now,
	    &lim, &acct)) != DB_OK)
		return rc;
	json_init(&j, b);
	json_obj_open(&j, NULL);
	json_str(&j, "exported", page_time_iso(r, r->now));
	profile(r, &j, &acct);
	if ((rc = appointments(r, &j)) != DB_OK ||
	    (rc = requests(r, &j)) != DB_OK)
		return rc;
	sessions(r, &j, &acct);
	if ((rc = identities(r, &j)) != DB_OK)
		return rc;
	deletion_and_prefs(r, &j, &acct);
	json_obj_close(&j);
	buf_putc(b, '\n');
	return DB_OK;
}
