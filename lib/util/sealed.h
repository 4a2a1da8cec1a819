/*
 * sealed: documents encrypted at rest (libsodium secretstream), written as
 * a stream and read back from any offset.
 *
 * A sealed file is an 8-byte magic ("PORCHSF" and a version byte) and then
 * chunks.  Each chunk holds SEALED_CHUNK bytes of plaintext (the last one
 * fewer, possibly none) and is one crypto_secretstream_xchacha20poly1305
 * stream of one message: its 24-byte header, then the message with its
 * 17 bytes of tag and MAC.  Chunk i is sealed under its own key, derived
 * from the document key with crypto_kdf (subkey id i), so a chunk cannot
 * be moved, and a reader can start at the chunk that holds a Range's first
 * byte without reading what comes before.  Every chunk is tagged MESSAGE
 * but the last, tagged FINAL: a file cut at a chunk boundary has no FINAL
 * and is refused as truncated; a file cut inside a chunk, altered, or read
 * with another key fails authentication.  The magic is the associated data
 * of every chunk.
 *
 * The plaintext size follows from the file's size (every chunk but the
 * last is full): the length is the one thing a sealed file shows.  Memory
 * is two chunk buffers per writer or reader (about 128 KiB, from the
 * heap), whatever the document's size.
 *
 * This module does no file naming, directories or key storage: docstore.h
 * places sealed files in an office's store, keyring.h makes and wraps the
 * keys.
 */
#ifndef PORCH_SEALED_H
#define PORCH_SEALED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SEALED_KEY_LEN		32		/* bytes of a document key */
#define SEALED_CHUNK		(64 * 1024)	/* plaintext bytes per chunk */
#define SEALED_MAGIC_LEN	8
#define SEALED_OVERHEAD		41		/* bytes each chunk adds */
/* The sealed bytes of n bytes of plaintext in whole chunks. */
#define SEALED_CHUNKS_LEN(n)	((n) / SEALED_CHUNK * \
				    (SEALED_CHUNK + SEALED_OVERHEAD))

enum sealed_rc {
	SEALED_OK,
	SEALED_IO,		/* a system call failed (logged with errno) */
	SEALED_NOT_FOUND,	/* no such stored file (docstore) */
	SEALED_NOT_SEALED,	/* not a sealed file, or another version */
	SEALED_TRUNCATED,	/* the file ends before its FINAL chunk */
	SEALED_TAMPERED,	/* a chunk does not authenticate: damaged,
				   altered, or another key */
	SEALED_RANGE,		/* an offset past the end */
	SEALED_RC__MAX
};

struct sealed_writer;
struct sealed_reader;

/* The size of the sealed file that holds `size` bytes of plaintext. */
uint64_t	 sealed_file_size(uint64_t size);

/* Where chunk i begins in a sealed file. */
uint64_t	 sealed_chunk_at(uint64_t i);

/*
 * A writer that seals into fd (open for writing, empty) under key, having
 * written the magic; NULL (logged) when that write fails.  Each chunk is
 * written at its place (pwrite), so the descriptor's offset is not used.
 * The caller owns fd and closes it after sealed_writer_free.
 */
struct sealed_writer	*sealed_writer_new(int fd,
			    const uint8_t key[SEALED_KEY_LEN])
			    __attribute__((warn_unused_result));
/* Seals the next n bytes; full chunks are written as they fill. */
enum sealed_rc	 sealed_write(struct sealed_writer *, const void *, size_t)
		    __attribute__((warn_unused_result));
/*
 * Sealing on several threads.  sealed_writer_skip passes over the
 * writer's next n bytes, a whole number of chunks, between whole chunks
 * (nothing held from sealed_write): *first is the index of their first
 * chunk, and sealed_write goes on after them; false when the writer is
 * not between chunks or failed.  sealed_write_at then seals those bytes,
 * plain[0, n), as the chunks first, first + 1, ... in b, a block of the
 * calling thread's own from sealed_block_new (n at most its size), and
 * writes them at their place: it reads only the writer's key and
 * descriptor, so threads may seal chunks of their own at once.  All of
 * them must be done before sealed_writer_finish.
 */
