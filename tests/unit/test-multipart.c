/*
 * test-multipart: the streaming multipart/form-data parser.
 *
 * Every body is parsed whole, then split at every point into two chunks,
 * then byte by byte, then in random chunk sizes: each way must give the
 * same result code and the same transcript (fields, file headers, file
 * bytes joined, ends).  Then every error code, every limit at exactly its
 * value and one past it, the boundary forms of the Content-Type, and the
 * display names of file names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "multipart.h"

#define CT	"multipart/form-data; boundary=XyZ"

static struct arena	*A;

static int
setup(void **state)
{
	A = arena_new(4096);
	srand(7);
	return 0;
}

static int
teardown(void **state)
{
	arena_free(A);
	return 0;
}

/* What the callbacks saw, as text; file bytes are joined, so the
 * transcript does not depend on how the body was split. */
struct seen {
	struct buf	 t;
	bool		 in_data;
	int		 stop_at;	/* stop at the n-th callback (1-based) */
	int		 calls;
};

static bool
counted(struct seen *s)
{
	return ++s->calls != s->stop_at;
}

static bool
on_field(void *arg, const char *name, const char *val, size_t len)
{
	struct seen	*s = arg;

	s->in_data = false;
	buf_printf(&s->t, "field %s=", name);
	buf_add(&s->t, val, len);
	buf_puts(&s->t, "\n");
	return counted(s);
}

static bool
on_file(void *arg, const struct mp_file *f)
{
	struct seen	*s = arg;

	s->in_data = false;
	buf_printf(&s->t, "file %s [", f->name);
	buf_add(&s->t, f->filename, f->filename_len);
	buf_printf(&s->t, "] [%s]\n", f->content_type);
	return counted(s);
}

static bool
on_data(void *arg, const char *p, size_t n)
{
	struct seen	*s = arg;

	assert_true(n > 0);
	if (!s->in_data)
		buf_puts(&s->t, "data ");
	s->in_data = true;
	buf_add(&s->t, p, n);
	return true;
}

static bool
on_end(void *arg)
{
	struct seen	*s = arg;

	s->in_data = false;
	buf_puts(&s->t, "\nend\n");
	return counted(s);
}

/* Parses body in the chunks cuts[] (ascending ends, the last == len). */
static enum mp_rc
parse_cuts(const char *ct, const char *body, size_t len,
    const struct mp_limits *lim, const size_t *cuts, size_t ncuts,
    int stop_at, const char **transcript)
{
	struct seen		 s = { .stop_at = stop_at };
	struct mp_handler	 h = { on_field, on_file, on_data, on_end, &s };
	struct mp		*m;
	enum mp_rc		 rc;
	size_t			 i, at = 0;

	buf_init(&s.t, A);
	if ((m = mp_new(A, ct, lim, &h, &rc)) == NULL)
		return rc;
	for (i = 0; i < ncuts; i++) {
		rc = mp_feed(m, body + at, cuts[i] - at);
		at = cuts[i];
		if (rc != MP_OK)
			break;
	}
	if (rc == MP_OK)
		rc = mp_finish(m);
	*transcript = buf_cstr(&s.t);
	return rc;
}

/*
 * The body's result, checked to be the same whole, split in two at every
 * point, byte by byte and in random chunks.
 */
static enum mp_rc
parse_lim(const char *ct, const char *body, size_t len,
    const struct mp_limits *lim, const char **out)
{
	size_t		*cuts = malloc((len + 2) * sizeof(*cuts));
	const char	*whole, *t;
	enum mp_rc	 rc, rc2;
	size_t		 i, n, at;
	int		 round;

	assert_non_null(cuts);
	cuts[0] = len;
	rc = parse_cuts(ct, body, len, lim, cuts, 1, 0, &whole);
	for (i = 0; i <= len; i++) {
		cuts[0] = i;
		cuts[1] = len;
		rc2 = parse_cuts(ct, body, len, lim, cuts, 2, 0, &t);
		assert_int_equal(rc2, rc);
		assert_string_equal(t, whole);
	}
	for (i = 0; i < len; i++)
		cuts[i] = i + 1;
	rc2 = parse_cuts(ct, body, len, lim, cuts, len, 0, &t);
	assert_int_equal(rc2, rc);
	assert_string_equal(t, whole);
	for (round = 0; round < 20; round++) {
		for (n = 0, at = 0; at < len; n++) {
			at += 1 + (size_t)rand() % (round < 10 ? 7 : 300);
			cuts[n] = at < len ? at : len;
		}
		rc2 = parse_cuts(ct, body, len, lim, cuts, n, 0, &t);
		assert_int_equal(rc2, rc);
		assert_string_equal(t, whole);
	}
	free(cuts);
	if (out != NULL)
		*out = whole;
	return rc;
}

