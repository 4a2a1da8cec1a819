/*
 * test-tmpl: the template engine as pages and mails use it.
 *
 * Both halves of the module are included so their own allocations can be
 * counted: rendering must never call the allocator, only grow the output's
 * arena.  The value tree and the size limit are read through tmpl-int.h.
 * Log lines are read back from a captured stderr.
 */
#include <sys/stat.h>

#include <ftw.h>
#include <malloc.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

static size_t	 tmpl_allocs;

static void *
count_reallocarray(void *p, size_t n, size_t size)
{
	tmpl_allocs++;
	return reallocarray(p, n, size);
}

#define reallocarray(p, n, s)	count_reallocarray(p, n, s)
#include "tmpl-compile.c"
#include "tmpl.c"
#undef reallocarray

#include "catalog.h"
#include "mo-build.h"

static struct arena	*A;
static struct tmpl_set	*S;
static char		 err[256];
static FILE		*cap_file;
static int		 cap_saved = -1;
static char		 cap_text[4096];
static char		 tmp_dir[256];	/* removed by teardown when set */

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int
setup(void **state)
{
	A = arena_new(4096);
	S = NULL;
	err[0] = '\0';
	return 0;
}

static int
teardown(void **state)
{
	tmpl_set_free(S);
	arena_free(A);
	if (tmp_dir[0] != '\0')
		nftw(tmp_dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	tmp_dir[0] = '\0';
	return 0;
}

static void
capture_start(void)
{
	fflush(stderr);
	cap_file = tmpfile();
	assert_non_null(cap_file);
	cap_saved = dup(STDERR_FILENO);
	dup2(fileno(cap_file), STDERR_FILENO);
}

/* What was logged since capture_start(). */
static const char *
capture_end(void)
{
	size_t	 n;

	fflush(stderr);
	dup2(cap_saved, STDERR_FILENO);
	close(cap_saved);
	rewind(cap_file);
	n = fread(cap_text, 1, sizeof(cap_text) - 1, cap_file);
	cap_text[n] = '\0';
	fclose(cap_file);
	return cap_text;
}

static size_t
count_char(const char *s, char c)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		n += *s == c;
	return n;
}

static void
add(const char *name, const char *src, bool text)
{
	struct tmpl_set	*set;

	set = tmpl_set_add(S, name, src, strlen(src), text, err, sizeof(err));
	if (set == NULL)
		fail_msg("%s", err);
	S = set;
}

static const char *
render(const char *name, struct tval *root, enum tmpl_rc want)
{
	struct buf	 b;

	buf_init(&b, A);
	assert_int_equal(tmpl_render(S, name, root, &b), want);
	return buf_cstr(&b);
}

/* Sets v's "s" to `s` and renders template `name` with v. */
static const char *
render_s(const char *name, struct tval *v, const char *s)
{
	tval_str(v, "s", s);
	return render(name, v, TMPL_OK);
}

/* Compiles `src` as HTML template "t" and renders it. */
static const char *
html(const char *src, struct tval *root)
{
	add("t", src, false);
	return render("t", root, TMPL_OK);
}

/* The compile error of `src` as HTML template "t". */
static const char *
bad(const char *src)
{
	err[0] = '\0';
	assert_null(tmpl_set_add(NULL, "t", src, strlen(src), false, err,
	    sizeof(err)));
	return err;
}

static void
test_escape_every_char(void **state)
{
	struct tval	*v = tval_map(A);
	struct buf	 b;

	buf_init(&b, A);
	tmpl_escape_html(&b, "&<>\"'", 5);
	assert_string_equal(buf_cstr(&b), "&amp;&lt;&gt;&quot;&#39;");
	buf_clear(&b);
	tmpl_escape_html(&b, "a=`b`/c;d\\e", 11);
	assert_string_equal(buf_cstr(&b), "a=`b`/c;d\\e");
	buf_clear(&b);
	/* past a block of 4,096 bytes, with UTF-8 left as it is */
	{
		char	 in[5000], want[5000 + 4 * 5 + 1];
		size_t	 k;

		memset(in, 'a', sizeof(in));
		memcpy(in + 4094, "\xc3\xa9<&", 4);
		memcpy(in + 4999, ">", 1);
		memcpy(want, in, 4096);
		memcpy(want + 4096, "&lt;&amp;", 9);
		k = 4096 + 9;
		memset(want + k, 'a', 4999 - 4098);
		k += 4999 - 4098;
		memcpy(want + k, "&gt;", 5);
		tmpl_escape_html(&b, in, sizeof(in));
		assert_string_equal(buf_cstr(&b), want);
	}
	/* a value rendered twice, and set again in between */
	add("twice", "{{x}}{{x}}", false);
	tval_str(v, "x", "plain");
	assert_string_equal(render("twice", v, TMPL_OK), "plainplain");
	tval_str(v, "x", "a<b");
	assert_string_equal(render("twice", v, TMPL_OK), "a&lt;ba&lt;b");
	tval_str(v, "x", "<script>alert('x' & \"y\")</script>");
	assert_string_equal(html("<p>{{x}}</p>", v), "<p>&lt;script&gt;alert"
	    "(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;</p>");
}

/* Each byte HTML escapes, at every place of strings of 1 to 48 bytes: the
 * scan goes 16 bytes at a time, then looks at the last 16 again, and a
 * string too short for that byte by byte. */
static void
test_escape_every_place(void **state)
{
	static const char	*const rep[] = { "&amp;", "&lt;", "&gt;",
				    "&quot;", "&#39;" };
	static const char	 bytes[] = "&<>\"'";
	char			 in[48], want[48 + 6];
	struct buf		 b;
	size_t			 len, at, k;

	buf_init(&b, A);
	for (len = 1; len <= sizeof(in); len++)
		for (at = 0; at < len; at++)
			for (k = 0; k < 5; k++) {
				memset(in, 'x', len);
				in[at] = bytes[k];
				memset(want, 'x', at);
				strcpy(want + at, rep[k]);
				memset(want + strlen(want), 'x', len - at - 1);
				want[at + strlen(rep[k]) + len - at - 1] = '\0';
				buf_clear(&b);
				tmpl_escape_html(&b, in, len);
				assert_string_equal(buf_cstr(&b), want);
			}
	/* and a string without any, whatever its length */
	for (len = 0; len <= sizeof(in); len++) {
		memset(in, 'y', len);
		buf_clear(&b);
		tmpl_escape_html(&b, in, len);
		assert_int_equal(b.len, len);
	}
}

static void
test_text_not_escaped(void **state)
{
	struct tval	*v = tval_map(A);

	tval_str(v, "x", "<b>&'\"");
	tval_str(v, "u", "javascript:x");
	add("m", "{{x}} <a href=\"{{u}}\">", true);
	assert_string_equal(render("m", v, TMPL_OK),
	    "<b>&'\" <a href=\"javascript:x\">");
}

