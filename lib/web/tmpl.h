/*
 * tmpl: the template engine.
 *
 * Templates are files under one directory, compiled once per process by
 * tmpl_set_load() and rendered many times.  Files ending in .html are HTML
 * templates; files ending in .txt are text templates (e-mail bodies).  A
 * template's name is its path below the directory without the extension:
 * "portal", "error", "mail/magic-link", "partials/nav".  A name may stand
 * for one HTML and one text template: a mail's two parts share it.
 *
 * Syntax (the whole language):
 *   {{name}}  {{a.b}}            substitute a value; in .html always escaped
 *   {{#if name}} .. {{else}} .. {{/if}}
 *   {{#unless name}} .. {{/unless}}
 *   {{#is name "literal"}} .. {{else}} .. {{/is}}
 *                                the name's value, a string, is the
 *                                literal (1 .. 64 bytes between quotes, no
 *                                quote, brace, backslash or control byte):
 *                                one value where a flag per case would be
 *   {{#each list}} .. {{/each}}  inside, names resolve in the item first,
 *                                then outwards; {{@index}} is 0-based,
 *                                {{@first}} / {{@last}} are booleans
 *   {{> partials/nav}}           include another template with the same values
 *   {{#section name}} .. {{/section}}
 *                                text for the layout: at the top of an HTML
 *                                page, outside other blocks; writes nothing
 *                                in place (see tmpl_render_layout)
 *   {{! comment }}
 *   {{#t}}Sign in to {{portal_name}}{{/t}}
 *                                translated text: the body is the msgid
 *                                (in .html each run of white space counts
 *                                as one space), rendered in the set's
 *                                language (tmpl_set_lang), else in English
 *
 * Inside {{#t}} there is only text and {{name}}: no blocks, partials or
 * markup ("<" and "&" are refused in .html), so a sentence is whole for
 * the translator and markup stays with the template's author.  A
 * translation is compiled at load time like a template: its placeholders
 * must be the msgid's (moved or dropped, never new), and its text is
 * escaped when rendered, so a translation cannot add markup either.  A
 * {{#t}} cannot start a URL attribute value.
 *
 * There is no raw substitution.  The only markup that passes unescaped is a
 * value of kind HTML, which only this module can make (tmpl_render_layout puts
 * the rendered page into the layout's {{content}}, and each of its sections
 * into the value of the section's name).  A substitution that
 * starts an href, src, action or formaction attribute value is a URL: it must
 * be a local path ("/x", not "//x") or an http(s)/mailto URL, else
 * "about:invalid" is written.
 *
 * A name that was never set is an error (TMPL_MISSING, logged with the
 * template and the name), for {{x}} and for {{#if x}} alike: pages set every
 * value they use, and tests catch the ones they forget.  if/unless are true
 * for: bool true, a non-empty string, a non-zero int, a non-empty list, a map.
 *
 * Text templates substitute values as they are; tmpl_render_mail splits the
 * first "Subject: " line off and refuses CR/LF in it.
 */
#ifndef PORCH_TMPL_H
#define PORCH_TMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct arena;
struct buf;
struct catalog;

struct tmpl_set;	/* compiled templates; process lifetime */
struct tval;		/* a value: map, list, string, int, bool or HTML */

enum tmpl_rc {
	TMPL_OK,
	TMPL_NOTFOUND,		/* no template of that name */
	TMPL_MISSING,		/* a name that was never set */
	TMPL_TYPE,		/* each over a non-list, a map substituted, ... */
	TMPL_SYNTAX,		/* from loading; or partials nested too deep */
	TMPL_IO,		/* only from loading */
	TMPL_RC__MAX
};

/* Compiles every .html and .txt file below `dir`.  On error returns NULL and
 * writes "file:line: message" into err: a syntax error, a partial that
 * names no template of its kind, or a mail ("Subject:" text template)
 * without the HTML template of the same name.  Caller owns the set. */
struct tmpl_set	*tmpl_set_load(const char *dir, char *err, size_t errlen);
/* Compiles one template from memory (tests, fuzzing).  `text` selects text
 * mode.  Adds to `set`, or makes a new set when `set` is NULL. */
struct tmpl_set	*tmpl_set_add(struct tmpl_set *, const char *name,
		    const char *src, size_t len, bool text, char *err, size_t errlen);
/* Frees a set made by tmpl_set_load or tmpl_set_add, with its languages;
 * does nothing to a set from tmpl_set_lang. */
