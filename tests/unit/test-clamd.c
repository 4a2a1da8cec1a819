/*
 * test-clamd: the clamd INSTREAM client against a real clamd, which
 * tests/clamd/run starts with a test signature database (see there).
 *
 *   test-clamd running SOCKET HOST:PORT   clamd is up on both
 *   test-clamd stopped SOCKET HOST:PORT   clamd was there and is gone
 *
 * Running: a clean stream is clean over both sockets; the EICAR test file
 * is found whole (its MD5 signature) and inside other bytes sent in small
 * pieces (a body signature); a stream past clamd's StreamMaxLength, an
 * address where nothing listens, addresses that are not addresses and a
 * server that never answers are all unavailable, never clean.  Stopped:
 * both sockets are unavailable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "clamd.h"

#define TIMEOUT	20000	/* ms: a loaded CI machine is slow, not down */

static const char	*sock, *tcp;

/* The EICAR test file, in two halves so this source is not taken for it. */
static char	 eicar[80];

static void
make_eicar(void)
{
	snprintf(eicar, sizeof(eicar), "%s%s",
	    "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR",
	    "-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");
}

/* Scans head, then n filler bytes, then tail, in pieces of `piece`. */
static enum clamd_rc
scan(const char *where, const char *head, size_t n, const char *tail,
    size_t piece, char sig[CLAMD_SIG_MAX])
{
	struct clamd	*c = clamd_open(where, TIMEOUT);
	char		*filler = malloc(piece);
	enum clamd_rc	 rc;
	size_t		 i, take;
	bool		 ok;

	assert_non_null(filler);
	for (i = 0; i < piece; i++)
		filler[i] = "Porch test document, nothing to see. "[i % 37];
	ok = clamd_send(c, head, strlen(head));
	for (i = 0; ok && i < n; i += take) {
		take = n - i < piece ? n - i : piece;
		ok = clamd_send(c, filler, take);
	}
	if (ok)
		ok = clamd_send(c, tail, strlen(tail));
	rc = clamd_finish(c, sig);
	if (!ok)
		assert_int_equal(rc, CLAMD_UNAVAILABLE);
	clamd_free(c);
	free(filler);
	return rc;
}

static void
clean_streams_are_clean(void **state)
{
	char	 sig[CLAMD_SIG_MAX];

	assert_int_equal(scan(sock, "%PDF-1.4\n", 200000, "%%EOF\n", 4096,
	    sig), CLAMD_CLEAN);
	assert_string_equal(sig, "");
	assert_int_equal(scan(tcp, "", 100000, "", 777, sig), CLAMD_CLEAN);
	assert_int_equal(scan(sock, "", 0, "", 1, sig), CLAMD_CLEAN);
}

static void
eicar_is_found(void **state)
{
	char	 sig[CLAMD_SIG_MAX];

	assert_int_equal(scan(sock, eicar, 0, "", 1, sig), CLAMD_INFECTED);
	assert_non_null(strcasestr(sig, "eicar"));
	assert_int_equal(scan(tcp, eicar, 0, "", 1, sig), CLAMD_INFECTED);
	assert_non_null(strcasestr(sig, "eicar"));
}

static void
eicar_inside_a_stream_is_found(void **state)
{
	char	 sig[CLAMD_SIG_MAX];
	struct clamd *c = clamd_open(tcp, TIMEOUT);
	size_t	 i;

	/* the signature itself cut into 7-byte pieces */
	assert_true(clamd_send(c, "preamble ", 9));
	for (i = 0; i < strlen(eicar); i += 7)
		assert_true(clamd_send(c, eicar + i, strlen(eicar) - i < 7 ?
		    strlen(eicar) - i : 7));
	assert_true(clamd_send(c, " and more", 9));
	assert_int_equal(clamd_finish(c, sig), CLAMD_INFECTED);
	assert_string_equal(sig, "Porch.Test.Eicar-Inside.UNOFFICIAL");
	clamd_free(c);
	assert_int_equal(scan(sock, "", 150000, eicar, 1000, sig),
	    CLAMD_INFECTED);
}