static void
test_if_unless_else(void **state)
{
	struct tval	*v = tval_map(A);

	add("t", "{{#if t}}T{{else}}F{{/if}}{{#unless t}}u{{/unless}}", false);
	tval_bool(v, "t", true);
	assert_string_equal(render("t", v, TMPL_OK), "T");
	tval_bool(v, "t", false);
	assert_string_equal(render("t", v, TMPL_OK), "Fu");
	tval_str(v, "t", "");
	assert_string_equal(render("t", v, TMPL_OK), "Fu");
	tval_str(v, "t", "0");
	assert_string_equal(render("t", v, TMPL_OK), "T");
	tval_int(v, "t", 0);
	assert_string_equal(render("t", v, TMPL_OK), "Fu");
	tval_int(v, "t", -3);
	assert_string_equal(render("t", v, TMPL_OK), "T");
	tval_list(v, "t");
	assert_string_equal(render("t", v, TMPL_OK), "Fu");
	tval_push(tval_list(v, "t"));
	assert_string_equal(render("t", v, TMPL_OK), "T");
	tval_submap(v, "t");
	assert_string_equal(render("t", v, TMPL_OK), "T");
}

static void
test_comment_and_dotted(void **state)
{
	struct tval	*v = tval_map(A);

	tval_str(tval_submap(tval_submap(v, "a"), "b"), "c", "deep");
	assert_string_equal(html("[{{! a comment {{ with braces }}]{{a.b.c}}",
	    v), "[]deep");
}

static void
test_each_nested_outward(void **state)
{
	struct tval	*v = tval_map(A), *l, *it, *sub;

	tval_str(v, "sep", ";");
	tval_str(v, "who", "root");
	l = tval_list(v, "rows");
	it = tval_push(l);
	tval_str(it, "name", "r1");
	sub = tval_list(it, "cells");
	tval_str(tval_push(sub), "c", "a");
	it = tval_push(l);
	tval_str(it, "name", "r2");
	tval_str(it, "who", "row");	/* shadows the root's */
	sub = tval_list(it, "cells");
	tval_str(tval_push(sub), "c", "b");
	tval_str(tval_push(sub), "c", "c");
	assert_string_equal(html("{{#each rows}}{{name}}:{{#each cells}}"
	    "{{c}}/{{name}}/{{who}}{{sep}}{{/each}}|{{/each}}{{who}}", v),
	    "r1:a/r1/root;|r2:b/r2/row;c/r2/row;|root");
	tval_list(v, "empty");
	add("e", "[{{#each empty}}x{{/each}}]", false);
	assert_string_equal(render("e", v, TMPL_OK), "[]");
}

static void
test_each_index_first_last(void **state)
{
	struct tval	*v = tval_map(A), *l, *in;
	int		 i;

	l = tval_list(v, "l");
	for (i = 0; i < 3; i++) {
		in = tval_list(tval_push(l), "in");
		tval_push(in);
		tval_push(in);
	}
	assert_string_equal(html("{{#each l}}{{@index}}{{#if @first}}F{{/if}}"
	    "{{#if @last}}L{{/if}}({{#each in}}{{@index}}{{@first}}{{@last}}"
	    "{{/each}}){{/each}}", v),
	    "0F(0truefalse1falsetrue)1(0truefalse1falsetrue)"
	    "2L(0truefalse1falsetrue)");
	add("u", "{{@index}}", false);
	capture_start();
	render("u", v, TMPL_MISSING);
	assert_non_null(strstr(capture_end(), "name=@index "));
}

static void
test_partials(void **state)
{
	struct tval	*v = tval_map(A), *l;

	tval_str(v, "title", "T&");
	l = tval_list(v, "items");
	tval_str(tval_push(l), "name", "a");
	tval_str(tval_push(l), "name", "b");
	add("partials/item", "<li>{{name}}@{{title}}</li>", false);
	add("page", "{{> partials/item-list}}", false);
	add("partials/item-list", "<ul>{{#each items}}{{> partials/item}}"
	    "{{/each}}</ul>", false);
	assert_string_equal(render("page", v, TMPL_OK),
	    "<ul><li>a@T&amp;</li><li>b@T&amp;</li></ul>");
	add("lost", "x{{> nowhere}}", false);
	add("mix", "{{> txt}}", false);
	add("txt", "{{title}}", true);
	capture_start();
	render("lost", v, TMPL_NOTFOUND);
	render("mix", v, TMPL_TYPE);
	assert_int_equal(count_char(capture_end(), '\n'), 2);
}

static void
test_partial_depth(void **state)
{
	struct tval	*v = tval_map(A);
	char		 name[8], src[32];
	struct buf	 b;
	int		 i;

	/* p0 includes p1 ... p8: eight partials deep is allowed. */
	for (i = 0; i <= 8; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		if (i < 8)
			snprintf(src, sizeof(src), "%d{{> p%d}}", i, i + 1);
		else
			snprintf(src, sizeof(src), "%d", i);
		add(name, src, false);
	}
	assert_string_equal(render("p0", v, TMPL_OK), "012345678");
	add("q", "q{{> p0}}", false);	/* nine */
	capture_start();
	render("q", v, TMPL_SYNTAX);
	assert_non_null(strstr(capture_end(), "template=p7 line=1 name=p8 "));
	/* A template that includes itself stops at the limit. */
	add("r", "r{{#if go}}{{> r}}{{/if}}", false);
	tval_bool(v, "go", true);
	buf_init(&b, A);
	buf_puts(&b, "kept");
	capture_start();
	assert_int_equal(tmpl_render(S, "r", v, &b), TMPL_SYNTAX);
	assert_non_null(strstr(capture_end(), "nested too deep"));
	assert_string_equal(buf_cstr(&b), "kept");
	assert_int_equal(b.len, 4);
}

static void
test_layout(void **state)
{
	struct tval	*v = tval_map(A);
	struct buf	 b;

	add("layout", "<title>{{title}}</title><main>{{content}}</main>",
	    false);
	add("page", "<p>{{x}}</p>", false);
	add("bad", "<p>{{nope}}</p>", false);
	tval_str(v, "title", "A&B");
	tval_str(v, "x", "<i>");
	tval_str(v, "content", "<script>");	/* a string is no markup */
	assert_string_equal(render("layout", v, TMPL_OK),
	    "<title>A&amp;B</title><main>&lt;script&gt;</main>");
	buf_init(&b, A);
	assert_int_equal(tmpl_render_layout(S, "layout", "page", v, &b),
	    TMPL_OK);
	assert_string_equal(buf_cstr(&b),
	    "<title>A&amp;B</title><main><p>&lt;i&gt;</p></main>");
	buf_clear(&b);
	capture_start();
	assert_int_equal(tmpl_render_layout(S, "layout", "bad", v, &b),
	    TMPL_MISSING);
	assert_int_equal(tmpl_render_layout(S, "layout", "none", v, &b),
	    TMPL_NOTFOUND);
	capture_end();
	assert_int_equal(b.len, 0);
}

/* Sections: rendered first, in order, into values the page, its partials
 * and the layout use; nothing in place. */
