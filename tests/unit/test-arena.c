/*
 * test-arena: the request arena, its growable buffers, and the log lines
 * that the arena's out-of-memory path (and everything else) writes.
 *
 * The arena's .c is included so the tests can see which chunk a block came
 * from; log has no test program of its own, so its format, truncation and
 * control-character handling are checked here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../lib/util/arena.c"
#include "log.h"

/* True when p lies inside chunk c's data. */
static int
in_chunk(const struct chunk *c, const void *p)
{
	const unsigned char	*d = (const unsigned char *)(c + 1);

	return (const unsigned char *)p >= d &&
	    (const unsigned char *)p < d + c->size;
}

static size_t
count_more(const struct arena *a)
{
	const struct chunk	*c;
	size_t			 n = 0;

	for (c = a->more; c != NULL; c = c->next)
		n++;
	return n;
}

static void
alloc_aligned_zeroed_counted(void **state)
{
	struct arena	*a;
	unsigned char	*p, *q;
	size_t		 i;

	a = arena_new(1024);
	assert_int_equal(arena_used(a), 0);
	p = arena_alloc(a, 10);
	q = arena_alloc(a, 3);
	assert_int_equal((uintptr_t)p % 16, 0);
	assert_int_equal((uintptr_t)q % 16, 0);
	assert_ptr_equal(q, p + 16);
	for (i = 0; i < 10; i++)
		assert_int_equal(p[i], 0);
	assert_int_equal(arena_used(a), 13);
	/* A zero-size block is still a block of its own. */
	p = arena_alloc(a, 0);
	q = arena_alloc(a, 0);
	assert_ptr_not_equal(p, q);
	assert_int_equal(arena_used(a), 13);
	arena_free(a);
	arena_free(NULL);
}

static void
growth_adds_chunks_and_keeps_data(void **state)
{
	struct arena	*a;
	unsigned char	*blocks[2000];
	size_t		 i, j;

	a = arena_new(256);
	for (i = 0; i < 2000; i++) {
		blocks[i] = arena_alloc(a, 100);
		assert_int_equal((uintptr_t)blocks[i] % 16, 0);
		memset(blocks[i], (int)(i & 0xff), 100);
	}
	/* 2000 * 112 bytes cannot fit in 256, nor in one doubled chunk. */
	assert_true(count_more(a) >= 2);
	assert_true(a->grow > ARENA_GROW_MIN);
	assert_true(a->grow <= ARENA_GROW_MAX);
	for (i = 0; i < 2000; i++)
		for (j = 0; j < 100; j++)
			assert_int_equal(blocks[i][j], i & 0xff);
	assert_int_equal(arena_used(a), 2000 * 100);
	arena_free(a);
}

static void
reset_keeps_first_chunk_only(void **state)
{
	struct arena	*a;
	struct chunk	*first;
	unsigned char	*p0, *p;
	size_t		 i;

	a = arena_new(512);
	first = a->first;
	p0 = arena_alloc(a, 32);
	memset(p0, 0xff, 32);
	for (i = 0; i < 100; i++)
		arena_alloc(a, 1000);
	assert_true(count_more(a) > 0);
	arena_reset(a);
	assert_ptr_equal(a->first, first);
	assert_ptr_equal(a->cur, first);
	assert_null(a->more);
	assert_int_equal(arena_used(a), 0);
	assert_int_equal(a->grow, ARENA_GROW_MIN);
	/* The first chunk is reused from its start, and zeroed again. */
	p = arena_alloc(a, 32);
	assert_ptr_equal(p, p0);
	for (i = 0; i < 32; i++)
		assert_int_equal(p[i], 0);
	arena_free(a);
}

static void
reset_cycles_do_not_grow(void **state)
{
	struct arena	*a;
	size_t		 round, i;

	a = arena_new(64 * 1024);
	for (round = 0; round < 200; round++) {
		arena_reset(a);
		for (i = 0; i < 50; i++)
			arena_alloc(a, 1000);
		/* 50 * 1008 bytes fit in the first chunk: no malloc at all. */
		assert_null(a->more);
		assert_int_equal(arena_used(a), 50 * 1000);
	}
	arena_free(a);
}

