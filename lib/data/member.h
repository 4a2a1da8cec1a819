/*
 * member: the office's team members, their roles and permissions (the
 * team side builds on this).
 *
 * The role and permission types are principal.h's, since a session's
 * principal carries them.  Only an admin sets permissions, and that is
 * checked in the statement itself.
 */
#ifndef PORCH_MEMBER_H
#define PORCH_MEMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "keyset.h"
#include "principal.h"

struct arena;

/* A member as the team's list shows them. */
struct member_entry {
	struct principal	 who;
	bool			 pending;	/* no password yet (invited) */
};

enum db_rc	 member_add(struct db *, struct arena *, const char *email,
		    const char *name, enum member_role, int64_t now, int64_t *id);
/* A member by e-mail address (any case), as a principal with its role;
 * DB_NOTFOUND otherwise. */
enum db_rc	 member_by_email(struct db *, struct arena *, const char *email,
		    struct principal *out);
const char	*member_role_name(enum member_role);
bool		 member_role_parse(const char *, enum member_role *);
/* The validator for a role field: "admin", "agent" or "viewer". */
bool		 valid_role(const char *, size_t);
/* The same pair for team members: the stored hash (arena) or DB_NOTFOUND,
 * and setting or (NULL) clearing it. */
enum db_rc	 member_password(struct db *, struct arena *, int64_t member_id,
		    const char **hash);
enum db_rc	 member_set_password(struct db *, int64_t member_id,
		    const char *hash);
/* The page `ks` of the office's members, by name (arena array; NULL and 0
 * when none); *pg says what surrounds it. */
enum db_rc	 member_list(struct db *, struct arena *, const struct keyset *,
		    struct member_entry **out, size_t *n, struct keyset_page *pg);
/* A member by public id; DB_NOTFOUND otherwise. */
enum db_rc	 member_by_pid(struct db *, struct arena *, const char *pid,
		    struct principal *out);
/* Sets a member's role; DB_NOTFOUND when there is no such member.  Keeping
 * one admin is the caller's check (member_count_admins). */
enum db_rc	 member_set_role(struct db *, int64_t member_id, enum member_role);
enum db_rc	 member_count_admins(struct db *, size_t *n);
/* Whether `who` is a team member holding every permission in `perms`
 * (enum member_perm bits; 0 asks for none): an admin holds them all. */
bool		 member_may(const struct principal *who, unsigned perms);
/* member_add with the permissions the new member holds (enum member_perm
 * bits; DB_CONFLICT for a bit that is not one). */
enum db_rc	 member_add_perms(struct db *, struct arena *, const char *email,
		    const char *name, enum member_role, unsigned perms,
		    int64_t now, int64_t *id);
/* Sets the permissions the member of that row id holds, for the admin
 * `by`: the admin is checked against the table in the same statement, so
 * a principal who is not (or no longer) an admin of this office changes
 * nothing and gets DB_NOTFOUND, as for no such member.  DB_CONFLICT for a
 * bit that is not a permission. */
enum db_rc	 member_set_perms(struct db *, const struct principal *by,
		    int64_t member_id, unsigned perms);
/* The permissions as the audit log records them: "portal,agenda",
 * "portal", "agenda" or "none"; NULL for a bit that is not one. */
const char	*member_perms_text(unsigned perms);
/* Adds the member an admin (`by`) invites, with that role and those
 * permissions and no password, as out; the audit log records it
 * ("member-invited", the role) and permissions other than the defaults
 * as a change from them ("member-permissions", "portal->agenda").
 * DB_CONFLICT when the address is on the team already. */
enum db_rc	 member_invite(struct db *, struct arena *,
		    const struct principal *by, const char *email,
		    const char *name, enum member_role, unsigned perms,
		    int64_t now, struct principal *out);
/* A member by row id (the owner of a link); DB_NOTFOUND otherwise. */
enum db_rc	 member_by_id(struct db *, struct arena *, int64_t id,
		    struct principal *out);

#endif
