/*
 * tmpl: values and rendering, the half of the template engine a request
 * uses; tmpl-compile.c makes the templates once per process.
 *
 * Values are a tree in the request's arena: a map keeps its entries in the
 * order they were first set, and a NULL string given to tval_str() is
 * stored as "".  Rendering walks a template's node ranges and never calls
 * malloc: output and scratch come from the arena of the output buf, numbers
 * are formatted on the stack, and the scope chain of nested each blocks
 * lives in the renderer's stack frames.  A render that fails logs one line
 * where the fault is found and leaves `out` exactly as it was before the
 * call.
 *
 * A substitution that compiling marked as the start of a URL attribute must
 * be a local path or an http(s)/mailto URL, else "about:invalid" is
 * written; markup is refused there outright.  Nothing here parses template
 * source or touches the file system.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "arena.h"
#include "log.h"
#include "tmpl.h"
#include "tmpl-int.h"
#include "util.h"

#define TMPL_MAXPARTIAL	8		/* partials nested at render time */
#define WHOLE		SIZE_MAX	/* render_top: all of it */

struct scope {
	const struct tval	*map;
	const struct scope	*up;
	size_t			 index;
	bool			 each;
	bool			 last;
};

/* The value a block of one range last tested, by its name: within one
 * range the scope stays the same and values do not change while they are
 * rendered, so a run of {{#is status "..."}} looks the name up once (the
 * names of one template are compared by pointer, tmpl-int.h). */
struct memo {
	const struct node	*n;
	const struct tval	*v;
};

struct render {
	const struct tmpl_set	*set;
	struct buf		*out;
	bool			 text;
	unsigned		 lang;		/* the set's; 0 is English */
	int			 partials;
};

static const char *const url_schemes[] = { "https://", "http://", "mailto:" };

/* What a byte is to rendering: one HTML escapes, a control character (which
 * a URL may not hold).  A table look-up a byte is cheaper than the five or
 * two comparisons, on the short strings most values are. */
#define CLASS_ESCAPE	1
#define CLASS_CONTROL	2
#define C2	CLASS_CONTROL, CLASS_CONTROL
#define C8	C2, C2, C2, C2
static const unsigned char byte_class[256] = {
	C8, C8, C8, C8,
	['&'] = CLASS_ESCAPE, ['<'] = CLASS_ESCAPE, ['>'] = CLASS_ESCAPE,
	['"'] = CLASS_ESCAPE, ['\''] = CLASS_ESCAPE, [0x7f] = CLASS_CONTROL,
};
#undef C8
#undef C2

static enum tmpl_rc render_range(struct render *, const struct tmpl *,
    size_t, size_t, const struct scope *);

/* Values. */

struct tval *
tval_map(struct arena *a)
{
	struct tval	*v;

	v = arena_alloc(a, sizeof(*v));
	v->kind = TVAL_MAP;
	v->a = a;
	return v;
}

/* Values for the entries of a map or the items of a list come from blocks
 * it keeps, of 4 and then 8: a list item holds a dozen values or more,
 * and one allocation a block costs less than one a value. */
#define SPARE_FIRST	4
#define SPARE_MORE	8

/* A zeroed map for the next entry or item of parent. */
static struct tval *
new_val(struct tval *parent)
{
	struct tval	*v;
	size_t		 n;

	if (parent->nspare == 0) {
		n = parent->head == NULL ? SPARE_FIRST : SPARE_MORE;
		parent->spare = arena_alloc(parent->a, n * sizeof(*v));
		parent->nspare = n;
	}
	v = parent->spare++;
	parent->nspare--;
	v->kind = TVAL_MAP;
	v->a = parent->a;
	return v;
}

/* A map's index: none while it holds few entries (walking them is as
 * cheap), then a bucket per entry or more, grown by doubling. */
#define MAP_SMALL	8

