/*
 * arena: a chunked bump allocator for per-request memory.
 *
 * Memory is handed out from the current chunk by moving an offset; when it
 * does not fit, a new chunk is added, each new one twice the last (up to a
 * cap), so a large response costs a few mallocs rather than many.  An
 * allocation too big to share a chunk gets a chunk of its own and leaves
 * the current chunk in place, so its free space is not wasted.
 *
 * Invariants: every pointer handed out is 16-byte aligned, and zeroed
 * (arena_alloc) or written up to the NUL it ends with (the string
 * functions, whose copies are most of a page's allocations); the first
 * chunk lives as long as the arena and is the only one arena_reset()
 * keeps; `used` is the sum of the sizes asked for since the last reset.
 *
 * It deliberately has no per-allocation free and no realloc: a request
 * gives everything back at once.  Out of memory is not reported to the
 * caller: the process logs one line and aborts.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "log.h"

#define ARENA_ALIGN	16
#define ARENA_MIN	256		/* smallest first chunk */
#define ARENA_GROW_MIN	4096		/* smallest chunk added on growth */
#define ARENA_GROW_MAX	(1024 * 1024)	/* growth stops doubling here */
#define BUF_MIN		64		/* first capacity of a buf */

/* The header is padded so the data after it stays 16-byte aligned. */
struct chunk {
	struct chunk	*next;
	size_t		 size;		/* usable bytes after the header */
	size_t		 off;		/* bytes of it in use */
	size_t		 pad;
};

struct arena {
	struct chunk	*first;		/* kept by arena_reset() */
	struct chunk	*cur;		/* where small allocations go */
	struct chunk	*more;		/* every other chunk, newest first */
	size_t		 grow;		/* size of the next regular chunk */
	size_t		 used;
};

_Static_assert(sizeof(struct chunk) % ARENA_ALIGN == 0,
    "chunk header must keep data aligned");

static _Noreturn void
arena_oom(size_t n)
{
	log_err("arena: out of memory allocating %zu bytes", n);
	abort();
}

void *
heap_zalloc(size_t n)
{
	void	*p;

	if ((p = calloc(1, n)) == NULL)
		arena_oom(n);
	return p;
}

