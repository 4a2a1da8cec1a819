/*
 * test-smtp: the message builder (headers, encoded words, line endings,
 * refusal of CR/LF in headers, multipart/alternative with its boundary
 * and quoted-printable parts) and both delivery paths: a Maildir, and
 * SMTP against a one-connection server forked from the test that records
 * the envelope and the data it was given.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <ftw.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "smtp.c"

#define FROM	"Porch <noreply@example.com>"
#define NOW	((time_t)1751371200)	/* Tue, 01 Jul 2025 12:00:00 UTC */

static struct arena *A;
static const char *dirs[16];	/* made by temp_dir, removed at the end */
static size_t ndirs;

static int
setup(void **state)
{
	A = arena_new(4096);
	return 0;
}

static int
rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path);
}

static int
teardown(void **state)
{
	size_t	 i;

	for (i = 0; i < ndirs; i++)
		nftw(dirs[i], rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	arena_free(A);
	return 0;
}

/* The built message as a string, or NULL when the builder refused it. */
static const char *
build(const char *from, const char *to, const char *subject, const char *body,
    char *err, size_t errlen)
{
	struct buf	 b;

	buf_init(&b, A);
	if (!smtp_build_message(&b, from, to, subject, body, NULL, NOW, err,
	    errlen))
		return NULL;
	return buf_cstr(&b);
}

/* The value of one header, unfolding nothing. */
static const char *
header(const char *msg, const char *name)
{
	const char	*p, *end;
	char		*key;

	key = arena_printf(A, "\r\n%s: ", name);
	if (strncmp(msg, key + 2, strlen(key + 2)) == 0)
		p = msg + strlen(key + 2);
	else if ((p = strstr(msg, key)) != NULL)
		p += strlen(key);
	else
		return NULL;
	/* A folded header continues on lines that start with a space. */
	end = p;
	while ((end = strstr(end, "\r\n")) != NULL && end[2] == ' ')
		end += 2;
	return arena_strndup(A, p, end - p);
}

static void
assert_crlf_only(const char *msg)
{
	const char	*p;

	for (p = msg; *p != '\0'; p++) {
		if (*p == '\n')
			assert_true(p > msg && p[-1] == '\r');
		if (*p == '\r')
			assert_int_equal(p[1], '\n');
	}
}

static void
test_plain_message(void **state)
{
	char		 err[128];
	const char	*m, *id, *body;

	m = build(FROM, "ana@example.com", "Your sign-in link",
	    "Hello Ana,\n\nOpen the link.\n", err, sizeof(err));
	assert_non_null(m);
	assert_string_equal(header(m, "Date"), "Tue, 01 Jul 2025 12:00:00 +0000");
	assert_string_equal(header(m, "From"), FROM);
	assert_string_equal(header(m, "To"), "ana@example.com");
	assert_string_equal(header(m, "Subject"), "Your sign-in link");
	assert_string_equal(header(m, "MIME-Version"), "1.0");
	assert_string_equal(header(m, "Content-Type"), "text/plain; charset=utf-8");
	assert_string_equal(header(m, "Content-Transfer-Encoding"), "8bit");
	id = header(m, "Message-ID");
	assert_non_null(id);
	assert_int_equal(strlen(id), 1 + PUBLIC_ID_LEN + strlen("@example.com>"));
	assert_int_equal(id[0], '<');
	assert_string_equal(id + 1 + PUBLIC_ID_LEN, "@example.com>");
	body = strstr(m, "\r\n\r\n");
	assert_non_null(body);
	assert_string_equal(body + 4, "Hello Ana,\r\n\r\nOpen the link.\r\n");
	assert_crlf_only(m);
}

static void
test_message_ids_differ(void **state)
{
	char		 err[128];
	const char	*a, *b;

	a = header(build(FROM, "ana@example.com", "x", "", err, sizeof(err)),
	    "Message-ID");
	b = header(build(FROM, "ana@example.com", "x", "", err, sizeof(err)),
	    "Message-ID");
	assert_string_not_equal(a, b);
}

static void
test_subject_encoded(void **state)
{
	char		 err[128];
	const char	*m;

	m = build(FROM, "ana@example.com", "Caf\xc3\xa9", "", err, sizeof(err));
	assert_non_null(m);
	assert_string_equal(header(m, "Subject"), "=?UTF-8?B?Q2Fmw6k=?=");
	/* Plain ASCII that looks like an encoded word is encoded too, so a
	 * reader shows it as it was written. */
	m = build(FROM, "ana@example.com", "=?UTF-8?B?SGk=?=", "", err,
	    sizeof(err));
	assert_string_not_equal(header(m, "Subject"), "=?UTF-8?B?SGk=?=");
	assert_memory_equal(header(m, "Subject"), "=?UTF-8?B?", 10);
}

/* Decodes folded encoded words back, checking each word's size and that
 * no word splits a character. */
static const char *
decode_words(const char *v)
{
	struct buf	 out;
	unsigned char	 bin[128];
	const char	*end;
	size_t		 n, blen;

	buf_init(&out, A);
	for (;;) {
		end = strstr(v, "\r\n ");
		n = end != NULL ? (size_t)(end - v) : strlen(v);
		assert_true(n <= 75);
		assert_memory_equal(v, "=?UTF-8?B?", 10);
		assert_memory_equal(v + n - 2, "?=", 2);
		assert_int_equal(sodium_base642bin(bin, sizeof(bin), v + 10,
		    n - 12, NULL, &blen, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
		assert_true(utf8_valid((const char *)bin, blen));
		buf_add(&out, bin, blen);
		if (end == NULL)
			break;
		v = end + 3;
	}
	return buf_cstr(&out);
}

static void
test_subject_long_utf8(void **state)
{
	char		 err[128];
	struct buf	 s;
	const char	*m, *v;
	int		 i;

	buf_init(&s, A);
	for (i = 0; i < 30; i++)
		buf_puts(&s, "\xc3\xa9t\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac ");
	m = build(FROM, "ana@example.com", buf_cstr(&s), "", err, sizeof(err));
	assert_non_null(m);
	v = header(m, "Subject");
	assert_non_null(strstr(v, "\r\n "));
	assert_string_equal(decode_words(v), buf_cstr(&s));
	assert_crlf_only(m);
}

static void
test_header_crlf_refused(void **state)
{
	static const char *const subjects[] = {
		"Hi\r\nBcc: eve@example.com", "Hi\nBcc: eve@example.com",
		"Hi\rthere",
	};
	char		 err[128];
	size_t		 i;

	for (i = 0; i < 3; i++) {
		err[0] = '\0';
		assert_null(build(FROM, "ana@example.com", subjects[i], "",
		    err, sizeof(err)));
		assert_non_null(strstr(err, "CR or LF"));
	}
	assert_null(build(FROM, "ana@example.com\r\nBcc: eve@example.com",
	    "Hi", "", err, sizeof(err)));
	assert_string_equal(err, "To contains CR or LF");
	assert_null(build("Porch\n <noreply@example.com>", "ana@example.com",
	    "Hi", "", err, sizeof(err)));
	assert_string_equal(err, "From contains CR or LF");
	assert_null(build(FROM, "ana@example.com", "a\x01" "b", "", err,
	    sizeof(err)));
	assert_string_equal(err, "Subject contains a control character");
	assert_null(build(FROM, "ana@example.com", "caf\xe9", "", err,
	    sizeof(err)));
	assert_string_equal(err, "Subject is not UTF-8");
	assert_null(build(FROM, "ana@example.com", NULL, "", err, sizeof(err)));
}

static void
test_bad_addresses(void **state)
{
	static const char *const bad[] = {
		"not an address", "Ana <>", "Ana <ana@example.com",
		"ana@example.com, eve@example.com",
		"Ana <ana@example.com>, eve@example.com",
		"<ana@example.com> Ana", "", "ana@",
	};
	char		 err[128];
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_null(build(FROM, bad[i], "Hi", "", err, sizeof(err)));
		assert_string_equal(err, "To is not an address");
	}
	assert_null(build("Porch", "ana@example.com", "Hi", "", err,
	    sizeof(err)));
	assert_string_equal(err, "From is not an address");
}

static void
test_display_names(void **state)
{
	char		 err[128];
	const char	*m;

	m = build("Jos\xc3\xa9 <jose@example.com>", "Ana Alvarez <ana@example.com>",
	    "Hi", "", err, sizeof(err));
	assert_string_equal(header(m, "From"),
	    "=?UTF-8?B?Sm9zw6k=?= <jose@example.com>");
	assert_string_equal(header(m, "To"), "Ana Alvarez <ana@example.com>");
	assert_string_equal(strrchr(header(m, "Message-ID"), '@'),
	    "@example.com>");
	m = build("Demo Realty, Inc. <office@example.com>",
	    "\"Brooks, Ben \\\"B\\\"\" <ben@example.com>", "Hi", "", err,
	    sizeof(err));
	assert_string_equal(header(m, "From"),
	    "\"Demo Realty, Inc.\" <office@example.com>");
	assert_string_equal(header(m, "To"),
	    "\"Brooks, Ben \\\"B\\\"\" <ben@example.com>");
}

static void
test_envelope_address(void **state)
{
	struct mailbox	 mb;

	assert_true(mailbox_parse(A, "  Porch  <noreply@example.com> ", false,
	    &mb));
	assert_string_equal(mb.addr, "noreply@example.com");
	assert_string_equal(mb.name, "Porch");
	assert_true(mailbox_parse(A, "ana@example.com", false, &mb));
	assert_string_equal(mb.addr, "ana@example.com");
	assert_string_equal(mb.name, "");
	assert_true(mailbox_parse(A, "\"a <b>\" <c@example.com>", false, &mb));
	assert_string_equal(mb.addr, "c@example.com");
	/* A local sender name passes; a local recipient does not. */
	assert_true(mailbox_parse(A, "Porch <porch@localhost>", true, &mb));
	assert_string_equal(mb.addr, "porch@localhost");
	assert_false(mailbox_parse(A, "ana@localhost", false, &mb));
	assert_false(mailbox_parse(A, "Porch <porch@>", true, &mb));
	assert_false(mailbox_parse(A, "Porch <@localhost>", true, &mb));
}

static void
test_body_line_endings(void **state)
{
	char		 err[128];
	const char	*m;

	m = build(FROM, "ana@example.com", "Hi", "a\r\nb\rc\nd\n\n", err,
	    sizeof(err));
	assert_string_equal(strstr(m, "\r\n\r\n") + 4, "a\r\nb\r\nc\r\nd\r\n\r\n");
	m = build(FROM, "ana@example.com", "Hi", "", err, sizeof(err));
	assert_string_equal(strstr(m, "\r\n\r\n") + 4, "");
	assert_null(build(FROM, "ana@example.com", "Hi", "\xff", err,
	    sizeof(err)));
	assert_string_equal(err, "body is not UTF-8");
}

static void
test_body_long_line(void **state)
{
	char		 err[128];
	struct buf	 body, back;
	const char	*m, *p, *eol;
	int		 i;

	buf_init(&body, A);
	buf_init(&back, A);
	for (i = 0; i < 1500; i++)
		buf_puts(&body, "x\xe2\x82\xac");	/* "x€": 4 octets */
	m = build(FROM, "ana@example.com", "Hi", buf_cstr(&body), err,
	    sizeof(err));
	for (p = m; (eol = strstr(p, "\r\n")) != NULL; p = eol + 2) {
		assert_true(eol - p <= LINE_MAX_OCTETS);
		assert_true(utf8_valid(p, eol - p));
	}
	p = strstr(m, "\r\n\r\n") + 4;
	for (; (eol = strstr(p, "\r\n")) != NULL; p = eol + 2)
		buf_add(&back, p, eol - p);
	assert_string_equal(buf_cstr(&back), buf_cstr(&body));
}

/* ------------------------------------------- multipart/alternative */

/* The message with an HTML part, as a string; NULL when refused. */
static const char *
build_html(const char *subject, const char *text, const char *html,
    char *err, size_t errlen)
{
	struct buf	 b;

	buf_init(&b, A);
	if (!smtp_build_message(&b, FROM, "ana@example.com", subject, text,
	    html, NOW, err, errlen))
		return NULL;
	return buf_cstr(&b);
}

/* The boundary the message's Content-Type names. */
static const char *
boundary_of(const char *msg)
{
	const char	*ct, *b;

	assert_non_null(ct = header(msg, "Content-Type"));
	assert_non_null(b = strstr(ct, "; boundary=\""));
	b += strlen("; boundary=\"");
	return arena_strndup(A, b, strcspn(b, "\""));
}

static size_t
count_str(const char *s, const char *needle)
{
	size_t	 n = 0;

	for (; (s = strstr(s, needle)) != NULL; s++)
		n++;
	return n;
}

/* Undoes quoted-printable: soft line breaks go, =XX is its octet. */
static const char *
qp_decode(const char *s, size_t len)
{
	struct buf	 b;
	size_t		 i;
	unsigned int	 o;

	buf_init(&b, A);
	buf_puts(&b, "");
	for (i = 0; i < len; i++) {
		if (s[i] != '=') {
			buf_putc(&b, s[i]);
			continue;
		}
		if (i + 2 < len && s[i + 1] == '\r' && s[i + 2] == '\n') {
			i += 2;
			continue;
		}
		assert_true(i + 2 < len);
		assert_true(strchr("0123456789ABCDEF", s[i + 1]) != NULL);
		assert_true(strchr("0123456789ABCDEF", s[i + 2]) != NULL);
		assert_int_equal(sscanf(s + i + 1, "%2x", &o), 1);
		buf_putc(&b, (char)o);
		i += 2;
	}
	return buf_cstr(&b);
}

/* The text of the quoted-printable part between `start` and the next
 * boundary line, checked line by line: at most 76 octets, printable
 * ASCII, no white space before a line end, and every line whole UTF-8
 * once decoded (no character split by a soft break). */
static const char *
qp_part(const char *start, const char *boundary)
{
	const char	*end, *p, *c, *eol, *line;
	char		*delim;
	size_t		 len;

	delim = arena_printf(A, "\r\n--%s", boundary);
	assert_non_null(end = strstr(start, delim));
	end += 2;
	for (p = start; p < end; p = eol + 2) {
		eol = strstr(p, "\r\n");
		assert_true(eol != NULL && eol < end);
		assert_true(eol - p <= QP_LINE);
		assert_true(eol == p || (eol[-1] != ' ' && eol[-1] != '\t'));
		for (c = p; c < eol; c++)
			assert_true(*c >= ' ' && *c < 0x7f);
		len = eol - p;
		if (len > 0 && p[len - 1] == '=')
			len--;
		line = qp_decode(p, len);
		assert_true(utf8_valid(line, strlen(line)));
	}
	return qp_decode(start, end - start);
}

/* Every line ending (LF, CR or CRLF) made CRLF. */
static const char *
crlf(const char *s)
{
	struct buf	 b;

	buf_init(&b, A);
	buf_puts(&b, "");
	for (; *s != '\0'; s++) {
		if (*s == '\r' || *s == '\n') {
			if (s[0] == '\r' && s[1] == '\n')
				s++;
			buf_puts(&b, "\r\n");
		} else
			buf_putc(&b, *s);
	}
	return buf_cstr(&b);
}

static void
test_multipart_message(void **state)
{
	char		 err[128];
	const char	*m, *b, *body;

	m = build_html("Your sign-in link", "Hello Ana,\n\nOpen "
	    "https://x.example/auth?t=abc=\n",
	    "<p>Caf\xc3\xa9 & \xe2\x82\xac</p>\n", err, sizeof(err));
	assert_non_null(m);
	assert_string_equal(header(m, "From"), FROM);
	assert_string_equal(header(m, "Subject"), "Your sign-in link");
	assert_non_null(header(m, "Message-ID"));
	assert_string_equal(header(m, "MIME-Version"), "1.0");
	/* the encoding is each part's, not the message's */
	assert_null(memmem(m, strstr(m, "\r\n\r\n") - m,
	    "Content-Transfer-Encoding", 25));
	b = boundary_of(m);
	assert_int_equal(strlen(b), 2 + PUBLIC_ID_LEN);
	assert_memory_equal(b, "=_", 2);
	assert_string_equal(header(m, "Content-Type"), arena_printf(A,
	    "multipart/alternative; boundary=\"%s\"", b));
	body = strstr(m, "\r\n\r\n") + 4;
	assert_string_equal(body, arena_printf(A,
	    "--%s\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n"
	    "\r\n"
	    "Hello Ana,\r\n"
	    "\r\n"
	    "Open https://x.example/auth?t=3Dabc=3D\r\n"
	    "--%s\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n"
	    "\r\n"
	    "<p>Caf=C3=A9 & =E2=82=AC</p>\r\n"
	    "--%s--\r\n", b, b, b));
	assert_crlf_only(m);
	/* Each message has a boundary of its own. */
	assert_string_not_equal(b, boundary_of(build_html("x", "a", "b", err,
	    sizeof(err))));
}

static void
test_multipart_text_only(void **state)
{
	char		 err[128];
	const char	*m;

	/* A message queued before mail had an HTML part goes as it was. */
	m = build_html("Hi", "Hello\n", "", err, sizeof(err));
	assert_string_equal(header(m, "Content-Type"),
	    "text/plain; charset=utf-8");
	assert_string_equal(header(m, "Content-Transfer-Encoding"), "8bit");
	assert_string_equal(strstr(m, "\r\n\r\n") + 4, "Hello\r\n");
	assert_null(build_html("Hi", "Hello\n", "<p>\xff</p>", err,
	    sizeof(err)));
	assert_string_equal(err, "HTML part is not UTF-8");
}

static void
test_multipart_encoding(void **state)
{
	char		 err[128];
	struct buf	 text, html;
	const char	*m, *b, *t, *h;
	int		 i;

	buf_init(&text, A);
	buf_init(&html, A);
	/* a long line of ASCII, "=", spaces and two-, three- and four-octet
	 * characters, at every offset against the 76-octet limit */
	for (i = 0; i < 120; i++)
		buf_puts(&text, i % 7 == 0 ? "a=b " : i % 5 == 0 ?
		    "\xc3\xa9" : i % 3 == 0 ? "\xe2\x82\xac" : i % 11 == 0 ?
		    "\xf0\x9f\x8f\xa0" : "xy");
	buf_puts(&text, "\ntrailing space \nand tab\t\n.dot\r\nFrom here\r"
	    "--=_not-a-boundary\n");
	buf_puts(&html, "<!doctype html><p>");
	for (i = 0; i < 60; i++)
		buf_puts(&html, "Caf\xc3\xa9 ");
	buf_puts(&html, "</p>");
	m = build_html("Caf\xc3\xa9 \xe2\x82\xac", buf_cstr(&text),
	    buf_cstr(&html), err, sizeof(err));
	assert_non_null(m);
	/* the subject in encoded words, as in a text message */
	assert_string_equal(header(m, "Subject"),
	    "=?UTF-8?B?Q2Fmw6kg4oKs?=");
	b = boundary_of(m);
	/* the boundary is in the header, two part lines and the close */
	assert_int_equal(count_str(m, b), 4);
	t = strstr(m, "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	assert_non_null(t);
	t += strlen("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	assert_string_equal(qp_part(t, b), crlf(buf_cstr(&text)));
	assert_non_null(strstr(t, "trailing space=20\r\n"));
	assert_non_null(strstr(t, "and tab=09\r\n"));
	assert_non_null(strstr(t, "--=3D_not-a-boundary\r\n"));
	h = strstr(t, "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	assert_non_null(h);
	h = strstr(h, "\r\n\r\n") + 4;
	assert_string_equal(qp_part(h, b),
	    arena_printf(A, "%s\r\n", buf_cstr(&html)));
	assert_crlf_only(m);
}

static void
test_multipart_empty_parts(void **state)
{
	char		 err[128];
	const char	*m, *b;

	m = build_html("Hi", "", "<p>x</p>", err, sizeof(err));
	assert_non_null(m);
	b = boundary_of(m);
	assert_non_null(strstr(m, arena_printf(A, "quoted-printable\r\n\r\n"
	    "\r\n--%s\r\n", b)));
	assert_crlf_only(m);
}

static const char *
temp_dir(void)
{
	char	*d;

	d = arena_printf(A, "%s/test-smtp.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(d));
	assert_true(ndirs < sizeof(dirs) / sizeof(dirs[0]));
	dirs[ndirs++] = d;
	return d;
}

/* How many entries a directory holds (the last one's path in *last);
 * -1 when it is missing. */
static int
count_files(const char *dir, const char **last)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.') {
			n++;
			if (last != NULL)
				*last = arena_printf(A, "%s/%s", dir, e->d_name);
		}
	closedir(d);
	return n;
}

static const char *
slurp(const char *path)
{
	FILE	*f;
	char	*s;
	long	 n;

	assert_non_null(f = fopen(path, "r"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = arena_alloc(A, n + 1);
	assert_int_equal(fread(s, 1, n, f), n);
	fclose(f);
	return s;
}

static void
test_maildir(void **state)
{
	struct smtp_target	 t = { NULL, NULL, NULL, FROM };
	char			 err[128];
	const char		*dir;

	dir = arena_printf(A, "%s/Maildir", temp_dir());
	t.url = arena_printf(A, "maildir:%s", dir);
	assert_true(smtp_send(&t, "ana@example.com", "Hello", "Hi there\n.\n",
	    NULL, err, sizeof(err)));
	assert_true(smtp_send(&t, "ben@example.com", "Hello", "Hi\n", NULL, err,
	    sizeof(err)));
	assert_int_equal(count_files(arena_printf(A, "%s/new", dir), NULL), 2);
	assert_int_equal(count_files(arena_printf(A, "%s/tmp", dir), NULL), 0);
	assert_int_equal(count_files(arena_printf(A, "%s/cur", dir), NULL), 0);

	/* A refused message leaves nothing behind. */
	assert_false(smtp_send(&t, "ana@example.com", "Hi\nBcc: eve@example.com",
	    "x", NULL, err, sizeof(err)));
	assert_int_equal(count_files(arena_printf(A, "%s/new", dir), NULL), 2);
	assert_int_equal(count_files(arena_printf(A, "%s/tmp", dir), NULL), 0);
}

static void
test_maildir_content(void **state)
{
	struct smtp_target	 t = { NULL, NULL, NULL, FROM };
	char			 err[128];
	const char		*dir, *file = NULL, *m;
	struct stat		 st;

	dir = temp_dir();
	t.url = arena_printf(A, "maildir:%s", dir);
	assert_true(smtp_send(&t, "ana@example.com", "Hello", "Hi there\n.\n",
	    NULL, err, sizeof(err)));
	assert_int_equal(count_files(arena_printf(A, "%s/new", dir), &file), 1);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	m = slurp(file);
	assert_null(strchr(m, '\r'));
	assert_non_null(strstr(m, "\nTo: ana@example.com\n"));
	assert_non_null(strstr(m, "\nSubject: Hello\n"));
	/* No dot-stuffing in a Maildir. */
	assert_string_equal(strstr(m, "\n\n") + 2, "Hi there\n.\n");
}

static void
test_bad_targets(void **state)
{
	struct smtp_target	 t = { "http://example.com/", NULL, NULL, FROM };
	char			 err[128];

	assert_false(smtp_send(&t, "ana@example.com", "Hi", "x", NULL, err,
	    sizeof(err)));
	assert_string_equal(err, "unsupported mail target");
	t.url = "";
	assert_false(smtp_send(&t, "ana@example.com", "Hi", "x", NULL, err,
	    sizeof(err)));
	assert_string_equal(err, "no mail target configured");
	t.url = "maildir:/nonexistent-dir/sub/Maildir";
	assert_false(smtp_send(&t, "ana@example.com", "Hi", "x", NULL, err,
	    sizeof(err)));
	assert_memory_equal(err, "maildir ", 8);
}

/* ------------------------------------------- a one-connection SMTP server */

static int
listen_any(int *port)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	int			 fd;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true((fd = socket(AF_INET, SOCK_STREAM, 0)) != -1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(fd, 1), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

/* Answers one client; every line it reads goes to `log`.  `rcpt_reply` is
 * what RCPT gets, so a test can have the recipient refused. */
static void
serve_one(int lfd, const char *log, const char *rcpt_reply)
{
	FILE	*in, *out, *rec;
	char	 line[2048];
	int	 fd;
	bool	 data = false;

	if ((fd = accept(lfd, NULL, NULL)) == -1)
		_exit(1);
	in = fdopen(fd, "r");
	out = fdopen(dup(fd), "w");
	rec = fopen(log, "w");
	fputs("220 test ESMTP\r\n", out);
	fflush(out);
	while (fgets(line, sizeof(line), in) != NULL) {
		fputs(line, rec);
		if (data) {
			if (strcmp(line, ".\r\n") == 0) {
				data = false;
				fputs("250 queued\r\n", out);
			}
		} else if (strncmp(line, "EHLO", 4) == 0)
			fputs("250-test\r\n250 8BITMIME\r\n", out);
		else if (strncmp(line, "RCPT", 4) == 0)
			fputs(rcpt_reply, out);
		else if (strncmp(line, "DATA", 4) == 0) {
			data = true;
			fputs("354 go on\r\n", out);
		} else if (strncmp(line, "QUIT", 4) == 0) {
			fputs("221 bye\r\n", out);
			break;
		} else
			fputs("250 ok\r\n", out);
		fflush(out);
	}
	fflush(out);
	fclose(rec);
	_exit(0);
}

static bool
send_to_server(const char *log, const char *rcpt_reply, const char *html,
    char *err, size_t errlen)
{
	struct smtp_target	 t = { NULL, NULL, NULL, FROM };
	int			 lfd, port, status;
	pid_t			 pid;
	bool			 ok;

	lfd = listen_any(&port);
	assert_true((pid = fork()) != -1);
	if (pid == 0)
		serve_one(lfd, log, rcpt_reply);
	close(lfd);
	t.url = arena_printf(A, "smtp://127.0.0.1:%d", port);
	ok = smtp_send(&t, "Ana Alvarez <ana@example.com>", "Hello",
	    "Line one\n.hidden\n", html, err, errlen);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return ok;
}

static void
test_smtp_delivery(void **state)
{
	char		 err[256];
	const char	*log, *m;

	log = arena_printf(A, "%s/transcript", temp_dir());
	assert_true(send_to_server(log, "250 ok\r\n", NULL, err,
	    sizeof(err)));
	m = slurp(log);
	assert_non_null(strstr(m, "MAIL FROM:<noreply@example.com>"));
	assert_non_null(strstr(m, "RCPT TO:<ana@example.com>\r\n"));
	assert_non_null(strstr(m, "\r\nTo: Ana Alvarez <ana@example.com>\r\n"));
	/* curl dot-stuffs: the body line ".hidden" travels as "..hidden". */
	assert_non_null(strstr(m, "\r\n\r\nLine one\r\n..hidden\r\n.\r\n"));
}

static void
test_smtp_delivery_multipart(void **state)
{
	char		 err[256];
	const char	*log, *m;

	log = arena_printf(A, "%s/transcript", temp_dir());
	assert_true(send_to_server(log, "250 ok\r\n", "<p>Line one</p>", err,
	    sizeof(err)));
	m = slurp(log);
	assert_non_null(strstr(m, "\r\nContent-Type: multipart/alternative; "
	    "boundary=\"=_"));
	assert_non_null(strstr(m, "\r\n\r\nLine one\r\n..hidden\r\n--=_"));
	assert_non_null(strstr(m, "\r\nContent-Type: text/html; "
	    "charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
	    "\r\n<p>Line one</p>\r\n--=_"));
	assert_non_null(strstr(m, "--\r\n.\r\n"));
}

/* ------------------------------------------------ multipart/mixed */

#define ICS	"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Caf\xc3\xa9 " \
		"=_ not a boundary\r\nEND:VCALENDAR\r\n"

static const char *
build_attached(const char *html, const struct smtp_attachment *att,
    char *err, size_t errlen)
{
	struct buf	 b;

	buf_init(&b, A);
	if (!smtp_build_attached(&b, FROM, "ana@example.com", "Invite",
	    "Hello\n", html, att, NOW, err, errlen))
		return NULL;
	return buf_cstr(&b);
}

/* The base64 lines after the attachment's blank line, decoded. */
static const char *
attachment_bytes(const char *msg, const char *boundary)
{
	const char	*p, *end;
	struct buf	 out;
	unsigned char	 bin[64];
	size_t		 n;

	assert_non_null(p = strstr(msg, "Content-Transfer-Encoding: base64"
	    "\r\n\r\n"));
	p += strlen("Content-Transfer-Encoding: base64\r\n\r\n");
	end = strstr(p, arena_printf(A, "--%s--\r\n", boundary));
	assert_non_null(end);
	buf_init(&out, A);
	while (p < end) {
		const char *eol = strstr(p, "\r\n");

		assert_true(eol - p <= 76);
		assert_int_equal(sodium_base642bin(bin, sizeof(bin), p,
		    (size_t)(eol - p), NULL, &n, NULL,
		    sodium_base64_VARIANT_ORIGINAL), 0);
		buf_add(&out, (const char *)bin, n);
		p = eol + 2;
	}
	return buf_cstr(&out);
}

static void
test_smtp_attachment_is_mixed(void **state)
{
	struct smtp_attachment	 att = { "invite.ics",
				    "text/calendar; charset=utf-8; method=REQUEST",
				    ICS, sizeof(ICS) - 1 };
	char			 err[128];
	const char		*msg, *outer, *inner, *p;
	struct buf		 big;
	size_t			 i;

	assert_non_null(msg = build_attached("<p>Hello</p>", &att, err,
	    sizeof(err)));
	assert_non_null(strstr(header(msg, "Content-Type"),
	    "multipart/mixed; boundary="));
	outer = boundary_of(msg);
	/* first the alternative, then the attachment, then the end */
	assert_non_null(p = strstr(msg, arena_printf(A, "--%s\r\n"
	    "Content-Type: multipart/alternative; boundary=\"", outer)));
	inner = arena_strndup(A, p + strlen(outer) + 2 +
	    strlen("\r\nContent-Type: multipart/alternative; boundary=\""),
	    24);
	assert_string_not_equal(inner, outer);
	assert_int_equal(count_str(msg, arena_printf(A, "--%s--", inner)), 1);
	assert_non_null(p = strstr(msg, arena_printf(A, "--%s--\r\n--%s\r\n"
	    "Content-Type: text/calendar; charset=utf-8; method=REQUEST; "
	    "name=\"invite.ics\"\r\nContent-Disposition: attachment; "
	    "filename=\"invite.ics\"\r\n", inner, outer)));
	assert_string_equal(attachment_bytes(msg, outer), ICS);
	assert_int_equal(count_str(msg, arena_printf(A, "--%s--", outer)), 1);

	/* without HTML the text goes alone before it, a long file wraps */
	buf_init(&big, A);
	for (i = 0; i < 300; i++)
		buf_puts(&big, "0123456789");
	att.data = buf_cstr(&big);
	att.len = big.len;
	assert_non_null(msg = build_attached(NULL, &att, err, sizeof(err)));
	outer = boundary_of(msg);
	assert_non_null(strstr(msg, arena_printf(A, "--%s\r\nContent-Type: "
	    "text/plain; charset=utf-8\r\n", outer)));
	assert_null(strstr(msg, "multipart/alternative"));
	assert_string_equal(attachment_bytes(msg, outer), buf_cstr(&big));
}

static void
test_smtp_attachment_refused(void **state)
{
	struct smtp_attachment	 att = { "in\"vite.ics", "text/calendar",
				    ICS, sizeof(ICS) - 1 };
	char			 err[128];

	assert_null(build_attached("<p>x</p>", &att, err, sizeof(err)));
	att.name = "../invite.ics";
	assert_null(build_attached("<p>x</p>", &att, err, sizeof(err)));
	att.name = "invite.ics";
	att.type = "text/calendar\r\nBcc: eve@example.com";
	assert_null(build_attached("<p>x</p>", &att, err, sizeof(err)));
	att.type = "calendar";
	assert_null(build_attached("<p>x</p>", &att, err, sizeof(err)));
	/* no data: no attachment */
	att.type = "text/calendar";
	att.data = NULL;
	assert_non_null(build_attached("<p>x</p>", &att, err, sizeof(err)));
}

static void
test_smtp_refused_recipient(void **state)
{
	char		 err[256];
	const char	*log;

	log = arena_printf(A, "%s/transcript", temp_dir());
	assert_false(send_to_server(log, "550 no such user\r\n", NULL, err,
	    sizeof(err)));
	assert_non_null(strstr(err, "550"));
}

static void
test_smtp_unreachable(void **state)
{
	struct smtp_target	 t = { NULL, NULL, NULL, FROM };
	char			 err[256];
	int			 fd, port;

	/* A port that was just free: nothing listens there. */
	fd = listen_any(&port);
	close(fd);
	t.url = arena_printf(A, "smtp://127.0.0.1:%d", port);
	assert_false(smtp_send(&t, "ana@example.com", "Hi", "x", NULL, err,
	    sizeof(err)));
	assert_memory_equal(err, "smtp", 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_message),
		cmocka_unit_test(test_message_ids_differ),
		cmocka_unit_test(test_subject_encoded),
		cmocka_unit_test(test_subject_long_utf8),
		cmocka_unit_test(test_header_crlf_refused),
		cmocka_unit_test(test_bad_addresses),
		cmocka_unit_test(test_display_names),
		cmocka_unit_test(test_envelope_address),
		cmocka_unit_test(test_body_line_endings),
		cmocka_unit_test(test_body_long_line),
		cmocka_unit_test(test_multipart_message),
		cmocka_unit_test(test_multipart_text_only),
		cmocka_unit_test(test_multipart_encoding),
		cmocka_unit_test(test_multipart_empty_parts),
		cmocka_unit_test(test_maildir),
		cmocka_unit_test(test_maildir_content),
		cmocka_unit_test(test_bad_targets),
		cmocka_unit_test(test_smtp_delivery),
		cmocka_unit_test(test_smtp_delivery_multipart),
		cmocka_unit_test(test_smtp_refused_recipient),
		cmocka_unit_test(test_smtp_attachment_is_mixed),
		cmocka_unit_test(test_smtp_attachment_refused),
		cmocka_unit_test(test_smtp_unreachable),
	};

	if (!crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
