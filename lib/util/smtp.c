/*
 * smtp: builds one message and hands it to the mail target.
 *
 * The message is built in memory: Date, From, To, Subject, Message-ID and
 * the MIME headers, then the body.  A message with an HTML part is
 * multipart/alternative: the text/plain part, then the text/html one, each
 * UTF-8 in quoted-printable, so no line is longer than 76 octets whatever
 * the template or a value held.  The boundary is "=_" and a random id, and
 * "=_" can never occur in quoted-printable (an "=" there is always followed
 * by two hex digits or a line end), so no part can hold it.  A message
 * without an HTML part (one queued before mail had them) is a single UTF-8
 * text/plain body sent as 8bit, as before.  A message with an attachment
 * (an invitation's text/calendar) is multipart/mixed: that body as its
 * first part (the text alone goes quoted-printable there), then the
 * attachment in base64, whose alphabet has no "=_" either.  Its name and
 * type are checked like header values and may hold nothing that would
 * need quoting.  Lines end in CRLF and none is
 * longer than 998 octets (a longer 8bit body line is broken).  A header
 * value with CR, LF or another control character is refused outright, so
 * no caller can inject a header or a recipient; a value that is not plain
 * ASCII is written as RFC 2047 encoded words that each hold whole UTF-8
 * characters.  The envelope sender and recipient are the addr-specs inside
 * the angle brackets of From and To.
 *
 * Delivery is libcurl SMTP (dot-stuffing and the final "." are curl's) or
 * a Maildir, written to tmp/, synced and renamed into new/.  This module
 * neither retries nor queues: porch-mailer and the outbox do that, with
 * the short reason left in err.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "arena.h"
#include "crypto.h"
#include "smtp.h"
#include "util.h"

#define LINE_MAX_OCTETS	998	/* RFC 5322 2.1.1 */
#define LINE_BREAK_AT	990	/* leaves room for a whole UTF-8 character */
#define WORD_BYTES	45	/* 60 base64 digits: an encoded word of 72 */
#define PLAIN_MAX	900	/* a longer subject is folded as encoded words */
#define QP_LINE		76	/* RFC 2045 6.7 (5), the soft break's "=" too */
#define SPECIALS	"()<>[]:;@\\,.\""

struct mailbox {
	const char	*name;	/* display name, unquoted; "" when none */
	const char	*addr;	/* addr-spec */
};

struct upload {
	const char	*p;
	size_t		 left;
};

static bool errf(char *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes the reason and returns false, so callers can `return errf(...)`. */
static bool
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;

	if (errlen == 0)
		return false;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return false;
}

static bool
is_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static bool
header_ok(const char *what, const char *s, char *err, size_t errlen)
{
	size_t	 len;

	if (s == NULL)
		return errf(err, errlen, "%s is missing", what);
	len = strlen(s);
	if (strpbrk(s, "\r\n") != NULL)
		return errf(err, errlen, "%s contains CR or LF", what);
	if (has_control(s, len, false))
		return errf(err, errlen, "%s contains a control character", what);
	if (!utf8_valid(s, len))
		return errf(err, errlen, "%s is not UTF-8", what);
	return true;
}

static bool
addr_ok(struct arena *a, const char *addr, bool sender)
{
	const char	*at;
	size_t		 len;

	len = strlen(addr);
	if (addr[strcspn(addr, " \t<>,;\"")] != '\0')
		return false;
	if (valid_email(addr, len))
		return true;
	/* The sender is the admin's choice and may be a local name such as
	 * porch@localhost, which valid_email refuses for want of a dot in the
	 * domain: judge it as if it had one. */
	at = strrchr(addr, '@');
	return sender && at != NULL && strchr(at, '.') == NULL &&
	    valid_email(arena_printf(a, "%s.local", addr), len + 6);
}