static enum mp_rc
parse(const char *body, const char **out)
{
	return parse_lim(CT, body, strlen(body), &mp_default_limits, out);
}

#define FORM								\
	"--XyZ\r\n"							\
	"Content-Disposition: form-data; name=\"csrf\"\r\n"		\
	"\r\n"								\
	"tok-123\r\n"							\
	"--XyZ\r\n"							\
	"Content-Disposition: form-data; name=\"doc\"; "		\
	    "filename=\"a b.pdf\"\r\n"					\
	"Content-Type: application/pdf\r\n"				\
	"\r\n"								\
	"%PDF-1.4\r\n--XyX\r\n-\r\r\n--Xy\r\n\r\n"			\
	"--XyZ--\r\n"

static void
a_form_splits_the_same_everywhere(void **state)
{
	const char	*t;

	assert_int_equal(parse(FORM, &t), MP_OK);
	assert_string_equal(t,
	    "field csrf=tok-123\n"
	    "file doc [a b.pdf] [application/pdf]\n"
	    "data %PDF-1.4\r\n--XyX\r\n-\r\r\n--Xy\r\n"
	    "\nend\n");
}

static void
fields_are_listed_for_the_page(void **state)
{
	struct mp		*m;
	enum mp_rc		 rc;
	const struct kvlist	*l;
	const char		*body = FORM;

	m = mp_new(A, CT, &mp_default_limits, NULL, &rc);
	assert_non_null(m);
	assert_int_equal(mp_feed(m, body, strlen(body)), MP_OK);
	assert_int_equal(mp_finish(m), MP_OK);
	l = mp_fields(m);
	assert_int_equal(l->n, 1);
	assert_string_equal(kv_find(l, "csrf")->val, "tok-123");
	assert_int_equal(mp_total(m), strlen(body));
}

static void
preamble_padding_and_epilogue_are_ignored(void **state)
{
	const char	*t;

	assert_int_equal(parse("ignored\r\n--XyZ \t\r\n"
	    "content-disposition: FORM-DATA; name=a\r\n"
	    "X-Other: 1\r\n\r\n"
	    "\r\n"
	    "--XyZ--  epilogue\r\n--XyZ\r\nnot parsed", &t), MP_OK);
	assert_string_equal(t, "field a=\n");
}

static void
empty_files_and_empty_forms(void **state)
{
	const char	*t;

	assert_int_equal(parse("--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"f\"; filename=\"\"\r\n"
	    "Content-Type: application/octet-stream\r\n\r\n"
	    "\r\n--XyZ--", &t), MP_OK);
	assert_string_equal(t, "file f [] [application/octet-stream]\n"
	    "\nend\n");
	assert_int_equal(parse("--XyZ--\r\n", &t), MP_OK);
	assert_string_equal(t, "");
}

static void
missing_closing_boundary_is_truncated(void **state)
{
	const char	*t;

	assert_int_equal(parse("--XyZ\r\n"
	    "Content-Disposition: form-data; name=f; filename=x\r\n\r\n"
	    "abc\r\n--Xy", &t), MP_TRUNCATED);
	/* the file's bytes came, but no end: the caller discards them */
	assert_string_equal(t, "file f [x] []\ndata abc");
	/* the file ended, the form did not: still refused as a whole */
	assert_int_equal(parse("--XyZ\r\n"
	    "Content-Disposition: form-data; name=f; filename=x\r\n\r\n"
	    "abc\r\n--XyZ-", &t), MP_TRUNCATED);
	assert_string_equal(t, "file f [x] []\ndata abc\nend\n");
	assert_int_equal(parse("", NULL), MP_TRUNCATED);
	assert_int_equal(parse("no boundary at all", NULL), MP_TRUNCATED);
	assert_int_equal(parse("--XyZ\r\nContent-Disp", NULL), MP_TRUNCATED);
}