/* Rebuilds map's index with nidx buckets (a power of two). */
static void
map_reindex(struct tval *map, size_t nidx)
{
	struct tval	*v;
	size_t		 b;

	map->idx = arena_alloc(map->a, nidx * sizeof(*map->idx));
	map->nidx = nidx;
	for (v = map->head; v != NULL; v = v->next) {
		b = v->hash & (nidx - 1);
		v->hnext = map->idx[b];
		map->idx[b] = v;
	}
}

/* The entry of `map` for key[0, len), or NULL. */
static struct tval *
map_find(const struct tval *map, const char *key, size_t len, unsigned h)
{
	struct tval	*v;

	if ((map->bloom & (UINT64_C(1) << (h & 63))) == 0)
		return NULL;

	if (map->idx != NULL) {
		for (v = map->idx[h & (map->nidx - 1)]; v != NULL; v = v->hnext)
			if (v->hash == h && v->keylen == len &&
			    memcmp(v->key, key, len) == 0)
				return v;
		return NULL;
	}
	for (v = map->head; v != NULL; v = v->next)
		if (v->hash == h && v->keylen == len &&
		    memcmp(v->key, key, len) == 0)
			return v;
	return NULL;
}

/* The entry for key[0, len) in `map`, emptied, or appended when new (a
 * new one comes zeroed).  Keys set on something that is not a map go to a
 * detached value nobody reads. */
static struct tval *
slot(struct tval *map, const char *key, size_t len, enum tval_kind kind)
{
	struct tval	*v;
	unsigned	 h = tmpl_key_hash(key, len);

	if (map->kind != TVAL_MAP) {
		log_err("tmpl: key=%.*s error=\"set on a non-map\"", (int)len,
		    key);
		v = tval_map(map->a);
	} else if ((v = map_find(map, key, len, h)) == NULL) {
		v = new_val(map);
		v->key = key;
		v->keylen = len;
		v->hash = h;
		if (map->tail != NULL)
			map->tail->next = v;
		else
			map->head = v;
		map->tail = v;
		map->count++;
		map->bloom |= UINT64_C(1) << (h & 63);
		if (map->idx != NULL && map->count <= map->nidx) {
			v->hnext = map->idx[h & (map->nidx - 1)];
			map->idx[h & (map->nidx - 1)] = v;
		} else if (map->count > MAP_SMALL)
			map_reindex(map, map->idx == NULL ? 2 * MAP_SMALL :
			    2 * map->nidx);
	} else {
		v->s = NULL;
		v->len = 0;
		v->plain = 0;
		v->i = 0;
		v->head = v->tail = NULL;
		v->idx = NULL;
		v->nidx = v->count = 0;
		v->bloom = 0;
		v->spare = NULL;
		v->nspare = 0;
	}
	v->kind = kind;
	return v;
}

void
tval_str_k(struct tval *map, const char *key, size_t keylen, const char *s)
{
	struct tval	*v = slot(map, key, keylen, TVAL_STR);

	v->s = s != NULL ? s : "";
	v->len = strlen(v->s);
}

void
tval_int_k(struct tval *map, const char *key, size_t keylen, long long i)
{
	slot(map, key, keylen, TVAL_INT)->i = i;
}

void
tval_bool_k(struct tval *map, const char *key, size_t keylen, bool b)
{
	slot(map, key, keylen, TVAL_BOOL)->i = b;
}

struct tval *
tval_list_k(struct tval *map, const char *key, size_t keylen)
{
	return slot(map, key, keylen, TVAL_LIST);
}

struct tval *
tval_submap_k(struct tval *map, const char *key, size_t keylen)
{
	return slot(map, key, keylen, TVAL_MAP);
}

struct tval *
tval_push(struct tval *list)
{
	struct tval	*v;

	if (list->kind != TVAL_LIST) {
		log_err("tmpl: error=\"push on a value that is not a list\"");
		return tval_map(list->a);
	}
	v = new_val(list);
	if (list->tail != NULL)
		list->tail->next = v;
	else
		list->head = v;
	list->tail = v;
	return v;
}

/* Rendering. */

