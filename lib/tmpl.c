/*
 * tmpl: compiles templates once into flat node arrays and renders them
 * against a tree of values.
 *
 * A compiled template is its source (kept, since text and name nodes point
 * into it) and an array of nodes in source order.  A block node records the
 * index of its {{else}} (`mid`) and of its close (`end`), so rendering walks
 * index ranges and needs no tree.  Compiled templates are malloc'd and owned
 * by their set.  Rendering never calls malloc: output and scratch come from
 * the arena of the output buf, numbers are formatted on the stack, and the
 * scope chain of nested each blocks lives in the renderer's stack frames.
 * A render that fails logs one line where the fault is found and leaves
 * `out` exactly as it was before the call.
 *
 * URL context is decided at compile time: a substitution is a URL when the
 * text before it ends an href/src/action/formaction "=" (quoted or not),
 * following every path through if/else and each, so a block cannot hide the
 * attribute from the check.  A text template that starts with "Subject:" is
 * a mail: its first line and its body are compiled as two separate ranges,
 * so a line break inside a value can never move the subject's end.
 *
 * Deliberately absent: raw substitution, helpers, expressions, else on
 * unless or each, and partials resolved at load time (a partial may name a
 * template added later; tmpl_set_load checks them all once loading ends).
 * tmpl_set_add leaves the given set untouched and still the caller's when
 * it fails, and a NULL string given to tval_str() is stored as "".
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "arena.h"
#include "log.h"
#include "tmpl.h"

#define TMPL_MAXSRC	(256 * 1024)	/* bytes of one template file */
#define TMPL_MAXDEPTH	32		/* blocks open at once */
#define TMPL_MAXPARTIAL	8		/* partials nested at render time */
#define TMPL_MAXNAME	64		/* bytes of a name */
#define TMPL_MAXDIRS	16		/* directory levels below the root */
#define WHOLE		SIZE_MAX	/* render_top: all of it */

enum node_kind {
	NODE_TEXT,
	NODE_VAR,
	NODE_IF,
	NODE_UNLESS,
	NODE_EACH,
	NODE_ELSE,
	NODE_END,
	NODE_PARTIAL
};

struct node {
	enum node_kind	 kind;
	const char	*s;	/* text or name, inside the template's source */
	size_t		 len;
	unsigned int	 line;
	bool		 url;	/* a VAR that starts a URL attribute value */
	size_t		 mid;	/* blocks: index of the {{else}}, else `end` */
	size_t		 end;	/* blocks: index of the close */
};

struct tmpl {
	char		*name;
	const char	*ext;	/* ".html"/".txt" when loaded from a file */
	char		*src;
	struct node	*nodes;
	size_t		 nnodes;
	size_t		 cap;
	size_t		 subj;	/* mail: nodes [0, subj) are the subject */
	bool		 text;
	bool		 mail;
	struct tmpl	*next;
};

struct tmpl_set {
	struct tmpl	*head;
};

enum tval_kind {
	TVAL_MAP,
	TVAL_LIST,
	TVAL_STR,
	TVAL_INT,
	TVAL_BOOL,
	TVAL_HTML
};

struct tval {
	enum tval_kind	 kind;
	struct arena	*a;
	const char	*key;	/* set on an entry of a map */
	size_t		 keylen;
	struct tval	*next;	/* next entry of the map or list */
	const char	*s;	/* STR, HTML */
	size_t		 len;
	long long	 i;	/* INT, and BOOL as 0/1 */
	struct tval	*head;	/* MAP entries, LIST items */
	struct tval	*tail;
};

struct open {
	size_t		 node;
	bool		 has_else;
	bool		 url_open;	/* URL state where the block opened */
	bool		 url_then;	/* URL state where {{else}} was met */
};

struct parser {
	struct tmpl	*t;
	unsigned int	 line;
	bool		 url;		/* the next substitution starts a URL */
	size_t		 depth;
	struct open	 open[TMPL_MAXDEPTH];
	char		*err;
	size_t		 errlen;
};

