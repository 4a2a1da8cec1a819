/*
 * clamd: scanning a file for malware with ClamAV's daemon while it
 * streams in.
 *
 * One scan is one connection to clamd speaking INSTREAM (the "z" form:
 * NUL-terminated command and reply): each piece of the file goes out as a
 * 4-byte big-endian length and the bytes, a zero length ends the file,
 * and clamd answers "stream: OK" or "stream: <signature> FOUND".  Pieces
 * are sent as the upload reads them, so the file is scanned while it is
 * sealed to disk and never held in memory.
 *
 * A scan has three outcomes and only CLAMD_CLEAN lets a file in: a file
 * that could not be scanned (clamd down, refusing, too slow, over its
 * StreamMaxLength, answering anything unexpected) is CLAMD_UNAVAILABLE,
 * and the page refuses the upload with "try again later"; it never
 * stores an unscanned file.  Every wait (connect, each send, the verdict)
 * is bounded by the timeout.
 *
 * clamd listens on a unix socket ("/run/clamav/clamd.ctl") or on TCP at a
 * numeric address ("127.0.0.1:3310", "[::1]:3310"); INSTREAM is not
 * encrypted, so TCP belongs on loopback.  Names are not resolved.
 */
#ifndef PORCH_CLAMD_H
#define PORCH_CLAMD_H

#include <stdbool.h>
#include <stddef.h>

#define CLAMD_SIG_MAX	128	/* bytes of a signature name, with NUL */

enum clamd_rc {
	CLAMD_CLEAN,		/* scanned, nothing found */
	CLAMD_INFECTED,		/* scanned, a signature matched */
	CLAMD_UNAVAILABLE,	/* not scanned: refuse the file */
	CLAMD_RC__MAX
};

struct clamd;

/* True when `where` is an address clamd_open accepts (for config checks). */
bool		 clamd_where_ok(const char *where);
/*
 * Starts a scan at `where`, each wait bounded by timeout_ms.  Always
 * returns a scan (the caller frees it); when clamd cannot be reached the
 * failure is logged, clamd_send returns false and clamd_finish
 * CLAMD_UNAVAILABLE, so a page may stop reading the upload at once.
 */
struct clamd	*clamd_open(const char *where, int timeout_ms)
		    __attribute__((returns_nonnull));
/* Sends the next n bytes of the file: false once the scan has failed
 * (logged), which is final. */
bool		 clamd_send(struct clamd *, const void *, size_t);
/* Ends the file and waits for the verdict.  On CLAMD_INFECTED, sig holds
 * the signature's name (printable ASCII, for the log and the team, never
 * the uploader's words). */
enum clamd_rc	 clamd_finish(struct clamd *, char sig[CLAMD_SIG_MAX])
		    __attribute__((warn_unused_result));
/* Closes the connection and frees the scan (NULL is fine). */
void		 clamd_free(struct clamd *);

#endif
