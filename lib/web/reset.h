/*
 * reset: choosing a new password through an e-mailed link, one flow for
 * customers and team members alike, the principal's kind choosing the
 * side.
 *
 * Each side's programs are a declaration and one call to this module: the
 * form that asks for a link (GET /password/forgot, /team/password/forgot),
 * asking (its POST), the form the link opens (GET /password/reset?t=...,
 * /team/password/reset?t=...) and using the link (its POST).  Their forms
 * are the same on both sides, so the fields are declared here once and
 * each program names them as its own (.fields, .nfields).  A side whose
 * settings offer no passwords (the portal's signin, the office's
 * team_signin) has none of these pages: 404.
 */
#ifndef PORCH_RESET_H
#define PORCH_RESET_H

#include "page.h"

/* How long a reset link works, in seconds. */
#define RESET_TTL	(30 * 60)

/* The asking form's one field: the address (valid_email, lower case). */
extern const struct field	 reset_ask_fields[1];
/* The link's fields: its token t (valid_token, so the routes table marks
 * the GET route secret), and on the POST the new password. */
enum { RESET_F_TOKEN, RESET_F_PASSWORD, RESET_F__MAX };
extern const struct field	 reset_link_fields[RESET_F_TOKEN + 1];
extern const struct field	 reset_use_fields[RESET_F__MAX];

/* The form that asks for a reset link (templates/password-forgot.html). */
enum page_rc	 reset_ask_form(struct req *, enum principal_kind);
/* Mails a reset link (mail/password-reset or mail/team-password-reset)
 * to the address of the form (reset_ask_fields) when it is an account's
 * on that side.  The answer is the same either
 * way, so the form tells nobody who has an account; asking is rate
 * limited per address and per client (page_throttled).  Nothing about
 * the account changes.  200 "check your e-mail" | 422 the form again |
 * 429. */
enum page_rc	 reset_ask(struct req *, enum principal_kind);
/* Where a reset link lands (reset_link_fields): the form for the new
 * password (templates/password-reset.html), or 410 for a token that is
 * missing, malformed, unknown, used, expired or an inactive customer's.
 * Changes nothing: mail scanners open links. */
enum page_rc	 reset_link_form(struct req *, enum principal_kind);
/* Uses a reset link once (reset_use_fields): the new password must meet
 * password_check's rules, else the form again (422) with the link still
 * unused.  Then the password is stored, every other reset link of
 * the account stops working, every session of the account ends, a
 * member's reset is audited ("member-password-reset"), and this browser
 * is signed in afresh: 303 to /portal, or /team?password=1 for a member,
 * whose home says so.  410 as reset_link_form. */
enum page_rc	 reset_use(struct req *, enum principal_kind);

#endif