struct scope {
	const struct tval	*map;
	const struct scope	*up;
	size_t			 index;
	bool			 each;
	bool			 last;
};

struct render {
	const struct tmpl_set	*set;
	struct buf		*out;
	bool			 text;
	int			 partials;
};

static const char *const url_attrs[] = {
	"href", "src", "action", "formaction"
};
static const char *const url_schemes[] = { "https://", "http://", "mailto:" };
static const char *const block_names[] = { "if", "unless", "each" };

static enum tmpl_rc render_range(struct render *, const struct tmpl *,
    size_t, size_t, const struct scope *);

static void *
xreallocarray(void *p, size_t n, size_t size)
{
	if ((p = reallocarray(p, n, size)) == NULL) {
		log_err("tmpl: out of memory");
		abort();
	}
	return p;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_name_char(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
	    c == '@' || c == '/' || c == '-';
}

static void
trim_span(const char **s, size_t *len)
{
	while (*len > 0 && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*s)[*len - 1]))
		(*len)--;
}

static unsigned int
count_lines(const char *s, size_t len)
{
	unsigned int	 n = 0;

	while (len-- > 0)
		n += *s++ == '\n';
	return n;
}

static void __attribute__((format(printf, 3, 4)))
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Writes "name:line: message" and returns false, so callers can return it. */
static bool __attribute__((format(printf, 3, 4)))
perr(struct parser *p, unsigned int line, const char *fmt, ...)
{
	char	 msg[192];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	set_err(p->err, p->errlen, "%s%s:%u: %s", p->t->name, p->t->ext,
	    line, msg);
	return false;
}

/* True when `s` ends with an href/src/action/formaction attribute's "=". */
static bool
ends_url_attr(const char *s, size_t i)
{
	size_t	 end, k;

	while (i > 0 && is_space(s[i - 1]))
		i--;
	if (i > 0 && (s[i - 1] == '"' || s[i - 1] == '\''))
		i--;
	while (i > 0 && is_space(s[i - 1]))
		i--;
	if (i == 0 || s[i - 1] != '=')
		return false;
	for (i--; i > 0 && is_space(s[i - 1]); i--)
		continue;
	for (end = i; i > 0 && is_alpha(s[i - 1]); i--)
		continue;
	/* A namespace prefix (xlink:href) names the same attribute. */
	if (i > 0 && !is_space(s[i - 1]) && s[i - 1] != '/' && s[i - 1] != ':')
		return false;
	for (k = 0; k < sizeof(url_attrs) / sizeof(url_attrs[0]); k++)
		if (strlen(url_attrs[k]) == end - i &&
		    strncasecmp(s + i, url_attrs[k], end - i) == 0)
			return true;
	return false;
}

static size_t
add_node(struct parser *p, enum node_kind kind, const char *s, size_t len)
{
	struct tmpl	*t = p->t;
	struct node	*n;

	if (t->nnodes == t->cap) {
		t->cap = t->cap == 0 ? 32 : t->cap * 2;
		t->nodes = xreallocarray(t->nodes, t->cap, sizeof(*n));
	}
	n = &t->nodes[t->nnodes];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->s = s;
	n->len = len;
	n->line = p->line;
	return t->nnodes++;
}

static void
emit_text(struct parser *p, const char *s, size_t len)
{
	if (len == 0)
		return;
	add_node(p, NODE_TEXT, s, len);
	p->url = !p->t->text && ends_url_attr(s, len);
	p->line += count_lines(s, len);
}

/* Names are 1..64 of [A-Za-z0-9_.@/-]; `dotted` refuses empty segments. */
static bool
check_name(struct parser *p, const char *s, size_t len, bool dotted)
{
	size_t	 i;

	if (len == 0)
		return perr(p, p->line, "empty name");
	for (i = 0; i < len; i++)
		if (!is_name_char(s[i]))
			return perr(p, p->line, "bad name \"%.*s\"",
			    (int)(len > 40 ? 40 : len), s);
	if (len > TMPL_MAXNAME)
		return perr(p, p->line, "name longer than %d bytes",
		    TMPL_MAXNAME);
	if (dotted && (s[0] == '.' || s[len - 1] == '.' ||
	    memmem(s, len, "..", 2) != NULL))
		return perr(p, p->line, "bad name \"%.*s\"", (int)len, s);
	return true;
}

