/*
 * tmpl-int: what the two halves of the template engine share, and nothing
 * else: the compiled form that tmpl-compile.c builds and tmpl.c walks, the
 * value tree, and the lookup of a template by name.  Only lib/tmpl*.c and
 * the module's tests include it; it is not installed.
 *
 * A compiled template is its source (kept, since text and name nodes point
 * into it) and an array of nodes in source order.  A block node records the
 * index of its {{else}} (`mid`) and of its close (`end`), so rendering walks
 * index ranges and needs no tree.  A partial node names its template, and
 * once the whole set is loaded it points to it too, so rendering does not
 * search the set by name.  A mail's subject line and body are two
 * separate ranges of that array, split at `subj`.  Templates are malloc'd
 * and owned by their set; nothing here is changed once compiled.
 */
#ifndef PORCH_TMPL_INT_H
#define PORCH_TMPL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tmpl.h"

#define TMPL_MAXSRC	(256 * 1024)	/* bytes of one template file */

enum node_kind {
	NODE_TEXT,
	NODE_VAR,
	NODE_IF,
	NODE_UNLESS,
	NODE_EACH,
	NODE_SECTION,
	NODE_IS,	/* {{#is name "literal"}}: the name's string equals it */
	NODE_ELSE,
	NODE_END,
	NODE_PARTIAL,
	NODE_TRANS	/* {{#t}}: its English body runs to `end` */
};

#define TMPL_MAXLANG	8		/* languages of one set, English included */

struct node {
	enum node_kind	 kind;
	const char	*s;	/* text or name, inside the template's source;
				   equal names of one template are one
				   pointer (the first node's) */
	size_t		 len;
	unsigned	 hash;	/* VAR and blocks: tmpl_key_hash of the name's
				   first segment, made when compiled */
	size_t		 first;	/* VAR and blocks: that segment's length */
	const char	*lit;	/* IS: the literal compared with, in the source */
	size_t		 litlen;
	unsigned int	 line;
	bool		 url;	/* a VAR that starts a URL attribute value */
	size_t		 mid;	/* blocks: index of the {{else}}, else `end` */
	size_t		 end;	/* blocks: index of the close */
	size_t		 run_end; /* IS: the close of the last {{#is}} of a
				   run of them on this name, one after the
				   other, none with an {{else}} and no two
				   with one literal: where rendering goes
				   on once one holds (else `end`) */
	struct tmpl	**tr;	/* TRANS: the translation per language, or
				   NULL (English); NULL until translated */
	const struct tmpl *partial; /* PARTIAL: its template, set when
				   tmpl_set_load ends; NULL in a set made
				   by tmpl_set_add, found by name then */
};

struct tmpl {
	char		*name;
	size_t		 namelen;
	const char	*ext;	/* ".html"/".txt" when loaded from a file */
	char		*src;
	struct node	*nodes;
	size_t		 nnodes;
	size_t		 cap;
	size_t		 subj;	/* mail: nodes [0, subj) are the subject */
	bool		 text;
	bool		 mail;
	bool		 frag;	/* a translation: its text is escaped */
	unsigned	 hash;	/* tmpl_key_hash of the name */
	struct tmpl	*next;
	struct tmpl	*hnext;	/* the next in its bucket of the set's index */
};

/* A set renders in one language: the set tmpl_set_load makes renders
 * English and owns its variants, which share its templates and differ only
 * in `lang` (an index into every TRANS node's tr) and the catalog. */
/* Templates are found by name at every request (the page, the layout,
 * the partials of a text), so a set keeps them in hash buckets too. */
#define TMPL_NBUCKET	256

struct tmpl_set {
	struct tmpl		*head;
	struct tmpl		*bucket[TMPL_NBUCKET];
	const struct tmpl_set	*base;	/* a variant: the set it belongs to */
	unsigned		 lang;
	struct catalog		*cat;
	struct tmpl_set		*langs[TMPL_MAXLANG];
};

enum tval_kind {
	TVAL_MAP,
	TVAL_LIST,
	TVAL_STR,
	TVAL_INT,
	TVAL_BOOL,
	TVAL_HTML
};

