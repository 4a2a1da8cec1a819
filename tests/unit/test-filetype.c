/*
 * test-filetype: types from bytes, with small real files made here: a PDF
 * (and one carrying HTML and script), a valid 1x1 PNG, JPEG and GIF
 * headers, Word, Excel and PowerPoint files and an OpenDocument text (zip
 * local entries, as the first bytes of an upload show them), plain text;
 * and the refused: HTML, SVG, a shell script, XML, gzip, an empty file.
 * Names and claimed types play no part: only bytes go in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "filetype.h"

static struct arena	*A;
static struct filetype	*FT;

static int
setup(void **state)
{
	A = arena_new(4096);
	FT = filetype_new();
	return FT == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	filetype_free(FT);
	arena_free(A);
	return 0;
}

/* CRC-32 (IEEE), as PNG chunks and zip entries carry it. */
static uint32_t
crc32_of(const unsigned char *p, size_t n)
{
	uint32_t	 c = 0xffffffffu;
	size_t		 i;
	int		 k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xffffffffu;
}

static void
be32(struct buf *b, uint32_t v)
{
	unsigned char	 x[4] = { v >> 24, v >> 16, v >> 8, v };

	buf_add(b, x, 4);
}

static void
le(struct buf *b, uint32_t v, int n)
{
	int	 i;

	for (i = 0; i < n; i++)
		buf_putc(b, (char)(v >> (8 * i)));
}

static void
png_chunk(struct buf *b, const char *type, const unsigned char *d, size_t n)
{
	size_t	 at;

	be32(b, (uint32_t)n);
	at = b->len;
	buf_add(b, type, 4);
	buf_add(b, d, n);
	be32(b, crc32_of((const unsigned char *)b->data + at, n + 4));
}

/* A 1x1 grey PNG: IHDR, an IDAT holding a stored (uncompressed) zlib
 * stream of the one scanline, IEND. */
static struct buf
png(void)
{
	static const unsigned char ihdr[] = { 0, 0, 0, 1, 0, 0, 0, 1, 8, 0,
	    0, 0, 0 };
	/* zlib header, a final stored block of 2 bytes, filter 0 and the
	 * pixel 0x80, then the Adler-32 of those 2 bytes */
	static const unsigned char idat[] = { 0x78, 0x01, 0x01, 0x02, 0x00,
	    0xfd, 0xff, 0x00, 0x80, 0x00, 0x82, 0x00, 0x81 };
	struct buf	 b;

	buf_init(&b, A);
	buf_add(&b, "\x89PNG\r\n\x1a\n", 8);
	png_chunk(&b, "IHDR", ihdr, sizeof(ihdr));
	png_chunk(&b, "IDAT", idat, sizeof(idat));
	png_chunk(&b, "IEND", NULL, 0);
	return b;
}

static void
zip_entry(struct buf *b, const char *name, const char *data)
{
	size_t	 n = strlen(data);

	buf_add(b, "PK\x03\x04", 4);
	le(b, 20, 2);		/* version needed */
	le(b, 0, 2);		/* flags */
	le(b, 0, 2);		/* stored */
	le(b, 0, 4);		/* time and date */
	le(b, crc32_of((const unsigned char *)data, n), 4);
	le(b, (uint32_t)n, 4);
	le(b, (uint32_t)n, 4);
	le(b, (uint32_t)strlen(name), 2);
	le(b, 0, 2);		/* no extra field */
	buf_puts(b, name);
	buf_puts(b, data);
}

/* The first entries of an OOXML package whose main part is `part`. */
static struct buf
ooxml(const char *part)
{
	struct buf	 b;

	buf_init(&b, A);
	zip_entry(&b, "[Content_Types].xml", "<Types/>");
	zip_entry(&b, "_rels/.rels", "<Relationships/>");
	zip_entry(&b, part, "<x/>");
	return b;
}

static const char *
type_of(const void *p, size_t n)
{
	const char	*t = filetype_of(FT, A, p, n);

	assert_non_null(t);
	return t;
}

#define TYPE(s)	type_of(s, sizeof(s) - 1)

