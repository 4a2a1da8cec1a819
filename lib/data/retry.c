/*
 * retry: the delay and the batch reading the delivery queues
 * share (see retry.h).
 */
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "db.h"
#include "retry.h"

int64_t
retry_delay(const struct retry_policy *p, int64_t attempts, uint32_t jitter)
{
	int64_t	 delay = p->first;

	while (--attempts > 0 && delay < p->cap)
		delay *= 2;
	if (delay > p->cap)
		delay = p->cap;
	if (jitter > 2 * p->jitter)
		jitter = (uint32_t)(2 * p->jitter);
	return delay * (1000 - p->jitter + (int64_t)jitter) / 1000;
}

int64_t
retry_next(const struct retry_policy *p, int64_t attempts, int64_t now)
{
	return now + retry_delay(p, attempts, p->jitter > 0 ?
	    randombytes_uniform((uint32_t)(2 * p->jitter + 1)) : 0);
}

void *
retry_batch(struct db *db, struct arena *a, const struct db_sql *q,
    int64_t now, size_t max, db_reader read, size_t size, size_t *n,
    enum db_rc *rc)
{
	sqlite3_stmt	*s;
	int		 i = 1;

	*n = 0;
	*rc = DB_ERR;
	if ((s = db_stmt(db, q)) == NULL)
		return NULL;
	if (now >= 0)
		db_bind_int(s, i++, now);
	db_bind_limit(s, i, max);
	return db_rows(db, a, s, read, 0, size, n, rc);
}