static enum tmpl_rc
fault(const struct tmpl *t, const struct node *n, enum tmpl_rc rc,
    const char *what)
{
	log_err("template=%s%s line=%u name=%.*s error=\"%s\"", t->name, t->ext,
	    n->line, (int)n->len, n->s, what);
	return rc;
}

static const struct tval *
map_get(const struct tval *map, const char *key, size_t len)
{
	return map_find(map, key, len, tmpl_key_hash(key, len));
}

/* @index, @first, @last of the innermost each, made up in `tmp`. */
static const struct tval *
lookup_at(const struct node *n, const struct scope *sc, struct tval *tmp)
{
	while (sc != NULL && !sc->each)
		sc = sc->up;
	if (sc == NULL)
		return NULL;
	memset(tmp, 0, sizeof(*tmp));
	tmp->kind = TVAL_BOOL;
	if (n->len == 6 && memcmp(n->s, "@index", 6) == 0) {
		tmp->kind = TVAL_INT;
		tmp->i = (long long)sc->index;
	} else if (n->len == 6 && memcmp(n->s, "@first", 6) == 0)
		tmp->i = sc->index == 0;
	else if (n->len == 5 && memcmp(n->s, "@last", 5) == 0)
		tmp->i = sc->last;
	else
		return NULL;
	return tmp;
}

/* The first segment is looked up from the innermost scope outwards, the
 * others inside the map found so far. */
static enum tmpl_rc
lookup(const struct tmpl *t, const struct node *n, const struct scope *sc,
    struct tval *tmp, const struct tval **vp)
{
	const char		*s = n->s, *end = n->s + n->len, *dot;
	const struct tval	*v = NULL;
	size_t			 len;
	unsigned		 h;

	len = n->first;
	dot = len < n->len ? s + len : NULL;
	h = n->hash;
	if (s[0] == '@')
		v = lookup_at(n, sc, tmp);
	for (; v == NULL && s[0] != '@' && sc != NULL; sc = sc->up)
		v = map_find(sc->map, s, len, h);
	while (v != NULL && dot != NULL) {
		if (v->kind != TVAL_MAP)
			return fault(t, n, TMPL_TYPE, "not a map");
		s = dot + 1;
		dot = memchr(s, '.', end - s);
		v = map_get(v, s, (dot != NULL ? dot : end) - s);
	}
	if (v == NULL)
		return fault(t, n, TMPL_MISSING, "never set");
	*vp = v;
	return TMPL_OK;
}

/* A local path ("/x", not "//x" or "/\x") or an http(s)/mailto URL; no
 * control characters, which browsers drop and so could hide "//". */
static bool
url_ok(const char *s, size_t len)
{
	size_t	 i, k;

	for (i = 0; i < len; i++)
		if (byte_class[(unsigned char)s[i]] & CLASS_CONTROL)
			return false;
	if (len > 0 && s[0] == '/')
		return len == 1 || (s[1] != '/' && s[1] != '\\');
	for (k = 0; k < sizeof(url_schemes) / sizeof(url_schemes[0]); k++)
		if (len >= strlen(url_schemes[k]) && strncasecmp(s,
		    url_schemes[k], strlen(url_schemes[k])) == 0)
			return true;
	return false;
}

static void
put_str(struct render *r, const struct tmpl *t, const struct node *n,
    const char *s, size_t len)
{
	if (n->url && !url_ok(s, len)) {
		log_warn("template=%s%s line=%u name=%.*s "
		    "error=\"URL refused\"", t->name, t->ext, n->line,
		    (int)n->len, n->s);
		s = "about:invalid";
		len = strlen(s);
	}
	if (r->text)
		buf_add(r->out, s, len);
	else
		tmpl_escape_html(r->out, s, len);
}

static size_t	escape_safe_run(const unsigned char *, size_t);

/* Whether the string v holds nothing that HTML escapes, learnt once:
 * the value does not change while it is rendered. */
static bool
plain(const struct tval *v)
{
	struct tval	*w = (struct tval *)(uintptr_t)v;

	if (w->plain == 0)
		w->plain = escape_safe_run((const unsigned char *)v->s,
		    v->len) == v->len ? 1 : 2;
	return w->plain == 1;
}