static size_t
round_up(size_t n)
{
	if (n > SIZE_MAX - (ARENA_ALIGN - 1))
		arena_oom(n);
	return (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

static unsigned char *
chunk_data(struct chunk *c)
{
	return (unsigned char *)(c + 1);
}

/* A chunk of `size` usable bytes; size is a multiple of ARENA_ALIGN. */
static struct chunk *
chunk_new(size_t size)
{
	struct chunk	*c;

	if (size > SIZE_MAX - sizeof(*c))
		arena_oom(size);
	if ((c = aligned_alloc(ARENA_ALIGN, sizeof(*c) + size)) == NULL)
		arena_oom(size);
	c->next = NULL;
	c->size = size;
	c->off = 0;
	c->pad = 0;
	return c;
}

static size_t
grow_start(const struct arena *a)
{
	return a->first->size > ARENA_GROW_MIN ? a->first->size :
	    ARENA_GROW_MIN;
}

struct arena *
arena_new(size_t first)
{
	struct arena	*a;

	if ((a = malloc(sizeof(*a))) == NULL)
		arena_oom(sizeof(*a));
	a->first = chunk_new(round_up(first < ARENA_MIN ? ARENA_MIN : first));
	a->cur = a->first;
	a->more = NULL;
	a->used = 0;
	a->grow = grow_start(a);
	return a;
}

static void
free_more(struct arena *a)
{
	struct chunk	*c, *next;

	for (c = a->more; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->more = NULL;
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	free_more(a);
	free(a->first);
	free(a);
}

void
arena_reset(struct arena *a)
{
	free_more(a);
	a->first->off = 0;
	a->cur = a->first;
	a->used = 0;
	a->grow = grow_start(a);
}

size_t
arena_used(const struct arena *a)
{
	return a->used;
}

static void
link_more(struct arena *a, struct chunk *c)
{
	c->next = a->more;
	a->more = c;
}

/*
 * Room for `n` (rounded) bytes.  A block bigger than a quarter of a regular
 * chunk would waste too much of one, so it is given its own.
 */
static void *
take(struct arena *a, size_t n)
{
	struct chunk	*c;

	c = a->cur;
	if (c->size - c->off < n) {
		if (n > a->grow / 4) {
			c = chunk_new(n);
			link_more(a, c);
		} else {
			c = chunk_new(a->grow);
			link_more(a, c);
			a->cur = c;
			if (a->grow < ARENA_GROW_MAX)
				a->grow *= 2;
		}
	}
	c->off += n;
	return chunk_data(c) + c->off - n;
}

/* Memory not zeroed: a buf's storage, whose bytes past its length are
 * never read, so a page of output is not cleared as it grows, and the
 * copies of strings, written whole. */
static void *
alloc_raw(struct arena *a, size_t n)
{
	void	*p;

	p = take(a, round_up(n == 0 ? 1 : n));
	a->used += n;
	return p;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	size_t	 rounded;
	void	*p;

	/* Size 0 still gets a distinct block, as malloc's callers expect. */
	rounded = round_up(n == 0 ? 1 : n);
	p = take(a, rounded);
	memset(p, 0, rounded);
	a->used += n;
	return p;
}

char *
arena_cat(struct arena *a, ...)
{
	va_list		 ap;
	const char	*s;
	char		*p, *at;
	size_t		 n = 0, len;

	va_start(ap, a);
	while ((s = va_arg(ap, const char *)) != NULL) {
		if ((len = strlen(s)) >= SIZE_MAX - n)
			arena_oom(len);
		n += len;
	}
	va_end(ap);
	at = p = alloc_raw(a, n + 1);
	va_start(ap, a);
	while ((s = va_arg(ap, const char *)) != NULL) {
		len = strlen(s);
		memcpy(at, s, len);
		at += len;
	}
	va_end(ap);
	*at = '\0';
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	n = strnlen(s, n);
	if (n == SIZE_MAX)
		arena_oom(n);
	/* not cleared first: every byte is written */
	p = alloc_raw(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, SIZE_MAX - 1);
}

/* Formats straight into the current chunk's free space, and only when
 * that is too small a second time, into a block of the length the first
 * attempt measured: pages format times and links by the dozen. */
char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	struct chunk	*c = a->cur;
	char		*p = (char *)chunk_data(c) + c->off;
	size_t		 room = c->size - c->off, n;
	va_list		 copy;
	int		 len;

	va_copy(copy, ap);
	len = vsnprintf(p, room, fmt, copy);
	va_end(copy);
	if (len < 0) {
		/* Only a bad format or wide conversion gets here. */
		log_err("arena: vsnprintf failed for \"%s\"", fmt);
		return arena_alloc(a, 1);
	}
	if ((size_t)len < room) {
		n = round_up((size_t)len + 1);
		memset(p + len, 0, n - (size_t)len);
		c->off += n;
		a->used += (size_t)len + 1;
		return p;
	}
	p = arena_alloc(a, (size_t)len + 1);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void
buf_init(struct buf *b, struct arena *a)
{
	b->a = a;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

/* Makes room for `n` more bytes and the NUL, doubling the capacity. */
void
buf_reserve(struct buf *b, size_t n)
{
	size_t	 need, cap;
	char	*p;

	if (n > SIZE_MAX - b->len - 1)
		arena_oom(n);
	need = b->len + n + 1;
	if (need <= b->cap)
		return;
	cap = b->cap == 0 ? BUF_MIN : b->cap;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			arena_oom(need);
		cap *= 2;
	}
	p = alloc_raw(b->a, cap);
	if (b->len > 0)
		memcpy(p, b->data, b->len);
	b->data = p;
	b->cap = cap;
}

void
buf_add_grow(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0) {
		log_err("buf: vsnprintf failed for \"%s\"", fmt);
		return;
	}
	buf_reserve(b, (size_t)len);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)len + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)len;
}

const char *
buf_cstr(struct buf *b)
{
	return b->data == NULL ? "" : b->data;
}

void
buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void *
arena_grow(struct arena *a, void *v, size_t n, size_t size)
{
	void	*nv;

	if (n != 0 && (n & (n - 1)) != 0)
		return v;
	if (n > SIZE_MAX / 2 / size) {
		log_err("arena: array of %zu elements is too large", n);
		abort();
	}
	nv = arena_alloc(a, (n == 0 ? 4 : 2 * n) * size);
	if (n != 0)
		memcpy(nv, v, n * size);
	return nv;
}
