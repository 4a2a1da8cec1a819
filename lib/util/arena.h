/*
 * arena: per-request memory.
 *
 * Everything a request allocates comes from one arena and goes with it:
 * arena_reset() at the start of the next request gives it all back at once,
 * keeping the first chunk so a long-running FastCGI process does not return
 * to malloc on every request.  Allocation never fails: on out-of-memory the
 * process logs and aborts (the supervisor restarts it), which is the only
 * place library code may end the process.
 *
 * struct buf is a growable byte string whose storage lives in an arena.
 */
#ifndef PORCH_ARENA_H
#define PORCH_ARENA_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct arena;

/* A new arena whose first chunk holds at least `first` bytes; caller owns it. */
struct arena	*arena_new(size_t first) __attribute__((warn_unused_result));
void		 arena_free(struct arena *);
/* n zeroed bytes from the heap (free them with free()), for what outlives
 * a request's arena: a store's upload, a ring, a reader.  Logs and aborts
 * when out of memory, as the arena does. */
void		*heap_zalloc(size_t n) __attribute__((malloc, returns_nonnull));
/* Frees every allocation; keeps the first chunk for reuse. */
void		 arena_reset(struct arena *);
/* Bytes handed out since the last reset (for tests and the memory bench). */
size_t		 arena_used(const struct arena *);

/* Zeroed, 16-byte aligned memory valid until the next reset. */
void		*arena_alloc(struct arena *, size_t) __attribute__((malloc, returns_nonnull));
char		*arena_strdup(struct arena *, const char *) __attribute__((returns_nonnull));
char		*arena_strndup(struct arena *, const char *, size_t) __attribute__((returns_nonnull));
/* The strings up to a NULL one after another (a link and its query): what
 * arena_printf with only %s does, without parsing a format. */
char		*arena_cat(struct arena *, ...)
		    __attribute__((sentinel, returns_nonnull));
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3), returns_nonnull));
char		*arena_vprintf(struct arena *, const char *, va_list)
		    __attribute__((format(printf, 2, 0), returns_nonnull));
/* Room for element n of an arena array of `size`-byte elements that is
 * filled one by one: returns v itself, or a copy twice as large when n is
 * a power of two (or 0).  Use as v = arena_grow(a, v, n, sizeof(*v)). */
void		*arena_grow(struct arena *, void *v, size_t n, size_t size)
		    __attribute__((returns_nonnull));

struct buf {
	struct arena	*a;
	char		*data;	/* always NUL-terminated once anything is added */
	size_t		 len;
	size_t		 cap;
};

void		 buf_init(struct buf *, struct arena *);
/* Appends n bytes and keeps the NUL after them: inline while they fit,
 * since a page adds short pieces by the hundred; buf_add_grow makes
 * room first. */
void		 buf_add_grow(struct buf *, const void *, size_t);
static inline void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n > 0 && n < b->cap - b->len) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else
		buf_add_grow(b, p, n);
}
/* Room for n more bytes and the NUL after data[len], for a writer that
 * fills it itself and then moves len (and writes the NUL). */
void		 buf_reserve(struct buf *, size_t n);
void		 buf_puts(struct buf *, const char *);
void		 buf_putc(struct buf *, char);
void		 buf_printf(struct buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* The contents as a C string ("" when empty); valid until the arena resets. */
const char	*buf_cstr(struct buf *);
void		 buf_clear(struct buf *);

#endif
