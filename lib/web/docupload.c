/*
 * docupload: documents from a multipart form, sealed as they stream in
 * (docupload.h).
 *
 * The parser's callbacks drive one file at a time: on_file opens a put
 * in the store and a scan, on_data seals, scans and keeps the first
 * FILETYPE_SNIFF_LEN bytes for libmagic (judged as soon as that many
 * came, so a refused file stops the upload early), on_end judges the
 * type of a short file, waits for the verdict and commits the put.  A
 * callback that refuses records why and returns false, which stops the
 * parse; the rest of the body is then read and dropped, so the client is
 * answered rather than cut off.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "clamd.h"
#include "docstore.h"
#include "docupload.h"
#include "filetype.h"
#include "http.h"
#include "log.h"
#include "multipart.h"
#include "page.h"

#define READ_CHUNK	(64 * 1024)
#define CLAMD_TIMEOUT	30000	/* ms of each wait on clamd */

struct state {
	struct req		*r;
	struct docupload	*out;
	size_t			 max_files;
	uint64_t		 quota, used;
	bool			 csrf_ok;
	enum docupload_rc	 why;		/* set by a refusing callback */
	/* the file under way */
	struct docstore_put	*put;
	struct clamd		*scan;
	struct docupload_file	 cur;
	bool			 in_file, skip, judged;
	char			*sniff;
	size_t			 nsniff;
};

static struct filetype	*magic;

const char *
docupload_dir(struct req *r)
{
	return arena_printf(r->a, "%s/files", r->office->dir);
}

/* The type of the first bytes of a file, by libmagic (opened once). */
static const char *
type_of(struct arena *a, const void *buf, size_t n)
{
	if (magic == NULL && (magic = filetype_new()) == NULL)
		return NULL;
	return filetype_of(magic, a, buf, n);
}

static bool
refuse(struct state *st, enum docupload_rc why)
{
	st->why = why;
	return false;
}

static void
drop_current(struct state *st)
{
	docstore_put_free(st->put);
	st->put = NULL;
	clamd_free(st->scan);
	st->scan = NULL;
	sodium_memzero(st->cur.key, sizeof(st->cur.key));
	st->in_file = false;
}

static bool
on_field(void *arg, const char *name, const char *value, size_t len)
{
	struct state	*st = arg;

	if (strcmp(name, "csrf") == 0)
		st->csrf_ok = page_csrf_ok(st->r, value, len);
	return true;
}

static bool
on_file(void *arg, const struct mp_file *f)
{
	struct state	*st = arg;

	if (!st->csrf_ok)
		return refuse(st, DOCUPLOAD_FORBIDDEN);
	memset(&st->cur, 0, sizeof(st->cur));
	st->in_file = true;
	st->judged = false;
	st->nsniff = 0;
	/* a file input left empty: no name, and (so far) no bytes */
	st->skip = f->filename_len == 0;
	if (st->skip)
		return true;
	if (st->out->nfiles >= st->max_files)
		return refuse(st, DOCUPLOAD_TOO_LARGE);
	st->cur.field = arena_strdup(st->r->a, f->name);
	st->cur.display_name = mp_display_name(st->r->a, f->filename,
	    f->filename_len);
	randombytes_buf(st->cur.key, sizeof(st->cur.key));
	if ((st->put = docstore_put_new(docupload_dir(st->r), st->cur.key)) ==
	    NULL)
		return refuse(st, DOCUPLOAD_FAILED);
	if (*st->r->conf->clamd != '\0')
		st->scan = clamd_open(st->r->conf->clamd, CLAMD_TIMEOUT);
	return true;
}

/* Judges the file's type from the bytes kept so far. */
static bool
judge(struct state *st)
{
	const char	*type;

	st->judged = true;
	if ((type = type_of(st->r->a, st->sniff, st->nsniff)) == NULL)
		return refuse(st, DOCUPLOAD_FAILED);
	st->cur.type = type;
	if (!filetype_allowed(type)) {
		st->out->refused = st->cur.display_name;
		log_info("upload refused: type %s", type);
		return refuse(st, DOCUPLOAD_TYPE);
	}
	return true;
}

static bool
on_data(void *arg, const char *p, size_t n)
{
	struct state	*st = arg;
	size_t		 take;

	if (st->skip)
		return refuse(st, DOCUPLOAD_BAD);	/* bytes without a name */
	st->cur.size += n;
	if (st->used + st->cur.size > st->quota)
		return refuse(st, DOCUPLOAD_QUOTA);
	if (!st->judged) {
		take = FILETYPE_SNIFF_LEN - st->nsniff;
		take = take < n ? take : n;
		memcpy(st->sniff + st->nsniff, p, take);
		st->nsniff += take;
		if (st->nsniff == FILETYPE_SNIFF_LEN && !judge(st))
			return false;
	}
	if (docstore_put_write(st->put, p, n) != SEALED_OK)
		return refuse(st, DOCUPLOAD_FAILED);
	if (st->scan != NULL && !clamd_send(st->scan, p, n))
		return refuse(st, DOCUPLOAD_UNSCANNED);
	return true;
}

