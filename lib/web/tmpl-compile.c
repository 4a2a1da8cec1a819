/*
 * tmpl-compile: loads the template files and compiles each once per process
 * into the node array of tmpl-int.h.
 *
 * A directory is walked depth first: a file ending in .html or .txt becomes
 * the template named by its path below it; anything else, and every name
 * starting with a dot, is skipped.  One name may stand for an HTML and a
 * text template, as a mail's two parts do ("mail/x.txt" and "mail/x.html"),
 * and a load fails when a mail has no HTML part.  A syntax error is
 * reported as "file:line: message" and fails the whole load.  tmpl_set_add
 * leaves the given set untouched and still the caller's when it fails.
 *
 * URL context is decided here: a substitution is a URL when the text before
 * it ends an href/src/action/formaction "=" (quoted or not), following every
 * path through if/else and each, so a block cannot hide the attribute from
 * the check made at render time.  A text template that starts with
 * "Subject:" is a mail: its first line and its body are compiled as two
 * separate ranges, so a line break inside a value can never move the
 * subject's end.  A section ({{#section name}}) may stand only at the top
 * of an HTML template, outside every other block, so the layout that
 * takes its text needs no scope but the values' root.
 *
 * Deliberately absent: raw substitution, helpers, expressions (beyond
 * {{#is}}'s one comparison with a literal), else on unless or each, and
 * partials resolved while one template compiles (a partial may name a
 * template added later): tmpl_set_load checks them all once loading ends
 * and points each partial node at its template, so no request searches
 * the set for one.  Each name's hash is made here too, so a lookup does
 * not hash it again.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "catalog.h"
#include "log.h"
#include "tmpl.h"
#include "tmpl-int.h"
#include "util.h"

#define TMPL_MAXDEPTH	32		/* blocks open at once */
#define TMPL_MAXNAME	64		/* bytes of a name */
#define TMPL_MAXDIRS	16		/* directory levels below the root */

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
	bool		 in_t;		/* inside {{#t}}: text and names only */
	size_t		 depth;
	struct open	 open[TMPL_MAXDEPTH];
	char		*err;
	size_t		 errlen;
};

static const char *const url_attrs[] = {
	"href", "src", "action", "formaction"
};
/* In the order of their node kinds, from NODE_IF. */
static const char *const block_names[] = {
	"if", "unless", "each", "section", "is"
};
#define NBLOCKS	(sizeof(block_names) / sizeof(block_names[0]))

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