static enum tmpl_rc
render_var(struct render *r, const struct tmpl *t, const struct node *n,
    const struct scope *sc)
{
	const struct tval	*v;
	struct tval		 tmp;
	enum tmpl_rc		 rc;
	char			 num[32];

	if ((rc = lookup(t, n, sc, &tmp, &v)) != TMPL_OK)
		return rc;
	switch (v->kind) {
	case TVAL_STR:
		if (!r->text && !n->url && plain(v)) {
			buf_add(r->out, v->s, v->len);
			return TMPL_OK;
		}
		put_str(r, t, n, v->s, v->len);
		return TMPL_OK;
	case TVAL_INT:
		put_str(r, t, n, num, (size_t)(decimal_put(num, v->i, 1) - num));
		return TMPL_OK;
	case TVAL_BOOL:
		put_str(r, t, n, v->i ? "true" : "false", v->i ? 4 : 5);
		return TMPL_OK;
	case TVAL_HTML:
		if (n->url)
			return fault(t, n, TMPL_TYPE, "markup in a URL");
		buf_add(r->out, v->s, v->len);
		return TMPL_OK;
	default:
		return fault(t, n, TMPL_TYPE, "a map or list substituted");
	}
}

static bool
truthy(const struct tval *v)
{
	switch (v->kind) {
	case TVAL_STR:
	case TVAL_HTML:
		return v->len > 0;
	case TVAL_INT:
	case TVAL_BOOL:
		return v->i != 0;
	case TVAL_LIST:
		return v->head != NULL;
	default:
		return true;
	}
}

/* {{#if name}}, {{#unless name}} and {{#is name "literal"}} (the name's
 * string equals the literal): the block's part up to its {{else}} when
 * the test holds, else the part after it (if any). */
static enum tmpl_rc
render_cond(struct render *r, const struct tmpl *t, size_t i,
    const struct scope *sc, struct memo *m, bool *held)
{
	const struct node	*n = &t->nodes[i];
	const struct tval	*v;
	struct tval		 tmp;
	enum tmpl_rc		 rc;
	bool			 yes;

	*held = false;
	if (m->n != NULL && m->n->s == n->s && m->n->len == n->len)
		v = m->v;
	else if ((rc = lookup(t, n, sc, &tmp, &v)) != TMPL_OK)
		return rc;
	else if (n->s[0] != '@') {
		m->n = n;
		m->v = v;
	}
	if (n->kind == NODE_IS) {
		if (v->kind != TVAL_STR)
			return fault(t, n, TMPL_TYPE,
			    "is on a value not a string");
		yes = v->len == n->litlen && (n->litlen == 0 ||
		    (v->s[0] == n->lit[0] &&
		    memcmp(v->s, n->lit, n->litlen) == 0));
	} else
		yes = truthy(v) != (n->kind == NODE_UNLESS);
	*held = yes;
	if (yes)
		return render_range(r, t, i + 1, n->mid, sc);
	if (n->mid < n->end)
		return render_range(r, t, n->mid + 1, n->end, sc);
	return TMPL_OK;
}

static enum tmpl_rc
render_each(struct render *r, const struct tmpl *t, size_t i,
    const struct scope *sc)
{
	const struct node	*n = &t->nodes[i];
	const struct tval	*v, *item;
	struct tval		 tmp;
	struct scope		 in;
	enum tmpl_rc		 rc;

	if ((rc = lookup(t, n, sc, &tmp, &v)) != TMPL_OK)
		return rc;
	if (v->kind != TVAL_LIST)
		return fault(t, n, TMPL_TYPE, "each over a non-list");
	memset(&in, 0, sizeof(in));
	in.up = sc;
	in.each = true;
	for (item = v->head; item != NULL && rc == TMPL_OK; item = item->next) {
		in.map = item;
		in.last = item->next == NULL;
		rc = render_range(r, t, i + 1, n->mid, &in);
		in.index++;
	}
	return rc;
}