static void
test_sections(void **state)
{
	struct tval	*v = tval_map(A);
	struct buf	 b;

	add("lay", "<title>{{why}}</title>{{content}}", false);
	add("btn", "<a href=\"{{link}}\">{{action}}</a>", false);
	add("pg", "{{#section action}}Go &amp; {{x}}{{/section}}\n"
	    "{{#section why}}[{{action}}]{{/section}}<p>{{x}}</p>{{> btn}}",
	    false);
	add("url", "<a href=\"{{#section s}}{{x}}{{/section}}{{link}}\">",
	    false);
	tval_str(v, "x", "<i>");
	tval_str(v, "link", "https://x.example/a?b&c");
	buf_init(&b, A);
	assert_int_equal(tmpl_render_layout(S, "lay", "pg", v, &b), TMPL_OK);
	assert_string_equal(buf_cstr(&b), "<title>[Go &amp; &lt;i&gt;]</title>"
	    "\n<p>&lt;i&gt;</p><a href=\"https://x.example/a?b&amp;c\">"
	    "Go &amp; &lt;i&gt;</a>");
	/* rendered alone, a page writes no section */
	assert_string_equal(render("url", v, TMPL_OK),
	    "<a href=\"https://x.example/a?b&amp;c\">");
	/* the substitution after a section still starts the URL */
	tval_str(v, "link", "javascript:x");
	capture_start();
	assert_string_equal(render("url", v, TMPL_OK),
	    "<a href=\"about:invalid\">");
	assert_non_null(strstr(capture_end(), "URL refused"));
	/* a section that fails fails the whole render */
	add("bad", "{{#section s}}{{nope}}{{/section}}", false);
	buf_clear(&b);
	capture_start();
	assert_int_equal(tmpl_render_layout(S, "lay", "bad", v, &b),
	    TMPL_MISSING);
	capture_end();
	assert_int_equal(b.len, 0);
	assert_string_equal(bad("{{#if a}}{{#section s}}{{/section}}{{/if}}"),
	    "t:1: {{#section}} outside the top of an HTML template");
	assert_string_equal(bad("{{#section a.b}}{{/section}}"),
	    "t:1: bad section name \"a.b\"");
	assert_null(tmpl_set_add(NULL, "m", "{{#section s}}{{/section}}", 26,
	    true, err, sizeof(err)));
	assert_string_equal(err,
	    "m:1: {{#section}} outside the top of an HTML template");
}

static void
test_missing(void **state)
{
	struct tval	*v = tval_map(A);
	const char	*log;
	struct buf	 b;

	add("var", "a{{user.name}}b", false);
	add("cond", "line1\n{{#if shown}}x{{/if}}", false);
	tval_submap(v, "user");
	buf_init(&b, A);
	buf_puts(&b, "before");
	capture_start();
	assert_int_equal(tmpl_render(S, "var", v, &b), TMPL_MISSING);
	log = capture_end();
	assert_string_equal(buf_cstr(&b), "before");
	assert_int_equal(b.len, 6);
	assert_int_equal(count_char(log, '\n'), 1);
	assert_non_null(strstr(log, "template=var "));
	assert_non_null(strstr(log, "name=user.name "));
	capture_start();
	assert_int_equal(tmpl_render(S, "cond", v, &b), TMPL_MISSING);
	log = capture_end();
	assert_int_equal(count_char(log, '\n'), 1);
	assert_non_null(strstr(log, "template=cond line=2 name=shown "));
	assert_string_equal(buf_cstr(&b), "before");
	capture_start();
	render("nothing", v, TMPL_NOTFOUND);
	assert_non_null(strstr(capture_end(), "nothing"));
}

static void
test_type_errors(void **state)
{
	struct tval	*v = tval_map(A);
	const char	*subj = NULL;
	struct buf	 b;

	tval_str(v, "s", "x");
	tval_str(tval_submap(v, "m"), "k", "v");
	tval_push(tval_list(v, "l"));
	add("each-str", "{{#each s}}{{/each}}", false);
	add("each-map", "{{#each m}}{{/each}}", false);
	add("put-map", "{{m}}", false);
	add("put-list", "{{l}}", false);
	add("dot-str", "{{s.k}}", false);
	add("lay", "<a href=\"{{content}}\">", false);
	add("pg", "p", false);
	add("txt", "Subject: s\n\nb", true);
	capture_start();
	render("each-str", v, TMPL_TYPE);
	render("each-map", v, TMPL_TYPE);
	render("put-map", v, TMPL_TYPE);
	render("put-list", v, TMPL_TYPE);
	render("dot-str", v, TMPL_TYPE);
	buf_init(&b, A);
	assert_int_equal(tmpl_render_layout(S, "lay", "pg", v, &b), TMPL_TYPE);
	assert_int_equal(tmpl_render_layout(S, "lay", "txt", v, &b), TMPL_TYPE);
	assert_int_equal(tmpl_render_mail(S, "pg", v, A, &subj, &b), TMPL_TYPE);
	assert_int_equal(tmpl_render(S, "pg", NULL, &b), TMPL_TYPE);
	assert_int_equal(count_char(capture_end(), '\n'), 9);
	assert_null(subj);
	/* Keys set on a list go nowhere rather than corrupt it. */
	capture_start();
	tval_str(tval_list(v, "l2"), "k", "v");
	tval_push(tval_submap(v, "m2"));
	capture_end();
	add("l2", "[{{#each l2}}x{{/each}}]", false);
	assert_string_equal(render("l2", v, TMPL_OK), "[]");
}

static void
test_syntax_errors(void **state)
{
	char	*big, name[80];

	assert_string_equal(bad("a\n{{#if x}}b"), "t:2: unclosed {{#if x}}");
	assert_string_equal(bad("{{#each l}}\n{{#if x}}\n{{/each}}"),
	    "t:3: {{/each}} closes {{#if}} of line 2");
	assert_string_equal(bad("x\n\n{{/if}}"),
	    "t:3: {{/if}} without an open block");
	assert_string_equal(bad("{{#with x}}{{/with}}"),
	    "t:1: unknown tag \"{{#with x}}\"");
	assert_string_equal(bad("{{#if x}}{{/if x}}"),
	    "t:1: unknown tag \"{{/if x}}\"");
	assert_string_equal(bad("{{a b}}"), "t:1: unknown tag \"{{a b}}\"");
	assert_string_equal(bad("{{{a}}}"), "t:1: unknown tag \"{{{a}}\"");
	assert_string_equal(bad("{{else}}"),
	    "t:1: {{else}} outside {{#if}} or {{#is}}");
	assert_string_equal(bad("{{#each l}}{{else}}{{/each}}"),
	    "t:1: {{else}} outside {{#if}} or {{#is}}");
	assert_string_equal(bad("{{#unless l}}{{else}}{{/unless}}"),
	    "t:1: {{else}} outside {{#if}} or {{#is}}");
	assert_string_equal(bad("{{#if l}}{{else}}{{else}}{{/if}}"),
	    "t:1: {{else}} outside {{#if}} or {{#is}}");
	assert_string_equal(bad("{{}}"), "t:1: empty name");
	assert_string_equal(bad("{{ \t }}"), "t:1: empty name");
	assert_string_equal(bad("{{#if}}{{/if}}"), "t:1: empty name");
	assert_string_equal(bad("{{>  }}"), "t:1: empty name");
	assert_string_equal(bad("a\nb {{x"), "t:2: \"{{\" without \"}}\"");
	assert_string_equal(bad("{{!\n\n}}{{x}"), "t:3: \"{{\" without \"}}\"");
	assert_string_equal(bad("{{a..b}}"), "t:1: bad name \"a..b\"");
	assert_string_equal(bad("{{.a}}"), "t:1: bad name \".a\"");
	assert_string_equal(bad("{{#each a.}}{{/each}}"),
	    "t:1: bad name \"a.\"");
	snprintf(name, sizeof(name), "{{%065d}}", 0);
	assert_string_equal(bad(name), "t:1: name longer than 64 bytes");
	snprintf(name, sizeof(name), "{{#if %064d}}{{/if}}", 0);
	add("long", name, false);
	big = malloc(TMPL_MAXSRC + 2);
	memset(big, 'a', TMPL_MAXSRC + 1);
	big[TMPL_MAXSRC + 1] = '\0';
	assert_string_equal(bad(big), "t:1: larger than 262144 bytes");
	big[TMPL_MAXSRC] = '\0';
	add("big", big, false);
	free(big);
	add("t", "x", false);
	assert_null(tmpl_set_add(S, "t", "y", 1, false, err, sizeof(err)));
	assert_string_equal(err, "t:1: template defined twice or unnamed");
	assert_true(tmpl_exists(S, "big"));	/* the set survives */
	assert_null(tmpl_set_add(NULL, "n", NULL, 3, false, NULL, 0));
}

