/*
 * outbox: mail waiting for porch-mailer.
 *
 * A message is queued in the caller's transaction, so mail goes out only
 * for a change that committed.  Delivering it is porch-mailer's job.
 */
#ifndef PORCH_OUTBOX_H
#define PORCH_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "smtp.h"

struct arena;

struct outmail {
	int64_t		 id;
	const char	*to;
	const char	*subject;
	const char	*body;		/* the text/plain part */
	const char	*html;		/* the text/html part; "" when none
					   (a message queued before mail had
					   one goes as text alone) */
	int64_t		 created;
	int64_t		 attempts;
	int64_t		 next_attempt;
	int64_t		 sent;		/* 0 while queued */
	const char	*last_error;	/* "" when none */
	struct smtp_attachment att;	/* att.data NULL when none */
};

/* Queues a message in the caller's transaction: its plain text and its
 * HTML (NULL for none). */
enum db_rc	 outbox_add(struct db *, const char *to, const char *subject,
		    const char *body, const char *html, int64_t now);
/* outbox_add with one attachment (NULL for none), whose name, type and
 * bytes are copied into the row. */
enum db_rc	 outbox_add_attached(struct db *, const char *to,
		    const char *subject, const char *body, const char *html,
		    const struct smtp_attachment *, int64_t now);
/* Unsent messages whose next attempt is due, oldest first, at most max. */
enum db_rc	 outbox_due(struct db *, struct arena *, int64_t now, size_t max,
		    struct outmail **out, size_t *n);
/* Unsent messages (for porchctl outbox), oldest first. */
enum db_rc	 outbox_queued(struct db *, struct arena *, size_t max,
		    struct outmail **out, size_t *n);
/* Marks a message sent, counting the attempt that delivered it, and
 * erases both its parts and its attachment's bytes (any may hold a
 * working link). */
enum db_rc	 outbox_sent(struct db *, int64_t id, int64_t now);
/* Records a failed attempt and schedules the next with backoff
 * (30 s doubling, at most an hour).  Never deletes the message. */
enum db_rc	 outbox_failed(struct db *, int64_t id, int64_t now, const char *err);
/* Sent messages are kept this long as the record of what was sent, then
 * outbox_sweep removes them. */
#define OUTBOX_KEEP	(30 * 86400)
enum db_rc	 outbox_sweep(struct db *, int64_t now);
/* Removes every message to the address, sent or not (a customer whose
 * data is deleted). */
enum db_rc	 outbox_forget(struct db *, const char *to);

#endif