/* A map of more than a few entries also has a hash index of them (idx,
 * nidx buckets, chained by hnext), so setting and finding a key does not
 * walk the map: a list item carries dozens of values. */
struct tval {
	enum tval_kind	 kind;
	struct arena	*a;
	const char	*key;	/* set on an entry of a map */
	size_t		 keylen;
	unsigned	 hash;	/* of the key */
	struct tval	*next;	/* next entry of the map or list */
	struct tval	*hnext;	/* next entry of the same index bucket */
	struct tval	**idx;	/* MAP: the index, or NULL while small */
	size_t		 nidx;	/* MAP: its buckets, a power of two */
	size_t		 count;	/* MAP: its entries */
	uint64_t	 bloom;	/* MAP: bit (hash & 63) of each key set, so
				   a lookup passes a map without the key
				   (an item's, on the way to the page's
				   values) mostly at one test */
	const char	*s;	/* STR, HTML */
	size_t		 len;
	unsigned char	 plain;	/* STR: 0 not known yet, else whether it
				   has nothing HTML escapes (1) or has
				   (2); learnt when first rendered, since a
				   value may be rendered many times (an id
				   in every row of a list) */
	long long	 i;	/* INT, and BOOL as 0/1 */
	struct tval	*head;	/* MAP entries, LIST items */
	struct tval	*tail;
	struct tval	*spare;	/* MAP, LIST: zeroed values for the next
				   entries or items, allocated a block at a
				   time (nspare left) */
	size_t		 nspare;
};

/* A key's hash, as the value maps and the set's buckets index it: its
 * length and its first, middle and last bytes (up to 8 each), mixed by
 * multiplying.  A page sets a value some hundreds of times, and a hash of
 * every byte cost a third of the setting; keys that share those bytes
 * meet in a bucket and are told apart by comparing them. */
static inline unsigned
tmpl_key_hash(const char *key, size_t len)
{
	uint64_t	 a = 0, b = 0, c = 0, h;
	uint32_t	 x, y;

	if (len >= 8) {
		memcpy(&a, key, 8);
		memcpy(&b, key + len - 8, 8);
		if (len > 16)
			memcpy(&c, key + len / 2 - 4, 8);
	} else if (len >= 4) {
		memcpy(&x, key, 4);
		memcpy(&y, key + len - 4, 4);
		a = x;
		b = y;
	} else if (len > 0)
		a = (uint64_t)(unsigned char)key[0] |
		    (uint64_t)(unsigned char)key[len / 2] << 8 |
		    (uint64_t)(unsigned char)key[len - 1] << 16;
	h = (a ^ c) * UINT64_C(0x9E3779B97F4A7C15) ^
	    (b + len) * UINT64_C(0xC2B2AE3D27D4EB4F);
	h ^= h >> 29;
	return (unsigned)(h ^ (h >> 32));
}

/* The {{#t}} body's msgid: HTML bodies with each run of white space made
 * one space and trimmed, text bodies as written.  Returns its length;
 * writes at most `size` bytes into out (NULL to measure). */
size_t			 tmpl_msgid(const struct tmpl *, const struct node *,
			    char *out, size_t size);
/* Compiles a translation of one of owner's {{#t}} bodies: text and
 * {{name}} only.  NULL with err set ("...: message") on a syntax error. */
struct tmpl		*tmpl_compile_frag(const struct tmpl *owner,
			    const char *src, size_t len, char *err,
			    size_t errlen);
void			 tmpl_free(struct tmpl *);

/* Which kind of template tmpl_find looks for: a name may stand for one
 * HTML and one text template (a mail's two parts); FIND_EITHER takes the
 * HTML one when both exist. */
enum find_kind {
	FIND_HTML,
	FIND_TEXT,
	FIND_EITHER
};

/* The set's template named name[0, len) of that kind, or NULL; a NULL set
 * has none.  A loaded set's partials are found this way once, when loading
 * ends; in a set made by tmpl_set_add they are found at render time, since
 * a partial may name a template that was added after the one that
 * includes it. */
const struct tmpl	*tmpl_find(const struct tmpl_set *, const char *name,
			    size_t len, enum find_kind);

#endif