/* "a@b", "Name <a@b>" or "\"Name, Inc.\" <a@b>" into its two parts. */
static bool
mailbox_parse(struct arena *a, const char *s, bool sender, struct mailbox *mb)
{
	const char	*lt;
	size_t		 len;
	char		*name;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	mb->name = "";
	if ((lt = memrchr(s, '<', len)) == NULL)
		mb->addr = arena_strndup(a, s, len);
	else {
		if (s[len - 1] != '>')
			return false;
		mb->addr = arena_strndup(a, lt + 1, len - (lt - s) - 2);
		name = arena_strndup(a, s, lt - s);
		name[trim(name, strlen(name))] = '\0';
		mb->name = name;
	}
	return addr_ok(a, mb->addr, sender);
}

/* A display name given as a quoted-string loses its quotes and escapes. */
static const char *
unquote(struct arena *a, const char *s)
{
	size_t	 len, i;
	char	*out, *p;

	len = strlen(s);
	if (len < 2 || s[0] != '"' || s[len - 1] != '"')
		return s;
	out = p = arena_strndup(a, s + 1, len - 2);
	for (i = 1; i < len - 1; i++) {
		if (s[i] == '\\' && i + 1 < len - 1)
			i++;
		*p++ = s[i];
	}
	*p = '\0';
	return out;
}

/* Encoded words ("=?UTF-8?B?...?="), folded, each holding whole
 * characters (RFC 2047 section 5). */
static void
put_encoded(struct buf *out, const char *s, size_t len)
{
	char	 b64[sodium_base64_ENCODED_LEN(WORD_BYTES,
		    sodium_base64_VARIANT_ORIGINAL)];
	size_t	 n;
	bool	 first = true;

	while (len > 0) {
		n = len < WORD_BYTES ? len : WORD_BYTES;
		while (n < len && n > 1 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s,
		    n, sodium_base64_VARIANT_ORIGINAL);
		if (!first)
			buf_puts(out, "\r\n ");
		buf_printf(out, "=?UTF-8?B?%s?=", b64);
		first = false;
		s += n;
		len -= n;
	}
}

/* Unstructured text: as it is when it is short plain ASCII that a reader
 * would not mistake for an encoded word, else encoded. */
static void
put_text(struct buf *out, const char *s)
{
	size_t	 len;

	len = strlen(s);
	if (is_ascii(s) && len <= PLAIN_MAX && strstr(s, "=?") == NULL)
		buf_add(out, s, len);
	else
		put_encoded(out, s, len);
}

static void
put_mailbox(struct buf *out, const char *header, const struct mailbox *mb)
{
	const char	*p;

	buf_printf(out, "%s: ", header);
	if (mb->name[0] == '\0') {
		buf_printf(out, "%s\r\n", mb->addr);
		return;
	}
	if (!is_ascii(mb->name) || strstr(mb->name, "=?") != NULL)
		put_encoded(out, mb->name, strlen(mb->name));
	else if (mb->name[strcspn(mb->name, SPECIALS)] == '\0')
		buf_puts(out, mb->name);
	else {
		buf_putc(out, '"');
		for (p = mb->name; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(out, '\\');
			buf_putc(out, *p);
		}
		buf_putc(out, '"');
	}
	buf_printf(out, " <%s>\r\n", mb->addr);
}

/* RFC 5322 date in UTC; the names are spelled out so no locale applies. */
static bool
put_date(struct buf *out, time_t now)
{
	static const char *const days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	struct tm	 tm;

	if (gmtime_r(&now, &tm) == NULL || tm.tm_year + 1900 > 9999)
		return false;
	buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return true;
}

/* The body with every line ending (LF, CR or CRLF) made CRLF, lines broken
 * before they pass the limit, and a final line ending. */
static void
put_body(struct buf *out, const char *s)
{
	size_t	 col = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\r' || *s == '\n') {
			if (s[0] == '\r' && s[1] == '\n')
				s++;
			buf_puts(out, "\r\n");
			col = 0;
			continue;
		}
		if (col >= LINE_BREAK_AT && ((unsigned char)*s & 0xc0) != 0x80) {
			buf_puts(out, "\r\n");
			col = 0;
		}
		buf_putc(out, *s);
		col++;
	}
	if (col > 0)
		buf_puts(out, "\r\n");
}