static enum tmpl_rc
render_tmpl(struct render *r, const struct tmpl *t, const struct scope *sc)
{
	enum tmpl_rc	 rc;

	if (!t->mail)
		return render_range(r, t, 0, t->nnodes, sc);
	if ((rc = render_range(r, t, 0, t->subj, sc)) != TMPL_OK)
		return rc;
	buf_add(r->out, "\n\n", 2);
	return render_range(r, t, t->subj, t->nnodes, sc);
}

static enum tmpl_rc
render_partial(struct render *r, const struct tmpl *t, const struct node *n,
    const struct scope *sc)
{
	const struct tmpl	*p;
	enum tmpl_rc		 rc;

	if (r->partials == TMPL_MAXPARTIAL)
		return fault(t, n, TMPL_SYNTAX, "partials nested too deep");
	p = n->partial != NULL ? n->partial :
	    tmpl_find(r->set, n->s, n->len, r->text ? FIND_TEXT : FIND_HTML);
	if (p == NULL)
		return tmpl_find(r->set, n->s, n->len, FIND_EITHER) != NULL ?
		    fault(t, n, TMPL_TYPE, "partial of the other kind") :
		    fault(t, n, TMPL_NOTFOUND, "no such partial");
	r->partials++;
	rc = render_tmpl(r, p, sc);
	r->partials--;
	return rc;
}

/* A translation: its text is the translator's, so it is escaped like a
 * value; its placeholders are substituted as in the English body. */
static enum tmpl_rc
render_frag(struct render *r, const struct tmpl *f, const struct scope *sc)
{
	const struct node	*n;
	enum tmpl_rc		 rc = TMPL_OK;
	size_t			 i;

	for (i = 0; i < f->nnodes && rc == TMPL_OK; i++) {
		n = &f->nodes[i];
		if (n->kind == NODE_VAR)
			rc = render_var(r, f, n, sc);
		else if (r->text)
			buf_add(r->out, n->s, n->len);
		else
			tmpl_escape_html(r->out, n->s, n->len);
	}
	return rc;
}

static enum tmpl_rc
render_trans(struct render *r, const struct tmpl *t, size_t i,
    const struct scope *sc)
{
	const struct node	*n = &t->nodes[i];

	if (r->lang != 0 && n->tr != NULL && n->tr[r->lang] != NULL)
		return render_frag(r, n->tr[r->lang], sc);
	return render_range(r, t, i + 1, n->end, sc);
}

static enum tmpl_rc
render_range(struct render *r, const struct tmpl *t, size_t i, size_t end,
    const struct scope *sc)
{
	const struct node	*n;
	struct memo		 m = { NULL, NULL };
	enum tmpl_rc		 rc = TMPL_OK;
	bool			 held;

	for (; i < end && rc == TMPL_OK; i++) {
		n = &t->nodes[i];
		switch (n->kind) {
		case NODE_TEXT:
			buf_add(r->out, n->s, n->len);
			break;
		case NODE_VAR:
			rc = render_var(r, t, n, sc);
			break;
		case NODE_IF:
		case NODE_UNLESS:
		case NODE_IS:
			rc = render_cond(r, t, i, sc, &m, &held);
			/* past the rest of a run of {{#is}} once one held */
			i = held && n->kind == NODE_IS ? n->run_end : n->end;
			break;
		case NODE_EACH:
			rc = render_each(r, t, i, sc);
			i = n->end;
			break;
		case NODE_SECTION:	/* the layout's (tmpl_render_layout) */
			i = n->end;
			break;
		case NODE_PARTIAL:
			rc = render_partial(r, t, n, sc);
			break;
		case NODE_TRANS:
			rc = render_trans(r, t, i, sc);
			i = n->end;
			break;
		default:
			break;
		}
	}
	return rc;
}