/* Writes "name:line: message" and returns false, so callers can return it. */
static bool __attribute__((format(printf, 3, 4)))
perr(struct parser *p, unsigned int line, const char *fmt, ...)
{
	char	 msg[192];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_printf(p->err, p->errlen, "%s%s:%u: %s", p->t->name, p->t->ext,
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

/* The name of n as an earlier node of t spells it, or n's own: names
 * that are equal are one pointer, so a renderer compares them at once. */
static const char *
same_name(const struct tmpl *t, const struct node *n)
{
	const struct node	*o;
	size_t			 i;

	for (i = 0; i < t->nnodes; i++) {
		o = &t->nodes[i];
		if (o->hash == n->hash && o->len == n->len &&
		    o->first == n->first && (o->kind == NODE_VAR ||
		    (o->kind >= NODE_IF && o->kind <= NODE_IS)) &&
		    memcmp(o->s, n->s, n->len) == 0)
			return o->s;
	}
	return n->s;
}

static size_t
add_node(struct parser *p, enum node_kind kind, const char *s, size_t len)
{
	struct tmpl	*t = p->t;
	struct node	*n;
	const char	*dot;

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
	if (kind == NODE_VAR || (kind >= NODE_IF && kind <= NODE_IS)) {
		dot = memchr(s, '.', len);
		n->first = dot != NULL ? (size_t)(dot - s) : len;
		n->hash = tmpl_key_hash(s, n->first);
		n->s = same_name(t, n);
	}
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
	for (i = 0; i < NBLOCKS; i++)
		if (strlen(block_names[i]) == w &&
		    memcmp(*s, block_names[i], w) == 0)
			break;
	*s += w;
	*len -= w;
	trim_span(s, len);
	return i == NBLOCKS ? NODE_TEXT : NODE_IF + i;
}

/* A section is a plain name at the top of an HTML template. */
static bool
section_ok(struct parser *p, const char *s, size_t len)
{
	size_t	 i;

	if (p->t->text || p->depth > 0)
		return perr(p, p->line, "{{#section}} outside the top of an "
		    "HTML template");
	for (i = 0; i < len; i++)
		if (s[i] == '.' || s[i] == '@' || s[i] == '/')
			return perr(p, p->line, "bad section name \"%.*s\"",
			    (int)len, s);
	return true;
}

/*
 * {{#is name "literal"}}: splits the literal off s[0, *len), leaving the
 * name.  A literal is 0 .. TMPL_MAXNAME bytes between double quotes, none
 * of them a quote, a brace, a backslash or a control character: a word
 * to compare with, never text to write.
 */
static bool
is_literal(struct parser *p, const char *s, size_t *len, const char **lit,
    size_t *litlen)
{
	const char	*q;
	size_t		 i;

	if ((q = memchr(s, '"', *len)) == NULL || q == s || !is_space(q[-1]))
		return perr(p, p->line, "{{#is}} wants a name and a \"literal\"");
	*lit = q + 1;
	*litlen = s + *len - *lit;
	if (*litlen == 0 || (*lit)[*litlen - 1] != '"')
		return perr(p, p->line, "{{#is}} literal without its closing "
		    "quote");
	(*litlen)--;
	if (*litlen > TMPL_MAXNAME)
		return perr(p, p->line, "literal longer than %d bytes",
		    TMPL_MAXNAME);
	for (i = 0; i < *litlen; i++)
		if ((unsigned char)(*lit)[i] < 0x20 || (*lit)[i] == 0x7f ||
		    (*lit)[i] == '"' || (*lit)[i] == '{' || (*lit)[i] == '}' ||
		    (*lit)[i] == '\\')
			return perr(p, p->line, "bad byte in a {{#is}} literal");
	*len = q - s;
	trim_span(&s, len);
	return true;
}

static bool
open_block(struct parser *p, const char *s, size_t len)
{
	const char	*tag = s, *lit = NULL;
	size_t		 taglen = len, litlen = 0;
	enum node_kind	 kind;
	struct open	*o;

	if ((kind = block_word(&s, &len)) == NODE_TEXT)
		return perr(p, p->line, "unknown tag \"{{#%.*s}}\"",
		    (int)(taglen > 40 ? 40 : taglen), tag);
	if (kind == NODE_IS && !is_literal(p, s, &len, &lit, &litlen))
		return false;
	if (!check_name(p, s, len, true))
		return false;
	if (kind == NODE_SECTION && !section_ok(p, s, len))
		return false;
	if (p->depth == TMPL_MAXDEPTH)
		return perr(p, p->line, "blocks nested deeper than %d",
		    TMPL_MAXDEPTH);
	o = &p->open[p->depth++];
	o->node = add_node(p, kind, s, len);
	p->t->nodes[o->node].lit = lit;
	p->t->nodes[o->node].litlen = litlen;
	o->has_else = false;
	o->url_open = p->url;
	if (kind == NODE_SECTION)
		p->url = false;	/* its text goes elsewhere */
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
	/* After the block, every way through it may have led here; a
	 * section writes nothing in place. */
	if (kind == NODE_SECTION)
		p->url = o->url_open;
	else
		p->url = p->url || (o->has_else ? o->url_then : o->url_open);
	p->depth--;
	return true;
}

static bool
else_tag(struct parser *p)
{
	struct open	*o = p->depth > 0 ? &p->open[p->depth - 1] : NULL;
	size_t		 mid;

	if (o == NULL || (p->t->nodes[o->node].kind != NODE_IF &&
	    p->t->nodes[o->node].kind != NODE_IS) || o->has_else)
		return perr(p, p->line, "{{else}} outside {{#if}} or {{#is}}");
	/* Not one statement: add_node may move the array being written. */
	mid = add_node(p, NODE_ELSE, NULL, 0);
	p->t->nodes[o->node].mid = mid;
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
	if (p->in_t && (s[0] == '#' || s[0] == '/' || s[0] == '>' ||
	    (len == 4 && memcmp(s, "else", 4) == 0)))
		return perr(p, p->line, "only text and {{name}} inside "
		    "{{#t}}: \"{{%.*s}}\"", (int)(len > 40 ? 40 : len), s);
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

static bool parse_body(struct parser *, const char *, size_t);

/* True when the tag between "{{" and "}}" is {{#t}}. */
static bool
is_t_open(const char *s, size_t len)
{
	trim_span(&s, &len);
	if (len < 2 || s[0] != '#')
		return false;
	s++;
	len--;
	trim_span(&s, &len);
	return len == 1 && s[0] == 't';
}

/*
 * A {{#t}} block: its body (up to the first {{/t}}) is the msgid and is
 * compiled as the English translation, between a TRANS node and its END.
 * In HTML the body is text: no markup and no character references, so the
 * English text and a translator's (which is escaped) mean the same bytes,
 * and markup stays outside where only the template's author writes it.
 */
static bool
trans_block(struct parser *p, const char *body, size_t len)
{
	size_t	 t, end;

	if (p->in_t)
		return perr(p, p->line, "{{#t}} inside {{#t}}");
	if (p->url)
		return perr(p, p->line, "{{#t}} where a URL belongs");
	if (len == 0)
		return perr(p, p->line, "empty {{#t}}");
	if (!p->t->text && (memchr(body, '<', len) != NULL ||
	    memchr(body, '&', len) != NULL))
		return perr(p, p->line, "markup or \"&\" inside {{#t}}: keep "
		    "markup outside the translated text");
	t = add_node(p, NODE_TRANS, body, len);
	p->in_t = true;
	if (!parse_body(p, body, len))
		return false;
	p->in_t = false;
	end = add_node(p, NODE_END, NULL, 0);
	p->t->nodes[t].end = end;
	p->t->nodes[t].mid = end;
	p->url = false;
	return true;
}

static bool
parse_body(struct parser *p, const char *s, size_t len)
{
	const char	*end = s + len, *open, *close, *tclose;

	while ((open = memmem(s, end - s, "{{", 2)) != NULL) {
		emit_text(p, s, open - s);
		close = memmem(open + 2, end - open - 2, "}}", 2);
		if (close == NULL)
			return perr(p, p->line, "\"{{\" without \"}}\"");
		if (!p->in_t && is_t_open(open + 2, close - open - 2)) {
			tclose = memmem(close + 2, end - close - 2, "{{/t}}", 6);
			if (tclose == NULL)
				return perr(p, p->line, "{{#t}} without {{/t}}");
			p->line += count_lines(open, close - open);
			if (!trans_block(p, close + 2, tclose - close - 2))
				return false;
			s = tclose + 6;
			continue;
		}
		if (!parse_tag(p, open + 2, close - open - 2))
			return false;
		p->line += count_lines(open, close - open);
		s = close + 2;
	}
	emit_text(p, s, end - s);
	return true;
}

/* Compiles s[0, len) as one range in which every block must close. */
static bool
parse_range(struct parser *p, const char *s, size_t len)
{
	struct node	*n;

	if (!parse_body(p, s, len))
		return false;
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

void
tmpl_free(struct tmpl *t)
{
	size_t	 i, k;

	for (i = 0; i < t->nnodes; i++) {
		if (t->nodes[i].tr == NULL)
			continue;
		for (k = 0; k < TMPL_MAXLANG; k++)
			if (t->nodes[i].tr[k] != NULL)
				tmpl_free(t->nodes[i].tr[k]);
		free(t->nodes[i].tr);
	}
	free(t->name);
	free(t->src);
	free(t->nodes);
	free(t);
}

/* Whether the literal of is node n is that of one of the nodes
 * [first, n) of its run (each the one after the last's close). */
static bool
literal_in_run(const struct tmpl *t, size_t first, const struct node *n)
{
	const struct node	*o;
	size_t			 i;

	for (i = first; &t->nodes[i] != n; i = o->end + 1) {
		o = &t->nodes[i];
		if (o->litlen == n->litlen &&
		    memcmp(o->lit, n->lit, n->litlen) == 0)
			return true;
	}
	return false;
}

/* Marks each run of {{#is name "..."}} blocks (see run_end): a chain of
 * them on a status or a kind holds at most once, so the rest of the run
 * is skipped when one does. */
static void
mark_runs(struct tmpl *t)
{
	struct node	*n, *m;
	size_t		 i, j, last;

	for (i = 0; i < t->nnodes; i++)
		t->nodes[i].run_end = t->nodes[i].end;
	for (i = 0; i < t->nnodes; i++) {
		n = &t->nodes[i];
		if (n->kind != NODE_IS || n->mid != n->end)
			continue;
		last = i;
		for (j = n->end + 1; j < t->nnodes; j = m->end + 1) {
			m = &t->nodes[j];
			if (m->kind != NODE_IS || m->mid != m->end ||
			    m->s != n->s || m->len != n->len ||
			    literal_in_run(t, i, m))
				break;
			last = j;
		}
		for (j = i; ; j = t->nodes[j].end + 1) {
			t->nodes[j].run_end = t->nodes[last].end;
			if (j == last)
				break;
		}
	}
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
	t->namelen = namelen;
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
	mark_runs(t);
	return t;
}

struct tmpl *
tmpl_compile_frag(const struct tmpl *owner, const char *src, size_t len,
    char *err, size_t errlen)
{
	struct parser	 p;
	struct tmpl	*t;

	t = xreallocarray(NULL, 1, sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->name = xreallocarray(NULL, owner->namelen + 1, 1);
	memcpy(t->name, owner->name, owner->namelen + 1);
	t->namelen = owner->namelen;
	t->ext = owner->ext;
	t->src = xreallocarray(NULL, len + 1, 1);
	memcpy(t->src, src, len);
	t->src[len] = '\0';
	t->text = owner->text;
	t->frag = true;
	memset(&p, 0, sizeof(p));
	p.t = t;
	p.line = 1;
	p.in_t = true;
	p.err = err;
	p.errlen = errlen;
	if (len > TMPL_MAXSRC || !parse_body(&p, t->src, len)) {
		tmpl_free(t);
		return NULL;
	}
	return t;
}

const struct tmpl *
tmpl_find(const struct tmpl_set *set, const char *name, size_t len,
    enum find_kind kind)
{
	const struct tmpl	*t, *text = NULL;
	unsigned		 h;

	if (set != NULL && set->base != NULL)
		set = set->base;
	if (set == NULL)
		return NULL;
	h = tmpl_key_hash(name, len);
	for (t = set->bucket[h % TMPL_NBUCKET]; t != NULL; t = t->hnext) {
		if (t->hash != h || t->namelen != len ||
		    memcmp(t->name, name, len) != 0)
			continue;
		if (!t->text && kind != FIND_TEXT)
			return t;
		if (t->text && kind != FIND_HTML)
			text = t;
	}
	return text;
}

static bool
set_add(struct tmpl_set *set, const char *name, size_t namelen,
    const char *ext, char *src, size_t len, bool text, char *err,
    size_t errlen)
{
	struct tmpl	*t;

	if (namelen == 0 || tmpl_find(set, name, namelen, text ? FIND_TEXT :
	    FIND_HTML) != NULL) {
		err_printf(err, errlen, "%.*s%s:1: template defined twice or "
		    "unnamed", (int)namelen, name, ext);
		free(src);
		return false;
	}
	if ((t = compile(name, namelen, ext, src, len, text, err,
	    errlen)) == NULL)
		return false;
	t->hash = tmpl_key_hash(t->name, t->namelen);
	t->next = set->head;
	set->head = t;
	t->hnext = set->bucket[t->hash % TMPL_NBUCKET];
	set->bucket[t->hash % TMPL_NBUCKET] = t;
	return true;
}

struct tmpl_set *
tmpl_set_add(struct tmpl_set *set, const char *name, const char *src,
    size_t len, bool text, char *err, size_t errlen)
{
	struct tmpl_set	*s = set;
	char		*copy;

	if (name == NULL || (src == NULL && len > 0)) {
		err_printf(err, errlen, "tmpl: no name or no source");
		return NULL;
	}
	if (len > TMPL_MAXSRC) {
		err_printf(err, errlen, "%s:1: larger than %d bytes", name,
		    TMPL_MAXSRC);
		return NULL;
	}
	copy = xreallocarray(NULL, len + 1, 1);
	if (len > 0)
		memcpy(copy, src, len);
	copy[len] = '\0';
	if (s == NULL) {
		s = xreallocarray(NULL, 1, sizeof(*s));
		memset(s, 0, sizeof(*s));
	} else if (s->base != NULL) {
		err_printf(err, errlen, "tmpl: templates are added to the base set");
		free(copy);
		return NULL;
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
	err_printf(err, errlen, "%s: %s", path, strerror(errno));
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
		err_printf(err, errlen, "%s: %s", path, depth > TMPL_MAXDIRS ?
		    "directories nested too deep" : strerror(errno));
		return false;
	}
	while (ok && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		n = snprintf(path + plen, PATH_MAX - plen, "/%s", de->d_name);
		if (n < 0 || (size_t)n >= PATH_MAX - plen) {
			path[plen] = '\0';
			err_printf(err, errlen, "%s: path too long", path);
			ok = false;
		} else if (stat(path, &st) == -1) {
			err_printf(err, errlen, "%s: %s", path, strerror(errno));
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

/* Every partial names a template of the same kind (HTML or text), and
 * its node points to it from now on. */
static bool
link_partials(struct tmpl_set *set, char *err, size_t errlen)
{
	struct tmpl		*t;
	struct node		*n;
	const struct tmpl	*p;
	size_t			 i;

	for (t = set->head; t != NULL; t = t->next)
		for (i = 0; i < t->nnodes; i++) {
			n = &t->nodes[i];
			if (n->kind != NODE_PARTIAL)
				continue;
			if ((n->partial = tmpl_find(set, n->s, n->len, t->text ?
			    FIND_TEXT : FIND_HTML)) != NULL)
				continue;
			p = tmpl_find(set, n->s, n->len, FIND_EITHER);
			err_printf(err, errlen, "%s%s:%u: %s \"%.*s\"", t->name,
			    t->ext, n->line, p == NULL ? "no template" :
			    "partial of the other kind", (int)n->len, n->s);
			return false;
		}
	return true;
}

/* Every mail has its HTML part: no mail goes out as text alone. */
static bool
check_mail_parts(const struct tmpl_set *set, char *err, size_t errlen)
{
	const struct tmpl	*t;

	for (t = set->head; t != NULL; t = t->next)
		if (t->mail && tmpl_find(set, t->name, strlen(t->name),
		    FIND_HTML) == NULL) {
			err_printf(err, errlen, "%s%s:1: no HTML part (%s.html)",
			    t->name, t->ext, t->name);
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
		err_printf(err, errlen, "%s: path too long", dir);
		return NULL;
	}
	memcpy(path, dir, len);
	path[len] = '\0';
	set = xreallocarray(NULL, 1, sizeof(*set));
	memset(set, 0, sizeof(*set));
	if (!load_dir(set, path, len, len, 0, err, errlen) ||
	    !link_partials(set, err, errlen) ||
	    !check_mail_parts(set, err, errlen)) {
		tmpl_set_free(set);
		return NULL;
	}
	return set;
}

void
tmpl_set_free(struct tmpl_set *set)
{
	struct tmpl	*t, *next;
	size_t		 i;

	if (set == NULL || set->base != NULL)
		return;
	for (t = set->head; t != NULL; t = next) {
		next = t->next;
		tmpl_free(t);
	}
	for (i = 1; i < TMPL_MAXLANG; i++)
		if (set->langs[i] != NULL) {
			catalog_free(set->langs[i]->cat);
			free(set->langs[i]);
		}
	free(set);
}

bool
tmpl_exists(const struct tmpl_set *set, const char *name)
{
	return name != NULL &&
	    tmpl_find(set, name, strlen(name), FIND_EITHER) != NULL;
}
