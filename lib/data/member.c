/*
 * member: the office's team members, their roles and permissions.
 *
 * A role is stored by name ('admin', 'agent', 'viewer'; the table checks
 * it) so the database reads on its own; enum member_role is ordered by
 * power, so "at least an agent" is a comparison.  Beside the role a member
 * holds permissions (portal access, agenda edit access), one 0/1 column
 * each, read into the principal as enum member_perm bits; an admin holds
 * every one whatever is stored (member_may).  Only an admin sets them, and
 * that is checked here, in the statement itself, not only by the page.
 * Addresses are stored lower-case, as for customers.  What each role may
 * do is decided by the team pages' declarations, not here.  As for
 * customers, the password hash is only stored and handed back by id;
 * password.c makes and checks it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "crypto.h"
#include "db.h"
#include "keyset.h"
#include "member.h"
#include "principal.h"
#include "util.h"

/* The columns member_row() reads, in its order. */
#define MEMBER_COLS \
    "id, pid, email, name, role, portal_access, agenda_edit"

static const struct db_sql q_add = { "member.add",
    "INSERT INTO members (pid, email, name, role, portal_access, "
    "agenda_edit, created) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id" };
static const struct db_sql q_by_email = { "member.by_email",
    "SELECT " MEMBER_COLS " FROM members WHERE email = ?" };
static const struct db_sql q_password = { "member.password",
    "SELECT password_hash FROM members "
    "WHERE id = ? AND password_hash IS NOT NULL" };
static const struct db_sql q_set_password = { "member.set_password",
    "UPDATE members SET password_hash = ? WHERE id = ?" };
/* the team's list, by name: a member without a password is pending */
#define LIST_COLS	"name, " MEMBER_COLS ", password_hash IS NULL"
static const struct db_sql q_list_up = { "member.up.list",
    KEYSET_UP(LIST_COLS, "members", "1 = 1", "name", "id") };
static const struct db_sql q_list_down = { "member.down.list",
    KEYSET_DOWN(LIST_COLS, "members", "1 = 1", "name", "id") };
static const struct db_sql q_list_top = { "member.top.list",
    KEYSET_TOP(LIST_COLS, "members", "1 = 1") };
static const struct db_sql q_list_bottom = { "member.bottom.list",
    KEYSET_BOTTOM(LIST_COLS, "members", "1 = 1") };
static const struct db_sql q_by_pid = { "member.by_pid",
    "SELECT " MEMBER_COLS " FROM members WHERE pid = ?" };
static const struct db_sql q_set_role = { "member.set_role",
    "UPDATE members SET role = ? WHERE id = ?" };
static const struct db_sql q_count_admins = { "member.count_admins",
    "SELECT count(*) FROM members WHERE role = 'admin'" };
static const struct db_sql q_by_id = { "member.by_id",
    "SELECT " MEMBER_COLS " FROM members WHERE id = ?" };
/* the acting member must be an admin as the table has it now */
static const struct db_sql q_set_perms = { "member.set_perms",
    "UPDATE members SET portal_access = ?, agenda_edit = ? "
    "WHERE id = ? AND EXISTS (SELECT 1 FROM members a "
    "WHERE a.id = ? AND a.role = 'admin')" };

static const char *const role_names[ROLE__MAX] = {
	[ROLE_VIEWER] = "viewer",
	[ROLE_AGENT] = "agent",
	[ROLE_ADMIN] = "admin",
};

const char *
member_role_name(enum member_role role)
{
	if ((unsigned)role >= ROLE__MAX)
		return NULL;
	return role_names[role];
}

bool
member_role_parse(const char *name, enum member_role *role)
{
	size_t	 i;

	for (i = 0; name != NULL && i < ROLE__MAX; i++)
		if (strcmp(name, role_names[i]) == 0) {
			*role = (enum member_role)i;
			return true;
		}
	return false;
}

