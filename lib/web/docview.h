/*
 * docview: what the document pages share.
 *
 * The template values of a document and of a document request; the
 * portal's documents page, which the upload actions render again with a
 * message when they refuse a file; storing an upload's files as rows
 * (docupload.h streams them in); and the two halves of a download: a
 * link of a few minutes bound to the signed-in principal, and serving the
 * file through it, decrypted as it streams, as an inert attachment with
 * Range support.  Who may see a document is document.h's: every function
 * here takes a document its data functions returned.
 */
#ifndef PORCH_DOCVIEW_H
#define PORCH_DOCVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "docupload.h"
#include "keyring.h"
#include "keyset.h"
#include "page.h"

struct customer;
struct document;
struct document_request;
struct tval;

/* Seconds a download link stands. */
#define DOCVIEW_LINK_SECONDS	300

/* The office key (from the master key file, read once per process);
 * false (logged) when it cannot be read. */
bool		 docview_office_key(struct req *, uint8_t out[KEYRING_KEY_LEN]);
/* A document's values in map: pid, name, type, size, status (view_status),
 * reason, created, created_iso, removes_on, removes_iso, customer,
 * customer_pid, project, request_title, is_project, and a project
 * document's sharing: shared (with the project's customers), shared_one
 * and shared_with (one customer's name), team_only. */
void		 docview_values(struct req *, struct tval *map,
		    const struct document *);
/* A document request's: pid, title, explanation, status, created,
 * updated, customer, customer_pid, open, fulfilled, cancelled and
 * document_pid (the document that answered it, or ""). */
void		 docview_request_values(struct req *, struct tval *map,
		    const struct document_request *);

/* Renders the signed-in customer's documents page (page `ks` of their
 * documents), with `status` (200, or 4xx after a refused upload) and the
 * refusal's notice (DOCUPLOAD_OK: none). */
enum page_rc	 docview_portal(struct req *, const struct keyset *,
		    int status, enum docupload_rc why,
		    const struct docupload *);

/* Renders the signed-in customer's page of their document request `rq`
 * (its title, explanation and status, and while it is open one upload
 * field, whatever the plan's uploads), with `status` and the refusal's
 * notice as docview_portal. */
enum page_rc	 docview_request_page(struct req *,
		    const struct document_request *rq, int status,
		    enum docupload_rc why, const struct docupload *);

/* An upload action's work: receives the form (docupload.h) within the
 * customer's quota and records each file as the signed-in customer's
 * document, answering the request `rq` (NULL: none, at most one file
 * then).  DOCUPLOAD_OK with the response to build left to the caller;
 * else *st is the status to answer with (the page renders it). */
enum docupload_rc docview_store(struct req *,
		    const struct document_request *rq, struct docupload *u,
		    int *st);

/* The same for the team's upload to the project of row id project_id:
 * at most ten files, recorded as the project's documents (team-only, kept
 * until deleted), uploaded by the signed-in member. */
enum docupload_rc docview_store_project(struct req *, int64_t project_id,
		    struct docupload *u, int *st);
/* The team's project page's documents: page `ks` (NULL: the first) of
 * the project's documents as "project_documents" (docview_values), its
 * pager, and the notice of a refused upload (DOCUPLOAD_OK: none). */
enum db_rc	 docview_project_values(struct req *, int64_t project_id,
		    const char *project_pid, const struct keyset *,
		    enum docupload_rc why, const struct docupload *);

/* 303 to the document's download link, for the signed-in principal,
 * standing DOCVIEW_LINK_SECONDS (base: "/portal/documents" or
 * "/team/documents"). */
enum page_rc	 docview_link(struct req *, const struct document *,
		    const char *base);
/* Serves the document through a link (exp, sig from its query): 404
 * when the link is not this principal's, edited or expired; else the
 * file, or the part a Range asks for, decrypted as it streams. */
enum page_rc	 docview_serve(struct req *, const struct document *,
		    const char *exp, const char *sig);
/* For the team's document pages: the document of the route's {id} for
 * the signed-in member into *d.  False when the answer is built already
 * (404 for an unknown id, or the failure page). */
bool		 docview_team_load(struct req *, struct document *);
/* Deletes the document, its key with it (the sweep removes its file), in
 * the audit log as the member's under its owner, customer or project. */
enum db_rc	 docview_delete(struct req *, const struct document *);
/* Queues the mail that tells a customer's document's customer its new
 * status (d as it is after the review, its reason shown when rejected),
 * when they want news (customer_prefs.updates); DB_OK when queued or
 * rightly skipped. */
enum db_rc	 docview_review_mail(struct req *, const struct document *);

/* Queues the mail that tells the customer of the open request `q` what
 * the office asks for, with a link (through sign-in) to the request's
 * page, when they want news (customer_prefs.updates); DB_OK when queued
 * or rightly skipped. */
enum db_rc	 docview_request_mail(struct req *,
		    const struct document_request *q);
/* Renders the team's form that asks customer c for a document, with
 * `status` and what was typed (NULL: nothing), bad_title saying the
 * title is missing or too long. */
enum page_rc	 docview_request_form(struct req *, const struct customer *c,
		    int status, const char *title, const char *explanation,
		    bool bad_title);

/* Whether s is a document's status or empty ("any"); a validator. */
bool		 docview_valid_status_or_any(const char *, size_t);
/* Whether s is a link's expiry (digits); a validator. */
bool		 docview_valid_exp(const char *, size_t);
/* The fields of a download link (docview_link), exp at i and sig at
 * i + 1, for the two programs that serve the file (customer and team). */
#define DOCVIEW_LINK_FIELDS(i)						\
	[i] = { "exp", docview_valid_exp, FIELD_STRICT, 12 },		\
	[(i) + 1] = { "sig", valid_token, FIELD_STRICT, 43 }

#endif
