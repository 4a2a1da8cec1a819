/*
 * team-deletion-process: POST /team/deletions/{id}/process
 * An admin carries out a customer's open deletion request.  In the one
 * transaction of the request: the customer's data is deleted, with every
 * mail to them still in the outbox; the audit log records who did it
 * ("deletion-processed", the request's public id, nothing personal); and
 * the customer is e-mailed that it is done (mail/deletion-done.txt; the
 * outbox names no customer row, so the message outlives them until it
 * is sent and then swept).  Once that has committed, the write-ahead log
 * is emptied of the older copies of the deleted rows, the customer's
 * document key among them, so that no copy of the database files opens
 * their stored documents (a log readers keep busy is emptied when
 * porch-mailer sends the notice).  Agents and viewers get 403 from the
 * loop (admins hold portal access, which it also declares); a request
 * that is not open changes nothing.  It cannot be undone, so it takes a
 * confirming step: without confirm=yes the answer is a page that says
 * what will happen, with the button that does it.
 * 303 to /team/deletions/{id} | 200 the confirming step | 403 | 404
 */
#include <string.h>

#include "audit.h"
#include "db.h"
#include "log.h"
#include "deletion.h"
#include "outbox.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

static const struct field fields[] = {
	{ "confirm", valid_word, 0, 8 },
};

static enum page_rc
process(struct req *r)
{
	struct deletion	 d;
	struct tval	*mail;
	enum db_rc	 rc;

	if ((rc = deletion_get(r->db, r->a, page_param(r, 0), &d)) ==
	    DB_NOTFOUND)
		return page_status(r, 404);
	if (rc != DB_OK)
		return page_db_fail(r, rc);
	if (strcmp(d.status, "open") != 0)
		return page_redirect(r, arena_printf(r->a,
		    "/team/deletions/%s", d.pid));
	if (!page_confirmed(r, 0)) {
		view_deletion(r, r->tv, &d);
		return page_render(r, "team-deletion-confirm");
	}
	/* open was checked in this same (IMMEDIATE) transaction */
	if ((rc = deletion_process(r->db, d.pid, &r->who, r->now)) != DB_OK ||
	    (rc = outbox_forget(r->db, d.email)) != DB_OK ||
	    (rc = audit_add(r->db, &r->who,
	    "deletion-processed", d.pid, NULL, r->now)) != DB_OK)
		return page_db_fail(r, rc);
	if (*d.email != '\0') {
		mail = tval_map(r->a);
		tval_str(mail, "name", d.name);
		if ((rc = page_mail(r, "deletion-done", d.email, mail)) !=
		    DB_OK)
			return page_db_fail(r, rc);
	}
	if ((rc = db_commit(r->db)) != DB_OK) {
		db_rollback(r->db);
		return page_db_fail(r, rc);
	}
	if (!db_wal_truncate(r->db))
		log_warn("the write-ahead log stays until the mailer empties it");
	if ((rc = page_tx_resume(r)) != DB_OK)
		log_warn("no transaction after a deletion (%d)", (int)rc);
	return page_redirect(r, arena_printf(r->a, "/team/deletions/%s",
	    d.pid));
}

static const struct page PAGE = {
	.route = "POST /team/deletions/{id}/process",
	.need = NEED_MEMBER,
	.role = ROLE_ADMIN,
	.perms = PERM_PORTAL,
	.fields = fields,
	.nfields = sizeof(fields) / sizeof(fields[0]),
	.run = process,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}
