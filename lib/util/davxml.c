/*
 * davxml: a multistatus answer's calendar data (the rules are in
 * davxml.h).
 *
 * A DOCTYPE anywhere in the bytes refuses the answer before libxml2 reads
 * it, so no entity is ever declared.  The document is parsed into a tree
 * (the answer is already bounded in size) and walked: multistatus → response → propstat → prop →
 * calendar-data.  libxml2 reports its errors to a handler that drops
 * them: a hostile answer must not fill the log.
 */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "arena.h"
#include "davxml.h"

#define NS_DAV		"DAV:"
#define NS_CALDAV	"urn:ietf:params:xml:ns:caldav"

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static bool
is(const xmlNode *n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    n->ns->href != NULL && strcmp((const char *)n->ns->href, ns) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

/* The first child element of n with that name, or NULL. */
static xmlNode *
child(const xmlNode *n, const char *ns, const char *name)
{
	xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next)
		if (is(c, ns, name))
			return c;
	return NULL;
}

/* The text of n (its text and CDATA children), in the arena. */
static const char *
text(struct arena *a, const xmlNode *n)
{
	xmlChar		*t;
	const char	*out;

	if (n == NULL || (t = xmlNodeGetContent(n)) == NULL)
		return "";
	out = arena_strdup(a, (const char *)t);
	xmlFree(t);
	return out;
}

/* Whether a DAV:status line says 200: "HTTP/1.1 200 OK". */
static bool
ok_status(struct arena *a, const xmlNode *st)
{
	const char	*s = text(a, st), *sp = strchr(s, ' ');

	return sp != NULL && strncmp(sp + 1, "200", 3) == 0 &&
	    (sp[4] == ' ' || sp[4] == '\0');
}

/* The calendar data of one response: from its propstat with status 200. */
static const char *
response_data(struct arena *a, const xmlNode *r)
{
	const xmlNode	*ps, *prop;

	for (ps = r->children; ps != NULL; ps = ps->next) {
		if (!is(ps, NS_DAV, "propstat") ||
		    !ok_status(a, child(ps, NS_DAV, "status")) ||
		    (prop = child(ps, NS_DAV, "prop")) == NULL)
			continue;
		return text(a, child(prop, NS_CALDAV, "calendar-data"));
	}
	return "";
}

static bool
walk(struct arena *a, const xmlNode *root, struct davxml_item **out,
    size_t *n, const char **err)
{
	const xmlNode	*r;

	if (root == NULL || !is(root, NS_DAV, "multistatus")) {
		*err = "not a DAV:multistatus";
		return false;
	}
	for (r = root->children; r != NULL; r = r->next) {
		if (!is(r, NS_DAV, "response"))
			continue;
		if (*n == DAVXML_ITEMS) {
			*err = "too many responses";
			return false;
		}
		*out = arena_grow(a, *out, *n, sizeof(**out));
		(*out)[*n].href = text(a, child(r, NS_DAV, "href"));
		(*out)[(*n)++].data = response_data(a, r);
	}
	return true;
}

bool
davxml_multistatus(struct arena *a, const char *body, size_t len,
    struct davxml_item **out, size_t *n, const char **err)
{
	xmlDoc	*doc;
	bool	 ok;

	*out = NULL;
	*n = 0;
	if (len > DAVXML_MAX) {
		*err = "answer too large";
		return false;
	}
	/* refused before libxml2 reads a single declaration */
	if (memmem(body, len, "<!DOCTYPE", 9) != NULL) {
		*err = "a DTD is not accepted";
		return false;
	}
	xmlSetGenericErrorFunc(NULL, quiet);
	doc = xmlReadMemory(body, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (doc == NULL) {
		*err = "not well-formed XML";
		return false;
	}
	ok = walk(a, xmlDocGetRootElement(doc), out, n, err);
	xmlFreeDoc(doc);
	if (!ok) {
		*out = NULL;
		*n = 0;
	}
	return ok;
}
