/*
 * view: the template values of records that more than one page shows
 * (see view.h).  Times are formatted here, once, the way the portal shows
 * them.
 */
#include <string.h>

#include "page.h"
#include "tmpl.h"
#include "view.h"

void
view_appointment(struct req *r, struct tval *list,
    const struct appointment *ap)
{
	struct tval	*v = tval_push(list);

	tval_str(v, "id", ap->pid);
	tval_str(v, "project", ap->project);
	tval_str(v, "agenda", ap->agenda);
	tval_str(v, "when", page_time(r, ap->starts));
	tval_str(v, "when_iso", page_time_iso(r, ap->starts));
	tval_str(v, "until", page_time(r, ap->ends));
	tval_str(v, "location", ap->location);
	tval_str(v, "meeting_url", ap->meeting_url);
	tval_str(v, "status", ap->status);
	tval_bool(v, "invited", strcmp(ap->status, "invited") == 0);
	tval_bool(v, "requested", strcmp(ap->status, "requested") == 0);
}

void
view_inbox_item(struct req *r, struct tval *list, const struct inbox_item *it)
{
	struct tval	*v = tval_push(list);
	const char	*k;
	size_t		 i;

	tval_str(v, "kind", it->kind);
	for (i = 0; (k = inbox_kind_name(i)) != NULL; i++)
		tval_bool(v, k, strcmp(k, it->kind) == 0);
	tval_str(v, "when", page_time(r, it->at));
	tval_str(v, "when_iso", page_time_iso(r, it->at));
	tval_str(v, "title", it->title);
	tval_str(v, "customer", it->customer_name);
	tval_str(v, "status", it->status);
	tval_str(v, "link", it->link);
}