static void
test_nesting_limit(void **state)
{
	char	 src[1024];
	size_t	 n = 0;
	int	 i;

	for (i = 0; i < 32; i++)
		n += snprintf(src + n, sizeof(src) - n, "{{#if a}}");
	for (i = 0; i < 32; i++)
		n += snprintf(src + n, sizeof(src) - n, "{{/if}}");
	add("deep", src, false);
	n = 0;
	for (i = 0; i < 33; i++)
		n += snprintf(src + n, sizeof(src) - n, "{{#if a}}\n");
	assert_string_equal(bad(src), "t:33: blocks nested deeper than 32");
}

static const char *
url(const char *attr, const char *value)
{
	struct tval	*v = tval_map(A);
	const char	*out;
	char		 src[128];

	tmpl_set_free(S);
	S = NULL;
	snprintf(src, sizeof(src), "<a %s{{u}}>", attr);
	tval_str(v, "u", value);
	capture_start();
	out = html(src, v);
	capture_end();
	return strchr(out, ' ') + 1;
}

static void
test_url_context(void **state)
{
	assert_string_equal(url("href=\"", "javascript:alert(1)"),
	    "href=\"about:invalid>");
	assert_string_equal(url("href=\"", "JavaScript:x"),
	    "href=\"about:invalid>");
	assert_string_equal(url("href=\"", " /ok"), "href=\"about:invalid>");
	assert_string_equal(url("href=\"", "//evil.example"),
	    "href=\"about:invalid>");
	assert_string_equal(url("href=\"", "/\\evil.example"),
	    "href=\"about:invalid>");
	assert_string_equal(url("href=\"", "/\t/evil.example"),
	    "href=\"about:invalid>");
	assert_string_equal(url("href=\"", "data:text/html,x"),
	    "href=\"about:invalid>");
	assert_string_equal(url("href=\"", ""), "href=\"about:invalid>");
	assert_string_equal(url("href=\"", "/ok"), "href=\"/ok>");
	assert_string_equal(url("href=\"", "/"), "href=\"/>");
	assert_string_equal(url("href=\"", "/a?b=1&c='2'"),
	    "href=\"/a?b=1&amp;c=&#39;2&#39;>");
	assert_string_equal(url("href=\"", "https://ok.example/"),
	    "href=\"https://ok.example/>");
	assert_string_equal(url("href=\"", "HTTP://ok.example"),
	    "href=\"HTTP://ok.example>");
	assert_string_equal(url("href=\"", "MailTo:a@b.example"),
	    "href=\"MailTo:a@b.example>");
	assert_string_equal(url("href='", "javascript:x"),
	    "href='about:invalid>");
	assert_string_equal(url("href='", "/ok"), "href='/ok>");
	assert_string_equal(url("HREF=\"", "javascript:x"),
	    "HREF=\"about:invalid>");
	assert_string_equal(url("src=\"", "javascript:x"),
	    "src=\"about:invalid>");
	assert_string_equal(url("x action='", "javascript:x"),
	    "x action='about:invalid>");
	assert_string_equal(url("FormAction=\"", "javascript:x"),
	    "FormAction=\"about:invalid>");
	assert_string_equal(url("href = \"", "javascript:x"),
	    "href = \"about:invalid>");
	assert_string_equal(url("href=", "javascript:x"),
	    "href=about:invalid>");
	/* Not at the start of a URL attribute: plain escaped text. */
	assert_string_equal(url("href=\"/go/", "javascript:x"),
	    "href=\"/go/javascript:x>");
	assert_string_equal(url("title=\"", "javascript:x"),
	    "title=\"javascript:x>");
	assert_string_equal(url("xlink:href=\"", "javascript:x"),
	    "xlink:href=\"about:invalid>");
	assert_string_equal(url("data-href=\"", "javascript:x"),
	    "data-href=\"javascript:x>");
}

static void
test_url_through_blocks(void **state)
{
	struct tval	*v = tval_map(A);

	tval_str(v, "a", "javascript:a");
	tval_str(v, "b", "javascript:b");
	tval_bool(v, "t", true);
	tval_int(v, "n", 5);
	tval_str(tval_push(tval_list(v, "l")), "c", "javascript:c");
	capture_start();
	add("if", "<a href=\"{{#if t}}{{a}}{{else}}{{b}}{{/if}}\">", false);
	add("else", "<a href=\"{{#if t}}/x{{else}}{{b}}{{/if}}\">", false);
	add("after", "<a href=\"{{#if t}}{{/if}}{{a}}\">", false);
	add("each", "<a src='{{#each l}}{{c}}{{/each}}'>", false);
	add("int", "<a href=\"{{n}}\">{{n}}", false);
	assert_string_equal(render("if", v, TMPL_OK),
	    "<a href=\"about:invalid\">");
	tval_bool(v, "t", false);
	assert_string_equal(render("else", v, TMPL_OK),
	    "<a href=\"about:invalid\">");
	assert_string_equal(render("after", v, TMPL_OK),
	    "<a href=\"about:invalid\">");
	assert_string_equal(render("each", v, TMPL_OK),
	    "<a src='about:invalid'>");
	assert_string_equal(render("int", v, TMPL_OK),
	    "<a href=\"about:invalid\">5");
	assert_non_null(strstr(capture_end(), "URL refused"));
}