/* Whether the octet at p stands as itself in quoted-printable: printable
 * ASCII but "=", and a space or tab that does not end a line. */
static bool
qp_literal(const unsigned char *p)
{
	if (*p == ' ' || *p == '\t')
		return p[1] != '\0' && p[1] != '\r' && p[1] != '\n';
	return *p > ' ' && *p < 0x7f && *p != '=';
}

/* UTF-8 text as quoted-printable (RFC 2045 6.7): every line ending (LF,
 * CR or CRLF) a CRLF; "=", control characters and the octets of every
 * non-ASCII character as =XX, a character's octets never split by a soft
 * line break ("=" CRLF), which keeps each line within QP_LINE octets.
 * Ends with a line ending unless the text is empty. */
static void
put_qp(struct buf *out, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 col = 0, n, i;

	while (*p != '\0') {
		if (*p == '\r' || *p == '\n') {
			p += p[0] == '\r' && p[1] == '\n' ? 2 : 1;
			buf_puts(out, "\r\n");
			col = 0;
			continue;
		}
		for (n = 1; *p >= 0x80 && n < 4 && (p[n] & 0xc0) == 0x80; n++)
			continue;
		if (col + (qp_literal(p) ? 1 : 3 * n) > QP_LINE - 1) {
			buf_puts(out, "=\r\n");
			col = 0;
		}
		if (qp_literal(p)) {
			buf_putc(out, (char)*p++);
			col++;
			continue;
		}
		for (i = 0; i < n; i++, p++) {
			buf_putc(out, '=');
			buf_putc(out, hex[*p >> 4]);
			buf_putc(out, hex[*p & 0x0f]);
		}
		col += 3 * n;
	}
	if (col > 0)
		buf_puts(out, "\r\n");
}

/* One part of a multipart body: its boundary line, headers and text.  The
 * line ending before the next boundary line belongs to that line. */
static void
put_part(struct buf *out, const char *boundary, const char *type,
    const char *text)
{
	buf_printf(out, "--%s\r\n"
	    "Content-Type: %s; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n"
	    "\r\n", boundary, type);
	put_qp(out, text);
	if (*text == '\0')
		buf_puts(out, "\r\n");
}

/* An attachment as a part: its headers, then its bytes in base64, 76
 * characters a line (RFC 2045 6.8; 57 bytes make 76). */