static void
documents_and_pictures_are_allowed(void **state)
{
	struct buf	 b;

	assert_string_equal(TYPE("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\n"
	    "endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"), "application/pdf");
	b = png();
	assert_string_equal(type_of(b.data, b.len), "image/png");
	assert_string_equal(TYPE("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01"
	    "\x00\x00\x01\x00\x01\x00\x00"), "image/jpeg");
	assert_string_equal(TYPE("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff"
	    "\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
	    "\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"), "image/gif");
	assert_string_equal(TYPE("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00"
	    "\x00"), "image/webp");
	b = ooxml("word/document.xml");
	assert_string_equal(type_of(b.data, b.len), "application/"
	    "vnd.openxmlformats-officedocument.wordprocessingml.document");
	b = ooxml("xl/workbook.xml");
	assert_string_equal(type_of(b.data, b.len), "application/"
	    "vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	b = ooxml("ppt/presentation.xml");
	assert_string_equal(type_of(b.data, b.len), "application/"
	    "vnd.openxmlformats-officedocument.presentationml.presentation");
	buf_init(&b, A);
	zip_entry(&b, "mimetype", "application/vnd.oasis.opendocument.text");
	zip_entry(&b, "content.xml", "<x/>");
	assert_string_equal(type_of(b.data, b.len),
	    "application/vnd.oasis.opendocument.text");
	assert_string_equal(TYPE("Dear office,\nhere is the meter reading: "
	    "4711.\nRegards, Ana\n"), "text/plain");
}

static void
what_a_browser_could_run_is_refused(void **state)
{
	assert_string_equal(TYPE("<!DOCTYPE html>\n<html><head><title>x"
	    "</title></head><body><script>alert(1)</script></body></html>\n"),
	    "text/html");
	assert_string_equal(TYPE("<?xml version=\"1.0\"?>\n<svg xmlns="
	    "\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\">"
	    "<script>alert(1)</script></svg>\n"), "image/svg+xml");
	assert_string_equal(TYPE("<svg xmlns=\"http://www.w3.org/2000/svg\">"
	    "<rect width=\"1\" height=\"1\"/></svg>\n"), "image/svg+xml");
	assert_string_equal(TYPE("#!/bin/sh\necho hello\n"),
	    "text/x-shellscript");
	assert_string_equal(TYPE("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
	    "\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00"), "application/gzip");
	assert_string_equal(type_of("", 0), "application/x-empty");
	assert_false(filetype_allowed("text/html"));
	assert_false(filetype_allowed("image/svg+xml"));
	assert_false(filetype_allowed("text/x-shellscript"));
	assert_false(filetype_allowed("application/javascript"));
	assert_false(filetype_allowed("text/xml"));
	assert_false(filetype_allowed("application/gzip"));
	assert_false(filetype_allowed("application/zip"));
	assert_false(filetype_allowed("application/x-empty"));
	assert_false(filetype_allowed("application/octet-stream"));
	assert_false(filetype_allowed("application/pdf; x"));
	assert_false(filetype_allowed("APPLICATION/PDF"));
	assert_false(filetype_allowed(""));
}

static void
the_allow_list(void **state)
{
	static const char *const yes[] = { "application/pdf", "image/png",
	    "image/jpeg", "image/gif", "image/webp", "application/msword",
	    "application/vnd.oasis.opendocument.text",
	    "application/vnd.oasis.opendocument.spreadsheet", "text/plain",
	    "application/vnd.openxmlformats-officedocument.wordprocessingml."
	    "document" };
	size_t	 i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(filetype_allowed(yes[i]));
}

static void
a_pdf_with_html_inside_is_a_pdf(void **state)
{
	const char	*t = TYPE("%PDF-1.7\n<html><body><script>alert(1)"
	    "</script></body></html>\n%%EOF\n");

	assert_string_equal(t, "application/pdf");
	assert_true(filetype_allowed(t));
}

static void
only_the_first_bytes_are_read(void **state)
{
	static char	 big[FILETYPE_SNIFF_LEN + 100];

	/* text for the first 64 KiB, then something else entirely */
	memset(big, 'a', sizeof(big));
	big[FILETYPE_SNIFF_LEN] = '\0';
	assert_string_equal(type_of(big, sizeof(big)), "text/plain");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(documents_and_pictures_are_allowed),
		cmocka_unit_test(what_a_browser_could_run_is_refused),
		cmocka_unit_test(the_allow_list),
		cmocka_unit_test(a_pdf_with_html_inside_is_a_pdf),
		cmocka_unit_test(only_the_first_bytes_are_read),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