static bool
on_end(void *arg)
{
	struct state	*st = arg;
	uint64_t	 size;

	if (st->skip) {
		st->in_file = false;
		return true;
	}
	if (!st->judged && !judge(st))
		return false;
	if (st->scan != NULL) {
		switch (clamd_finish(st->scan, st->out->sig)) {
		case CLAMD_CLEAN:
			break;
		case CLAMD_INFECTED:
			st->out->refused = st->cur.display_name;
			log_warn("upload refused: clamd found %s", st->out->sig);
			return refuse(st, DOCUPLOAD_INFECTED);
		default:
			return refuse(st, DOCUPLOAD_UNSCANNED);
		}
		clamd_free(st->scan);
		st->scan = NULL;
	}
	if (docstore_put_commit(st->put, st->cur.name, &size) != SEALED_OK ||
	    size != st->cur.size)
		return refuse(st, DOCUPLOAD_FAILED);
	docstore_put_free(st->put);
	st->put = NULL;
	st->used += size;
	st->out->files = arena_grow(st->r->a, st->out->files, st->out->nfiles,
	    sizeof(*st->out->files));
	st->out->files[st->out->nfiles++] = st->cur;
	sodium_memzero(st->cur.key, sizeof(st->cur.key));
	st->in_file = false;
	return true;
}

static enum docupload_rc
mp_why(enum mp_rc rc)
{
	switch (rc) {
	case MP_FILE_TOO_LARGE:
	case MP_TOO_LARGE:
	case MP_TOO_MANY_PARTS:
		return DOCUPLOAD_TOO_LARGE;
	default:
		return DOCUPLOAD_BAD;
	}
}

/* Reads the body into the parser until it ends or the parse stops; the
 * rest of a stopped body is read and dropped. */
static enum mp_rc
feed_body(struct req *r, struct mp *mp)
{
	char		*chunk = arena_alloc(r->a, READ_CHUNK);
	enum mp_rc	 rc = MP_OK;
	long		 got;

	while ((got = r->io->read(r->io, chunk, READ_CHUNK)) > 0)
		if (rc == MP_OK)
			rc = mp_feed(mp, chunk, (size_t)got);
	if (rc == MP_OK)
		rc = mp_finish(mp);
	return rc;
}

enum docupload_rc
docupload_receive(struct req *r, size_t max_files, uint64_t quota,
    struct docupload *out)
{
	struct state		 st;
	struct mp_limits	 lim = mp_default_limits;
	struct mp_handler	 h = { on_field, on_file, on_data, on_end, &st };
	struct mp		*mp;
	enum mp_rc		 rc;

	memset(out, 0, sizeof(*out));
	memset(&st, 0, sizeof(st));
	st.r = r;
	st.out = out;
	st.max_files = max_files;
	st.quota = quota;
	st.sniff = arena_alloc(r->a, FILETYPE_SNIFF_LEN);
	lim.max_parts = max_files + 8;
	lim.max_file = (uint64_t)r->conf->upload_file_mb << 20;
	lim.max_total = (uint64_t)r->conf->upload_request_mb << 20;
	if ((mp = mp_new(r->a, page_request_header(r, "CONTENT_TYPE"), &lim, &h,
	    &rc)) == NULL)
		return DOCUPLOAD_FORBIDDEN;	/* no form, so no token */
	rc = feed_body(r, mp);
	out->fields = mp_fields(mp);
	if (st.in_file)
		drop_current(&st);
	if (!st.csrf_ok)
		st.why = DOCUPLOAD_FORBIDDEN;
	else if (rc == MP_OK && out->nfiles == 0)
		st.why = DOCUPLOAD_EMPTY;
	else if (rc != MP_OK && rc != MP_STOPPED)
		st.why = mp_why(rc);
	if (rc != MP_OK || st.why != DOCUPLOAD_OK) {
		docupload_discard(r, out);
		if (rc != MP_STOPPED && rc != MP_OK)
			log_info("upload refused: %s", mp_strerror(rc));
		return st.why != DOCUPLOAD_OK ? st.why : DOCUPLOAD_BAD;
	}
	return DOCUPLOAD_OK;
}

void
docupload_discard(struct req *r, struct docupload *u)
{
	size_t	 i;

	for (i = 0; i < u->nfiles; i++)
		if (docstore_remove(docupload_dir(r), u->files[i].name) !=
		    SEALED_OK)
			log_warn("a refused upload's file stays for the sweep");
	docupload_done(u);
	u->nfiles = 0;
}

void
docupload_done(struct docupload *u)
{
	size_t	 i;

	for (i = 0; i < u->nfiles; i++)
		sodium_memzero(u->files[i].key, sizeof(u->files[i].key));
}

enum docupload_rc
document_store_buffer(const char *dir, struct arena *a, const void *buf,
    size_t len, const char *display_name, struct docupload_file *out)
{
	memset(out, 0, sizeof(*out));
	out->field = "file";
	out->display_name = mp_display_name(a, display_name,
	    strlen(display_name));
	if ((out->type = type_of(a, buf, len < FILETYPE_SNIFF_LEN ? len :
	    FILETYPE_SNIFF_LEN)) == NULL)
		return DOCUPLOAD_FAILED;
	if (!filetype_allowed(out->type))
		return DOCUPLOAD_TYPE;
	randombytes_buf(out->key, sizeof(out->key));
	if (docstore_put_buffer(dir, out->key, buf, len, out->name) !=
	    SEALED_OK) {
		sodium_memzero(out->key, sizeof(out->key));
		log_err("a document could not be stored");
		return DOCUPLOAD_FAILED;
	}
	out->size = (uint64_t)len;
	return DOCUPLOAD_OK;
}
