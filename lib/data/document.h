/*
 * document: the office's documents and document requests, and the keys
 * that seal them.
 *
 * A document is a customer's upload (on its own, or answering a document
 * request) or a project document the team uploads.  Its bytes are in the
 * office's file store (docstore.h), sealed under a key of its own that
 * this module keeps wrapped by its owner's key (the customer's, or the
 * project's), itself wrapped by the office key (keyring.h).  Clearing an
 * owner's key, or deleting the owner, destroys every one of its
 * documents for good.
 *
 * Ownership is in the SQL: a customer reads their own documents and the
 * project documents shared with them (with every customer of the project
 * who has an appointment or a request on it, or with them alone); a
 * member of the office reads every one.  Another customer's document is
 * DB_NOTFOUND, like one that does not exist.  A customer reads and
 * answers only their own document requests.
 *
 * This module neither touches files nor sends mail: the caller removes a
 * deleted document's stored file after the transaction commits (the
 * store's sweep removes what a crash leaves), and queues the mail.
 */
#ifndef PORCH_DOCUMENT_H
#define PORCH_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "keyring.h"
#include "keyset.h"

struct arena;
struct principal;

struct document {
	int64_t		 id;		/* row id, for lib calls only */
	const char	*pid;
	const char	*source;	/* customer | request | project */
	const char	*status;	/* new | accepted | rejected */
	const char	*reason;	/* a rejection's, "" for none */
	int64_t		 customer_id;	/* the owning customer, or 0 */
	const char	*customer;	/* their name, or "" */
	const char	*customer_pid;	/* or "" */
	const char	*customer_email;	/* or "" */
	int64_t		 project_id;	/* the owning project, or 0 */
	const char	*project;	/* its title, or "" */
	const char	*project_pid;	/* or "" */
	const char	*request_pid;	/* the request it answers, or "" */
	const char	*request_title;	/* or "" */
	bool		 shared;	/* a project document the project's
					   customers see */
	const char	*shared_with_pid;	/* the one customer who sees
					   it, or "" */
	const char	*stored_name;	/* the store's name for the file */
	const char	*display_name;	/* cleaned, for display only */
	const char	*type;		/* MIME type, from the bytes */
	int64_t		 size;		/* bytes of plaintext */
	const uint8_t	*wrapped_key;
	size_t		 wrapped_len;
	int64_t		 created, updated, removes_at;
	const char	*shared_with_name;	/* or "" */
};

/* A document to record, its file already stored. */
struct document_new {
	const char	*pid;		/* document_pid_new's, wrapped into
					   the key's label */
	int64_t		 customer_id;	/* the owner: a customer, */
	int64_t		 project_id;	/* or a project (the other 0) */
	int64_t		 request_id;	/* the request it answers, or 0 */
	const uint8_t	*wrapped_key;	/* KEYRING_WRAPPED_LEN bytes */
	const char	*stored_name;
	const char	*display_name;
	const char	*type;
	int64_t		 size;
	int64_t		 uploaded_by;	/* a member's row id, or 0 */
	int64_t		 removes_at;
};

struct document_request {
	int64_t		 id;
	const char	*pid;
	const char	*title;
	const char	*explanation;
	const char	*status;	/* open | fulfilled | cancelled */
	int64_t		 customer_id;
	const char	*customer;
	const char	*customer_pid;
	const char	*customer_email;
	int64_t		 created, updated;
	const char	*document_pid;	/* the document that answered it,
					   or "" */
};

/* removes_at of a project document: the team keeps it until it deletes
 * it (31 December 9999, past every sweep). */
#define DOCUMENT_KEPT		INT64_C(253402300799)
#define DOCUMENT_REASON_MAX	1000	/* bytes of a rejection's reason */
#define DOCUMENT_TITLE_MAX	200	/* bytes of a request's title */
#define DOCUMENT_EXPLAIN_MAX	2000	/* bytes of its explanation */

/* A fresh public id for a document about to be stored. */
const char	*document_pid_new(struct arena *);
/* The key label of a document ("document:<pid>"), in the arena. */
const char	*document_key_label(struct arena *, const char *pid);

/*
 * The key of the customer (row id, public id) under the office key: made
 * and stored when they have none and `create` is true, else DB_NOTFOUND.
 * DB_ERR (logged) when the stored key does not unwrap.
 */
enum db_rc	 document_customer_key(struct db *, struct arena *,
		    const uint8_t office[KEYRING_KEY_LEN], int64_t customer_id,
		    bool create, uint8_t out[KEYRING_KEY_LEN]);
/* The same for a project's documents. */
enum db_rc	 document_project_key(struct db *, struct arena *,
		    const uint8_t office[KEYRING_KEY_LEN], int64_t project_id,
		    bool create, uint8_t out[KEYRING_KEY_LEN]);
/* The key that opens the document's file: its owner's key unwrapped,
 * then its own.  DB_NOTFOUND when the owner's key is gone (destroyed),
 * DB_ERR when a key does not unwrap (logged). */
enum db_rc	 document_key(struct db *, struct arena *,
		    const uint8_t office[KEYRING_KEY_LEN], const struct document *,
		    uint8_t out[KEYRING_KEY_LEN]);
