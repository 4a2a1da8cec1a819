/*
 * tmpl-lang: the templates in other languages than their own (English).
 *
 * Each {{#t}} block's body is a msgid.  tmpl_set_translate looks every
 * msgid up in a catalog and compiles the translation, once per process,
 * as a fragment of the same language as the body: text and {{name}}
 * placeholders, which the translation may move or drop but not invent.
 * At render time a fragment's placeholders are substituted and escaped
 * exactly like the English ones, and its text is escaped too, so a
 * translation can never put markup into a page.  A msgid the catalog does
 * not translate renders in English.
 *
 * A language is a small number: 0 is the templates' own language, others
 * are given by the caller (porch uses enum lang of config.h).  The set
 * that tmpl_set_load made owns one variant per translated language;
 * tmpl_set_lang hands it out, and a page renders with it as with any set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "catalog.h"
#include "log.h"
#include "tmpl.h"
#include "tmpl-int.h"

#define MSGID_MAX	4096		/* bytes of a msgid, normalised */

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t
tmpl_msgid(const struct tmpl *t, const struct node *n, char *out,
    size_t size)
{
	size_t	 i, o = 0;
	bool	 space = false;

	for (i = 0; i < n->len; i++) {
		if (!t->text && is_space(n->s[i])) {
			space = o > 0;
			continue;
		}
		if (space) {
			if (out != NULL && o < size)
				out[o] = ' ';
			o++;
			space = false;
		}
		if (out != NULL && o < size)
			out[o] = n->s[i];
		o++;
	}
	return o;
}

/* Whether `name` is a placeholder of the English body nodes (i, end). */
static bool
known_name(const struct tmpl *t, size_t i, size_t end, const struct node *v)
{
	for (i++; i < end; i++)
		if (t->nodes[i].kind == NODE_VAR && t->nodes[i].len == v->len &&
		    memcmp(t->nodes[i].s, v->s, v->len) == 0)
			return true;
	return false;
}

static bool
translate_node(const struct tmpl *t, size_t i, unsigned lang,
    const struct catalog *cat, const char *catname, char *err, size_t errlen)
{
	struct node	*n = &t->nodes[i];
	struct tmpl	*f;
	char		 id[MSGID_MAX], why[256];
	const char	*str;
	size_t		 idlen, slen, k;

	if ((idlen = tmpl_msgid(t, n, id, sizeof(id))) > sizeof(id)) {
		snprintf(err, errlen, "%s%s:%u: a {{#t}} longer than %d bytes",
		    t->name, t->ext, n->line, MSGID_MAX);
		return false;
	}
	if ((str = catalog_get(cat, id, idlen, &slen)) == NULL)
		return true;	/* untranslated: English */
	if ((f = tmpl_compile_frag(t, str, slen, why, sizeof(why))) == NULL) {
		snprintf(err, errlen, "%s: msgid \"%.*s\": %s", catname,
		    (int)(idlen > 60 ? 60 : idlen), id, why);
		return false;
	}
	for (k = 0; k < f->nnodes; k++)
		if (f->nodes[k].kind == NODE_VAR &&
		    !known_name(t, i, n->end, &f->nodes[k])) {
			snprintf(err, errlen, "%s: msgid \"%.*s\": the "
			    "translation has {{%.*s}}, which the msgid has not",
			    catname, (int)(idlen > 60 ? 60 : idlen), id,
			    (int)f->nodes[k].len, f->nodes[k].s);
			tmpl_free(f);
			return false;
		}
	if (n->tr == NULL)
		n->tr = heap_zalloc(TMPL_MAXLANG * sizeof(*n->tr));
	if (n->tr[lang] != NULL)
		tmpl_free(n->tr[lang]);
	n->tr[lang] = f;
	return true;
}

bool
tmpl_set_translate(struct tmpl_set *set, unsigned lang, struct catalog *cat,
    const char *catname, char *err, size_t errlen)
{
	struct tmpl_set	*v;
	struct tmpl	*t;
	size_t		 i;

	if (set == NULL || set->base != NULL || lang == 0 ||
	    lang >= TMPL_MAXLANG || set->langs[lang] != NULL) {
		snprintf(err, errlen, "%s: no such language slot, or taken",
		    catname);
		catalog_free(cat);
		return false;
	}
	for (t = set->head; t != NULL; t = t->next)
		for (i = 0; i < t->nnodes; i++)
			if (t->nodes[i].kind == NODE_TRANS &&
			    !translate_node(t, i, lang, cat, catname, err,
			    errlen)) {
				catalog_free(cat);
				return false;
			}
	v = heap_zalloc(sizeof(*v));
	v->base = set;
	v->lang = lang;
	v->cat = cat;
	set->langs[lang] = v;
	return true;
}

const struct tmpl_set *
tmpl_set_lang(const struct tmpl_set *set, unsigned lang)
{
	if (set != NULL && set->base != NULL)
		set = set->base;
	if (set == NULL || lang == 0 || lang >= TMPL_MAXLANG ||
	    set->langs[lang] == NULL)
		return set;
	return set->langs[lang];
}

const char *
tmpl_gettext(const struct tmpl_set *set, const char *msgid)
{
	const char	*s;

	if (set == NULL || set->cat == NULL ||
	    (s = catalog_get(set->cat, msgid, strlen(msgid), NULL)) == NULL)
		return msgid;
	return s;
}

struct tmpl_set *
tmpl_set_load_langs(const char *dir, const char *locale_dir,
    const char *const *codes, size_t ncodes, char *err, size_t errlen)
{
	struct tmpl_set	*set;
	struct catalog	*cat;
	char		*path;
	size_t		 i;

	if ((set = tmpl_set_load(dir, err, errlen)) == NULL)
		return NULL;
	for (i = 1; i < ncodes && i < TMPL_MAXLANG; i++) {
		if (asprintf(&path, "%s/%s.mo", locale_dir, codes[i]) == -1) {
			log_err("tmpl: out of memory");
			abort();
		}
		if (access(path, F_OK) == -1) {
			free(path);
			continue;	/* the caller checks what it needs */
		}
		if ((cat = catalog_load(path, err, errlen)) == NULL ||
		    !tmpl_set_translate(set, (unsigned)i, cat, path, err,
		    errlen)) {
			free(path);
			tmpl_set_free(set);
			return NULL;
		}
		free(path);
	}
	return set;
}

bool
tmpl_set_has_lang(const struct tmpl_set *set, unsigned lang)
{
	return lang == 0 || tmpl_set_lang(set, lang)->lang == lang;
}
