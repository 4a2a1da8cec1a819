/*
 * docview: what the document pages share (docview.h).
 *
 * A download link is /portal/documents/{id}/file?exp=T&sig=S (or under
 * /team): S is an HMAC-SHA-256, under a key derived from the office key,
 * of the document's id, the principal's kind and public id, and T.  The
 * file program checks it against the signed-in principal and reads the
 * document again through document_get, so a link copied to another
 * browser, edited, or used after T (a few minutes) gives nothing, and a
 * document unshared or deleted meanwhile is gone.  The file is served as
 * an attachment with the type read from its bytes, nosniff, no-store and
 * a sandboxing CSP, so even a PDF with script inside is never run by the
 * portal's origin.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "audit.h"
#include "crypto.h"
#include "customer.h"
#include "docstore.h"
#include "document.h"
#include "docupload.h"
#include "docview.h"
#include "keyring.h"
#include "log.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"
#include "view.h"

#define PER_PAGE	20
#define SHARED_MAX	20
#define REQUESTS_MAX	10
#define FILES_PER_FORM	10

static struct {
	char		 path[1024];
	uint8_t		 master[KEYRING_KEY_LEN];
	bool		 loaded;
} K;

bool
docview_office_key(struct req *r, uint8_t out[KEYRING_KEY_LEN])
{
	const char	*path = r->conf->master_key_file;

	if (!K.loaded || strcmp(K.path, path) != 0) {
		K.loaded = false;
		if (strlen(path) >= sizeof(K.path) ||
		    !keyring_master_load(path, K.master))
			return false;
		snprintf(K.path, sizeof(K.path), "%s", path);
		K.loaded = true;
	}
	keyring_office_key(K.master, r->office->id, out);
	return true;
}

/* "12 KB", "3.4 MB": a size as people read it. */
static const char *
size_text(struct arena *a, int64_t n)
{
	if (n < 1024)
		return arena_printf(a, "%" PRId64 " B", n);
	if (n < 1024 * 1024)
		return arena_printf(a, "%" PRId64 " KB", (n + 1023) / 1024);
	return arena_printf(a, "%.1f MB", (double)n / (1024.0 * 1024.0));
}

void
docview_values(struct req *r, struct tval *v, const struct document *d)
{
	tval_str(v, "pid", d->pid);
	tval_str(v, "name", d->display_name);
	tval_str(v, "type", d->type);
	tval_str(v, "size", size_text(r->a, d->size));
	view_status(v, d->project_id != 0 ? "" : d->status);
	tval_str(v, "reason", d->reason);
	tval_bool(v, "rejected", strcmp(d->status, "rejected") == 0);
	tval_bool(v, "is_new", strcmp(d->status, "new") == 0);
	tval_str(v, "created", page_time(r, d->created));
	tval_str(v, "created_iso", page_time_iso(r, d->created));
	tval_str(v, "removes_on", page_time_in(r, d->removes_at, NULL,
	    PAGE_TIME_DAY));
	tval_str(v, "removes_iso", page_time_iso(r, d->removes_at));
	tval_str(v, "customer", d->customer);
	tval_str(v, "customer_pid", d->customer_pid);
	tval_str(v, "project", d->project);
	tval_str(v, "project_pid", d->project_pid);
	tval_str(v, "request_title", d->request_title);
	tval_bool(v, "is_project", d->project_id != 0);
	tval_bool(v, "shared", d->shared);
	tval_bool(v, "shared_one", *d->shared_with_pid != '\0');
	tval_bool(v, "team_only", d->project_id != 0 && !d->shared &&
	    *d->shared_with_pid == '\0');
	tval_str(v, "shared_with", d->shared_with_name);
}