struct sealed_block;

bool		 sealed_writer_skip(struct sealed_writer *, size_t n,
		    uint64_t *first) __attribute__((warn_unused_result));
/* A thread's buffer and cipher state for sealing up to n bytes (a whole
 * number of chunks) at once; aborts when out of memory. */
struct sealed_block	*sealed_block_new(size_t n);
void		 sealed_block_free(struct sealed_block *);
enum sealed_rc	 sealed_write_at(const struct sealed_writer *, uint64_t first,
		    const void *plain, size_t n, struct sealed_block *)
		    __attribute__((warn_unused_result));
/* Writes the last chunk (tagged FINAL); *size is the plaintext written.
 * It does not fsync: docstore does, before it checks. */
enum sealed_rc	 sealed_writer_finish(struct sealed_writer *, uint64_t *size)
		    __attribute__((warn_unused_result));
/* After sealed_writer_finish and the caller's fsync: checks that fd (the
 * file written, opened again by its name) is the file this writer
 * finished, as a reader sees it: it opens with the writer's key, ends with
 * its final chunk, and holds exactly the plaintext's length.  SEALED_OK,
 * or the reader's refusal (SEALED_TRUNCATED for a length that differs).
 * The chunks between are not read again: after a successful fsync a read
 * comes from the page cache, which holds what write() accepted, so
 * reading them back would prove only what write()'s results already did;
 * each chunk is authenticated whenever it is read. */
enum sealed_rc	 sealed_writer_check(struct sealed_writer *, int fd)
		    __attribute__((warn_unused_result));
/* Wipes the key and buffers and frees the writer (NULL is fine). */
void		 sealed_writer_free(struct sealed_writer *);

/*
 * A reader of the sealed file open on fd (read with pread, so the fd's
 * offset is not used) under key, positioned at plaintext offset 0.  It
 * checks the magic and the file's length and authenticates the last
 * chunk, so a truncated file or a wrong key is refused here, before any
 * byte is served.  NULL with *rc set when not; the caller owns fd.
 */
struct sealed_reader	*sealed_reader_new(int fd,
			    const uint8_t key[SEALED_KEY_LEN], enum sealed_rc *rc)
			    __attribute__((warn_unused_result));
/* A second reader of the same file on the same descriptor, at the same
 * offset, with buffers of its own: two threads can read one file at once,
 * each with its own reader.  Free it before the first. */
struct sealed_reader	*sealed_reader_dup(const struct sealed_reader *)
			    __attribute__((warn_unused_result));
/* The plaintext size (what Content-Length and Range are measured in). */
uint64_t	 sealed_size(const struct sealed_reader *);
/* The current plaintext offset. */
uint64_t	 sealed_tell(const struct sealed_reader *);
/* Moves to plaintext offset off (0..size): SEALED_OK or SEALED_RANGE.
 * The chunk holding it is read only when bytes are asked for. */
enum sealed_rc	 sealed_seek(struct sealed_reader *, uint64_t off);
/*
 * Up to n bytes of plaintext from the current offset into buf: *got is
 * what was read, less than n only at the end (0 there).  Each chunk is
 * authenticated before any of its bytes are given out; on an error *got
 * is 0, and a response already under way must be cut off, not completed.
 */
enum sealed_rc	 sealed_read(struct sealed_reader *, void *buf, size_t n,
		    size_t *got) __attribute__((warn_unused_result));
/* The descriptor the reader was made with. */
int		 sealed_reader_fd(const struct sealed_reader *);
/* Wipes the key and buffers and frees the reader (NULL is fine); the
 * descriptor stays open. */
void		 sealed_reader_free(struct sealed_reader *);

/* A short English description for logs (never shown to users). */
const char	*sealed_strerror(enum sealed_rc);

#endif
