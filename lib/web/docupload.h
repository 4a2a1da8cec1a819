/*
 * docupload: receiving documents from a multipart form as the body
 * streams in.
 *
 * An upload page (struct page's .upload) calls docupload_receive instead
 * of reading declared fields.  The body is read from the request in
 * chunks and parsed (multipart.h); the form's "csrf" field must come
 * first and be the session's token, or nothing is stored.  Each file is
 * sealed into the office's store under a fresh key as it arrives
 * (docstore.h), its type read from its first bytes (filetype.h) and, when
 * porch.conf names a clamd, scanned as it streams (clamd.h).  Memory
 * stays flat whatever the size: one chunk, one sniff buffer, one sealed
 * writer.
 *
 * The limits are porch.conf's: upload_file_mb a file, upload_request_mb
 * the body, and the caller's quota the bytes all files may add.  A form
 * is taken whole or not at all: on any failure every file it stored is
 * removed before docupload_receive returns, and a failure after it (the
 * row's transaction) is the caller's docupload_discard.  The database is
 * not touched here: the caller pauses its transaction around the call
 * (page_tx_pause) and records the files after it.
 */
#ifndef PORCH_DOCUPLOAD_H
#define PORCH_DOCUPLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clamd.h"
#include "docstore.h"

struct arena;
struct req;
struct kvlist;

struct docupload_file {
	const char	*field;		/* the form field it came in */
	char		 name[DOCSTORE_NAME_LEN + 1];	/* the store's */
	uint8_t		 key[SEALED_KEY_LEN];	/* wiped by docupload_done */
	const char	*display_name;	/* cleaned (mp_display_name) */
	const char	*type;		/* from the bytes */
	uint64_t	 size;
	const char	*doc_pid;	/* the document's, once recorded */
};

struct docupload {
	struct docupload_file	*files;
	size_t			 nfiles;
	const struct kvlist	*fields;	/* the form's other fields */
	char			 sig[CLAMD_SIG_MAX];	/* INFECTED: what */
	const char		*refused;	/* TYPE, INFECTED: the file's
						   display name */
};

enum docupload_rc {
	DOCUPLOAD_OK,
	DOCUPLOAD_FORBIDDEN,	/* no CSRF token before the first file: 403 */
	DOCUPLOAD_BAD,		/* not a well-formed form, or cut off: 400 */
	DOCUPLOAD_TOO_LARGE,	/* a file or the body past its limit: 413 */
	DOCUPLOAD_QUOTA,	/* past what the customer may keep */
	DOCUPLOAD_EMPTY,	/* no file was chosen */
	DOCUPLOAD_TYPE,		/* a kind of file Porch does not keep */
	DOCUPLOAD_INFECTED,	/* clamd found something */
	DOCUPLOAD_UNSCANNED,	/* clamd could not scan: try again later */
	DOCUPLOAD_FAILED,	/* storing failed (logged): 500 */
};

/* Receives the form: at most max_files files, adding at most quota bytes
 * in all.  DOCUPLOAD_OK: *out holds the stored files (at least one). */
enum docupload_rc docupload_receive(struct req *, size_t max_files,
		    uint64_t quota, struct docupload *out)
		    __attribute__((warn_unused_result));
/* Removes the stored files (their rows did not commit) and wipes keys. */
void		 docupload_discard(struct req *, struct docupload *);
/* Wipes the keys once the rows hold them wrapped. */
void		 docupload_done(struct docupload *);
/* The office's file store directory (arena). */
const char	*docupload_dir(struct req *);
/*
 * Stores a document that is already in memory (len bytes at buf, named
 * display_name) the way a form's file is: sealed under a fresh key into
 * the store directory dir, its type read from its bytes and refused
 * (DOCUPLOAD_TYPE) when Porch does not keep that kind.  DOCUPLOAD_OK:
 * *out is the stored file, its key to be wiped (docupload_done) once
 * wrapped; else nothing is stored (DOCUPLOAD_FAILED logged).  For the
 * demo's seed and tools, which have no request to stream from.
 */
enum docupload_rc document_store_buffer(const char *dir, struct arena *,
		    const void *buf, size_t len, const char *display_name,
		    struct docupload_file *out)
		    __attribute__((warn_unused_result));

#endif