static void
bad_delimiters_and_headers(void **state)
{
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; "
	    "name=a\r\n\r\nv\r\n--XyZjunk\r\n", NULL), MP_BAD_DELIMITER);
	assert_int_equal(parse("--XyZ-x", NULL), MP_BAD_DELIMITER);
	assert_int_equal(parse("--XyZ \rx", NULL), MP_BAD_DELIMITER);
	/* no disposition, a second one, another kind, folding, bare LF */
	assert_int_equal(parse("--XyZ\r\nContent-Type: text/plain\r\n\r\n"
	    "v\r\n--XyZ--", NULL), MP_BAD_HEADER);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; "
	    "name=a\r\nContent-Disposition: form-data; name=b\r\n\r\n",
	    NULL), MP_BAD_HEADER);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: attachment; "
	    "name=a\r\n\r\n", NULL), MP_BAD_HEADER);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data;\r\n"
	    " name=a\r\n\r\n", NULL), MP_BAD_HEADER);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; "
	    "name=a\n\r\n", NULL), MP_BAD_HEADER);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; "
	    "name=a\r\nno colon\r\n\r\n", NULL), MP_BAD_HEADER);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"a\r\n\r\n", NULL), MP_BAD_HEADER);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; "
	    "name=a\r\nContent-Type: a\r\nContent-Type: b\r\n\r\n", NULL),
	    MP_BAD_HEADER);
	/* names */
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data\r\n"
	    "\r\n", NULL), MP_BAD_NAME);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"a b\"\r\n\r\n", NULL), MP_BAD_NAME);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"\"\r\n\r\n", NULL), MP_BAD_NAME);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; "
	    "name=a/b\r\n\r\n", NULL), MP_BAD_NAME);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; "
	    "name=a b\r\n\r\n", NULL), MP_BAD_HEADER);
}

static void
a_filename_with_nul_is_refused(void **state)
{
	static const char body[] = "--XyZ\r\nContent-Disposition: form-data; "
	    "name=f; filename=\"evil.pdf\0.html\"\r\n\r\nx\r\n--XyZ--";

	assert_int_equal(parse_lim(CT, body, sizeof(body) - 1,
	    &mp_default_limits, NULL), MP_BAD_FILENAME);
}

static void
field_values_are_utf8_without_nul(void **state)
{
	static const char nul[] = "--XyZ\r\nContent-Disposition: form-data; "
	    "name=a\r\n\r\nx\0y\r\n--XyZ--";
	const char	*t;

	assert_int_equal(parse_lim(CT, nul, sizeof(nul) - 1,
	    &mp_default_limits, NULL), MP_BAD_FIELD);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; "
	    "name=a\r\n\r\n\xc3\x28\r\n--XyZ--", NULL), MP_BAD_FIELD);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; "
	    "name=a\r\n\r\nl\xc3\xa9ger\r\nline 2\r\n--XyZ--", &t), MP_OK);
	assert_string_equal(t, "field a=l\xc3\xa9ger\r\nline 2\n");
}

/* A part "name=nN" with the value v, as many as asked, then the close. */
static char *
parts(size_t n, const char *v)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, A);
	for (i = 0; i < n; i++)
		buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; "
		    "name=n%zu\r\n\r\n%s\r\n", i, v);
	buf_puts(&b, "--XyZ--\r\n");
	return b.data;
}