static void
test_mail(void **state)
{
	struct tval	*v = tval_map(A);
	const char	*subj = NULL;
	struct buf	 b;

	add("mail/hello", "Subject: Hello {{name}} & co\n\nDear {{name}},\n"
	    "<{{link}}>\n", true);
	add("mail/crlf", "Subject: x\r\n\r\nbody", true);
	add("mail/plain", "No subject here", true);
	tval_str(v, "name", "Ann <ann>");
	tval_str(v, "link", "https://x.example/a?b&c");
	buf_init(&b, A);
	assert_int_equal(tmpl_render_mail(S, "mail/hello", v, A, &subj, &b),
	    TMPL_OK);
	assert_string_equal(subj, "Hello Ann <ann> & co");
	assert_string_equal(buf_cstr(&b),
	    "Dear Ann <ann>,\n<https://x.example/a?b&c>\n");
	buf_clear(&b);
	assert_int_equal(tmpl_render_mail(S, "mail/crlf", v, A, &subj, &b),
	    TMPL_OK);
	assert_string_equal(subj, "x");
	assert_string_equal(buf_cstr(&b), "body");
	assert_string_equal(render("mail/hello", v, TMPL_OK),
	    "Hello Ann <ann> & co\n\nDear Ann <ann>,\n"
	    "<https://x.example/a?b&c>\n");
	capture_start();
	buf_clear(&b);
	subj = NULL;
	tval_str(v, "name", "Ann\nBcc: evil@example.com");
	assert_int_equal(tmpl_render_mail(S, "mail/hello", v, A, &subj, &b),
	    TMPL_TYPE);
	tval_str(v, "name", "Ann\r");
	assert_int_equal(tmpl_render_mail(S, "mail/hello", v, A, &subj, &b),
	    TMPL_TYPE);
	assert_int_equal(tmpl_render_mail(S, "mail/plain", v, A, &subj, &b),
	    TMPL_TYPE);
	assert_int_equal(tmpl_render_mail(S, "mail/none", v, A, &subj, &b),
	    TMPL_NOTFOUND);
	assert_non_null(strstr(capture_end(), "line break in the subject"));
	assert_null(subj);
	assert_int_equal(b.len, 0);
	/* The value's line break stays legal in the body. */
	add("mail/body", "Subject: s\n\n{{name}}", true);
	assert_int_equal(tmpl_render_mail(S, "mail/body", v, A, &subj, &b),
	    TMPL_OK);
	assert_string_equal(buf_cstr(&b), "Ann\r");
	assert_null(tmpl_set_add(NULL, "m", "Subject: x\nbody", 15, true, err,
	    sizeof(err)));
	assert_string_equal(err, "m:1: no blank line after \"Subject:\"");
	assert_null(tmpl_set_add(NULL, "m", "Subject: {{#if a}}\n\n{{/if}}",
	    27, true, err, sizeof(err)));
	assert_string_equal(err, "m:1: unclosed {{#if a}}");
}

static void
test_values(void **state)
{
	struct tval	*v = tval_map(A), *e;
	const char	*keys = "";

	tval_str(v, "a", "1");
	tval_int(v, "b", 2);
	tval_str(v, "a", "3");
	tval_str(v, "c", NULL);
	tval_bool(v, "d", false);
	for (e = v->head; e != NULL; e = e->next)
		keys = arena_printf(A, "%s%s", keys, e->key);
	assert_string_equal(keys, "abcd");
	assert_string_equal(html("{{a}}{{b}}[{{c}}]{{d}}", v), "32[]false");
	tval_int(v, "a", -9223372036854775807LL - 1);
	tval_str(tval_submap(v, "b"), "x", "y");
	tmpl_set_free(S);
	S = NULL;
	assert_string_equal(html("{{a}}{{b.x}}", v),
	    "-9223372036854775808y");
}

static void
test_strerror(void **state)
{
	int	 i, j;

	for (i = 0; i < TMPL_RC__MAX; i++) {
		assert_non_null(tmpl_strerror(i));
		for (j = 0; j < i; j++)
			assert_string_not_equal(tmpl_strerror(i),
			    tmpl_strerror(j));
	}
	assert_string_equal(tmpl_strerror(TMPL_RC__MAX),
	    "unknown template error");
}

static void
put_file(const char *dir, const char *rel, const char *text)
{
	char	 path[512], *slash;
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (slash = path + strlen(dir) + 1; (slash = strchr(slash, '/'));
	    slash++) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* Whether the directory loads as a set (then freed); the error in err. */
static bool
loads(const char *dir)
{
	struct tmpl_set	*set;

	if ((set = tmpl_set_load(dir, err, sizeof(err))) == NULL)
		return false;
	tmpl_set_free(set);
	return true;
}

static void
test_load_dir(void **state)
{
	struct tval	*v = tval_map(A);
	const char	*subj, *tmp;
	char		*dir = tmp_dir;
	struct buf	 b;

	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(dir, sizeof(tmp_dir), "%s/test-tmpl-XXXXXX", tmp);
	assert_non_null(mkdtemp(dir));
	put_file(dir, "layout.html", "<body>{{> partials/nav}}{{content}}");
	put_file(dir, "portal.html", "<p>{{who}}</p>");
	put_file(dir, "partials/nav.html", "<nav>{{who}}</nav>");
	put_file(dir, "mail/magic-link.txt", "Subject: Hi {{who}}\n\n{{who}}");
	put_file(dir, "mail/magic-link.html", "<p>{{who}}</p>");
	put_file(dir, "title/portal.txt", "Home of {{who}}");
	put_file(dir, "notes.md", "{{ignored");
	put_file(dir, ".hidden.html", "{{broken");
	put_file(dir, ".git/x.html", "{{broken");
	S = tmpl_set_load(dir, err, sizeof(err));
	if (S == NULL)
		fail_msg("%s", err);
	assert_true(tmpl_exists(S, "portal"));
	assert_true(tmpl_exists(S, "partials/nav"));
	assert_true(tmpl_exists(S, "mail/magic-link"));
	assert_false(tmpl_exists(S, "notes"));
	assert_false(tmpl_exists(S, ".hidden"));
	assert_false(tmpl_exists(S, ".git/x"));
	assert_false(tmpl_exists(S, "portal.html"));
	tval_str(v, "who", "<me>");
	buf_init(&b, A);
	assert_int_equal(tmpl_render_layout(S, "layout", "portal", v, &b),
	    TMPL_OK);
	assert_string_equal(buf_cstr(&b),
	    "<body><nav>&lt;me&gt;</nav><p>&lt;me&gt;</p>");
	buf_clear(&b);
	assert_int_equal(tmpl_render_mail(S, "mail/magic-link", v, A, &subj,
	    &b), TMPL_OK);
	assert_string_equal(subj, "Hi <me>");
	/* one name, two kinds: each call finds the kind it wants */
	buf_clear(&b);
	assert_int_equal(tmpl_render_layout(S, "layout", "mail/magic-link", v,
	    &b), TMPL_OK);
	assert_string_equal(buf_cstr(&b),
	    "<body><nav>&lt;me&gt;</nav><p>&lt;me&gt;</p>");
	assert_string_equal(render("mail/magic-link", v, TMPL_OK),
	    "<p>&lt;me&gt;</p>");
	tmpl_set_free(S);

	/* a mail without its HTML part fails the load */
	put_file(dir, "mail/bare.txt", "Subject: Hi\n\nbody");
	assert_false(loads(dir));
	assert_string_equal(err, "mail/bare.txt:1: no HTML part "
	    "(mail/bare.html)");
	put_file(dir, "mail/bare.html", "<p>body</p>");
	assert_true(loads(dir));

	put_file(dir, "sub/broken.html", "ok\n{{#each x}}");
	S = tmpl_set_load(dir, err, sizeof(err));
	assert_null(S);
	assert_string_equal(err, "sub/broken.html:2: unclosed {{#each x}}");
	put_file(dir, "sub/broken.html", "ok\n{{> partials/gone}}");
	assert_null(tmpl_set_load(dir, err, sizeof(err)));
	assert_string_equal(err,
	    "sub/broken.html:2: no template \"partials/gone\"");
	put_file(dir, "sub/broken.html", "{{> title/portal}}");
	assert_null(tmpl_set_load(dir, err, sizeof(err)));
	assert_string_equal(err,
	    "sub/broken.html:1: partial of the other kind \"title/portal\"");
	put_file(dir, "sub/broken.html", "");
	put_file(dir, "sub/broken.txt", "");
	assert_true(loads(dir));
	add("d", "", true);
	add("d", "", false);
	assert_null(tmpl_set_add(S, "d", "", 0, true, err, sizeof(err)));
	assert_non_null(strstr(err, "defined twice"));
	assert_int_equal(nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS), 0);
	assert_null(tmpl_set_load(dir, err, sizeof(err)));
	tmp_dir[0] = '\0';
	assert_non_null(strstr(err, "No such file"));
}