static void
a_stream_past_the_limit_is_unavailable(void **state)
{
	char	 sig[CLAMD_SIG_MAX];

	/* clamd.conf says StreamMaxLength 1M */
	assert_int_equal(scan(sock, "", 3 * 1024 * 1024, "", 65536, sig),
	    CLAMD_UNAVAILABLE);
}

static void
nowhere_is_unavailable(void **state)
{
	static const char *const bad[] = { "", "localhost:3310", "127.0.0.1",
	    "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:33x", "relative.sock",
	    "[::1]", "999.0.0.1:3310" };
	char	 sig[CLAMD_SIG_MAX], path[256];
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(clamd_where_ok(bad[i]));
		assert_int_equal(scan(bad[i], "x", 0, "", 1, sig),
		    CLAMD_UNAVAILABLE);
	}
	assert_true(clamd_where_ok("[::1]:3310"));
	assert_true(clamd_where_ok(sock));
	assert_true(clamd_where_ok(tcp));
	snprintf(path, sizeof(path), "%s.none", sock);
	assert_int_equal(scan(path, "x", 0, "", 1, sig), CLAMD_UNAVAILABLE);
}

/* A server that accepts connections (in its backlog) and never answers. */
static void
a_silent_server_times_out(void **state)
{
	struct sockaddr_un	 un = { .sun_family = AF_UNIX };
	struct clamd		*c;
	char			 sig[CLAMD_SIG_MAX];
	time_t			 t0;
	int			 fd;

	snprintf(un.sun_path, sizeof(un.sun_path), "%s.silent", sock);
	unlink(un.sun_path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&un, sizeof(un)), 0);
	assert_int_equal(listen(fd, 4), 0);
	t0 = time(NULL);
	c = clamd_open(un.sun_path, 300);
	assert_true(clamd_send(c, "abc", 3));
	assert_int_equal(clamd_finish(c, sig), CLAMD_UNAVAILABLE);
	assert_false(clamd_send(c, "abc", 3));
	clamd_free(c);
	assert_true(time(NULL) - t0 < 5);
	close(fd);
	unlink(un.sun_path);
}

static void
a_stopped_clamd_is_unavailable(void **state)
{
	char	 sig[CLAMD_SIG_MAX];

	assert_int_equal(scan(sock, "clean", 0, "", 1, sig),
	    CLAMD_UNAVAILABLE);
	assert_int_equal(scan(tcp, "clean", 0, "", 1, sig),
	    CLAMD_UNAVAILABLE);
	assert_int_equal(scan(sock, eicar, 0, "", 1, sig), CLAMD_UNAVAILABLE);
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest running[] = {
		cmocka_unit_test(clean_streams_are_clean),
		cmocka_unit_test(eicar_is_found),
		cmocka_unit_test(eicar_inside_a_stream_is_found),
		cmocka_unit_test(a_stream_past_the_limit_is_unavailable),
		cmocka_unit_test(nowhere_is_unavailable),
		cmocka_unit_test(a_silent_server_times_out),
	};
	const struct CMUnitTest stopped[] = {
		cmocka_unit_test(a_stopped_clamd_is_unavailable),
	};

	if (argc != 4 || (strcmp(argv[1], "running") != 0 &&
	    strcmp(argv[1], "stopped") != 0)) {
		fprintf(stderr, "usage: test-clamd running|stopped SOCKET "
		    "HOST:PORT (see tests/clamd/run)\n");
		return 2;
	}
	sock = argv[2];
	tcp = argv[3];
	make_eicar();
	if (strcmp(argv[1], "running") == 0)
		return cmocka_run_group_tests_name("clamd running", running,
		    NULL, NULL);
	return cmocka_run_group_tests_name("clamd stopped", stopped, NULL,
	    NULL);
}
