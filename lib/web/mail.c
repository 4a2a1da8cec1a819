/*
 * mail: renders an e-mail's plain-text and HTML parts from one value tree
 * and queues them, for the pages (page_mail) and porchctl alike.
 *
 * The text template gives the subject and the text/plain part.  The HTML
 * template gives the message, which tmpl_render_layout places in
 * mail/layout.html with the sections it declares: "why" (the footer's
 * reason for the mail) and, where the mail carries a link, "action" (the
 * words on its button, which mail/button.html makes from {{link}}).  Every
 * substitution in the HTML part is escaped like a page's.  Nothing here
 * sends: the outbox keeps both parts until porch-mailer delivers them.
 */
#include <stdint.h>

#include "arena.h"
#include "config.h"
#include "mail.h"
#include "outbox.h"
#include "tmpl.h"

#define MAIL_LAYOUT	"mail/layout"

enum tmpl_rc
mail_render(const struct tmpl_set *set, struct arena *a,
    const struct portal *p, const char *name, struct tval *tv,
    struct mail *out)
{
	const char	*tname = arena_printf(a, "mail/%s", name);
	struct buf	 text, html;
	enum tmpl_rc	 rc;

	set = tmpl_set_lang(set, p->language);
	tval_str(tv, "lang", config_lang_codes[p->language]);
	tval_str(tv, "portal_name", p->name);
	tval_str(tv, "portal_url", p->url);
	buf_init(&text, a);
	buf_init(&html, a);
	if ((rc = tmpl_render_mail(set, tname, tv, a, &out->subject,
	    &text)) != TMPL_OK)
		return rc;
	tval_str(tv, "subject", out->subject);
	if ((rc = tmpl_render_layout(set, MAIL_LAYOUT, tname, tv, &html)) !=
	    TMPL_OK)
		return rc;
	out->text = buf_cstr(&text);
	out->html = buf_cstr(&html);
	return TMPL_OK;
}

enum db_rc
mail_queue(struct db *db, const struct tmpl_set *set, struct arena *a,
    const struct portal *p, const char *name, const char *to,
    struct tval *tv, int64_t now)
{
	return mail_queue_attached(db, set, a, p, name, to, tv, NULL, now);
}

enum db_rc
mail_queue_attached(struct db *db, const struct tmpl_set *set,
    struct arena *a, const struct portal *p, const char *name,
    const char *to, struct tval *tv, const struct smtp_attachment *att,
    int64_t now)
{
	struct mail	 m;

	if (mail_render(set, a, p, name, tv, &m) != TMPL_OK)
		return DB_ERR;
	return outbox_add_attached(db, to, m.subject, m.text, m.html, att,
	    now);
}