static void
limits_hold_at_their_value(void **state)
{
	struct mp_limits	 lim = mp_default_limits;
	const char		*body;
	char			 line[64];

	lim.max_parts = 3;
	body = parts(3, "v");
	assert_int_equal(parse_lim(CT, body, strlen(body), &lim, NULL),
	    MP_OK);
	body = parts(4, "v");
	assert_int_equal(parse_lim(CT, body, strlen(body), &lim, NULL),
	    MP_TOO_MANY_PARTS);

	lim = mp_default_limits;
	lim.max_field = 5;
	body = parts(1, "12345");
	assert_int_equal(parse_lim(CT, body, strlen(body), &lim, NULL),
	    MP_OK);
	body = parts(1, "123456");
	assert_int_equal(parse_lim(CT, body, strlen(body), &lim, NULL),
	    MP_FIELD_TOO_LONG);

	lim = mp_default_limits;
	body = parts(2, "v");
	lim.max_total = strlen(body);
	assert_int_equal(parse_lim(CT, body, strlen(body), &lim, NULL),
	    MP_OK);
	lim.max_total--;
	assert_int_equal(parse_lim(CT, body, strlen(body), &lim, NULL),
	    MP_TOO_LARGE);

	/* "Content-Disposition: form-data; name=a" is 38 bytes */
	lim = mp_default_limits;
	lim.max_header_line = 38;
	snprintf(line, sizeof(line), "--XyZ\r\nContent-Disposition: "
	    "form-data; name=a\r\n\r\nv\r\n--XyZ--");
	assert_int_equal(parse_lim(CT, line, strlen(line), &lim, NULL),
	    MP_OK);
	lim.max_header_line = 37;
	assert_int_equal(parse_lim(CT, line, strlen(line), &lim, NULL),
	    MP_LINE_TOO_LONG);

	lim = mp_default_limits;
	lim.max_headers = 2;
	body = "--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
	    "A: 1\r\n\r\n\r\n--XyZ--";
	assert_int_equal(parse_lim(CT, body, strlen(body), &lim, NULL),
	    MP_OK);
	body = "--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
	    "A: 1\r\nB: 2\r\n\r\n\r\n--XyZ--";
	assert_int_equal(parse_lim(CT, body, strlen(body), &lim, NULL),
	    MP_TOO_MANY_HEADERS);
}

static void
files_stop_at_max_file(void **state)
{
	struct mp_limits	 lim = mp_default_limits;
	const char		*body = "--XyZ\r\nContent-Disposition: "
	    "form-data; name=f; filename=x\r\n\r\n0123456789\r\n--XyZ--";
	const char		*t;

	lim.max_file = 10;
	assert_int_equal(parse_lim(CT, body, strlen(body), &lim, &t), MP_OK);
	assert_string_equal(t, "file f [x] []\ndata 0123456789\nend\n");
	lim.max_file = 9;
	assert_int_equal(parse_lim(CT, body, strlen(body), &lim, &t),
	    MP_FILE_TOO_LARGE);
	assert_string_equal(t, "file f [x] []\ndata 012345678");
}

static void
ten_thousand_parts_are_refused_early(void **state)
{
	const char	*body = parts(10000, "v");
	struct mp	*m;
	enum mp_rc	 rc;
	size_t		 used;

	m = mp_new(A, CT, &mp_default_limits, NULL, &rc);
	used = arena_used(A);
	assert_int_equal(mp_feed(m, body, strlen(body)), MP_TOO_MANY_PARTS);
	assert_true(arena_used(A) - used < 16 * 1024);
}

static void
a_huge_header_line_uses_no_memory(void **state)
{
	size_t		 n = 1 << 20, used;
	char		*body = malloc(n);
	struct mp	*m;
	enum mp_rc	 rc;

	assert_non_null(body);
	memcpy(body, "--XyZ\r\nX-Long: ", 15);
	memset(body + 15, 'a', n - 15);
	m = mp_new(A, CT, &mp_default_limits, NULL, &rc);
	used = arena_used(A);
	assert_int_equal(mp_feed(m, body, n), MP_LINE_TOO_LONG);
	assert_int_equal(arena_used(A), used);
	free(body);
}

static bool
count_bytes(void *arg, const char *p, size_t n)
{
	*(uint64_t *)arg += n;
	return true;
}

/* 20 MiB of file fed in 64 KiB reads: the arena does not grow. */
static void
a_large_file_streams_in_flat_memory(void **state)
{
	static const char head[] = "--XyZ\r\nContent-Disposition: form-data; "
	    "name=f; filename=big.bin\r\n\r\n";
	static const char tail[] = "\r\n--XyZ--\r\n";
	static char	 chunk[64 * 1024];
	uint64_t	 seen = 0;
	struct mp_handler h = { .on_data = count_bytes, .arg = &seen };
	struct mp	*m;
	enum mp_rc	 rc;
	size_t		 i, used;

	memset(chunk, '\r', sizeof(chunk));	/* the worst case for the matcher */
	for (i = 0; i < sizeof(chunk); i += 3)
		chunk[i] = '\n';
	m = mp_new(A, CT, &mp_default_limits, &h, &rc);
	assert_int_equal(mp_feed(m, head, sizeof(head) - 1), MP_OK);
	used = arena_used(A);
	for (i = 0; i < 320; i++)
		assert_int_equal(mp_feed(m, chunk, sizeof(chunk)), MP_OK);
	assert_int_equal(mp_feed(m, tail, sizeof(tail) - 1), MP_OK);
	assert_int_equal(mp_finish(m), MP_OK);
	assert_int_equal(arena_used(A), used);
	assert_int_equal(seen, 320 * sizeof(chunk));
}