enum db_rc
member_add(struct db *db, struct arena *a, const char *email,
    const char *name, enum member_role role, int64_t now, int64_t *id)
{
	return member_add_perms(db, a, email, name, role, PERM_DEFAULT, now,
	    id);
}

enum db_rc
member_add_perms(struct db *db, struct arena *a, const char *email,
    const char *name, enum member_role role, unsigned perms, int64_t now,
    int64_t *id)
{
	sqlite3_stmt	*s;
	char		*lc;
	enum db_rc	 rc;

	if (member_role_name(role) == NULL || (perms & ~PERM_ALL) != 0)
		return DB_CONFLICT;	/* as the table's checks would */
	lc = arena_strdup(a, email);
	lower(lc);
	if ((s = db_stmt(db, &q_add)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, crypto_public_id_new(a));
	db_bind_text(s, 2, lc);
	db_bind_text(s, 3, name != NULL ? name : "");
	db_bind_text(s, 4, member_role_name(role));
	db_bind_int(s, 5, (perms & PERM_PORTAL) != 0);
	db_bind_int(s, 6, (perms & PERM_AGENDA) != 0);
	db_bind_int(s, 7, now);
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	if (id != NULL)
		*id = db_col_int(s, 0);
	db_reset(s);
	return DB_OK;
}

/* The columns of MEMBER_COLS, from column i on, as a principal. */
static void
member_row(struct arena *a, sqlite3_stmt *s, int i, struct principal *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = PRINCIPAL_MEMBER;
	out->id = db_col_int(s, i);
	out->pid = db_col_text(a, s, i + 1);
	out->email = db_col_text(a, s, i + 2);
	out->name = db_col_text(a, s, i + 3);
	/* the table's checks keep the name one of ours, the flags 0 or 1 */
	(void)member_role_parse(db_col_text(a, s, i + 4), &out->role);
	out->perms = (db_col_int(s, i + 5) ? PERM_PORTAL : 0) |
	    (db_col_int(s, i + 6) ? PERM_AGENDA : 0);
}

/* The one member s (bound) finds, or DB_NOTFOUND. */
static enum db_rc
member_one(struct db *db, struct arena *a, sqlite3_stmt *s,
    struct principal *out)
{
	enum db_rc	 rc;

	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_NOTFOUND : rc;
	member_row(a, s, 0, out);
	db_reset(s);
	return DB_OK;
}

enum db_rc
member_by_email(struct db *db, struct arena *a, const char *email,
    struct principal *out)
{
	sqlite3_stmt	*s;
	char		*lc;

	memset(out, 0, sizeof(*out));
	lc = arena_strdup(a, email);
	lower(lc);
	if ((s = db_stmt(db, &q_by_email)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, lc);
	return member_one(db, a, s, out);
}

enum db_rc
member_password(struct db *db, struct arena *a, int64_t id, const char **hash)
{
	return db_text_by_id(db, a, &q_password, id, hash);
}

enum db_rc
member_set_password(struct db *db, int64_t id, const char *hash)
{
	return db_set_text_by_id(db, &q_set_password, hash, id);
}

static void
read_entry(struct arena *a, sqlite3_stmt *s, unsigned rank, void *row)
{
	struct member_entry	*e = row;

	(void)rank;
	member_row(a, s, 1, &e->who);
	e->pending = db_col_int(s, 8) != 0;
}

static const struct keyset_list team = {
	.by_name = true,
	.size = sizeof(struct member_entry),
	.read = read_entry,
};
static const struct keyset_src team_src = { 0, &q_list_down, &q_list_up,
	NULL, &q_list_top, &q_list_bottom };

enum db_rc
member_list(struct db *db, struct arena *a, const struct keyset *ks,
    struct member_entry **out, size_t *n, struct keyset_page *pg)
{
	void		*rows;
	enum db_rc	 rc;

	rc = keyset_read(db, a, &team, &team_src, 1, ks, NULL, &rows, n, pg);
	*out = rows;
	return rc;
}

enum db_rc
member_by_pid(struct db *db, struct arena *a, const char *pid,
    struct principal *out)
{
	sqlite3_stmt	*s;

	memset(out, 0, sizeof(*out));
	if ((s = db_stmt(db, &q_by_pid)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, pid);
	return member_one(db, a, s, out);
}

enum db_rc
member_by_id(struct db *db, struct arena *a, int64_t id, struct principal *out)
{
	sqlite3_stmt	*s;

	memset(out, 0, sizeof(*out));
	if ((s = db_stmt(db, &q_by_id)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, id);
	return member_one(db, a, s, out);
}

enum db_rc
member_set_role(struct db *db, int64_t id, enum member_role role)
{
	sqlite3_stmt	*s;

	if (member_role_name(role) == NULL)
		return DB_CONFLICT;	/* as the table's check would */
	if ((s = db_stmt(db, &q_set_role)) == NULL)
		return DB_ERR;
	db_bind_text(s, 1, member_role_name(role));
	db_bind_int(s, 2, id);
	return db_write(db, s);
}

enum db_rc
member_count_admins(struct db *db, size_t *n)
{
	sqlite3_stmt	*s;
	enum db_rc	 rc;

	*n = 0;
	if ((s = db_stmt(db, &q_count_admins)) == NULL)
		return DB_ERR;
	if ((rc = db_step(db, s)) != DB_ROW)
		return rc == DB_OK ? DB_ERR : rc;
	*n = (size_t)db_col_int(s, 0);
	db_reset(s);
	return DB_OK;
}

bool
member_may(const struct principal *who, unsigned perms)
{
	if (who->kind != PRINCIPAL_MEMBER)
		return false;
	return who->role == ROLE_ADMIN || (who->perms & perms) == perms;
}

enum db_rc
member_set_perms(struct db *db, const struct principal *by, int64_t id,
    unsigned perms)
{
	sqlite3_stmt	*s;

	if ((perms & ~PERM_ALL) != 0)
		return DB_CONFLICT;	/* as the table's checks would */
	if (by == NULL || by->kind != PRINCIPAL_MEMBER)
		return DB_NOTFOUND;
	if ((s = db_stmt(db, &q_set_perms)) == NULL)
		return DB_ERR;
	db_bind_int(s, 1, (perms & PERM_PORTAL) != 0);
	db_bind_int(s, 2, (perms & PERM_AGENDA) != 0);
	db_bind_int(s, 3, id);
	db_bind_int(s, 4, by->id);
	return db_write(db, s);
}

const char *
member_perms_text(unsigned perms)
{
	static const char *const text[PERM_ALL + 1] = {
		[0] = "none",
		[PERM_PORTAL] = "portal",
		[PERM_AGENDA] = "agenda",
		[PERM_PORTAL | PERM_AGENDA] = "portal,agenda",
	};

	return perms <= PERM_ALL ? text[perms] : NULL;
}

bool
valid_role(const char *s, size_t len)
{
	enum member_role	 role;

	return len <= 16 && s[len] == '\0' && member_role_parse(s, &role);
}

enum db_rc
member_invite(struct db *db, struct arena *a, const struct principal *by,
    const char *email, const char *name, enum member_role role,
    unsigned perms, int64_t now, struct principal *out)
{
	int64_t		 id;
	enum db_rc	 rc;

	if ((rc = member_by_email(db, a, email, out)) != DB_NOTFOUND)
		return rc == DB_OK ? DB_CONFLICT : rc;
	if ((rc = member_add_perms(db, a, email, name, role, perms, now,
	    &id)) != DB_OK ||
	    (rc = member_by_id(db, a, id, out)) != DB_OK ||
	    (rc = audit_add(db, by, "member-invited", out->pid,
	    member_role_name(role), now)) != DB_OK || perms == PERM_DEFAULT)
		return rc;
	return audit_add(db, by, "member-permissions", out->pid,
	    arena_printf(a, "%s->%s", member_perms_text(PERM_DEFAULT),
	    member_perms_text(perms)), now);
}