/* Finds `name` of the wanted kind (text, HTML) or logs why not. */
static enum tmpl_rc
want(const struct tmpl_set *set, const char *name, bool text,
    const struct tmpl **tp)
{
	if ((*tp = tmpl_find(set, name, strlen(name), text ? FIND_TEXT :
	    FIND_HTML)) != NULL)
		return TMPL_OK;
	if (tmpl_find(set, name, strlen(name), FIND_EITHER) != NULL) {
		log_err("template=%s error=\"%s template wanted\"", name,
		    text ? "text" : "HTML");
		return TMPL_TYPE;
	}
	log_err("template=%s error=\"no such template\"", name);
	return TMPL_NOTFOUND;
}

/* Renders nodes [from, to) of `t` onto out; on error out is as it was. */
static enum tmpl_rc
render_top(const struct tmpl_set *set, const struct tmpl *t, size_t from,
    size_t to, const struct tval *root, struct buf *out)
{
	struct render	 r;
	struct scope	 sc;
	size_t		 start = out->len;
	enum tmpl_rc	 rc;

	if (root == NULL || root->kind != TVAL_MAP) {
		log_err("template=%s error=\"values are not a map\"", t->name);
		return TMPL_TYPE;
	}
	memset(&sc, 0, sizeof(sc));
	sc.map = root;
	r.set = set;
	r.out = out;
	r.text = t->text;
	r.lang = set != NULL ? set->lang : 0;
	r.partials = 0;
	if (to == WHOLE)
		rc = render_tmpl(&r, t, &sc);
	else
		rc = render_range(&r, t, from, to, &sc);
	if (rc != TMPL_OK) {
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
	}
	return rc;
}

enum tmpl_rc
tmpl_render(const struct tmpl_set *set, const char *name,
    const struct tval *root, struct buf *out)
{
	const struct tmpl	*t;

	if ((t = tmpl_find(set, name, strlen(name), FIND_EITHER)) == NULL) {
		log_err("template=%s error=\"no such template\"", name);
		return TMPL_NOTFOUND;
	}
	return render_top(set, t, 0, WHOLE, root, out);
}

/* Sets root's `key` to the markup in b. */
static void
set_markup(struct tval *root, const char *key, struct buf *b)
{
	struct tval	*v = slot(root, key, strlen(key), TVAL_HTML);

	v->s = buf_cstr(b);
	v->len = b->len;
}

/* Renders each section of `t` into the root value of its name, in order,
 * so a section may use the ones before it.  Sections stand at the top of
 * a template only: the walk skips whatever else is a block. */
static enum tmpl_rc
render_sections(const struct tmpl_set *set, const struct tmpl *t,
    struct tval *root, struct arena *a)
{
	const struct node	*n;
	struct buf		 b;
	enum tmpl_rc		 rc;
	size_t			 i;

	for (i = 0; i < t->nnodes; i++) {
		n = &t->nodes[i];
		if (n->kind < NODE_IF || n->kind > NODE_IS)
			continue;
		if (n->kind == NODE_SECTION) {
			buf_init(&b, a);
			if ((rc = render_top(set, t, i + 1, n->end, root,
			    &b)) != TMPL_OK)
				return rc;
			set_markup(root, arena_strndup(a, n->s, n->len), &b);
		}
		i = n->end;
	}
	return TMPL_OK;
}

enum tmpl_rc
tmpl_render_layout(const struct tmpl_set *set, const char *layout,
    const char *page, struct tval *root, struct buf *out)
{
	const struct tmpl	*lt, *pt;
	struct buf		 pb;
	enum tmpl_rc		 rc;

	if ((rc = want(set, layout, false, &lt)) != TMPL_OK ||
	    (rc = want(set, page, false, &pt)) != TMPL_OK)
		return rc;
	if ((rc = render_sections(set, pt, root, out->a)) != TMPL_OK)
		return rc;
	buf_init(&pb, out->a);
	if ((rc = render_top(set, pt, 0, WHOLE, root, &pb)) != TMPL_OK)
		return rc;
	set_markup(root, "content", &pb);
	return render_top(set, lt, 0, WHOLE, root, out);
}

enum tmpl_rc
tmpl_render_mail(const struct tmpl_set *set, const char *name,
    const struct tval *root, struct arena *a, const char **subject,
    struct buf *body)
{
	const struct tmpl	*t;
	struct buf		 sb;
	enum tmpl_rc		 rc;

