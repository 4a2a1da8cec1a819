/*
 * audit: the office's record of what team members did to customers and
 * to the team ("activation-sent" for a customer's public id,
 * "member-permissions" for a member's, ...).
 *
 * Rows are only ever added: nothing here changes or deletes one, so the
 * log can be trusted to say who did what and when.  The acting member is
 * kept by row id (NULL for an action with no member behind it, such as a
 * command-line tool); the list joins the member's name at read time.  The
 * subject is a public id or another short label, never an internal row
 * id.  The list is read by keyset (time, then row id), so a page boundary
 * never skips or repeats a row when new ones arrive, and the last page
 * costs what the first does.  Deciding who may read the log is the page's
 * job.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "audit.h"
#include "db.h"
#include "keyset.h"
#include "log.h"
#include "principal.h"

static const struct db_sql q_add = { "audit.add",
    "INSERT INTO audit (at, member_id, action, subject, detail) "
    "VALUES (?, ?, ?, ?, ?)" };
#define ENTRY_COLS \
    "a.at, a.id, COALESCE(m.name, ''), COALESCE(m.email, ''), a.action, " \
    "a.subject, a.detail"
#define ENTRY_FROM	"audit a LEFT JOIN members m ON m.id = a.member_id"

static const struct db_sql q_list_down = { "audit.down.list",
    KEYSET_DOWN(ENTRY_COLS, ENTRY_FROM, "1 = 1", "a.at", "a.id") };
static const struct db_sql q_list_up = { "audit.up.list",
    KEYSET_UP(ENTRY_COLS, ENTRY_FROM, "1 = 1", "a.at", "a.id") };
static const struct db_sql q_list_top = { "audit.top.list",
    KEYSET_TOP(ENTRY_COLS, ENTRY_FROM, "1 = 1") };
static const struct db_sql q_list_bottom = { "audit.bottom.list",
    KEYSET_BOTTOM(ENTRY_COLS, ENTRY_FROM, "1 = 1") };

enum db_rc
audit_add(struct db *db, const struct principal *who, const char *action,
    const char *subject, const char *detail, int64_t now)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	if (action == NULL || *action == '\0') {
		log_err("audit: an entry without an action");
		return DB_ERR;
	}
	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, now);
	/* only a member is an actor; anyone else is recorded as nobody */
	if (who != NULL && who->kind == PRINCIPAL_MEMBER)
		db_bind_int(s, 2, who->id);
	else
		db_bind_text(s, 2, NULL);
	db_bind_text(s, 3, action);
	db_bind_text(s, 4, subject != NULL ? subject : "");
	db_bind_text(s, 5, detail != NULL ? detail : "");
	if ((rc = db_step(db, s)) != DB_OK)
		return rc == DB_ROW ? DB_ERR : rc;
	return DB_OK;
}

static void
read_entry(struct arena *a, sqlite3_stmt *s, unsigned rank, void *row)
{
	struct audit_entry	*e = row;

	(void)rank;
	e->at = db_col_int(s, 0);
	e->id = db_col_int(s, 1);
	e->member_name = db_col_text(a, s, 2);
	e->member_email = db_col_text(a, s, 3);
	e->action = db_col_text(a, s, 4);
	e->subject = db_col_text(a, s, 5);
	e->detail = db_col_text(a, s, 6);
}

static const struct keyset_list entries = {
	.size = sizeof(struct audit_entry),
	.read = read_entry,
};
static const struct keyset_src log_src = { 0, &q_list_down, &q_list_up,
	NULL, &q_list_top, &q_list_bottom };

enum db_rc
audit_list(struct db *db, struct arena *a, const struct keyset *ks,
    struct audit_entry **out, size_t *n, struct keyset_page *pg)
{
	void		*rows;
	enum db_rc	 rc;

	rc = keyset_read(db, a, &entries, &log_src, 1, ks, NULL, &rows, n, pg);
	*out = rows;
	return rc;
}