static void
large_block_gets_own_chunk(void **state)
{
	struct arena	*a;
	unsigned char	*small1, *big, *small2;
	struct chunk	*cur;

	a = arena_new(4096);
	small1 = arena_alloc(a, 16);
	cur = a->cur;
	big = arena_alloc(a, 1024 * 1024);
	assert_int_equal((uintptr_t)big % 16, 0);
	assert_false(in_chunk(a->first, big));
	assert_int_equal(count_more(a), 1);
	assert_int_equal(a->more->size, 1024 * 1024);
	assert_true(in_chunk(a->more, big));
	assert_int_equal(big[0], 0);
	assert_int_equal(big[1024 * 1024 - 1], 0);
	big[1024 * 1024 - 1] = 1;
	/* The current chunk stays current; its free space is still used. */
	assert_ptr_equal(a->cur, cur);
	small2 = arena_alloc(a, 16);
	assert_ptr_equal(small2, small1 + 16);
	assert_int_equal(arena_used(a), 32 + 1024 * 1024);
	arena_reset(a);
	assert_null(a->more);
	arena_free(a);
}

static void
first_chunk_at_least_requested(void **state)
{
	struct arena	*a;

	a = arena_new(0);
	assert_true(a->first->size >= ARENA_MIN);
	arena_free(a);
	a = arena_new(10000);
	assert_true(a->first->size >= 10000);
	/* Exactly the first chunk's size fits without a new chunk. */
	arena_alloc(a, a->first->size);
	assert_null(a->more);
	arena_alloc(a, 1);
	assert_non_null(a->more);
	arena_free(a);
}

static void
strings(void **state)
{
	struct arena	*a;
	const char	*s, *t, *u;
	char		*p;
	int		 i;

	a = arena_new(256);
	s = arena_strdup(a, "hello");
	assert_string_equal(s, "hello");
	assert_int_equal(arena_used(a), 6);
	assert_string_equal(arena_strndup(a, "hello", 3), "hel");
	assert_string_equal(arena_strndup(a, "hi", 10), "hi");
	assert_string_equal(arena_strndup(a, "", 0), "");
	assert_string_equal(arena_printf(a, "%s-%d-%zu", "x", -4, (size_t)7),
	    "x--4-7");
	s = arena_printf(a, "%0500d", 1);
	assert_int_equal(strlen(s), 500);
	assert_int_equal(s[499], '1');
	assert_string_equal(arena_printf(a, "%s", ""), "");
	assert_string_equal(arena_cat(a, "/team/inbox?kind=", "signup",
	    "&status=", "active", NULL), "/team/inbox?kind=signup&status=active");
	assert_string_equal(arena_cat(a, NULL), "");
	assert_string_equal(arena_cat(a, "", "x", "", NULL), "x");
	s = arena_cat(a, arena_printf(a, "%0300d", 1), arena_printf(a,
	    "%0300d", 2), NULL);
	assert_int_equal(strlen(s), 600);
	assert_int_equal(s[299], '1');
	assert_int_equal(s[599], '2');
	arena_free(a);

	/* Formatted in place: counted, aligned, and kept apart from what
	 * comes after it, also when it no longer fits the chunk's room. */
	a = arena_new(256);
	s = arena_printf(a, "%d", 12345);
	assert_int_equal(arena_used(a), 6);
	assert_int_equal((uintptr_t)s % 16, 0);
	p = arena_alloc(a, 32);
	assert_int_equal((uintptr_t)p % 16, 0);
	assert_true(p >= s + 6);
	for (i = 0; i < 32; i++)
		assert_int_equal(p[i], 0);
	memset(p, 'x', 32);
	assert_string_equal(s, "12345");
	t = arena_printf(a, "%0180d", 7);	/* 181 of the 208 bytes left */
	u = arena_printf(a, "%050d", 8);	/* does not fit the rest */
	assert_int_equal(strlen(t), 180);
	assert_int_equal(strlen(u), 50);
	assert_int_equal(t[179], '7');
	assert_int_equal(u[49], '8');
	assert_string_equal(s, "12345");
	assert_int_equal(arena_used(a), 6 + 32 + 181 + 51);
	arena_free(a);
}

