/*
 * smtp: hands one message to the configured mail target.
 *
 * The target is "smtp://host:port" or "smtps://host:port" (libcurl, with
 * STARTTLS when the server offers it for smtp://) or "maildir:/path" (a
 * Maildir for development and demos).  The message is built here with
 * Date, Message-ID and MIME headers: multipart/alternative with a
 * text/plain and a text/html part when it has HTML, else a UTF-8 text
 * body alone; a message with an attachment is multipart/mixed around
 * that, with the attachment in base64 after it.  Header values are encoded (RFC 2047) when they are not
 * plain ASCII.  It is built by hand rather than with libcurl's MIME API,
 * which builds a message only while sending it over SMTP: the Maildir
 * target and the tests need the same bytes without a server.
 */
#ifndef PORCH_SMTP_H
#define PORCH_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct buf;

struct smtp_target {
	const char	*url;
	const char	*user;		/* NULL for none */
	const char	*password;	/* NULL for none */
	const char	*from;		/* "Name <addr>" or "addr" */
};

/* A file sent with a message. */
struct smtp_attachment {
	const char	*name;		/* file name: printable ASCII, none of
					   '"', '\\', '/' (at most 64 bytes) */
	const char	*type;		/* Content-Type with its parameters,
					   "text/calendar; charset=utf-8;
					   method=REQUEST": printable ASCII */
	const void	*data;
	size_t		 len;
};

/* Sends the text `body` and the `html` part (NULL or "" for none); true
 * when the server accepted the message.  On false, err holds a short
 * reason for the outbox's last_error. */
bool		 smtp_send(const struct smtp_target *, const char *to,
		    const char *subject, const char *body, const char *html,
		    char *err, size_t errlen);
/* smtp_send with an attachment (NULL, or one whose data is NULL, for
 * none). */
bool		 smtp_send_attached(const struct smtp_target *, const char *to,
		    const char *subject, const char *body, const char *html,
		    const struct smtp_attachment *, char *err, size_t errlen);

/* Builds the message smtp_send hands over, appending to out: Date (from
 * `now`), From, To, Subject, a random Message-ID at the sender's domain,
 * the MIME headers, a blank line and the body, every line ending in CRLF
 * and none longer than 998 octets.  With `html` (not NULL or ""), the body
 * is multipart/alternative: `body` as text/plain, then `html` as
 * text/html, both quoted-printable (lines of at most 76 octets) between
 * boundaries of "=_" and a random id; without, `body` alone as 8bit
 * text/plain.  `from` and `to` are "addr" or "Name <addr>".  false, with a
 * reason in err, when a header value holds CR, LF or another control
 * character, an address is not an addr-spec or a part is not UTF-8; out
 * then holds a partial message. */
bool		 smtp_build_message(struct buf *out, const char *from,
		    const char *to, const char *subject, const char *body,
		    const char *html, time_t now, char *err, size_t errlen);
/* smtp_build_message with an attachment (NULL for none).  With one, the
 * body is multipart/mixed: first what smtp_build_message would have made
 * the body (the multipart/alternative, or the text/plain part in
 * quoted-printable), then the attachment with its Content-Type,
 * `Content-Disposition: attachment; filename="NAME"` and its bytes in
 * base64 (lines of 76).  false, with a reason in err, for a name or type
 * that does not qualify (struct smtp_attachment). */
bool		 smtp_build_attached(struct buf *out, const char *from,
		    const char *to, const char *subject, const char *body,
		    const char *html, const struct smtp_attachment *,
		    time_t now, char *err, size_t errlen);

#endif