void
docview_request_values(struct req *r, struct tval *v,
    const struct document_request *q)
{
	tval_str(v, "pid", q->pid);
	tval_str(v, "title", q->title);
	tval_str(v, "explanation", q->explanation);
	view_status(v, strcmp(q->status, "open") == 0 ? "open" :
	    strcmp(q->status, "fulfilled") == 0 ? "done" : q->status);
	tval_str(v, "created", page_time(r, q->created));
	tval_str(v, "created_iso", page_time_iso(r, q->created));
	tval_str(v, "customer", q->customer);
	tval_str(v, "customer_pid", q->customer_pid);
	tval_bool(v, "open", strcmp(q->status, "open") == 0);
	tval_bool(v, "fulfilled", strcmp(q->status, "fulfilled") == 0);
	tval_bool(v, "cancelled", strcmp(q->status, "cancelled") == 0);
	tval_str(v, "document_pid", q->document_pid != NULL ?
	    q->document_pid : "");
	tval_str(v, "updated", page_time(r, q->updated));
	tval_str(v, "updated_iso", page_time_iso(r, q->updated));
}

/* The notice of a refused upload. */
static void
refusal(struct req *r, enum docupload_rc why, const struct docupload *u)
{
	static const struct {
		enum docupload_rc	 rc;
		const char		*flag;
	} flags[] = {
		{ DOCUPLOAD_QUOTA, "refused_quota" },
		{ DOCUPLOAD_EMPTY, "refused_empty" },
		{ DOCUPLOAD_TYPE, "refused_type" },
		{ DOCUPLOAD_INFECTED, "refused_infected" },
		{ DOCUPLOAD_UNSCANNED, "refused_unscanned" },
		{ DOCUPLOAD_TOO_LARGE, "refused_large" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		tval_bool(r->tv, flags[i].flag, flags[i].rc == why);
	tval_str(r->tv, "refused_name", u != NULL && u->refused != NULL ?
	    u->refused : "");
	tval_int(r->tv, "limit_mb", r->conf->upload_file_mb);
}

enum page_rc
docview_portal(struct req *r, const struct keyset *ks, int status,
    enum docupload_rc why, const struct docupload *u)
{
	struct document		*d;
	struct document_request	*q;
	struct keyset_page	 pg;
	struct tval		*list;
	size_t			 i, n;
	enum db_rc		 rc;

	if ((rc = document_of_customer(r->db, r->a, &r->who, ks, &d, &n,
	    &pg)) != DB_OK)
		return page_db_fail(r, rc);
	list = tval_list(r->tv, "documents");
	for (i = 0; i < n; i++)
		docview_values(r, tval_push(list), &d[i]);
	view_pager(r, "/portal/documents", &pg, NULL);
	if ((rc = document_shared_with(r->db, r->a, &r->who, 0, SHARED_MAX,
	    &d, &n)) != DB_OK)
		return page_db_fail(r, rc);
	list = tval_list(r->tv, "shared");
	for (i = 0; i < n; i++)
		docview_values(r, tval_push(list), &d[i]);
	if ((rc = document_request_open_of(r->db, r->a, &r->who, 0,
	    REQUESTS_MAX, &q, &n)) != DB_OK)
		return page_db_fail(r, rc);
	list = tval_list(r->tv, "doc_requests");
	for (i = 0; i < n; i++)
		docview_request_values(r, tval_push(list), &q[i]);
	tval_int(r->tv, "retention_days", r->portal->retention_days);
	refusal(r, why, u);
	return page_render_status(r, status, "documents");
}

enum page_rc
docview_request_page(struct req *r, const struct document_request *rq,
    int status, enum docupload_rc why, const struct docupload *u)
{
	docview_request_values(r, r->tv, rq);
	/* "title" at the top is the layout's */
	tval_str(r->tv, "asked_for", rq->title);
	tval_bool(r->tv, "fulfilled", strcmp(rq->status, "fulfilled") == 0);
	tval_bool(r->tv, "cancelled", strcmp(rq->status, "cancelled") == 0);
	refusal(r, why, u);
	return page_render_status(r, status, "document-request");
}

/* ------------------------------------------------------------- storing */

static int
status_of(enum docupload_rc rc)
{
	switch (rc) {
	case DOCUPLOAD_OK:
		return 200;
	case DOCUPLOAD_FORBIDDEN:
		return 403;
	case DOCUPLOAD_BAD:
		return 400;
	case DOCUPLOAD_TOO_LARGE:
		return 413;
	case DOCUPLOAD_UNSCANNED:
		return 503;
	case DOCUPLOAD_FAILED:
		return 500;
	default:
		return 422;
	}
}

/* Records the received files as documents of the owner in n (customer or
 * project), in the resumed transaction. */
static enum db_rc
record_files(struct req *r, struct docupload *u,
    const struct document_new *owner)
{
	uint8_t			 office[KEYRING_KEY_LEN];
	struct document_new	 n;
	size_t			 i;
	enum db_rc		 rc = DB_OK;

	if (!docview_office_key(r, office))
		return DB_ERR;
	for (i = 0; rc == DB_OK && i < u->nfiles; i++) {
		n = *owner;
		n.pid = NULL;
		n.stored_name = u->files[i].name;
		n.display_name = u->files[i].display_name;
		n.type = u->files[i].type;
		n.size = (int64_t)u->files[i].size;
		rc = document_add_sealed(r->db, r->a, office, &n,
		    u->files[i].key, r->now);
		u->files[i].doc_pid = n.pid;
	}
	sodium_memzero(office, sizeof(office));
	return rc;
}

/* Records the customer's received files in the resumed transaction. */
static enum docupload_rc
record(struct req *r, const struct document_request *rq,
    struct docupload *u, uint64_t quota)
{
	struct document_new	 n;
	struct document_request	 again;
	int64_t			 used;
	uint64_t		 adding = 0;
	size_t			 i;
	enum db_rc		 rc;

	for (i = 0; i < u->nfiles; i++)
		adding += u->files[i].size;
	if (document_bytes_of(r->db, r->who.id, &used) != DB_OK)
		return DOCUPLOAD_FAILED;
	if ((uint64_t)used + adding > quota)
		return DOCUPLOAD_QUOTA;
	/* the request may have been cancelled while the file came in */
	if (rq != NULL && (document_request_get(r->db, r->a, &r->who, rq->pid,
	    &again) != DB_OK || strcmp(again.status, "open") != 0))
		return DOCUPLOAD_EMPTY;
	memset(&n, 0, sizeof(n));
	n.customer_id = r->who.id;
	n.request_id = rq != NULL ? rq->id : 0;
	n.removes_at = r->now + (int64_t)r->portal->retention_days * 86400;
	rc = record_files(r, u, &n);
	if (rc == DB_OK && rq != NULL)
		rc = document_request_fulfil(r->db, rq, r->now);
	return rc == DB_OK ? DOCUPLOAD_OK : DOCUPLOAD_FAILED;
}

/* A file clamd refused is the team's to know: an audit row of the system
 * about the customer (their timeline shows it), committed on its own since
 * the page answers 422 and so rolls back. */
static void
note_infected(struct req *r, const struct docupload *u)
{
	if (audit_add(r->db, NULL, "upload-infected", r->who.pid, u->sig,
	    r->now) != DB_OK) {
		log_warn("a refused infected upload went unrecorded");
		return;
	}
	page_tx_pause(r);
	if (page_tx_resume(r) != DB_OK)
		log_warn("the database stayed busy after an infected upload");
}

/* Receives the form with nothing held (the transaction paused), at most
 * max files adding at most quota bytes; *st the status to answer with.
 * DOCUPLOAD_OK with the transaction resumed. */
static enum docupload_rc
receive(struct req *r, size_t max, uint64_t quota, struct docupload *u,
    int *st)
{
	enum docupload_rc	 rc;

	page_tx_pause(r);
	rc = docupload_receive(r, max, quota, u);
	if (page_tx_resume(r) != DB_OK) {
		log_warn("the database stayed busy after an upload");
		if (rc == DOCUPLOAD_OK)
			docupload_discard(r, u);
		*st = 503;
		return DOCUPLOAD_FAILED;
	}
	*st = status_of(rc);
	return rc;
}

enum docupload_rc
docview_store(struct req *r, const struct document_request *rq,
    struct docupload *u, int *st)
{
	uint64_t		 quota = (uint64_t)r->conf->upload_quota_mb << 20;
	int64_t			 used;
	enum docupload_rc	 rc;

	if (document_bytes_of(r->db, r->who.id, &used) != DB_OK) {
		*st = 500;
		return DOCUPLOAD_FAILED;
	}
	if ((rc = receive(r, rq != NULL ? 1 : FILES_PER_FORM,
	    (uint64_t)used < quota ? quota - (uint64_t)used : 0, u, st)) !=
	    DOCUPLOAD_OK) {
		if (rc == DOCUPLOAD_INFECTED)
			note_infected(r, u);
		return rc;
	}
	rc = record(r, rq, u, quota);
	if (rc != DOCUPLOAD_OK)
		docupload_discard(r, u);
	else
		docupload_done(u);
	*st = status_of(rc);
	return rc;
}

enum docupload_rc
docview_store_project(struct req *r, int64_t project_id,
    struct docupload *u, int *st)
{
	struct document_new	 n;
	enum docupload_rc	 rc;

	if ((rc = receive(r, FILES_PER_FORM, UINT64_MAX, u, st)) !=
	    DOCUPLOAD_OK)
		return rc;
	memset(&n, 0, sizeof(n));
	n.project_id = project_id;
	n.uploaded_by = r->who.id;
	n.removes_at = DOCUMENT_KEPT;
	if (record_files(r, u, &n) != DB_OK) {
		docupload_discard(r, u);
		*st = 500;
		return DOCUPLOAD_FAILED;
	}
	docupload_done(u);
	return DOCUPLOAD_OK;
}

enum db_rc
docview_project_values(struct req *r, int64_t project_id,
    const char *project_pid, const struct keyset *ks, enum docupload_rc why,
    const struct docupload *u)
{
	struct document		*d;
	struct keyset_page	 pg;
	struct keyset		 first = keyset_first(PER_PAGE);
	struct tval		*list;
	size_t			 i, n;
	enum db_rc		 rc;

	if ((rc = document_of_project(r->db, r->a, project_id,
	    ks != NULL ? ks : &first, &d, &n, &pg)) != DB_OK)
		return rc;
	list = tval_list(r->tv, "project_documents");
	for (i = 0; i < n; i++)
		docview_values(r, tval_push(list), &d[i]);
	view_pager(r, arena_printf(r->a, "/team/projects/%s", project_pid),
	    &pg, NULL);
	refusal(r, why, u);
	return DB_OK;
}

/* ---------------------------------------------------------------- team */

bool
docview_team_load(struct req *r, struct document *d)
{
	enum db_rc	 rc;

	if ((rc = document_get(r->db, r->a, &r->who, page_param(r, 0), d)) ==
	    DB_NOTFOUND) {
		page_status(r, 404);
		return false;
	}
	if (rc != DB_OK) {
		page_db_fail(r, rc);
		return false;
	}
	return true;
}

enum db_rc
docview_delete(struct req *r, const struct document *d)
{
	enum db_rc	 rc;

	if ((rc = document_delete(r->db, d)) != DB_OK)
		return rc;
	return audit_add(r->db, &r->who, "document-deleted",
	    d->project_id != 0 ? d->project_pid : d->customer_pid, d->pid,
	    r->now);
}

/* Whether the customer of row id `id` and address `email` wants news
 * about their documents (customer_prefs.updates): DB_OK and *yes. */
static enum db_rc
wants_news(struct req *r, int64_t id, const char *email, bool *yes)
{
	struct principal	 owner;
	struct customer_prefs	 prefs;
	enum db_rc		 rc;

	*yes = false;
	if (id == 0 || *email == '\0')
		return DB_OK;
	memset(&owner, 0, sizeof(owner));
	owner.kind = PRINCIPAL_CUSTOMER;
	owner.id = id;
	if ((rc = customer_notifications(r->db, &owner, &prefs)) ==
	    DB_NOTFOUND)
		return DB_OK;
	*yes = rc == DB_OK && prefs.updates;
	return rc;
}

enum db_rc
docview_review_mail(struct req *r, const struct document *d)
{
	struct tval		*tv;
	enum db_rc		 rc;
	bool			 yes;

	if ((rc = wants_news(r, d->customer_id, d->customer_email, &yes)) !=
	    DB_OK || !yes)
		return rc;
	tv = tval_map(r->a);
	tval_str(tv, "name", d->customer);
	tval_str(tv, "document", d->display_name);
	tval_bool(tv, "accepted", strcmp(d->status, "accepted") == 0);
	tval_str(tv, "reason", strcmp(d->status, "rejected") == 0 ?
	    d->reason : "");
	tval_str(tv, "link", arena_printf(r->a, "%s/portal/documents",
	    r->portal->url));
	return page_mail(r, "document-reviewed", d->customer_email, tv);
}

enum db_rc
docview_request_mail(struct req *r, const struct document_request *q)
{
	struct tval		*tv;
	enum db_rc		 rc;
	bool			 yes;

	if ((rc = wants_news(r, q->customer_id, q->customer_email, &yes)) !=
	    DB_OK || !yes)
		return rc;
	tv = tval_map(r->a);
	tval_str(tv, "name", q->customer);
	tval_str(tv, "title", q->title);
	tval_str(tv, "explanation", q->explanation);
	tval_str(tv, "link", arena_printf(r->a,
	    "%s/portal/documents/requests/%s", r->portal->url, q->pid));
	return page_mail(r, "document-requested", q->customer_email, tv);
}

enum page_rc
docview_request_form(struct req *r, const struct customer *c, int status,
    const char *title, const char *explanation, bool bad_title)
{
	view_customer(r->tv, c);
	tval_str(r->tv, "asked_for", title != NULL ? title : "");
	tval_str(r->tv, "explanation", explanation != NULL ? explanation : "");
	tval_bool(r->tv, "bad_title", bad_title);
	tval_int(r->tv, "title_max", DOCUMENT_TITLE_MAX);
	tval_int(r->tv, "explain_max", DOCUMENT_EXPLAIN_MAX);
	return page_render_status(r, status, "team-customer-document-request");
}

/* ------------------------------------------------------------ download */

/* The link's signature for this principal, document and expiry. */
static const char *
link_sig(struct req *r, const struct document *d, int64_t exp)
{
	uint8_t		 office[KEYRING_KEY_LEN], key[crypto_auth_hmacsha256_KEYBYTES];
	uint8_t		 mac[crypto_auth_hmacsha256_BYTES];
	const char	*msg;
	char		*out;
	size_t		 len;

	if (!docview_office_key(r, office))
		return NULL;
	crypto_generichash(key, sizeof(key), (const uint8_t *)"porch download",
	    14, office, sizeof(office));
	sodium_memzero(office, sizeof(office));
	msg = arena_printf(r->a, "%s\n%d:%s\n%" PRId64, d->pid,
	    (int)r->who.kind, r->who.pid, exp);
	crypto_auth_hmacsha256(mac, (const uint8_t *)msg, strlen(msg), key);
	sodium_memzero(key, sizeof(key));
	len = sodium_base64_ENCODED_LEN(sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	out = arena_alloc(r->a, len);
	sodium_bin2base64(out, len, mac, sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

bool
docview_valid_status_or_any(const char *s, size_t len)
{
	return len == 0 || document_status_valid(s, len);
}

bool
docview_valid_exp(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > 12)
		return false;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

enum page_rc
docview_link(struct req *r, const struct document *d, const char *base)
{
	int64_t		 exp = r->now + DOCVIEW_LINK_SECONDS;
	const char	*sig = link_sig(r, d, exp);

	if (sig == NULL)
		return page_status(r, 500);
	return page_redirect(r, arena_printf(r->a, "%s/%s/file?exp=%" PRId64
	    "&sig=%s", base, d->pid, exp, sig));
}

/* filename="..." (ASCII, others as '_') and filename*=UTF-8''... */
static const char *
disposition(struct arena *a, const char *name)
{
	static const char	 hex[] = "0123456789ABCDEF";
	struct buf		 b;
	const unsigned char	*p;

	buf_init(&b, a);
	buf_puts(&b, "attachment; filename=\"");
	for (p = (const unsigned char *)name; *p != '\0'; p++)
		buf_putc(&b, *p < 0x20 || *p >= 0x7f || *p == '"' ||
		    *p == '\\' ? '_' : (char)*p);
	buf_puts(&b, "\"; filename*=UTF-8''");
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p) !=
		    NULL)
			buf_putc(&b, (char)*p);
		else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*p >> 4]);
			buf_putc(&b, hex[*p & 15]);
		}
	}
	return buf_cstr(&b);
}