/* Splits "kw rest" off a block tag; the kind, or NODE_TEXT when unknown. */
static enum node_kind
block_word(const char **s, size_t *len)
{
	size_t	 i, w;

	trim_span(s, len);
	for (w = 0; w < *len && !is_space((*s)[w]); w++)
		continue;
	for (i = 0; i < 3; i++)
		if (strlen(block_names[i]) == w &&
		    memcmp(*s, block_names[i], w) == 0)
			break;
	*s += w;
	*len -= w;
	trim_span(s, len);
	return i == 3 ? NODE_TEXT : NODE_IF + i;
}

static bool
open_block(struct parser *p, const char *s, size_t len)
{
	const char	*tag = s;
	size_t		 taglen = len;
	enum node_kind	 kind;
	struct open	*o;

	if ((kind = block_word(&s, &len)) == NODE_TEXT)
		return perr(p, p->line, "unknown tag \"{{#%.*s}}\"",
		    (int)(taglen > 40 ? 40 : taglen), tag);
	if (!check_name(p, s, len, true))
		return false;
	if (p->depth == TMPL_MAXDEPTH)
		return perr(p, p->line, "blocks nested deeper than %d",
		    TMPL_MAXDEPTH);
	o = &p->open[p->depth++];
	o->node = add_node(p, kind, s, len);
	o->has_else = false;
	o->url_open = p->url;
	return true;
}

static bool
close_block(struct parser *p, const char *s, size_t len)
{
	const char	*tag = s;
	size_t		 taglen = len, end;
	enum node_kind	 kind;
	struct open	*o;
	struct node	*n;

	if ((kind = block_word(&s, &len)) == NODE_TEXT || len > 0)
		return perr(p, p->line, "unknown tag \"{{/%.*s}}\"",
		    (int)(taglen > 40 ? 40 : taglen), tag);
	if (p->depth == 0)
		return perr(p, p->line, "{{/%s}} without an open block",
		    block_names[kind - NODE_IF]);
	o = &p->open[p->depth - 1];
	n = &p->t->nodes[o->node];
	if (n->kind != kind)
		return perr(p, p->line, "{{/%s}} closes {{#%s}} of line %u",
		    block_names[kind - NODE_IF], block_names[n->kind - NODE_IF],
		    n->line);
	end = add_node(p, NODE_END, NULL, 0);
	n = &p->t->nodes[o->node];	/* add_node may have moved it */
	n->end = end;
	if (!o->has_else)
		n->mid = end;
	/* After the block, every way through it may have led here. */
	p->url = p->url || (o->has_else ? o->url_then : o->url_open);
	p->depth--;
	return true;
}

static bool
else_tag(struct parser *p)
{
	struct open	*o = p->depth > 0 ? &p->open[p->depth - 1] : NULL;

	if (o == NULL || p->t->nodes[o->node].kind != NODE_IF || o->has_else)
		return perr(p, p->line, "{{else}} outside {{#if}}");
	p->t->nodes[o->node].mid = add_node(p, NODE_ELSE, NULL, 0);
	o->has_else = true;
	o->url_then = p->url;
	p->url = o->url_open;
	return true;
}

static bool
var_tag(struct parser *p, const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!is_name_char(s[i]))
			return perr(p, p->line, "unknown tag \"{{%.*s}}\"",
			    (int)(len > 40 ? 40 : len), s);
	if (!check_name(p, s, len, true))
		return false;
	i = add_node(p, NODE_VAR, s, len);
	p->t->nodes[i].url = p->url;
	p->url = false;
	return true;
}