void		 tmpl_set_free(struct tmpl_set *);
/* Adds language number `lang` (1 .. 7; 0 is the templates' own, English):
 * every {{#t}} the catalog translates is compiled in it.  Takes over `cat`
 * (freed with the set, or now on failure).  On error (a translation with
 * a syntax error or a placeholder its msgid lacks) returns false and
 * writes "catname: msgid \"...\": message" into err. */
bool		 tmpl_set_translate(struct tmpl_set *, unsigned lang,
		    struct catalog *cat, const char *catname, char *err,
		    size_t errlen);
/* The set that renders in language `lang`: `set` itself for 0 or for a
 * language never added.  It lives as long as `set`; render with it as
 * with any set (tmpl_set_add refuses it). */
const struct tmpl_set *tmpl_set_lang(const struct tmpl_set *, unsigned lang);
/* tmpl_set_load, then each language i (1 .. ncodes-1) whose catalog
 * <locale_dir>/<codes[i]>.mo exists is added as language i; a catalog that
 * is absent is skipped (tmpl_set_has_lang tells), one that fails to load
 * or translate fails the whole load with the message in err. */
struct tmpl_set	*tmpl_set_load_langs(const char *dir, const char *locale_dir,
		    const char *const *codes, size_t ncodes, char *err,
		    size_t errlen);
/* Whether language `lang` was added (0, English, always is). */
bool		 tmpl_set_has_lang(const struct tmpl_set *, unsigned lang);
/* msgid's translation in the set's language as plain text (to be escaped
 * like any value), or msgid itself. */
const char	*tmpl_gettext(const struct tmpl_set *, const char *msgid);
bool		 tmpl_exists(const struct tmpl_set *, const char *name);

/* Values.  Keys and strings are not copied: they must live as long as the
 * tree (use the request arena).  Setting a key twice replaces the value. */
struct tval	*tval_map(struct arena *) __attribute__((returns_nonnull));
/* The setters below take the key's length from strlen, which the compiler
 * works out for a literal key (nearly every one); these take it given. */
void		 tval_str_k(struct tval *map, const char *key, size_t keylen,
		    const char *);
void		 tval_int_k(struct tval *map, const char *key, size_t keylen,
		    long long);
void		 tval_bool_k(struct tval *map, const char *key, size_t keylen,
		    bool);
struct tval	*tval_list_k(struct tval *map, const char *key, size_t keylen)
		    __attribute__((returns_nonnull));
struct tval	*tval_submap_k(struct tval *map, const char *key,
		    size_t keylen) __attribute__((returns_nonnull));

static inline void
tval_str(struct tval *map, const char *key, const char *s)
{
	tval_str_k(map, key, strlen(key), s);
}

static inline void
tval_int(struct tval *map, const char *key, long long i)
{
	tval_int_k(map, key, strlen(key), i);
}

static inline void
tval_bool(struct tval *map, const char *key, bool b)
{
	tval_bool_k(map, key, strlen(key), b);
}

/* A new empty list / map stored under key; returned for filling. */
static inline struct tval *
tval_list(struct tval *map, const char *key)
{
	return tval_list_k(map, key, strlen(key));
}

static inline struct tval *
tval_submap(struct tval *map, const char *key)
{
	return tval_submap_k(map, key, strlen(key));
}
/* Appends a new map to a list and returns it. */
struct tval	*tval_push(struct tval *list) __attribute__((returns_nonnull));

/* Renders template `name` with `root` values, appending to `out`; the HTML
 * one when the name stands for both kinds. */
enum tmpl_rc	 tmpl_render(const struct tmpl_set *, const char *name,
		    const struct tval *root, struct buf *out);
/* Renders `page`'s sections, in order, each into the value of its name
 * (so the page, the layout and later sections can use it), then `page`,
 * then `layout` with the page's output as {{content}}; all HTML. */
enum tmpl_rc	 tmpl_render_layout(const struct tmpl_set *, const char *layout,
		    const char *page, struct tval *root, struct buf *out);
/* Renders text template `name` ("Subject: ...\n\nbody"): the subject line
 * into *subject (arena), the rest into body. */
enum tmpl_rc	 tmpl_render_mail(const struct tmpl_set *, const char *name,
		    const struct tval *root, struct arena *, const char **subject,
		    struct buf *body);
const char	*tmpl_strerror(enum tmpl_rc);

/* HTML-escapes & < > " ' (and nothing else) onto out. */
void		 tmpl_escape_html(struct buf *out, const char *, size_t);

#endif