/* Destroys the customer's key, and with it every document they own; the
 * rows go too (the stored files are the sweep's). */
enum db_rc	 document_shred_customer(struct db *, int64_t customer_id);

/* Records a stored document; the source follows from the owner and the
 * request. */
enum db_rc	 document_add(struct db *, const struct document_new *,
		    int64_t now);
/* Records a stored document whose file is sealed under `key`: the key is
 * wrapped by its owner's key (made when the owner has none yet) under
 * the document's label, n->pid (NULL: a fresh one, set) and
 * n->wrapped_key are the function's. */
enum db_rc	 document_add_sealed(struct db *, struct arena *,
		    const uint8_t office[KEYRING_KEY_LEN], struct document_new *n,
		    const uint8_t key[KEYRING_KEY_LEN], int64_t now);
/* The document of that public id if the principal may see it (see the
 * top of this file); DB_NOTFOUND otherwise. */
enum db_rc	 document_get(struct db *, struct arena *,
		    const struct principal *, const char *pid, struct document *);
/* For a member: the document of that public id when it is a document of
 * the project of row id project_id; DB_NOTFOUND otherwise (and for
 * anyone else). */
enum db_rc	 document_of_project_get(struct db *, struct arena *,
		    const struct principal *, int64_t project_id,
		    const char *pid, struct document *);
/* Bytes stored for the customer (their quota's use). */
enum db_rc	 document_bytes_of(struct db *, int64_t customer_id,
		    int64_t *bytes);
/* The page `ks` of the customer's own documents, newest first. */
enum db_rc	 document_of_customer(struct db *, struct arena *,
		    const struct principal *, const struct keyset *,
		    struct document **out, size_t *n, struct keyset_page *pg);
/* The project documents the customer may see, of the project of row id
 * project_id (0: of every project), newest first, at most `max`. */
enum db_rc	 document_shared_with(struct db *, struct arena *,
		    const struct principal *, int64_t project_id, size_t max,
		    struct document **out, size_t *n);
/* For the team: the page `ks` of every document of status `status` (""
 * any) of the customer of row id `customer_id` (0 any), newest first. */
enum db_rc	 document_list(struct db *, struct arena *, const char *status,
		    int64_t customer_id, const struct keyset *,
		    struct document **out, size_t *n, struct keyset_page *pg);
/* For the team: the page `ks` of a project's documents, newest first. */
enum db_rc	 document_of_project(struct db *, struct arena *,
		    int64_t project_id, const struct keyset *,
		    struct document **out, size_t *n, struct keyset_page *pg);
/* A member (NULL: the system, for the demo) sets a customer's document
 * accepted or rejected (with a reason, "" for none).  DB_CONFLICT for a
 * project document; DB_NOTFOUND for a principal who is not a member. */
enum db_rc	 document_review(struct db *, const struct principal *,
		    const struct document *, const char *status,
		    const char *reason, int64_t now);
/* Shares a project document with the project's customers (`all`), with
 * one customer (row id, 0: none), or with nobody (false, 0). */
enum db_rc	 document_share(struct db *, const struct document *, bool all,
		    int64_t customer_id, int64_t now);
/* Deletes the document's row (its key goes with it). */
enum db_rc	 document_delete(struct db *, const struct document *);
/* For the sweep: documents whose removes_at is past, at most `max`. */
enum db_rc	 document_expired(struct db *, struct arena *, int64_t now,
		    size_t max, struct document **out, size_t *n);
/* Whether the store's file name belongs to a document (for the store's
 * sweep: true when in doubt). */
bool		 document_stored(struct db *, const char *name);
/* Whether s is a status; usable as a validator.  Status i, or NULL. */
bool		 document_status_valid(const char *, size_t);
const char	*document_status_name(size_t i);

/* The team asks the customer of row id customer_id for a document:
 * `member` (NULL: the system, for the demo); DB_NOTFOUND for a principal
 * who is not a member. */
enum db_rc	 document_request_add(struct db *, struct arena *,
		    const struct principal *member, int64_t customer_id,
		    const char *title, const char *explanation, int64_t now,
		    const char **pid);
/* The request of that public id: a customer's own, any for a member. */
enum db_rc	 document_request_get(struct db *, struct arena *,
		    const struct principal *, const char *pid,
		    struct document_request *);
/* Marks an open request fulfilled (a document answered it) or cancelled
 * (by the member); DB_CONFLICT when it is not open. */
enum db_rc	 document_request_fulfil(struct db *,
		    const struct document_request *, int64_t now);
enum db_rc	 document_request_cancel(struct db *,
		    const struct principal *member,
		    const struct document_request *, int64_t now);
/* The open requests of the principal's own for a customer, or of the
 * customer of row id customer_id for a member, newest first, at most
 * `max`. */
enum db_rc	 document_request_open_of(struct db *, struct arena *,
		    const struct principal *, int64_t customer_id, size_t max,
		    struct document_request **out, size_t *n);
/* For the team: the page `ks` of every request (any status) of the
 * customer of row id customer_id, newest first. */
enum db_rc	 document_request_of_customer(struct db *, struct arena *,
		    int64_t customer_id, const struct keyset *,
		    struct document_request **out, size_t *n,
		    struct keyset_page *pg);

#endif