static bool
stop_now(void *arg, const char *p, size_t n)
{
	return false;
}

static void
callbacks_can_stop_the_parse(void **state)
{
	struct mp_handler	 h = { .on_data = stop_now };
	struct mp		*m;
	enum mp_rc		 rc;
	size_t			 cuts[1];
	const char		*t, *body = FORM;

	cuts[0] = strlen(body);
	assert_int_equal(parse_cuts(CT, body, cuts[0], &mp_default_limits,
	    cuts, 1, 1, &t), MP_STOPPED);
	assert_string_equal(t, "field csrf=tok-123\n");
	assert_int_equal(parse_cuts(CT, body, cuts[0], &mp_default_limits,
	    cuts, 1, 3, &t), MP_STOPPED);
	m = mp_new(A, CT, &mp_default_limits, &h, &rc);
	assert_int_equal(mp_feed(m, body, strlen(body)), MP_STOPPED);
	assert_int_equal(mp_feed(m, "", 0), MP_STOPPED);
	assert_int_equal(mp_finish(m), MP_STOPPED);
}

static enum mp_rc
ct_rc(const char *ct)
{
	enum mp_rc	 rc;
	struct mp	*m = mp_new(A, ct, &mp_default_limits, NULL, &rc);

	assert_true((m != NULL) == (rc == MP_OK));
	return rc;
}

static void
boundaries_come_from_the_content_type(void **state)
{
	char		 ct[128];
	char		 b70[71];
	const char	*t, *body = "--a b\r\nContent-Disposition: form-data; "
	    "name=x\r\n\r\n1\r\n--a b--";

	assert_int_equal(ct_rc(CT), MP_OK);
	assert_int_equal(ct_rc("Multipart/Form-Data;BOUNDARY=\"a b'()+_,-./:=?\""),
	    MP_OK);
	assert_int_equal(ct_rc("multipart/form-data; charset=utf-8; "
	    "boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"), MP_OK);
	assert_int_equal(ct_rc("multipart/form-data; boundary=----=_Part_1/x;"
	    " charset=utf-8"), MP_OK);
	assert_int_equal(ct_rc("multipart/form-data; boundary=a\\b"),
	    MP_BAD_BOUNDARY);
	assert_int_equal(ct_rc("multipart/form-data"), MP_BAD_BOUNDARY);
	assert_int_equal(ct_rc("multipart/form-data; boundary="),
	    MP_BAD_BOUNDARY);
	assert_int_equal(ct_rc("multipart/form-data; boundary=\"\""),
	    MP_BAD_BOUNDARY);
	assert_int_equal(ct_rc("multipart/form-data; boundary=\"ends \""),
	    MP_BAD_BOUNDARY);
	assert_int_equal(ct_rc("multipart/form-data; boundary=a; boundary=b"),
	    MP_BAD_BOUNDARY);
	assert_int_equal(ct_rc("multipart/form-data; boundary=\"a\r\nb\""),
	    MP_BAD_BOUNDARY);
	assert_int_equal(ct_rc("multipart/form-data; boundary=\"unclosed"),
	    MP_BAD_BOUNDARY);
	assert_int_equal(ct_rc("multipart/form-data; boundary=a; ;"),
	    MP_BAD_CONTENT_TYPE);
	assert_int_equal(ct_rc("multipart/mixed; boundary=a"),
	    MP_BAD_CONTENT_TYPE);
	assert_int_equal(ct_rc("application/x-www-form-urlencoded"),
	    MP_BAD_CONTENT_TYPE);
	assert_int_equal(ct_rc(""), MP_BAD_CONTENT_TYPE);
	assert_int_equal(ct_rc(NULL), MP_BAD_CONTENT_TYPE);

	memset(b70, 'b', 70);
	b70[70] = '\0';
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", b70);
	assert_int_equal(ct_rc(ct), MP_OK);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%sb", b70);
	assert_int_equal(ct_rc(ct), MP_BAD_BOUNDARY);

	/* a quoted boundary with a space, used in a body */
	assert_int_equal(parse_lim("multipart/form-data; boundary=\"a b\"",
	    body, strlen(body), &mp_default_limits, &t), MP_OK);
	assert_string_equal(t, "field x=1\n");
}