static bool
parse_tag(struct parser *p, const char *s, size_t len)
{
	trim_span(&s, &len);
	if (len == 0)
		return perr(p, p->line, "empty name");
	switch (s[0]) {
	case '!':
		return true;
	case '#':
		return open_block(p, s + 1, len - 1);
	case '/':
		return close_block(p, s + 1, len - 1);
	case '>':
		s++;
		len--;
		trim_span(&s, &len);
		if (!check_name(p, s, len, false))
			return false;
		add_node(p, NODE_PARTIAL, s, len);
		p->url = false;
		return true;
	}
	if (len == 4 && memcmp(s, "else", 4) == 0)
		return else_tag(p);
	return var_tag(p, s, len);
}

/* Compiles s[0, len) as one range in which every block must close. */
static bool
parse_range(struct parser *p, const char *s, size_t len)
{
	const char	*end = s + len, *open, *close;
	struct node	*n;

	while ((open = memmem(s, end - s, "{{", 2)) != NULL) {
		emit_text(p, s, open - s);
		close = memmem(open + 2, end - open - 2, "}}", 2);
		if (close == NULL)
			return perr(p, p->line, "\"{{\" without \"}}\"");
		if (!parse_tag(p, open + 2, close - open - 2))
			return false;
		p->line += count_lines(open, close - open);
		s = close + 2;
	}
	emit_text(p, s, end - s);
	if (p->depth == 0)
		return true;
	n = &p->t->nodes[p->open[p->depth - 1].node];
	return perr(p, n->line, "unclosed {{#%s %.*s}}",
	    block_names[n->kind - NODE_IF], (int)n->len, n->s);
}

/* "Subject: line\n\nbody": the line and the body become separate ranges. */
static bool
parse_mail(struct parser *p, const char *s, size_t len)
{
	const char	*end = s + len, *nl, *subj, *body;

	if ((nl = memchr(s, '\n', len)) == NULL)
		return perr(p, 1, "no blank line after \"Subject:\"");
	body = nl + 1;
	if (body < end && *body == '\r')
		body++;
	if (body == end || *body != '\n')
		return perr(p, 1, "no blank line after \"Subject:\"");
	body++;
	if (nl > s && nl[-1] == '\r')
		nl--;
	for (subj = s + strlen("Subject:"); subj < nl && *subj == ' '; subj++)
		continue;
	if (!parse_range(p, subj, nl - subj))
		return false;
	p->t->subj = p->t->nnodes;
	p->t->mail = true;
	p->line = 3;
	p->url = false;
	return parse_range(p, body, end - body);
}

static void
tmpl_free(struct tmpl *t)
{
	free(t->name);
	free(t->src);
	free(t->nodes);
	free(t);
}

