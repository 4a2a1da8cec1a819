/*
 * view: the template values of records that more than one page shows.
 *
 * A page that lists appointments or inbox items pushes each record with
 * these functions, so every page names the same values the same way and
 * the templates that show them (partials) can be shared.  The same goes
 * for forms and cards that more than one page renders (the sign-up form,
 * the account page's cards) and for the pager under a list.  Nothing here
 * reads the database or decides who may see what: the pages pass only
 * records their data functions returned.
 */
#ifndef PORCH_VIEW_H
#define PORCH_VIEW_H

#include "keyset.h"
#include "page.h"

struct appointment;
struct customer;
struct customer_account;
struct deletion;
struct inbox_item;
struct timeline_entry;
struct webhook_event;

/* Sets a record's status in `map` for partials/status (the badge): status
 * (which the label compares with {{#is status "..."}}), status_tone, and
 * st_other for a status the portal does not know (shown as stored). */
void	 view_status(struct tval *map, const char *status);
/* Appends an appointment: id, project, agenda, customer, customer_id,
 * when, when_iso, until, until_time, zone, day, clock (in the agenda's
 * zone), location, meeting_url, member, reason, status, and the booleans
 * invited, requested and changeable (by the signed-in principal, now). */
void	 view_appointment(struct req *, struct tval *list,
	    const struct appointment *);
/* The same values in `map` (a page's own, or a mail's), with day and clock
 * (the start's date and time of day apart), all in the agenda's zone. */
void	 view_appointment_map(struct req *, struct tval *map,
	    const struct appointment *);
/* Appends an inbox item: kind (the template tells them apart with
 * {{#is kind "..."}}), when, when_iso, title, customer, status, link. */
void	 view_inbox_item(struct req *, struct tval *list,
	    const struct inbox_item *);
/* Sets a deletion request's values in `map` (a list item, or the page's
 * own values): pid, created(_iso), open, done, its status (view_status),
 * name, email, customer_pid, processed(_iso), processed_by. */
void	 view_deletion(struct req *, struct tval *map,
	    const struct deletion *);
/* Sets a customer's pid, name, email, phone, active and status in `map` (a list
 * item from tval_push, or a page's own values). */
void	 view_customer(struct tval *map, const struct customer *);
/* Appends a timeline entry: kind ({{#is kind "..."}} in the template), when,
 * when_iso, by_customer, by_member, by_system, actor, title, status, pid,
 * about and about_iso ("" when the entry is about no time). */
void	 view_timeline_entry(struct req *, struct tval *list,
	    const struct timeline_entry *);
/* Sets the pager under a list whose page `pg` describes (templates/
 * partials/pager.html): a map "pager" of the links first, prev, next and
 * last ("" where there is none) and by_name (the wording: a list by name
 * pages back and forth, one newest first is newer and older); and, when
 * the list was counted, "total" ("27", or "1,000+" past the count's
 * limit).  A link is `path` with the query the page keeps (the pairs of
 * key and value after pg, NULL-terminated; a NULL or "" value is left
 * out; values are percent-encoded) and the cursor (PAGE_PAGER_FIELDS). */
void	 view_pager(struct req *, const char *path,
	    const struct keyset_page *pg, ...) __attribute__((sentinel));
/* A page's count as the portal's language writes it ("1,234" or
 * "1.234"), and a count that stopped past KEYSET_COUNT_MAX as "1,000+". */
const char	*view_count(struct req *, const struct keyset_page *);
/* The sign-in page's values (templates/login.html): next, what was typed
 * in the link form and the password form and their errors, the portal's
 * methods and its OpenID providers' links. */
void	 view_login_form(struct req *, const char *next, const char *email,
	    bool err_email, const char *pw_email, bool err_password);
/* Sets the sign-up form's values (and the providers' links): what was typed (NULL: nothing), which
 * fields could not be used, and the password rule broken (PASSWORD_OK:
 * none). */
void	 view_signup_form(struct req *, const char *name, const char *email,
	    bool err_name, bool err_email, enum password_rule);
/* Sets the account page's values from what customer_account read: the
 * details, password, e-mail, notifications and deletion cards with no
 * field marked wrong, and the sessions list. */
void	 view_account(struct req *, const struct customer_account *);
/* One webhook event pushed onto list: id, type, created (+ _iso), its
 * state as a status (pending, delivered, failed), attempts, last_status
 * ("" for none), last_error, next (when a retried pending one goes
 * next), can_retry (not delivered). */
void	 view_webhook_event(struct req *, struct tval *list,
	    const struct webhook_event *);
/* The office's endpoint into r->tv: configured, url, disabled (by a 410
 * from this url) and disabled_at. */
enum db_rc view_webhook_endpoint(struct req *);

/* The inbox's filters (templates/team-inbox.html): which kind and status
 * are on, and links that change one and keep the other where it fits: a
 * kind's link keeps the status only when that kind has it, and the
 * statuses offered are the chosen kind's ("" for every kind, any
 * status). */
void	 view_inbox_filters(struct req *, const char *kind,
	    const char *status);

#endif