static struct tval *
page_values(struct arena *a)
{
	struct tval	*v = tval_map(a), *l, *it;
	int		 i;

	tval_str(v, "title", "Documents & more");
	l = tval_list(v, "docs");
	for (i = 0; i < 50; i++) {
		it = tval_push(l);
		tval_str(it, "name", "report <final>.pdf");
		tval_str(it, "url", "/portal/documents/x");
		tval_int(it, "size", i * 1024);
		tval_bool(it, "new", i % 2);
	}
	return v;
}

/* 10,000 renders into an arena reset each time: no growth anywhere. */
/* In a loaded set, a name that stands for a text and an HTML partial
 * is included as the kind of the template that includes it. */
static void
test_load_partial_kinds(void **state)
{
	struct tval	*v = tval_map(A);
	const char	*subj, *tmp;
	char		*dir = tmp_dir;
	struct buf	 b;

	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(dir, sizeof(tmp_dir), "%s/test-tmpl-XXXXXX", tmp);
	assert_non_null(mkdtemp(dir));
	put_file(dir, "mail/note.txt", "Subject: s\n\n{{> partials/sig}}");
	put_file(dir, "mail/note.html", "<p>{{> partials/sig}}</p>");
	put_file(dir, "partials/sig.txt", "-- {{who}}");
	put_file(dir, "partials/sig.html", "<i>{{who}}</i>");
	S = tmpl_set_load(dir, err, sizeof(err));
	if (S == NULL)
		fail_msg("%s", err);
	tval_str(v, "who", "<me>");
	buf_init(&b, A);
	assert_int_equal(tmpl_render_mail(S, "mail/note", v, A, &subj, &b),
	    TMPL_OK);
	assert_string_equal(buf_cstr(&b), "-- <me>");
	assert_string_equal(render("mail/note", v, TMPL_OK),
	    "<p><i>&lt;me&gt;</i></p>");
}

static void
test_render_flat(void **state)
{
	struct arena		*a = arena_new(64 * 1024);
	struct mallinfo2	 m0, m1;
	struct buf		 b;
	size_t			 used = 0, allocs;
	int			 i;

	add("layout", "<h1>{{title}}</h1>{{content}}", false);
	add("row", "<li><a href=\"{{url}}\">{{name}}</a> {{size}}"
	    "{{#if new}} new{{/if}}{{#if @last}}.{{/if}}</li>", false);
	add("docs", "<ul>{{#each docs}}{{> row}}{{/each}}</ul>", false);
	allocs = tmpl_allocs;
	memset(&m0, 0, sizeof(m0));
	for (i = 0; i < 10000; i++) {
		arena_reset(a);
		buf_init(&b, a);
		assert_int_equal(tmpl_render_layout(S, "layout", "docs",
		    page_values(a), &b), TMPL_OK);
		assert_non_null(strstr(buf_cstr(&b), "new.</li></ul>"));
		if (i == 0) {
			used = arena_used(a);
			m0 = mallinfo2();
		}
		assert_int_equal(arena_used(a), used);
	}
	m1 = mallinfo2();
	assert_int_equal(tmpl_allocs, allocs);
	assert_int_equal(m1.uordblks, m0.uordblks);
	arena_free(a);
}

/* {{else}} at every point where the node array grows.  The engine once
 * assigned the else's index into the node array in the same statement
 * that could move it, which depended on the compiler's evaluation order. */
static void
test_else_at_every_growth(void **state)
{
	struct tmpl_set	*set;
	struct arena	*a = arena_new(4096);
	struct tval	*v;
	struct buf	 out;
	char		 src[4096], msg[256];
	size_t		 k, i, n;

	for (k = 0; k < 140; k++) {
		n = (size_t)snprintf(src, sizeof(src), "{{#if a}}");
		for (i = 0; i < k; i++)
			n += (size_t)snprintf(src + n, sizeof(src) - n,
			    "x{{b}}");
		snprintf(src + n, sizeof(src) - n, "{{else}}no{{/if}}");
		set = tmpl_set_add(NULL, "t", src, strlen(src), false, msg,
		    sizeof(msg));
		assert_non_null(set);
		arena_reset(a);
		v = tval_map(a);
		tval_bool(v, "a", false);
		tval_str(v, "b", "");
		buf_init(&out, a);
		assert_int_equal(tmpl_render(set, "t", v, &out), TMPL_OK);
		assert_string_equal(buf_cstr(&out), "no");
		tmpl_set_free(set);
	}
	arena_free(a);
}


/* Translations: the Dutch of a few msgids, as catalog language 1. */
static const char *const nl_pairs[] = {
	"Hello {{name}}, welcome to {{portal}}",
	"Welkom bij {{portal}}, {{name}} & co <b>",
	"Sign in", "Inloggen",
	"Use this link:", "Gebruik deze link:",
	"Your link for {{portal}}", "Uw link voor {{portal}}",
	"two words", "twee woorden",
};

static bool
translate(const char *const *pairs, size_t n)
{
	unsigned char	*mo;
	struct catalog	*cat;
	size_t		 len;
	bool		 ok;

	mo = mo_build(pairs, n, &len);
	cat = catalog_parse("nl.mo", mo, len, err, sizeof(err));
	free(mo);
	assert_non_null(cat);
	err[0] = '\0';
	ok = tmpl_set_translate(S, 1, cat, "nl.mo", err, sizeof(err));
	return ok;
}

static const char *
render_in(const struct tmpl_set *set, const char *name, struct tval *v)
{
	struct buf	 b;

	buf_init(&b, A);
	assert_int_equal(tmpl_render(set, name, v, &b), TMPL_OK);
	return buf_cstr(&b);
}

