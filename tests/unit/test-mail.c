/*
 * test-mail: every mail in templates/mail rendered as it is sent, both
 * parts from one value tree: the set loads (so each mail has its HTML
 * part), the text and the HTML carry the same link, the HTML's one button
 * opens it, the portal's name heads the HTML, and every value in the HTML
 * comes out escaped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "config.h"
#include "mail.h"
#include "tmpl.h"

#define LINK		"https://portal.example/auth?t=abc_DEF-123&n=1"
#define LINK_HTML	"https://portal.example/auth?t=abc_DEF-123&amp;n=1"
#define HOSTILE		"Ana <script>alert(1)</script> & \"Co\""
#define HOSTILE_HTML	"Ana &lt;script&gt;alert(1)&lt;/script&gt; &amp; " \
			    "&quot;Co&quot;"

static struct arena	*A;
static struct tmpl_set	*S;

static int
setup(void **state)
{
	char	 err[512];

	A = arena_new(16384);
	if ((S = tmpl_set_load(TEMPLATES_DIR, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	return 0;
}

static int
teardown(void **state)
{
	tmpl_set_free(S);
	arena_free(A);
	return 0;
}

/* Every value any mail uses, the people's names hostile. */
static struct tval *
values(void)
{
	struct tval	*v = tval_map(A), *t;

	tval_str(v, "name", HOSTILE);
	tval_str(v, "link", LINK);
	tval_int(v, "minutes", 15);
	tval_int(v, "days", 7);
	tval_int(v, "hours", 24);
	tval_str(v, "new_email", "new@example.com");
	tval_str(v, "inviter", HOSTILE);
	tval_str(v, "office_name", "Harbour & <Sons>");
	tval_str(v, "role", "agent");
	tval_bool(v, "ask_password", true);
	/* an appointment's */
	tval_str(v, "what", HOSTILE);
	tval_str(v, "when", "Sat 24 Oct 2026, 10:00");
	tval_str(v, "until_time", "11:00");
	tval_str(v, "zone", "CEST");
	tval_str(v, "where", HOSTILE);
	tval_str(v, "meeting_url", "https://meet.example/a?b=1&c=2");
	tval_str(v, "reason", HOSTILE);
	/* an invitation's */
	tval_str(v, "message", HOSTILE);
	tval_bool(v, "any_time", false);
	t = tval_push(tval_list(v, "times"));
	tval_str(t, "when", "Mon 26 Oct 2026, 09:00");
	tval_str(t, "zone", "CET");
	/* a waiting list's */
	tval_str(v, "project", HOSTILE);
	tval_bool(v, "in_turn", true);
	tval_str(v, "until", "Sun 25 Oct 2026, 10:00");
	tval_bool(v, "accepted", false);
	tval_str(v, "document", HOSTILE);
	tval_str(v, "title", HOSTILE);
	tval_str(v, "explanation", HOSTILE);
	return v;
}

static void
check_mail(const char *name)
{
	struct office	 o = { 0 };
	struct portal	 p = { 0 };
	struct mail	 m;
	const char	*a;

	p.name = "Harbour & <Sons>";
	p.url = "https://portal.example";
	p.office = &o;
	arena_reset(A);
	if (mail_render(S, A, &p, name, values(), &m) != TMPL_OK)
		fail_msg("mail/%s did not render", name);
	assert_true(m.subject[0] != '\0');
	assert_null(strpbrk(m.subject, "\r\n"));
	/* the text as it is: no markup, no escapes */
	assert_null(strstr(m.text, "&amp;"));
	assert_null(strstr(m.text, "<p>"));
	/* a document in the portal's name, titled by the subject */
	assert_non_null(strstr(m.html, "<!doctype html>\n<html lang=\"en\">"));
	assert_non_null(strstr(m.html, "<meta name=\"viewport\""));
	assert_non_null(strstr(m.html, "<title>"));
	assert_non_null(strstr(m.html, "Harbour &amp; &lt;Sons&gt;"));
	assert_non_null(strstr(m.html, "You got this e-mail because"));
	assert_null(strstr(m.html, "<script>"));
	assert_null(strstr(m.html, "<Sons>"));
	assert_null(strstr(m.html, "<style"));
	if (strstr(m.text, "Ana <script>") != NULL)
		assert_non_null(strstr(m.html, HOSTILE_HTML));
	/* the HTML part says what the text says, not just its frame */
	if (strstr(m.text, "Hello") != NULL)
		assert_non_null(strstr(m.html, "Hello"));
	/* the same link in both parts, the button the one way to it */
	if (strstr(m.text, LINK) == NULL) {
		assert_null(strstr(m.html, "<a "));
		assert_null(strstr(m.html, "auth?t="));
		return;
	}
	a = strstr(m.html, "<a ");
	assert_null(strstr(a + 1, "<a "));
	assert_memory_equal(a, "<a href=\"" LINK_HTML "\"",
	    strlen("<a href=\"" LINK_HTML "\""));
	/* the button says what it does, not "click here" */
	a = strchr(a, '>') + 1;
	assert_true(strchr(a, '<') - a > 5);
	assert_null(strstr(a, "Click"));
	/* and the address follows as text for a client without buttons */
	assert_non_null(strstr(a, LINK_HTML));
}

static void
test_every_mail(void **state)
{
	DIR		*d;
	struct dirent	*e;
	char		 name[256];
	size_t		 len, n = 0;

	assert_non_null(d = opendir(TEMPLATES_DIR "/mail"));
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 4), e->d_name);
		check_mail(name);
		n++;
	}
	closedir(d);
	assert_true(n >= 10);
}

/* One value tree for both parts: what the caller set stays set. */
static void
test_values_shared(void **state)
{
	struct office	 o = { 0 };
	struct portal	 p = { 0 };
	struct tval	*v;
	struct mail	 m;

	p.name = "Porch";
	p.url = "https://portal.example";
	p.office = &o;
	v = values();
	tval_str(v, "name", "Ben Brooks");
	assert_int_equal(mail_render(S, A, &p, "magic-link", v, &m), TMPL_OK);
	assert_string_equal(m.subject, "Your sign-in link for Porch");
	assert_non_null(strstr(m.text, "Hello Ben Brooks,"));
	assert_non_null(strstr(m.html, "Hello Ben Brooks,"));
	assert_non_null(strstr(m.html,
	    "<title>Your sign-in link for Porch</title>"));
	assert_non_null(strstr(m.html, ">Sign in to Porch</a>"));
	assert_int_equal(mail_render(S, A, &p, "no-such-mail", v, &m),
	    TMPL_NOTFOUND);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_every_mail),
		T(test_values_shared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