static void
buf_grows_by_doubling(void **state)
{
	struct arena	*a;
	struct buf	 b;
	size_t		 i, caps[8], ncaps = 0;

	a = arena_new(256);
	buf_init(&b, a);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(b.len, 0);
	for (i = 0; i < 1000; i++) {
		buf_putc(&b, (char)('a' + i % 26));
		if (ncaps == 0 || caps[ncaps - 1] != b.cap) {
			assert_true(ncaps < 8);
			caps[ncaps++] = b.cap;
		}
	}
	assert_int_equal(ncaps, 5);
	assert_int_equal(caps[0], 64);
	for (i = 1; i < ncaps; i++)
		assert_int_equal(caps[i], caps[i - 1] * 2);
	assert_int_equal(b.len, 1000);
	assert_int_equal(strlen(buf_cstr(&b)), 1000);
	assert_int_equal(buf_cstr(&b)[999], 'a' + 999 % 26);
	arena_free(a);
}

static void
buf_contents(void **state)
{
	struct arena	*a;
	struct buf	 b;
	size_t		 cap;
	char		 big[300];

	a = arena_new(256);
	buf_init(&b, a);
	buf_puts(&b, "Status: ");
	buf_printf(&b, "%d %s", 404, "Not Found");
	buf_add(&b, "\r\n", 2);
	assert_string_equal(buf_cstr(&b), "Status: 404 Not Found\r\n");
	assert_int_equal(b.len, 23);
	buf_add(&b, "x\0y", 3);
	assert_int_equal(b.len, 26);
	assert_memory_equal(b.data + 23, "x\0y", 4);
	cap = b.cap;
	buf_clear(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, cap);
	assert_string_equal(buf_cstr(&b), "");
	/* A printf larger than the capacity grows the buffer first. */
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_printf(&b, "<%s>", big);
	assert_int_equal(b.len, 301);
	assert_int_equal(b.data[0], '<');
	assert_int_equal(b.data[300], '>');
	assert_int_equal(b.data[301], '\0');
	assert_int_equal(b.cap, 512);
	/* Adding nothing to an empty buf still makes a C string. */
	buf_init(&b, a);
	buf_add(&b, "", 0);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	arena_free(a);
}