/* Compiles `src` (which it takes over, NUL-terminated at len). */
static struct tmpl *
compile(const char *name, size_t namelen, const char *ext, char *src,
    size_t len, bool text, char *err, size_t errlen)
{
	struct parser	 p;
	struct tmpl	*t;
	bool		 ok;

	t = xreallocarray(NULL, 1, sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->name = xreallocarray(NULL, namelen + 1, 1);
	memcpy(t->name, name, namelen);
	t->name[namelen] = '\0';
	t->ext = ext;
	t->src = src;
	t->text = text;
	memset(&p, 0, sizeof(p));
	p.t = t;
	p.line = 1;
	p.err = err;
	p.errlen = errlen;
	if (len > TMPL_MAXSRC)
		ok = perr(&p, 1, "larger than %d bytes", TMPL_MAXSRC);
	else if (text && len >= 8 && memcmp(src, "Subject:", 8) == 0)
		ok = parse_mail(&p, src, len);
	else
		ok = parse_range(&p, src, len);
	if (!ok) {
		tmpl_free(t);
		return NULL;
	}
	return t;
}

static const struct tmpl *
find(const struct tmpl_set *set, const char *name, size_t len)
{
	const struct tmpl	*t;

	for (t = set != NULL ? set->head : NULL; t != NULL; t = t->next)
		if (strncmp(t->name, name, len) == 0 && t->name[len] == '\0')
			return t;
	return NULL;
}

static bool
set_add(struct tmpl_set *set, const char *name, size_t namelen,
    const char *ext, char *src, size_t len, bool text, char *err,
    size_t errlen)
{
	struct tmpl	*t;

	if (namelen == 0 || find(set, name, namelen) != NULL) {
		set_err(err, errlen, "%.*s%s:1: template defined twice or "
		    "unnamed", (int)namelen, name, ext);
		free(src);
		return false;
	}
	if ((t = compile(name, namelen, ext, src, len, text, err,
	    errlen)) == NULL)
		return false;
	t->next = set->head;
	set->head = t;
	return true;
}

struct tmpl_set *
tmpl_set_add(struct tmpl_set *set, const char *name, const char *src,
    size_t len, bool text, char *err, size_t errlen)
{
	struct tmpl_set	*s = set;
	char		*copy;

	if (name == NULL || (src == NULL && len > 0)) {
		set_err(err, errlen, "tmpl: no name or no source");
		return NULL;
	}
	if (len > TMPL_MAXSRC) {
		set_err(err, errlen, "%s:1: larger than %d bytes", name,
		    TMPL_MAXSRC);
		return NULL;
	}
	copy = xreallocarray(NULL, len + 1, 1);
	if (len > 0)
		memcpy(copy, src, len);
	copy[len] = '\0';
	if (s == NULL) {
		s = xreallocarray(NULL, 1, sizeof(*s));
		s->head = NULL;
	}
	if (!set_add(s, name, strlen(name), "", copy, len, text, err,
	    errlen)) {
		if (set == NULL)
			free(s);
		return NULL;
	}
	return s;
}

static bool
read_file(const char *path, char **src, size_t *len, char *err, size_t errlen)
{
	struct stat	 st;
	ssize_t		 n;
	int		 fd;

	*src = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1)
		goto fail;
	if (st.st_size > TMPL_MAXSRC) {
		errno = EFBIG;
		goto fail;
	}
	*src = xreallocarray(NULL, (size_t)st.st_size + 1, 1);
	while (*len < (size_t)st.st_size) {
		n = read(fd, *src + *len, (size_t)st.st_size - *len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	(*src)[*len] = '\0';
	close(fd);
	return true;
fail:
	set_err(err, errlen, "%s: %s", path, strerror(errno));
	if (fd != -1)
		close(fd);
	free(*src);
	return false;
}

/* `path` + `root` + 1 is the file's name below the directory. */
static bool
load_file(struct tmpl_set *set, const char *path, size_t root, char *err,
    size_t errlen)
{
	const char	*name = path + root + 1, *ext;
	size_t		 len = strlen(name), extlen;
	char		*src;
	size_t		 srclen;

	if (len > 5 && strcmp(name + len - 5, ".html") == 0)
		ext = ".html";
	else if (len > 4 && strcmp(name + len - 4, ".txt") == 0)
		ext = ".txt";
	else
		return true;
	extlen = strlen(ext);
	if (!read_file(path, &src, &srclen, err, errlen))
		return false;
	return set_add(set, name, len - extlen, ext, src, srclen,
	    ext[1] == 't', err, errlen);
}

/* Walks path[0, plen) depth first; path has room for PATH_MAX bytes. */
static bool
load_dir(struct tmpl_set *set, char *path, size_t plen, size_t root,
    int depth, char *err, size_t errlen)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	bool		 ok = true;
	int		 n;

	if (depth > TMPL_MAXDIRS || (d = opendir(path)) == NULL) {
		set_err(err, errlen, "%s: %s", path, depth > TMPL_MAXDIRS ?
		    "directories nested too deep" : strerror(errno));
		return false;
	}
	while (ok && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		n = snprintf(path + plen, PATH_MAX - plen, "/%s", de->d_name);
		if (n < 0 || (size_t)n >= PATH_MAX - plen) {
			path[plen] = '\0';
			set_err(err, errlen, "%s: path too long", path);
			ok = false;
		} else if (stat(path, &st) == -1) {
			set_err(err, errlen, "%s: %s", path, strerror(errno));
			ok = false;
		} else if (S_ISDIR(st.st_mode))
			ok = load_dir(set, path, plen + n, root, depth + 1,
			    err, errlen);
		else if (S_ISREG(st.st_mode))
			ok = load_file(set, path, root, err, errlen);
		path[plen] = '\0';
	}
	closedir(d);
	return ok;
}

/* Every partial names a template of the same kind (HTML or text). */
static bool
check_partials(const struct tmpl_set *set, char *err, size_t errlen)
{
	const struct tmpl	*t, *p;
	const struct node	*n;
	size_t			 i;

	for (t = set->head; t != NULL; t = t->next)
		for (i = 0; i < t->nnodes; i++) {
			n = &t->nodes[i];
			if (n->kind != NODE_PARTIAL)
				continue;
			if ((p = find(set, n->s, n->len)) != NULL &&
			    p->text == t->text)
				continue;
			set_err(err, errlen, "%s%s:%u: %s \"%.*s\"", t->name,
			    t->ext, n->line, p == NULL ? "no template" :
			    "partial of the other kind", (int)n->len, n->s);
			return false;
		}
	return true;
}

struct tmpl_set *
tmpl_set_load(const char *dir, char *err, size_t errlen)
{
	struct tmpl_set	*set;
	char		 path[PATH_MAX];
	size_t		 len;

	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (len >= sizeof(path)) {
		set_err(err, errlen, "%s: path too long", dir);
		return NULL;
	}
	memcpy(path, dir, len);
	path[len] = '\0';
	set = xreallocarray(NULL, 1, sizeof(*set));
	set->head = NULL;
	if (!load_dir(set, path, len, len, 0, err, errlen) ||
	    !check_partials(set, err, errlen)) {
		tmpl_set_free(set);
		return NULL;
	}
	return set;
}

void
tmpl_set_free(struct tmpl_set *set)
{
	struct tmpl	*t, *next;

	if (set == NULL)
		return;
	for (t = set->head; t != NULL; t = next) {
		next = t->next;
		tmpl_free(t);
	}
	free(set);
}

bool
tmpl_exists(const struct tmpl_set *set, const char *name)
{
	return name != NULL && find(set, name, strlen(name)) != NULL;
}

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

/* The entry for `key` in `map`, emptied, or appended when new.  Keys set
 * on something that is not a map go to a detached value nobody reads. */
static struct tval *
slot(struct tval *map, const char *key, enum tval_kind kind)
{
	struct tval	*v;
	size_t		 len = strlen(key);

	if (map->kind != TVAL_MAP) {
		log_err("tmpl: key=%s error=\"set on a non-map\"", key);
		v = tval_map(map->a);
	} else {
		for (v = map->head; v != NULL; v = v->next)
			if (v->keylen == len && memcmp(v->key, key, len) == 0)
				break;
		if (v == NULL) {
			v = tval_map(map->a);
			v->key = key;
			v->keylen = len;
			if (map->tail != NULL)
				map->tail->next = v;
			else
				map->head = v;
			map->tail = v;
		}
	}
	v->kind = kind;
	v->s = NULL;
	v->len = 0;
	v->i = 0;
	v->head = v->tail = NULL;
	return v;
}

void
tval_str(struct tval *map, const char *key, const char *s)
{
	struct tval	*v = slot(map, key, TVAL_STR);

	v->s = s != NULL ? s : "";
	v->len = strlen(v->s);
}

void
tval_int(struct tval *map, const char *key, long long i)
{
	slot(map, key, TVAL_INT)->i = i;
}

void
tval_bool(struct tval *map, const char *key, bool b)
{
	slot(map, key, TVAL_BOOL)->i = b;
}

struct tval *
tval_list(struct tval *map, const char *key)
{
	return slot(map, key, TVAL_LIST);
}

struct tval *
tval_submap(struct tval *map, const char *key)
{
	return slot(map, key, TVAL_MAP);
}

struct tval *
tval_push(struct tval *list)
{
	struct tval	*v = tval_map(list->a);

	if (list->kind != TVAL_LIST) {
		log_err("tmpl: error=\"push on a value that is not a list\"");
		return v;
	}
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
	const struct tval	*v;

	for (v = map->head; v != NULL; v = v->next)
		if (v->keylen == len && memcmp(v->key, key, len) == 0)
			return v;
	return NULL;
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

	dot = memchr(s, '.', end - s);
	if (s[0] == '@')
		v = lookup_at(n, sc, tmp);
	for (; v == NULL && s[0] != '@' && sc != NULL; sc = sc->up)
		v = map_get(sc->map, s, (dot != NULL ? dot : end) - s);
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
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
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
		put_str(r, t, n, v->s, v->len);
		return TMPL_OK;
	case TVAL_INT:
		snprintf(num, sizeof(num), "%lld", v->i);
		put_str(r, t, n, num, strlen(num));
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

static enum tmpl_rc
render_cond(struct render *r, const struct tmpl *t, size_t i,
    const struct scope *sc)
{
	const struct node	*n = &t->nodes[i];
	const struct tval	*v;
	struct tval		 tmp;
	enum tmpl_rc		 rc;

	if ((rc = lookup(t, n, sc, &tmp, &v)) != TMPL_OK)
		return rc;
	if (truthy(v) != (n->kind == NODE_UNLESS))
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
	if ((p = find(r->set, n->s, n->len)) == NULL)
		return fault(t, n, TMPL_NOTFOUND, "no such partial");
	if (p->text != r->text)
		return fault(t, n, TMPL_TYPE, "partial of the other kind");
	r->partials++;
	rc = render_tmpl(r, p, sc);
	r->partials--;
	return rc;
}

static enum tmpl_rc
render_range(struct render *r, const struct tmpl *t, size_t i, size_t end,
    const struct scope *sc)
{
	const struct node	*n;
	enum tmpl_rc		 rc = TMPL_OK;

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
			rc = render_cond(r, t, i, sc);
			i = n->end;
			break;
		case NODE_EACH:
			rc = render_each(r, t, i, sc);
			i = n->end;
			break;
		case NODE_PARTIAL:
			rc = render_partial(r, t, n, sc);
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
	if ((*tp = find(set, name, strlen(name))) == NULL) {
		log_err("template=%s error=\"no such template\"", name);
		return TMPL_NOTFOUND;
	}
	if ((*tp)->text != text) {
		log_err("template=%s error=\"%s template wanted\"", name,
		    text ? "text" : "HTML");
		return TMPL_TYPE;
	}
	return TMPL_OK;
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

	if ((t = find(set, name, strlen(name))) == NULL) {
		log_err("template=%s error=\"no such template\"", name);
		return TMPL_NOTFOUND;
	}
	return render_top(set, t, 0, WHOLE, root, out);
}

enum tmpl_rc
tmpl_render_layout(const struct tmpl_set *set, const char *layout,
    const char *page, struct tval *root, struct buf *out)
{
	const struct tmpl	*lt, *pt;
	struct tval		*content;
	struct buf		 pb;
	enum tmpl_rc		 rc;

	if ((rc = want(set, layout, false, &lt)) != TMPL_OK ||
	    (rc = want(set, page, false, &pt)) != TMPL_OK)
		return rc;
	buf_init(&pb, out->a);
	if ((rc = render_top(set, pt, 0, WHOLE, root, &pb)) != TMPL_OK)
		return rc;
	content = slot(root, "content", TVAL_HTML);
	content->s = buf_cstr(&pb);
	content->len = pb.len;
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

/* Copies runs of safe bytes in one go; five bytes need replacing. */
void
tmpl_escape_html(struct buf *out, const char *s, size_t len)
{
	const char	*rep;
	size_t		 i, run = 0;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		if (i > run)
			buf_add(out, s + run, i - run);
		buf_puts(out, rep);
		run = i + 1;
	}
	if (len > run)
		buf_add(out, s + run, len - run);
}
