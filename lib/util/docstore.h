/*
 * docstore: an office's encrypted file store, <state_dir>/offices/<id>/files/.
 *
 * Files are sealed (sealed.h) under their document key and named by the
 * server: 22 random base64url characters (a 128-bit id, like the public
 * ids), never anything the uploader chose.  A new file is written under a
 * temporary name (".tmp-" and an id) in the same directory, synced,
 * opened again and checked to be the file written (its key opens it, its
 * final chunk is there, its length is the one written: sealed.h), and
 * only then renamed to its name and the directory synced; the caller
 * commits the row that points to it after that (DESIGN: a stored file is
 * written, synced and verified before the row commits).  A failure at
 * any step leaves no named file.
 *
 * Files that no row points to (an upload whose transaction rolled back, a
 * crash between rename and commit, a document whose row was deleted) and
 * temporary files left by a crash are removed by docstore_sweep.
 *
 * The directory is made 0700 and files 0600, whatever the umask.  Memory
 * stays flat whatever the file size: a put holds one sealed writer and at
 * most three blocks of 256 KiB (a large file is sealed on a thread of its
 * own while the caller writes the next block), a reader one sealed reader.
 *
 * An upload program puts the modules together like this (mp_ multipart.h,
 * keyring_ keyring.h, filetype_ filetype.h, clamd_ clamd.h):
 *   - mp_new on CONTENT_TYPE with the page's limits (max_file from the
 *     plan), clamd_open; read stdin in chunks into mp_feed;
 *   - on_file: keyring_key_new for the document, docstore_put_new;
 *   - on_data: docstore_put_write and clamd_send (false: stop, 503 "try
 *     again later"); keep the first FILETYPE_SNIFF_LEN bytes aside and,
 *     once that many have come (or at on_end), refuse the file unless
 *     filetype_allowed(filetype_of(...));
 *   - on_end: clamd_finish must be CLAMD_CLEAN (INFECTED: refuse and log
 *     the signature), then docstore_put_commit gives the name and size;
 *   - mp_finish must be MP_OK; then one IMMEDIATE transaction inserts the
 *     row: name, size, type, mp_display_name of the filename, the
 *     document key wrapped by its owner's key (keyring_wrap, label
 *     "document:<public id>").  If anything after the commit fails,
 *     docstore_remove the name (the sweep would, later).
 * A download program unwraps the key, docstore_open's the row's name,
 * checks sealed_size against the row, and for "Range: bytes=a-b" does
 * sealed_seek(a) and sealed_read up to b; it always answers as an
 * attachment with the row's type and nosniff.
 */
#ifndef PORCH_DOCSTORE_H
#define PORCH_DOCSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sealed.h"

#define DOCSTORE_NAME_LEN	22	/* characters of a stored file's name */

struct docstore_put;

/*
 * Starts storing a new file in dir (the office's files directory, made
 * 0700 when missing; its parent must exist) sealed under key.  NULL (and
 * logged) when the directory or the temporary file cannot be made.
 */
struct docstore_put	*docstore_put_new(const char *dir,
			    const uint8_t key[SEALED_KEY_LEN])
			    __attribute__((warn_unused_result));
/* The next n bytes of the file's plaintext. */
enum sealed_rc	 docstore_put_write(struct docstore_put *, const void *,
		    size_t) __attribute__((warn_unused_result));
/*
 * Ends the file: the last block sealed, the sealing thread ended, the last
 * chunk, fsync, the check above (*size the plaintext's), a rename to a
 * fresh name (written to name, NUL-terminated) and an fsync of the
 * directory.  After
 * SEALED_OK the file exists under name; on any error there is none.
 */
enum sealed_rc	 docstore_put_commit(struct docstore_put *,
		    char name[DOCSTORE_NAME_LEN + 1], uint64_t *size)
		    __attribute__((warn_unused_result));
/* Frees the put; a file not committed is removed.  NULL is fine. */
void		 docstore_put_free(struct docstore_put *);

/*
 * Stores the n bytes of buf as a new file in dir sealed under key, all at
 * once (put_new, write, commit): its name into name.  For contents
 * already in memory (the demo's); an upload streams instead.
 */
enum sealed_rc	 docstore_put_buffer(const char *dir,
		    const uint8_t key[SEALED_KEY_LEN], const void *buf,
		    size_t n, char name[DOCSTORE_NAME_LEN + 1])
		    __attribute__((warn_unused_result));

/*
 * A reader of the stored file name in dir, under key (see
 * sealed_reader_new: the end of the file is authenticated here).  NULL
 * with *rc SEALED_NOT_FOUND for a name that is not a stored file's (never
 * a path) or no such file.  Free with docstore_reader_free, which also
 * closes the file.
 */
struct sealed_reader	*docstore_open(const char *dir, const char *name,
			    const uint8_t key[SEALED_KEY_LEN], enum sealed_rc *rc)
			    __attribute__((warn_unused_result));
void		 docstore_reader_free(struct sealed_reader *);

/*
 * Reads len bytes from rd's position ahead of the caller: from the first
 * docstore_ahead_next on, more than one block is decrypted by two
 * threads, each taking every other block through a ring of three blocks
 * of 256 KiB, while the caller sends the block before (a download then
 * takes the time of the slower of decrypting and sending, not of
 * both).  The ahead owns rd from here, and docstore_ahead_free frees it.
 */
struct docstore_ahead	*docstore_ahead_new(struct sealed_reader *rd,
			    uint64_t len) __attribute__((warn_unused_result));
/*
 * The next piece of plaintext in *p, *n bytes (0 at the end), valid until
 * the next call.  SEALED_OK, or the reader's error (a chunk that does not
 * authenticate, a file cut short), after which nothing more comes.
 */
enum sealed_rc	 docstore_ahead_next(struct docstore_ahead *, const void **p,
		    size_t *n) __attribute__((warn_unused_result));
/* Stops the reading, waits for its threads and frees the ahead and its
 * reader (NULL is fine). */
void		 docstore_ahead_free(struct docstore_ahead *);

/* Removes the stored file name from dir: SEALED_OK (also when it was
 * already gone), SEALED_NOT_FOUND for a name that is not a stored file's,
 * or SEALED_IO. */
enum sealed_rc	 docstore_remove(const char *dir, const char *name);

/* What a sweep did. */
struct docstore_sweep {
	size_t	 kept;		/* named files with a row, or too young */
	size_t	 removed;	/* named files without a row */
	size_t	 temps;		/* temporary files removed */
	size_t	 failed;	/* files that could not be removed (logged) */
};

/*
 * Removes from dir every temporary file, and every stored file for which
 * live(arg, name) is false, last modified more than `grace` seconds
 * before now; entries that are neither are left alone.  The grace spares
 * an upload in progress and a file renamed whose row is not committed
 * yet: give it more than the longest upload takes (an hour is plenty).
 * live runs once per stored file, outside any transaction of the store's;
 * it must answer true when in doubt (a database error).  A missing dir is
 * an empty store.  False (logged) when dir cannot be read.
 */
bool		 docstore_sweep(const char *dir,
		    bool (*live)(void *arg, const char *name), void *arg,
		    time_t now, time_t grace, struct docstore_sweep *out)
		    __attribute__((warn_unused_result));

#endif