/* Runs fn in a child with stderr on a pipe; returns its status and output. */
static int
run_child(void (*fn)(void), char *out, size_t outsz)
{
	int	 fds[2], status;
	pid_t	 pid;
	ssize_t	 n;
	size_t	 len = 0;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDERR_FILENO);
		fn();
		_exit(0);
	}
	close(fds[1]);
	while (len < outsz - 1 &&
	    (n = read(fds[0], out + len, outsz - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void
oom_child(void)
{
	struct arena	*a;

	a = arena_new(256);
	log_set_program("test-arena");
	arena_alloc(a, SIZE_MAX - 3);
}

static void
buf_oom_child(void)
{
	struct arena	*a;
	struct buf	 b;
	/* Hidden from the optimiser, which would warn about the memcpy
	 * that the abort makes unreachable. */
	volatile size_t	 huge = SIZE_MAX - 1;

	a = arena_new(256);
	buf_init(&b, a);
	buf_putc(&b, 'x');
	buf_add(&b, "", huge);
}

static void
out_of_memory_logs_and_aborts(void **state)
{
	char	 out[4096];
	int	 status;

	status = run_child(oom_child, out, sizeof(out));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_non_null(strstr(out, "porch: prog=test-arena req=- office=- "
	    "level=error arena: out of memory"));
	status = run_child(buf_oom_child, out, sizeof(out));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_non_null(strstr(out, "out of memory"));
}

/* Calls fn with stderr on a temporary file and returns what it wrote. */
static size_t
capture(void (*fn)(void), char *out, size_t outsz)
{
	FILE	*f;
	int	 saved;
	size_t	 n;

	assert_non_null(f = tmpfile());
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fileno(f), STDERR_FILENO);
	fn();
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	n = fread(out, 1, outsz - 1, f);
	out[n] = '\0';
	fclose(f);
	return n;
}

static void
log_plain(void)
{
	log_set_program("portal");
	log_set_request("r123", "acme");
	log_info("signed in customer=%d", 42);
	log_set_request(NULL, NULL);
	log_warn("slow");
	log_set_program(NULL);
	log_err("x");
}

static void
log_line_format(void **state)
{
	char	 out[8192];

	capture(log_plain, out, sizeof(out));
	assert_string_equal(out,
	    "porch: prog=portal req=r123 office=acme level=info "
	    "signed in customer=42\n"
	    "porch: prog=portal req=- office=- level=warn slow\n"
	    "porch: prog=- req=- office=- level=error x\n");
}

static void
log_forged(void)
{
	log_set_program("p");
	log_set_request("id\nx", "o\r");
	log_info("name=%s tab=%s del=%s", "evil\nporch: level=err forged",
	    "a\tb", "\x7f");
}

static void
log_control_characters_replaced(void **state)
{
	char	 out[8192];

	capture(log_forged, out, sizeof(out));
	assert_string_equal(out,
	    "porch: prog=p req=id?x office=o? level=info "
	    "name=evil?porch: level=err forged tab=a?b del=?\n");
}

static void
log_long(void)
{
	char	 big[5000];

	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	log_set_program("p");
	log_set_request("r", "o");
	log_err("%s", big);
	log_info("after");
}

static void
log_truncates_at_2k(void **state)
{
	char	 out[16384], *nl;
	size_t	 n;

	n = capture(log_long, out, sizeof(out));
	nl = strchr(out, '\n');
	assert_non_null(nl);
	/* The first line is exactly 2 KiB with its newline, then the next. */
	assert_int_equal(nl - out + 1, 2048);
	assert_int_equal(out[2046], 'm');
	assert_string_equal(nl + 1,
	    "porch: prog=p req=r office=o level=info after\n");
	assert_int_equal(n, 2048 + strlen(nl + 1));
}

static void
log_nothing(void)
{
	errno = EACCES;
	log_info("keeps errno");
	if (errno != EACCES)
		log_err("errno changed");
}

static void
log_keeps_errno(void **state)
{
	char	 out[1024];

	capture(log_nothing, out, sizeof(out));
	assert_null(strstr(out, "errno changed"));
	assert_non_null(strstr(out, "keeps errno\n"));
}

/* An array filled one by one keeps every element as it grows. */
static void
grow_keeps_elements(void **state)
{
	struct arena	*a = arena_new(128);
	int64_t		*v = NULL, *first;
	size_t		 n;

	for (n = 0; n < 1000; n++) {
		v = arena_grow(a, v, n, sizeof(*v));
		v[n] = (int64_t)n * 7;
		if (n == 0)
			first = v;
	}
	for (n = 0; n < 1000; n++)
		assert_int_equal(v[n], (int64_t)n * 7);
	assert_ptr_not_equal(v, first);
	/* Between powers of two the same array is handed back. */
	assert_ptr_equal(arena_grow(a, v, 1000, sizeof(*v)), v);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alloc_aligned_zeroed_counted),
		cmocka_unit_test(grow_keeps_elements),
		cmocka_unit_test(growth_adds_chunks_and_keeps_data),
		cmocka_unit_test(reset_keeps_first_chunk_only),
		cmocka_unit_test(reset_cycles_do_not_grow),
		cmocka_unit_test(large_block_gets_own_chunk),
		cmocka_unit_test(first_chunk_at_least_requested),
		cmocka_unit_test(strings),
		cmocka_unit_test(buf_grows_by_doubling),
		cmocka_unit_test(buf_contents),
		cmocka_unit_test(out_of_memory_logs_and_aborts),
		cmocka_unit_test(log_line_format),
		cmocka_unit_test(log_control_characters_replaced),
		cmocka_unit_test(log_truncates_at_2k),
		cmocka_unit_test(log_keeps_errno),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
