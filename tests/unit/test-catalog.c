/*
 * test-catalog: reading .mo files: lookups, the header and untranslated
 * entries dropped, both byte orders, and every malformed file refused
 * with a message instead of a read outside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "catalog.h"
#include "mo-build.h"

static const char *const pairs[] = {
	"", "Content-Type: text/plain; charset=UTF-8\n",
	"Dec", "dec.",
	"Sign in", "Inloggen",
	"Sign in to {{portal_name}}", "Inloggen bij {{portal_name}}",
	"Untranslated", "",
};

static char	 err[256];

static struct catalog *
parse(const unsigned char *mo, size_t len)
{
	err[0] = '\0';
	return catalog_parse("t.mo", mo, len, err, sizeof(err));
}

static void
test_lookup(void **state)
{
	unsigned char	*mo;
	struct catalog	*c;
	const char	*s;
	size_t		 len, n;

	mo = mo_build(pairs, 5, &len);
	c = parse(mo, len);
	assert_non_null(c);
	assert_int_equal(catalog_count(c), 3);
	s = catalog_get(c, "Sign in", 7, &n);
	assert_string_equal(s, "Inloggen");
	assert_int_equal(n, 8);
	assert_string_equal(catalog_get(c, "Sign in to {{portal_name}}", 26,
	    NULL), "Inloggen bij {{portal_name}}");
	assert_string_equal(catalog_get(c, "Dec", 3, NULL), "dec.");
	/* a prefix of a msgid, the header and empty translations: none */
	assert_null(catalog_get(c, "Sign", 4, NULL));
	assert_null(catalog_get(c, "", 0, NULL));
	assert_null(catalog_get(c, "Untranslated", 12, NULL));
	assert_null(catalog_get(c, "Zebra", 5, NULL));
	assert_null(catalog_get(NULL, "Dec", 3, NULL));
	catalog_free(c);
	free(mo);
}

static void
test_big_endian(void **state)
{
	unsigned char	*mo;
	struct catalog	*c;
	size_t		 len, i;

	mo = mo_build(pairs, 5, &len);
	/* every header and table word turned around */
	for (i = 0; i < 28 + 16 * 5; i += 4) {
		unsigned char t = mo[i];
		mo[i] = mo[i + 3];
		mo[i + 3] = t;
		t = mo[i + 1];
		mo[i + 1] = mo[i + 2];
		mo[i + 2] = t;
	}
	c = parse(mo, len);
	assert_non_null(c);
	assert_string_equal(catalog_get(c, "Sign in", 7, NULL), "Inloggen");
	catalog_free(c);
	free(mo);
}

static void
refused(const unsigned char *mo, size_t len, const char *why)
{
	assert_null(parse(mo, len));
	if (strstr(err, why) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", err, why);
}

static void
test_malformed(void **state)
{
	static const char *const unsorted[] = { "b", "B", "a", "A" };
	static const char *const twice[] = { "a", "A", "a", "A" };
	unsigned char	*mo;
	size_t		 len;

	refused((const unsigned char *)"", 0, "too short");
	mo = mo_build(pairs, 5, &len);
	refused(mo, 20, "too short");
	mo[0] ^= 1;
	refused(mo, len, "not a .mo file");
	mo[0] ^= 1;
	mo_put32(mo + 4, 0x10000);
	refused(mo, len, "revision");
	mo_put32(mo + 4, 0);
	mo_put32(mo + 8, 70000);
	refused(mo, len, "more than");
	mo_put32(mo + 8, 5);
	/* a string past the end, a string without its NUL, a table past it */
	mo_put32(mo + 28 + 8 + 4, (uint32_t)len);
	refused(mo, len, "outside the file");
	mo_put32(mo + 28 + 8 + 4, 0xfffffff0);
	refused(mo, len, "outside the file");
	free(mo);
	mo = mo_build(pairs, 5, &len);
	mo_put32(mo + 28 + 8, 4);	/* "Dec" made 4 bytes long: no NUL */
	refused(mo, len, "outside the file");
	mo_put32(mo + 28 + 8, 3);
	mo_put32(mo + 12, 0xfffffff8);
	refused(mo, len, "outside the file");
	refused(mo, len - 1, "outside the file");
	free(mo);
	mo = mo_build(unsorted, 2, &len);
	refused(mo, len, "out of order");
	free(mo);
	mo = mo_build(twice, 2, &len);
	refused(mo, len, "out of order");
	free(mo);
	assert_null(catalog_parse("big.mo", "", CATALOG_MAXSIZE + 1, err,
	    sizeof(err)));
	assert_non_null(strstr(err, "larger than"));
}

static void
test_load(void **state)
{
	unsigned char	*mo;
	struct catalog	*c;
	char		 path[256];
	const char	*tmp;
	size_t		 len;
	FILE		*f;
	int		 fd;

	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(path, sizeof(path), "%s/test-catalog-XXXXXX", tmp);
	assert_true((fd = mkstemp(path)) != -1);
	mo = mo_build(pairs, 5, &len);
	assert_non_null(f = fdopen(fd, "wb"));
	assert_int_equal(fwrite(mo, 1, len, f), len);
	fclose(f);
	c = catalog_load(path, err, sizeof(err));
	assert_non_null(c);
	assert_string_equal(catalog_get(c, "Dec", 3, NULL), "dec.");
	catalog_free(c);
	unlink(path);
	assert_null(catalog_load(path, err, sizeof(err)));
	assert_non_null(strstr(err, "No such file"));
	free(mo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_big_endian),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