static void
test_translated(void **state)
{
	struct tval		*v = tval_map(A);
	const struct tmpl_set	*nl;
	const char		*subj;
	struct buf		 b;

	add("page", "<p>{{#t}}Hello {{name}}, welcome to {{portal}}{{/t}}</p>"
	    "<a href=\"/login\">{{#t}}Sign in{{/t}}</a>"
	    "<i>{{#t}}Not in {{portal}} yet{{/t}}</i>"
	    "<b title=\"{{#t}}two\n\t  words {{/t}}\">x</b>", false);
	add("mail", "Subject: {{#t}}Your link for {{portal}}{{/t}}\n\n"
	    "{{#t}}Use this link:{{/t}}\n{{portal}}\n", true);
	tval_str(v, "name", "<me>");
	tval_str(v, "portal", "P&Q");
	assert_true(translate(nl_pairs, 5));
	nl = tmpl_set_lang(S, 1);
	assert_ptr_not_equal(nl, S);
	assert_true(tmpl_set_has_lang(S, 1));
	assert_false(tmpl_set_has_lang(S, 2));
	assert_ptr_equal(tmpl_set_lang(S, 2), S);
	assert_ptr_equal(tmpl_set_lang(S, 0), S);
	assert_ptr_equal(tmpl_set_lang(nl, 0), S);
	/* English as written; Dutch with the placeholders moved, every value
	 * and the translator's own text escaped; untranslated: English */
	assert_string_equal(render_in(S, "page", v),
	    "<p>Hello &lt;me&gt;, welcome to P&amp;Q</p>"
	    "<a href=\"/login\">Sign in</a><i>Not in P&amp;Q yet</i>"
	    "<b title=\"two\n\t  words \">x</b>");
	assert_string_equal(render_in(nl, "page", v),
	    "<p>Welkom bij P&amp;Q, &lt;me&gt; &amp; co &lt;b&gt;</p>"
	    "<a href=\"/login\">Inloggen</a><i>Not in P&amp;Q yet</i>"
	    "<b title=\"twee woorden\">x</b>");
	/* text: the subject and body translated, nothing escaped */
	buf_init(&b, A);
	assert_int_equal(tmpl_render_mail(nl, "mail", v, A, &subj, &b),
	    TMPL_OK);
	assert_string_equal(subj, "Uw link voor P&Q");
	assert_string_equal(buf_cstr(&b), "Gebruik deze link:\nP&Q\n");
	/* a placeholder the page never set fails the render like in English */
	v = tval_map(A);
	tval_str(v, "portal", "P");
	buf_init(&b, A);
	capture_start();
	assert_int_equal(tmpl_render(nl, "page", v, &b), TMPL_MISSING);
	assert_non_null(strstr(capture_end(), "name=name"));
	assert_string_equal(tmpl_gettext(nl, "Sign in"), "Inloggen");
	assert_string_equal(tmpl_gettext(nl, "Sat"), "Sat");
	assert_string_equal(tmpl_gettext(S, "Sign in"), "Sign in");
	/* a language slot is filled once */
	assert_false(translate(nl_pairs, 1));
	assert_non_null(strstr(err, "taken"));
}

static void
test_translation_refused(void **state)
{
	static const char *const unknown[] = {
		"Hello {{name}}", "Hallo {{name}} {{csrf}}",
	};
	static const char *const block[] = {
		"Hello {{name}}", "Hallo {{#if name}}{{name}}{{/if}}",
	};
	static const char *const open[] = {
		"Hello {{name}}", "Hallo {{name",
	};
	static const char *const partial[] = {
		"Hello {{name}}", "{{> secret}}",
	};

	add("page", "<p>{{#t}}Hello {{name}}{{/t}}</p>", false);
	assert_false(translate(unknown, 1));
	assert_string_equal(err, "nl.mo: msgid \"Hello {{name}}\": the "
	    "translation has {{csrf}}, which the msgid has not");
	assert_false(translate(block, 1));
	assert_non_null(strstr(err, "nl.mo: msgid \"Hello {{name}}\": "
	    "page:1: only text and {{name}} inside {{#t}}"));
	assert_false(translate(open, 1));
	assert_non_null(strstr(err, "without \"}}\""));
	assert_false(translate(partial, 1));
	assert_non_null(strstr(err, "only text"));
}

static void
test_trans_syntax(void **state)
{
	assert_string_equal(bad("<p>{{#t}}Go <a href=\"/x\">here</a>{{/t}}"),
	    "t:1: markup or \"&\" inside {{#t}}: keep markup outside the "
	    "translated text");
	assert_non_null(strstr(bad("{{#t}}Fish &amp; chips{{/t}}"),
	    "markup"));
	assert_string_equal(bad("a\n{{#t}}Hello"),
	    "t:2: {{#t}} without {{/t}}");
	assert_string_equal(bad("{{#t}}{{/t}}"), "t:1: empty {{#t}}");
	assert_string_equal(bad("<a href=\"{{#t}}/x{{/t}}\">"),
	    "t:1: {{#t}} where a URL belongs");
	assert_non_null(strstr(bad("{{#t}}a {{#if x}}b{{/if}}{{/t}}"),
	    "only text and {{name}} inside {{#t}}"));
	assert_non_null(strstr(bad("{{#t}}a {{> p}}{{/t}}"), "only text"));
	assert_non_null(strstr(bad("{{#t}}a {{else}}{{/t}}"), "only text"));
	assert_string_equal(bad("{{/t}}"), "t:1: unknown tag \"{{/t}}\"");
	assert_string_equal(bad("{{#t}}a\nb {{x y}}{{/t}}"),
	    "t:2: unknown tag \"{{x y}}\"");
}

static void
test_msgid(void **state)
{
	const struct tmpl	*t;
	char			 id[64];
	size_t			 n;

	add("h", "{{#t}}\n  Hello\t{{name}},\n\n  welcome  {{/t}}", false);
	add("m", "{{#t}}\n  Hello\t{{name}}{{/t}}", true);
	t = tmpl_find(S, "h", 1, FIND_HTML);
	n = tmpl_msgid(t, &t->nodes[0], id, sizeof(id));
	assert_int_equal(n, strlen("Hello {{name}}, welcome"));
	assert_memory_equal(id, "Hello {{name}}, welcome", n);
	t = tmpl_find(S, "m", 1, FIND_TEXT);
	n = tmpl_msgid(t, &t->nodes[0], id, sizeof(id));
	assert_memory_equal(id, "\n  Hello\t{{name}}", n);
	assert_int_equal(tmpl_msgid(t, &t->nodes[0], NULL, 0), n);
}

