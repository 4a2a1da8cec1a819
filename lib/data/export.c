/*
 * export: everything Porch holds about the signed-in customer, as one
 * JSON document ("download my data").
 *
 * It has the profile (whether a password is set, never its hash), every
 * appointment (past and cancelled ones too), the signed-in devices (never
 * their tokens), the deletion request if there is one and the notification
 * preferences.  Sign-in and account links are secrets and are left out.
 * Every read goes through the signed-in principal, so nothing of another
 * customer can appear.  Times are ISO 8601 in the portal's time zone.
 */
#include "export.h"
#include "json.h"
#include "page.h"

/* Far more than anyone books; the file stays bounded all the same. */
#define EXPORT_MAX_APPOINTMENTS	10000

static const char *
iso_or_null(struct req *r, int64_t t)
{
	return t == 0 ? NULL : page_time_iso(r, t);
}

static enum db_rc
profile(struct req *r, struct json *j)
{
	struct customer	 c;
	const char	*hash;
	int64_t		 created;
	enum db_rc	 rc;

	rc = customer_password(r->db, r->a, r->who.id, &hash);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return rc;
	if ((rc = customer_by_id(r->db, r->a, r->who.id, &c)) != DB_OK ||
	    (rc = customer_created(r->db, &r->who, &created)) != DB_OK)
		return rc;
	json_obj_open(j, "profile");
	json_str(j, "name", c.name);
	json_str(j, "email", c.email);
	json_str(j, "phone", c.phone);
	json_str(j, "created", iso_or_null(r, created));
	json_bool(j, "active", c.active);
	json_bool(j, "password_set", hash != NULL);
	json_obj_close(j);
	return DB_OK;
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

static enum db_rc
sessions(struct req *r, struct json *j)
{
	const struct session_limits lim = {
		(int64_t)r->conf->session_idle_minutes * 60,
		(int64_t)r->conf->session_max_hours * 3600,
	};
	struct session_info	*si;
	size_t			 i, n;
	enum db_rc		 rc;

	if ((rc = session_list(r->db, r->a, &r->who, r->session, r->now, &lim,
	    &si, &n)) != DB_OK)
		return rc;
	json_arr_open(j, "sessions");
	for (i = 0; i < n; i++) {
		json_obj_open(j, NULL);
		json_str(j, "created", page_time_iso(r, si[i].created));
		json_str(j, "last_seen", page_time_iso(r, si[i].last_seen));
		json_str(j, "browser", si[i].agent);
		json_bool(j, "this_device", si[i].current);
		json_obj_close(j);
	}
	json_arr_close(j);
	return DB_OK;
}

static enum db_rc
deletion_and_prefs(struct req *r, struct json *j)
{
	struct deletion		 d;
	struct customer_prefs	 p;
	enum db_rc		 rc;

	rc = deletion_of_customer(r->db, r->a, &r->who, &d);
	if (rc == DB_NOTFOUND)
		json_null(j, "deletion_request");
	else if (rc != DB_OK)
		return rc;
	else {
		json_obj_open(j, "deletion_request");
		json_str(j, "status", d.status);
		json_str(j, "created", iso_or_null(r, d.created));
		json_str(j, "processed", iso_or_null(r, d.processed));
		json_obj_close(j);
	}
	if ((rc = customer_notifications(r->db, &r->who, &p)) != DB_OK)
		return rc;
	json_obj_open(j, "notifications");
	json_bool(j, "appointments", p.appointments);
	json_bool(j, "updates", p.updates);
	json_obj_close(j);
	return DB_OK;
}

enum db_rc
export_customer(struct req *r, struct buf *b)
{
	struct json	 j;
	enum db_rc	 rc;

	json_init(&j, b);
	json_obj_open(&j, NULL);
	json_str(&j, "exported", page_time_iso(r, r->now));
	if ((rc = profile(r, &j)) != DB_OK ||
	    (rc = appointments(r, &j)) != DB_OK ||
	    (rc = sessions(r, &j)) != DB_OK ||
	    (rc = deletion_and_prefs(r, &j)) != DB_OK)
		return rc;
	json_obj_close(&j);
	buf_putc(b, '\n');
	return DB_OK;
}