/* "bytes=a-b", "bytes=a-", "bytes=-n" against size: 1 with the first and
 * last byte, 0 for none or one not understood (the whole file), -1 for
 * one that cannot be met (416). */
static int
range_of(const char *h, uint64_t size, uint64_t *first, uint64_t *last)
{
	char			*end;
	unsigned long long	 a, b;

	if (strncmp(h, "bytes=", 6) != 0 || strchr(h, ',') != NULL)
		return 0;
	h += 6;
	if (*h == '-') {
		b = strtoull(h + 1, &end, 10);
		if (end == h + 1 || *end != '\0')
			return 0;
		if (b == 0 || size == 0)
			return -1;
		*first = b >= size ? 0 : size - b;
		*last = size - 1;
		return 1;
	}
	if (*h < '0' || *h > '9')
		return 0;
	a = strtoull(h, &end, 10);
	if (*end++ != '-')
		return 0;
	b = *end == '\0' ? a : strtoull(end, &end, 10);
	if (*end != '\0' || b < a)
		return 0;
	if (a >= size)
		return -1;
	if (*(end - 1) == '-')
		b = size - 1;
	*first = a;
	*last = b >= size ? size - 1 : b;
	return 1;
}

/* Sends the file as it is read ahead, unless the request wants no body. */
static bool
dl_write(struct req *r, void *arg, bool write)
{
	struct docstore_ahead	*ah = arg;
	const void		*p;
	size_t			 n;
	bool			 ok = true;

	while (write && ok) {
		/* a chunk that does not open cuts the response short */
		if (docstore_ahead_next(ah, &p, &n) != SEALED_OK)
			ok = false;
		else if (n == 0)
			break;
		else
			ok = page_stream_write(r, p, n);
	}
	docstore_ahead_free(ah);
	return ok;
}