static void
every_error_has_a_message(void **state)
{
	int	 rc;

	for (rc = 0; rc < MP_RC__MAX; rc++) {
		assert_non_null(mp_strerror(rc));
		assert_true(strlen(mp_strerror(rc)) > 1);
	}
	assert_string_equal(mp_strerror(MP_RC__MAX), "unknown multipart error");
}

static void
display(const char *in, size_t n, const char *want)
{
	assert_string_equal(mp_display_name(A, in, n), want);
}

#define DISPLAY(in, want)	display(in, sizeof(in) - 1, want)

static void
display_names_are_safe_to_show(void **state)
{
	char	 longname[400];

	DISPLAY("report.pdf", "report.pdf");
	DISPLAY("C:\\Users\\ana\\Desktop\\scan 1.pdf", "scan 1.pdf");
	DISPLAY("../../etc/passwd", "passwd");
	DISPLAY("dir/", "file");
	DISPLAY("..", "file");
	DISPLAY("a/..", "file");
	DISPLAY(" . ", "file");
	DISPLAY("", "file");
	DISPLAY("  spaced name.txt \t", "spaced name.txt");
	DISPLAY("tab\there\r\n.txt", "tabhere.txt");
	DISPLAY("del\x7f\xc2\x85.txt", "del.txt");
	/* U+202E RIGHT-TO-LEFT OVERRIDE and U+2066 LEFT-TO-RIGHT ISOLATE */
	DISPLAY("invoice\xe2\x80\xae" "fdp.exe", "invoicefdp.exe");
	DISPLAY("a\xe2\x81\xa6\xe2\x81\xa9" "b\xe2\x80\x8f", "ab");
	/* invalid UTF-8: a lone continuation, an overlong '/', a surrogate */
	DISPLAY("x\x80y\xc0\xafz\xed\xa0\x80.txt", "xyz.txt");
	DISPLAY("caf\xc3\xa9 \xe6\x96\x87\xe4\xbb\xb6.pdf",
	    "caf\xc3\xa9 \xe6\x96\x87\xe4\xbb\xb6.pdf");
	DISPLAY("\xe2\x80\xae", "file");

	/* 199 'a' and a two-byte character: the cut falls before it */
	memset(longname, 'a', 199);
	memcpy(longname + 199, "\xc3\xa9tail", 6);
	assert_int_equal(strlen(mp_display_name(A, longname, 205)), 199);
	memset(longname, 'a', sizeof(longname));
	assert_int_equal(strlen(mp_display_name(A, longname,
	    sizeof(longname))), MP_DISPLAY_MAX);
	/* a space at the cut is trimmed too */
	memset(longname, 'a', 199);
	longname[199] = ' ';
	assert_int_equal(strlen(mp_display_name(A, longname, 300)), 199);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_form_splits_the_same_everywhere),
		cmocka_unit_test(fields_are_listed_for_the_page),
		cmocka_unit_test(preamble_padding_and_epilogue_are_ignored),
		cmocka_unit_test(empty_files_and_empty_forms),
		cmocka_unit_test(missing_closing_boundary_is_truncated),
		cmocka_unit_test(bad_delimiters_and_headers),
		cmocka_unit_test(a_filename_with_nul_is_refused),
		cmocka_unit_test(field_values_are_utf8_without_nul),
		cmocka_unit_test(limits_hold_at_their_value),
		cmocka_unit_test(files_stop_at_max_file),
		cmocka_unit_test(ten_thousand_parts_are_refused_early),
		cmocka_unit_test(a_huge_header_line_uses_no_memory),
		cmocka_unit_test(a_large_file_streams_in_flat_memory),
		cmocka_unit_test(callbacks_can_stop_the_parse),
		cmocka_unit_test(boundaries_come_from_the_content_type),
		cmocka_unit_test(every_error_has_a_message),
		cmocka_unit_test(display_names_are_safe_to_show),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