static void
put_attachment(struct buf *out, const char *boundary,
    const struct smtp_attachment *att)
{
	char			 line[sodium_base64_ENCODED_LEN(57,
				    sodium_base64_VARIANT_ORIGINAL)];
	const unsigned char	*p = att->data;
	size_t			 left = att->len, n;

	buf_printf(out, "--%s\r\n"
	    "Content-Type: %s; name=\"%s\"\r\n"
	    "Content-Disposition: attachment; filename=\"%s\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "\r\n", boundary, att->type, att->name, att->name);
	while (left > 0) {
		n = left < 57 ? left : 57;
		sodium_bin2base64(line, sizeof(line), p, n,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_printf(out, "%s\r\n", line);
		p += n;
		left -= n;
	}
}

/* The text and HTML as multipart/alternative: its Content-Type header, a
 * blank line, the parts and the closing boundary. */
static void
put_alternative(struct buf *out, const char *text, const char *html)
{
	const char	*boundary;

	boundary = arena_printf(out->a, "=_%s", crypto_public_id_new(out->a));
	buf_printf(out, "Content-Type: multipart/alternative; "
	    "boundary=\"%s\"\r\n"
	    "\r\n", boundary);
	put_part(out, boundary, "text/plain", text);
	put_part(out, boundary, "text/html", html);
	buf_printf(out, "--%s--\r\n", boundary);
}

/* The body and the attachment as multipart/mixed. */
static void
put_mixed(struct buf *out, const char *text, const char *html,
    const struct smtp_attachment *att)
{
	const char	*boundary;

	boundary = arena_printf(out->a, "=_%s", crypto_public_id_new(out->a));
	buf_printf(out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n"
	    "Auto-Submitted: auto-generated\r\n"
	    "\r\n", boundary);
	if (html == NULL || *html == '\0')
		put_part(out, boundary, "text/plain", text);
	else {
		buf_printf(out, "--%s\r\n", boundary);
		put_alternative(out, text, html);
	}
	put_attachment(out, boundary, att);
	buf_printf(out, "--%s--\r\n", boundary);
}

/* The MIME headers, a blank line and the body: a text/plain body alone
 * when there is no HTML, else both parts as multipart/alternative; with
 * an attachment, either in multipart/mixed before it. */
static void
put_content(struct buf *out, const char *text, const char *html,
    const struct smtp_attachment *att)
{
	const char	*boundary;

	buf_puts(out, "MIME-Version: 1.0\r\n");
	if (att != NULL) {
		put_mixed(out, text, html, att);
		return;
	}
	if (html == NULL || *html == '\0') {
		buf_puts(out, "Content-Type: text/plain; charset=utf-8\r\n"
		    "Content-Transfer-Encoding: 8bit\r\n"
		    "Auto-Submitted: auto-generated\r\n"
		    "\r\n");
		put_body(out, text);
		return;
	}
	boundary = arena_printf(out->a, "=_%s", crypto_public_id_new(out->a));
	buf_printf(out, "Content-Type: multipart/alternative; "
	    "boundary=\"%s\"\r\n"
	    "Auto-Submitted: auto-generated\r\n"
	    "\r\n", boundary);
	put_part(out, boundary, "text/plain", text);
	put_part(out, boundary, "text/html", html);
	buf_printf(out, "--%s--\r\n", boundary);
}

/* Whether the attachment's name and type can go in its headers as they
 * are: printable ASCII, the name also without quotes, slashes or
 * backslashes. */
static bool
attachment_ok(const struct smtp_attachment *att, char *err, size_t errlen)
{
	const char	*p;

	if (att->name == NULL || *att->name == '\0' ||
	    strlen(att->name) > 64 || att->type == NULL ||
	    strchr(att->type, '/') == NULL || strlen(att->type) > 200)
		return errf(err, errlen, "attachment name or type missing");
	for (p = att->name; *p != '\0'; p++)
		if (*p < ' ' || *p > '~' || strchr("\"\\/", *p) != NULL)
			return errf(err, errlen, "attachment name refused");
	for (p = att->type; *p != '\0'; p++)
		if (*p < ' ' || *p > '~')
			return errf(err, errlen, "attachment type refused");
	return true;
}

bool
smtp_build_message(struct buf *out, const char *from, const char *to,
    const char *subject, const char *body, const char *html, time_t now,
    char *err, size_t errlen)
{
	return smtp_build_attached(out, from, to, subject, body, html, NULL,
	    now, err, errlen);
}

bool
smtp_build_attached(struct buf *out, const char *from, const char *to,
    const char *subject, const char *body, const char *html,
    const struct smtp_attachment *att, time_t now, char *err, size_t errlen)
{
	struct mailbox	 mfrom, mto;
	const char	*domain;

	if (att != NULL && att->data == NULL)
		att = NULL;
	if (att != NULL && !attachment_ok(att, err, errlen))
		return false;

	if (!header_ok("From", from, err, errlen) ||
	    !header_ok("To", to, err, errlen) ||
	    !header_ok("Subject", subject, err, errlen))
		return false;
	if (body == NULL || !utf8_valid(body, strlen(body)))
		return errf(err, errlen, "body is not UTF-8");
	if (html != NULL && !utf8_valid(html, strlen(html)))
		return errf(err, errlen, "HTML part is not UTF-8");
	if (!mailbox_parse(out->a, from, true, &mfrom))
		return errf(err, errlen, "From is not an address");
	if (!mailbox_parse(out->a, to, false, &mto))
		return errf(err, errlen, "To is not an address");
	mfrom.name = unquote(out->a, mfrom.name);
	mto.name = unquote(out->a, mto.name);
	domain = strrchr(mfrom.addr, '@') + 1;

	if (!put_date(out, now))
		return errf(err, errlen, "date out of range");
	put_mailbox(out, "From", &mfrom);
	put_mailbox(out, "To", &mto);
	buf_puts(out, "Subject: ");
	put_text(out, subject);
	buf_printf(out, "\r\nMessage-ID: <%s@%s>\r\n",
	    crypto_public_id_new(out->a), domain);
	put_content(out, body, html, att);
	return true;
}

/* ---------------------------------------------------------------- Maildir */

static bool
mkdir_ok(const char *path)
{
	return mkdir(path, 0700) == 0 || errno == EEXIST;
}

static bool
maildir_dirs(struct arena *a, const char *dir, char *err, size_t errlen)
{
	static const char *const sub[] = { "tmp", "new", "cur" };
	const char	*path;
	size_t		 i;

	if (!mkdir_ok(dir))
		return errf(err, errlen, "maildir %s: %s", dir, strerror(errno));
	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		path = arena_printf(a, "%s/%s", dir, sub[i]);
		if (!mkdir_ok(path))
			return errf(err, errlen, "maildir %s: %s", path,
			    strerror(errno));
	}
	return true;
}

/* "time.MusecPpidRrandom.host", the Maildir convention: unique without a
 * lock because of the random part. */
static const char *
maildir_name(struct arena *a)
{
	struct timeval	 tv;
	char		 host[256];
	char		*p;

	gettimeofday(&tv, NULL);
	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	for (p = host; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
			*p = '_';
	return arena_printf(a, "%lld.M%ldP%ldR%s.%s", (long long)tv.tv_sec,
	    (long)tv.tv_usec, (long)getpid(), crypto_public_id_new(a), host);
}

/* Maildir files hold LF line endings: every CR the builder wrote is the
 * first half of a CRLF. */
static bool
write_lf(int fd, const struct buf *msg)
{
	const char	*p, *end, *cr;
	ssize_t		 n;

	p = msg->data;
	end = msg->data + msg->len;
	while (p < end) {
		if ((cr = memchr(p, '\r', end - p)) == NULL)
			cr = end;
		while (p < cr) {
			if ((n = write(fd, p, cr - p)) == -1 && errno != EINTR)
				return false;
			if (n > 0)
				p += n;
		}
		if (p < end)
			p++;
	}
	return true;
}

static void
sync_dir(const char *path)
{
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	(void)fsync(fd);
	close(fd);
}

static bool
maildir_deliver(struct arena *a, const char *dir, const struct buf *msg,
    char *err, size_t errlen)
{
	const char	*name, *tmp, *new;
	int		 fd;
	bool		 ok;

	if (*dir == '\0')
		return errf(err, errlen, "maildir: no path");
	if (!maildir_dirs(a, dir, err, errlen))
		return false;
	name = maildir_name(a);
	tmp = arena_printf(a, "%s/tmp/%s", dir, name);
	new = arena_printf(a, "%s/new/%s", dir, name);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1)
		return errf(err, errlen, "maildir %s: %s", tmp, strerror(errno));
	ok = write_lf(fd, msg) && fsync(fd) == 0;
	if (close(fd) == -1)
		ok = false;
	if (ok && rename(tmp, new) == 0) {
		sync_dir(arena_printf(a, "%s/new", dir));
		return true;
	}
	errf(err, errlen, "maildir %s: %s", tmp, strerror(errno));
	(void)unlink(tmp);
	return false;
}

/* ------------------------------------------------------------------- SMTP */

static size_t
upload_read(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload	*up = arg;
	size_t		 n;

	n = size * nmemb;
	if (n > up->left)
		n = up->left;
	memcpy(dst, up->p, n);
	up->p += n;
	up->left -= n;
	return n;
}

static bool
curl_ready(void)
{
	static bool	 done;

	if (!done)
		done = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	return done;
}

static void
curl_setup(CURL *c, const struct smtp_target *t, const char *from,
    struct curl_slist *rcpts, struct upload *up, char *cerr)
{
	bool	 smtps;

	smtps = strncasecmp(t->url, "smtps://", 8) == 0;
	curl_easy_setopt(c, CURLOPT_URL, t->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, CURLPROTO_SMTP | CURLPROTO_SMTPS);
#endif
	curl_easy_setopt(c, CURLOPT_USE_SSL,
	    smtps ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(c, CURLOPT_READDATA, up);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	if (t->user != NULL && t->user[0] != '\0')
		curl_easy_setopt(c, CURLOPT_USERNAME, t->user);
	if (t->password != NULL && t->password[0] != '\0')
		curl_easy_setopt(c, CURLOPT_PASSWORD, t->password);
}

static bool
curl_deliver(struct arena *a, const struct smtp_target *t, const char *from,
    const char *rcpt, const struct buf *msg, char *err, size_t errlen)
{
	CURL			*c;
	struct curl_slist	*rcpts;
	struct upload		 up;
	char			 cerr[CURL_ERROR_SIZE];
	CURLcode		 rc;
	long			 code = 0;

	if (!curl_ready() || (c = curl_easy_init()) == NULL)
		return errf(err, errlen, "smtp: libcurl did not initialise");
	if ((rcpts = curl_slist_append(NULL,
	    arena_printf(a, "<%s>", rcpt))) == NULL) {
		curl_easy_cleanup(c);
		return errf(err, errlen, "smtp: out of memory");
	}
	up.p = msg->data;
	up.left = msg->len;
	cerr[0] = '\0';
	curl_setup(c, t, arena_printf(a, "<%s>", from), rcpts, &up, cerr);
	if ((rc = curl_easy_perform(c)) != CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		if (code > 0)
			errf(err, errlen, "smtp %ld: %s", code,
			    cerr[0] != '\0' ? cerr : curl_easy_strerror(rc));
		else
			errf(err, errlen, "smtp: %s",
			    cerr[0] != '\0' ? cerr : curl_easy_strerror(rc));
	}
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(c);
	return rc == CURLE_OK;
}

static bool
deliver(struct arena *a, const struct smtp_target *t, const char *to,
    const struct buf *msg, char *err, size_t errlen)
{
	struct mailbox	 from, rcpt;

	if (strncmp(t->url, "maildir:", 8) == 0)
		return maildir_deliver(a, t->url + 8, msg, err, errlen);
	if (strncasecmp(t->url, "smtp://", 7) != 0 &&
	    strncasecmp(t->url, "smtps://", 8) != 0)
		return errf(err, errlen, "unsupported mail target");
	/* Both parsed already while building the message. */
	if (!mailbox_parse(a, t->from, true, &from) ||
	    !mailbox_parse(a, to, false, &rcpt))
		return errf(err, errlen, "not an address");
	return curl_deliver(a, t, from.addr, rcpt.addr, msg, err, errlen);
}

bool
smtp_send(const struct smtp_target *t, const char *to, const char *subject,
    const char *body, const char *html, char *err, size_t errlen)
{
	return smtp_send_attached(t, to, subject, body, html, NULL, err,
	    errlen);
}

bool
smtp_send_attached(const struct smtp_target *t, const char *to,
    const char *subject, const char *body, const char *html,
    const struct smtp_attachment *att, char *err, size_t errlen)
{
	struct arena	*a;
	struct buf	 msg;
	bool		 ok;

	if (errlen > 0)
		err[0] = '\0';
	if (t->url == NULL || t->url[0] == '\0')
		return errf(err, errlen, "no mail target configured");
	a = arena_new(16384);
	buf_init(&msg, a);
	ok = smtp_build_attached(&msg, t->from, to, subject, body, html, att,
	    time(NULL), err, errlen) && deliver(a, t, to, &msg, err, errlen);
	arena_free(a);
	return ok;
}
