/*
 * principal: who a request acts for, the base every noun's header builds on.
 *
 * A principal is a signed-in customer or team member, or nobody; a member
 * carries a role and permissions beside it.  Sessions make one, pages read
 * it from their request, and the data functions take it.
 *
 * Authorization lives in the data functions.  Every function that reads or
 * changes a record owned by someone takes the signed-in principal and puts
 * the owner in the SQL's WHERE clause, so a record that belongs to someone
 * else is DB_NOTFOUND, exactly like one that does not exist.  Pages never
 * see an internal row id of another principal's record.
 */
#ifndef PORCH_PRINCIPAL_H
#define PORCH_PRINCIPAL_H

#include <stdint.h>

enum principal_kind {
	PRINCIPAL_NONE,
	PRINCIPAL_CUSTOMER,
	PRINCIPAL_MEMBER,
};

/* Ordered by power: "at least an agent" is a comparison. */
enum member_role {
	ROLE_VIEWER,
	ROLE_AGENT,
	ROLE_ADMIN,
	ROLE__MAX
};

/*
 * A member's permissions beside the role, as bits.  Pages declare the ones
 * they need (struct page's .perms) and the main loop checks them with
 * member_may().  An admin holds every permission whatever is stored: the
 * stored bits apply once the role is another.
 */
enum member_perm {
	PERM_PORTAL = 1 << 0,	/* customers' interactions and records */
	PERM_AGENDA = 1 << 1,	/* availability and connected agendas: the
				 * pages that change agendas and projects */
};
#define PERM_ALL	(PERM_PORTAL | PERM_AGENDA)
/* What a member added without saying otherwise holds (the table's
 * defaults). */
#define PERM_DEFAULT	PERM_PORTAL

struct principal {
	enum principal_kind	 kind;
	int64_t			 id;	/* row id in this office's database */
	const char		*pid;	/* public id */
	const char		*email;
	const char		*name;
	enum member_role	 role;	/* members only; ROLE_VIEWER otherwise */
	unsigned		 perms;	/* members only: enum member_perm bits
					 * as stored; 0 otherwise */
};

#endif