	if ((rc = want(set, name, true, &t)) != TMPL_OK)
		return rc;
	if (!t->mail) {
		log_err("template=%s error=\"no Subject: line\"", name);
		return TMPL_TYPE;
	}
	buf_init(&sb, a);
	if ((rc = render_top(set, t, 0, t->subj, root, &sb)) != TMPL_OK)
		return rc;
	if (memchr(buf_cstr(&sb), '\r', sb.len) != NULL ||
	    memchr(buf_cstr(&sb), '\n', sb.len) != NULL) {
		log_err("template=%s error=\"line break in the subject\"",
		    name);
		return TMPL_TYPE;
	}
	if ((rc = render_top(set, t, t->subj, t->nnodes, root, body)) !=
	    TMPL_OK)
		return rc;
	*subject = buf_cstr(&sb);
	return TMPL_OK;
}

const char *
tmpl_strerror(enum tmpl_rc rc)
{
	static const char *const msg[TMPL_RC__MAX] = {
		"success",
		"no such template",
		"a name was never set",
		"value of the wrong type",
		"template syntax error",
		"cannot read templates",
	};

	if ((int)rc < 0 || rc >= TMPL_RC__MAX)
		return "unknown template error";
	return msg[rc];
}

/* The bytes of a block before the first of the five that need replacing
 * (all of them when none does), 16 at a time where the machine compares
 * that many at once. */
#ifdef __SSE2__
/* A bit for each of the 16 bytes at p that HTML escapes. */
static inline unsigned
escape_mask(const unsigned char *p)
{
	const __m128i	 w = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i		 hit;

	hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, _mm_set1_epi8('&')),
	    _mm_cmpeq_epi8(w, _mm_set1_epi8('<'))), _mm_or_si128(
	    _mm_cmpeq_epi8(w, _mm_set1_epi8('>')), _mm_or_si128(
	    _mm_cmpeq_epi8(w, _mm_set1_epi8('"')),
	    _mm_cmpeq_epi8(w, _mm_set1_epi8('\'')))));
	return (unsigned)_mm_movemask_epi8(hit);
}
#endif

static size_t
escape_safe_run(const unsigned char *u, size_t len)
{
	size_t		 i = 0;
#ifdef __SSE2__
	unsigned	 mask;

	for (; i + 16 <= len; i += 16)
		if ((mask = escape_mask(u + i)) != 0)
			return i + (size_t)__builtin_ctz(mask);
	/* the last bytes: the 16 that end the string, the ones already
	 * looked at masked off */
	if (i < len && len >= 16) {
		mask = escape_mask(u + len - 16) & (0xffffu << (16 - (len - i)));
		return mask != 0 ? len - 16 + (size_t)__builtin_ctz(mask) : len;
	}
#endif
	for (; i < len; i++)
		if (byte_class[u[i]] & CLASS_ESCAPE)
			break;
	return i;
}

/* Five bytes need replacing, each by at most six.  Room for the worst case
 * of a block is reserved once and the bytes written straight into it:
 * values are short, and a call per run of safe bytes cost more than the
 * copying. */
void
tmpl_escape_html(struct buf *out, const char *s, size_t len)
{
	static const char *const rep[] = {
		['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;",
		['"'] = "&quot;", ['\''] = "&#39;",
	};
	const unsigned char	*u = (const unsigned char *)s;
	const char		*e;
	char			*p;
	size_t			 i, block, run;

	while (len > 0) {
		block = len < 4096 ? len : 4096;
		buf_reserve(out, 6 * block);
		p = out->data + out->len;
		for (i = 0; i < block; i++) {
			run = escape_safe_run(u + i, block - i);
			memcpy(p, u + i, run);
			p += run;
			if ((i += run) == block)
				break;
			for (e = rep[u[i]]; *e != '\0'; e++)
				*p++ = *e;
		}
		*p = '\0';
		out->len = (size_t)(p - out->data);
		u += block;
		len -= block;
	}
}
