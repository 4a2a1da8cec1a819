/*
 * mail: an e-mail made from the templates, in its two parts.
 *
 * Mail "NAME" is two templates sharing one name: templates/mail/NAME.txt
 * ("Subject: ..." then the plain text) and templates/mail/NAME.html (the
 * same message in HTML, placed in the shared document mail/layout.html).
 * Both are rendered from one value tree, so the two parts say the same
 * thing and carry the same link.  Loading the templates fails when a mail
 * has no HTML part (tmpl.h), so none goes out as text alone.
 */
#ifndef PORCH_MAIL_H
#define PORCH_MAIL_H

#include <stdint.h>

#include "db.h"
#include "smtp.h"
#include "tmpl.h"

struct arena;
struct portal;

struct mail {
	const char	*subject;
	const char	*text;		/* the text/plain part */
	const char	*html;		/* the text/html part */
};

/* Renders mail "mail/<name>" in the portal's language with the values of
 * tv, after setting in tv the language's code and the portal's name and
 * url (lang, portal_name, portal_url) and then the subject (the HTML's
 * title).  Strings are in `a`.  TMPL_OK, or the
 * engine's error, already logged. */
enum tmpl_rc	 mail_render(const struct tmpl_set *, struct arena *,
		    const struct portal *, const char *name, struct tval *tv,
		    struct mail *out);
/* mail_render, then queues the mail to `to` in the caller's transaction.
 * DB_ERR when it could not be rendered. */
enum db_rc	 mail_queue(struct db *, const struct tmpl_set *,
		    struct arena *, const struct portal *, const char *name,
		    const char *to, struct tval *tv, int64_t now);
/* mail_queue with a file attached (NULL for none): its name, type and
 * bytes are copied into the queue (struct smtp_attachment says what a
 * name and type may hold; porch-mailer refuses others). */
enum db_rc	 mail_queue_attached(struct db *, const struct tmpl_set *,
		    struct arena *, const struct portal *, const char *name,
		    const char *to, struct tval *tv,
		    const struct smtp_attachment *, int64_t now);

#endif
