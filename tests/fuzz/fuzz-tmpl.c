/*
 * fuzz-tmpl: any bytes as a template source.
 *
 * The input is compiled as an HTML page beside a fixed layout and partial;
 * when it compiles it is rendered alone and inside the layout with a small
 * fixed value tree whose names the seeds use (so renders get past the first
 * lookup).  It is also compiled as a text template and, when that works,
 * rendered as a mail.  Everything is freed each run: a leak or a crash is a
 * finding, a render error is not.  Run with -close_fd_mask=2 to keep the
 * engine's log lines off the terminal.
 *
 * Each level of nested {{#each items}} multiplies the work by the four
 * items, so an input naming "each" more than four times is only compiled:
 * templates are trusted files, and an exponential one is no engine bug.
 * Partials need no such cap: a recursive one goes depth first into the
 * engine's depth limit, which ends the render.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "tmpl.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fixed[][2] = {
	{ "layout", "<title>{{title}}</title><main>{{content}}</main>" },
	{ "nav", "<nav>{{#each items}}<a href=\"{{url}}\">{{name}}</a>"
	    "{{#unless @last}}, {{/unless}}{{/each}}</nav>" },
};

static struct tval *
values(struct arena *a)
{
	static const char *const urls[] = {
		"javascript:alert(1)", "/ok", "//evil.example",
		"https://x.example"
	};
	struct tval	*root = tval_map(a), *list, *item, *user;
	size_t		 i;

	tval_str(root, "title", "<T&'\">");
	tval_str(root, "name", "Ann");
	tval_str(root, "empty", "");
	tval_str(root, "nl", "a\r\nb");
	tval_int(root, "n", 42);
	tval_int(root, "zero", 0);
	tval_bool(root, "yes", true);
	tval_bool(root, "no", false);
	tval_list(root, "none");
	list = tval_list(root, "items");
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		item = tval_push(list);
		tval_str(item, "name", "<item>");
		tval_str(item, "url", urls[i]);
		tval_int(item, "n", (long long)i);
		tval_str(tval_push(tval_list(item, "tags")), "name", "tag");
	}
	user = tval_submap(root, "user");
	tval_str(user, "name", "O'Brien & co");
	tval_str(user, "url", "/portal");
	tval_str(tval_submap(user, "office"), "name", "Office");
	return root;
}

static bool
renderable(const uint8_t *data, size_t size)
{
	const uint8_t	*p = data, *end = data + size;
	int		 n = 0;

	while ((p = memmem(p, end - p, "each", 4)) != NULL && n <= 4) {
		n++;
		p += 4;
	}
	return n <= 4;
}

/* A set with the fixed templates and the input under `name`, or NULL. */
static struct tmpl_set *
compile(const uint8_t *data, size_t size, const char *name, bool text)
{
	struct tmpl_set	*set = NULL, *with;
	char		 err[256];
	size_t		 i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		set = tmpl_set_add(set, fixed[i][0], fixed[i][1],
		    strlen(fixed[i][1]), false, err, sizeof(err));
	if (set == NULL)
		__builtin_trap();
	if ((with = tmpl_set_add(set, name, (const char *)data, size, text,
	    err, sizeof(err))) == NULL)
		tmpl_set_free(set);
	return with;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena	*a;
	struct tmpl_set		*set;
	const char		*subject;
	struct buf		 out;
	bool			 render = renderable(data, size);

	if (a == NULL)
		a = arena_new(64 * 1024);
	if ((set = compile(data, size, "page", false)) != NULL && render) {
		buf_init(&out, a);
		tmpl_render(set, "page", values(a), &out);
		buf_clear(&out);
		tmpl_render_layout(set, "layout", "page", values(a), &out);
		arena_reset(a);
	}
	tmpl_set_free(set);
	if ((set = compile(data, size, "mail", true)) != NULL && render) {
		buf_init(&out, a);
		tmpl_render_mail(set, "mail", values(a), a, &subject, &out);
		arena_reset(a);
	}
	tmpl_set_free(set);
	return 0;
}