static void
test_is(void **state)
{
	struct tval	*v = tval_map(A), *item;

	add("t", "{{#is s \"open\"}}O{{else}}[{{s}}]{{/is}}"
	    "{{#is s \"\"}}E{{/is}}", false);
	assert_string_equal(render_s("t", v, "open"), "O");
	assert_string_equal(render_s("t", v, "opened"), "[opened]");
	assert_string_equal(render_s("t", v, "ope"), "[ope]");
	assert_string_equal(render_s("t", v, "<open>"), "[&lt;open&gt;]");
	assert_string_equal(render_s("t", v, NULL), "[]E");
	/* Inside each the item's value is compared, else the one outside. */
	tval_str(v, "s", "open");
	item = tval_list(v, "l");
	tval_str(tval_push(item), "s", "done");
	tval_push(item);
	add("each", "{{#each l}}{{#is s \"open\"}}o{{else}}-{{/is}}"
	    "{{/each}}", false);
	assert_string_equal(render("each", v, TMPL_OK), "-o");
	/* A run of tests of one name, the rest of it passed once one holds,
	 * unless a later one tests the same literal again. */
	add("chain", "{{#is s \"a\"}}A{{/is}}{{#is s \"b\"}}B{{/is}}"
	    "{{#is s \"a\"}}again{{/is}}{{#is s \"c\"}}C{{/is}}{{#if s}}+{{/if}}",
	    false);
	assert_string_equal(render_s("chain", v, "a"), "Aagain+");
	assert_string_equal(render_s("chain", v, "b"), "B+");
	assert_string_equal(render_s("chain", v, "c"), "C+");
	tval_str(v, "s", "open");
	/* A run of tests of one name, each item its own value. */
	add("run", "{{#each l}}{{#is s \"open\"}}o{{/is}}{{#is s \"done\"}}d"
	    "{{/is}}{{#if s}}+{{/if}}{{#is t \"x\"}}t{{/is}}{{/each}}", false);
	tval_str(v, "t", "x");
	assert_string_equal(render("run", v, TMPL_OK), "d+to+t");
	/* Compared with a string only, and with a name that was set. */
	add("int", "{{#is n \"1\"}}x{{/is}}", false);
	add("missing", "{{#is nope \"1\"}}x{{/is}}", false);
	tval_int(v, "n", 1);
	capture_start();
	render("int", v, TMPL_TYPE);
	render("missing", v, TMPL_MISSING);
	assert_int_equal(count_char(capture_end(), '\n'), 2);
	/* A section after an is block at the top is still found. */
	add("pg", "{{#is s \"open\"}}{{/is}}{{#section head}}H{{/section}}"
	    "b", false);
	add("lay", "{{head}}|{{content}}", false);
	{
		struct buf	 b;

		buf_init(&b, A);
		assert_int_equal(tmpl_render_layout(S, "lay", "pg", v, &b),
		    TMPL_OK);
		assert_string_equal(buf_cstr(&b), "H|b");
	}
}

static void
test_is_syntax(void **state)
{
	assert_string_equal(bad("{{#is s}}{{/is}}"),
	    "t:1: {{#is}} wants a name and a \"literal\"");
	assert_string_equal(bad("{{#is \"a\"}}{{/is}}"),
	    "t:1: {{#is}} wants a name and a \"literal\"");
	assert_string_equal(bad("{{#is s\"a\"}}{{/is}}"),
	    "t:1: {{#is}} wants a name and a \"literal\"");
	assert_string_equal(bad("{{#is s \"a}}{{/is}}"),
	    "t:1: {{#is}} literal without its closing quote");
	assert_string_equal(bad("{{#is s \"a\" x}}{{/is}}"),
	    "t:1: {{#is}} literal without its closing quote");
	assert_string_equal(bad("{{#is s \"a\"b\"}}{{/is}}"),
	    "t:1: bad byte in a {{#is}} literal");
	assert_string_equal(bad("{{#is s \"a\\\"\"}}{{/is}}"),
	    "t:1: bad byte in a {{#is}} literal");
	assert_string_equal(bad("{{#is s \"a{b\"}}{{/is}}"),
	    "t:1: bad byte in a {{#is}} literal");
	assert_string_equal(bad("{{#is s \"a\tb\"}}{{/is}}"),
	    "t:1: bad byte in a {{#is}} literal");
	assert_string_equal(bad("{{#is s \"01234567890123456789012345678901"
	    "234567890123456789012345678901234\"}}{{/is}}"),
	    "t:1: literal longer than 64 bytes");
	assert_string_equal(bad("{{#is a b \"x\"}}{{/is}}"),
	    "t:1: bad name \"a b\"");
	assert_string_equal(bad("{{#is s \"x\"}}{{/if}}"),
	    "t:1: {{/if}} closes {{#is}} of line 1");
	assert_string_equal(bad("{{#is s \"x\"}}"), "t:1: unclosed {{#is s}}");
	assert_string_equal(bad("{{#is s \"x\"}}{{else}}{{else}}{{/is}}"),
	    "t:1: {{else}} outside {{#if}} or {{#is}}");
	/* A URL attribute cannot hide behind either branch. */
	add("u", "<a href={{#is s \"x\"}}{{else}}{{/is}}{{u}}>", false);
	assert_true(S->head->nodes[S->head->nnodes - 2].url);
}

/* A map of many keys finds each, keeps them in order, and replaces a
 * key set twice, before and after its index is made and grown. */
static void
test_big_map(void **state)
{
	struct tval	*v = tval_map(A), *e;
	struct buf	 src;
	char		 key[16];
	size_t		 i, n;

	buf_init(&src, A);
	for (i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		tval_int(v, arena_strdup(A, key), (long long)i);
		tval_int(v, arena_strdup(A, key), (long long)i * 2);
		buf_printf(&src, "{{k%zu}},", i);
	}
	for (i = 0, e = v->head; e != NULL; e = e->next, i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		assert_string_equal(e->key, key);
		assert_int_equal(e->i, (long long)i * 2);
	}
	assert_int_equal(i, 100);
	assert_int_equal(v->count, 100);
	add("t", buf_cstr(&src), false);
	buf_init(&src, A);
	for (i = 0; i < 100; i++)
		buf_printf(&src, "%zu,", i * 2);
	assert_string_equal(render("t", v, TMPL_OK), buf_cstr(&src));
	/* every entry is in the index once */
	for (i = 0, n = 0; i < v->nidx; i++)
		for (e = v->idx[i]; e != NULL; e = e->hnext)
			n++;
	assert_int_equal(n, 100);
	/* a value replaced by a map starts empty */
	tval_str(tval_submap(v, "k5"), "x", "y");
	add("u", "{{k5.x}}{{k99}}", false);
	assert_string_equal(render("u", v, TMPL_OK), "y198");
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_escape_every_char),
		T(test_escape_every_place),
		T(test_else_at_every_growth),
		T(test_text_not_escaped),
		T(test_if_unless_else),
		T(test_is),
		T(test_is_syntax),
		T(test_big_map),
		T(test_comment_and_dotted),
		T(test_each_nested_outward),
		T(test_each_index_first_last),
		T(test_partials),
		T(test_partial_depth),
		T(test_layout),
		T(test_sections),
		T(test_missing),
		T(test_type_errors),
		T(test_syntax_errors),
		T(test_nesting_limit),
		T(test_url_context),
		T(test_url_through_blocks),
		T(test_mail),
		T(test_values),
		T(test_strerror),
		T(test_load_dir),
		T(test_load_partial_kinds),
		T(test_render_flat),
		T(test_translated),
		T(test_translation_refused),
		T(test_trans_syntax),
		T(test_msgid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