/* Opens the document's file under its key. */
static struct sealed_reader *
open_file(struct req *r, const struct document *d)
{
	uint8_t			 office[KEYRING_KEY_LEN], key[KEYRING_KEY_LEN];
	struct sealed_reader	*rd = NULL;
	enum sealed_rc		 src;
	bool			 ok;

	if (!docview_office_key(r, office))
		return NULL;
	ok = document_key(r->db, r->a, office, d, key) == DB_OK;
	sodium_memzero(office, sizeof(office));
	if (ok)
		rd = docstore_open(docupload_dir(r), d->stored_name, key, &src);
	sodium_memzero(key, sizeof(key));
	if (rd == NULL)
		log_err("document %s cannot be opened", d->pid);
	return rd;
}

enum page_rc
docview_serve(struct req *r, const struct document *d, const char *exp,
    const char *sig)
{
	struct sealed_reader	*rd;
	const char		*want;
	uint64_t		 size, len, first = 0, last;
	int64_t			 t = exp != NULL ? strtoll(exp, NULL, 10) : 0;
	int			 rg;

	if (exp == NULL || sig == NULL)
		return page_status(r, 404);
	want = link_sig(r, d, t);
	if (want == NULL || !crypto_equal(sig, strlen(sig), want, strlen(want)))
		return page_status(r, 404);
	if (t < r->now || t > r->now + DOCVIEW_LINK_SECONDS)
		return page_status(r, 410);
	if ((rd = open_file(r, d)) == NULL)
		return page_status(r, 500);
	size = sealed_size(rd);
	last = size > 0 ? size - 1 : 0;
	rg = range_of(page_request_header(r, "HTTP_RANGE"), size, &first,
	    &last);
	page_header(r, "Accept-Ranges", "bytes");
	if (rg < 0) {
		docstore_reader_free(rd);
		page_header(r, "Content-Range", arena_printf(r->a,
		    "bytes */%" PRIu64, size));
		return page_status(r, 416);
	}
	if (rg > 0) {
		r->status = 206;
		page_header(r, "Content-Range", arena_printf(r->a,
		    "bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, first, last,
		    size));
	} else
		r->status = 200;
	if (sealed_seek(rd, first) != SEALED_OK) {
		docstore_reader_free(rd);
		return page_status(r, 500);
	}
	len = size == 0 ? 0 : last - first + 1;
	r->content_type = d->type;
	r->sandbox = true;
	page_header(r, "Content-Disposition", disposition(r->a,
	    d->display_name));
	return page_stream(r, len, dl_write, docstore_ahead_new(rd, len));
}
