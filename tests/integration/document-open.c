/*
 * document-open: opens one stored document file with what the office
 * still holds (the master key, the office's database), for the
 * integration tests that show a file no longer opens once its owner's
 * key is gone.
 *
 *   document-open -c CONF [-o OFFICE] CUSTOMER_ID PID WRAPPED_HEX NAME
 *
 * The customer's key comes from the database under the office key, as
 * the download page takes it; it unwraps the document's key (WRAPPED_HEX,
 * the row's wrapped_key as the test saved it) and the file NAME of the
 * office's store is read with it to standard output.  Exits 0 when the
 * whole file was read, 3 when the customer has no key in the database, 1
 * on any other failure (a key that does not unwrap, a file that does not
 * authenticate).  It is a test tool: not installed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "arena.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "docstore.h"
#include "document.h"
#include "keyring.h"
#include "sealed.h"
#include "tenant.h"

static int
open_file(const struct config *cfg, const struct office *o, struct db *db,
    struct arena *a, char *argv[])
{
	uint8_t			 master[KEYRING_KEY_LEN], office[KEYRING_KEY_LEN];
	uint8_t			 owner[KEYRING_KEY_LEN], key[KEYRING_KEY_LEN];
	uint8_t			 wrapped[KEYRING_WRAPPED_LEN];
	struct sealed_reader	*rd;
	enum sealed_rc		 src;
	enum db_rc		 rc;
	char			 buf[64 * 1024];
	size_t			 wlen, got;
	bool			 ok;

	if (sodium_hex2bin(wrapped, sizeof(wrapped), argv[2], strlen(argv[2]),
	    NULL, &wlen, NULL) != 0)
		return 1;
	if (!keyring_master_load(cfg->master_key_file, master))
		return 1;
	keyring_office_key(master, o->id, office);
	sodium_memzero(master, sizeof(master));
	rc = document_customer_key(db, a, office, strtoll(argv[0], NULL, 10),
	    false, owner);
	sodium_memzero(office, sizeof(office));
	if (rc == DB_NOTFOUND) {
		fprintf(stderr, "document-open: the customer has no key\n");
		return 3;
	}
	if (rc != DB_OK)
		return 1;
	ok = keyring_unwrap(owner, wrapped, wlen, document_key_label(a,
	    argv[1]), key);
	sodium_memzero(owner, sizeof(owner));
	if (!ok) {
		fprintf(stderr, "document-open: the key does not unwrap\n");
		return 1;
	}
	rd = docstore_open(arena_printf(a, "%s/files", o->dir), argv[3], key,
	    &src);
	sodium_memzero(key, sizeof(key));
	if (rd == NULL)
		return 1;
	while ((src = sealed_read(rd, buf, sizeof(buf), &got)) == SEALED_OK &&
	    got > 0)
		fwrite(buf, 1, got, stdout);
	docstore_reader_free(rd);
	return src == SEALED_OK ? 0 : 1;
}

int
main(int argc, char *argv[])
{
	const struct office	*o;
	struct config		*cfg;
	struct arena		*a;
	struct db		*db;
	const char		*conf = NULL, *office = "demo";
	char			 err[512];
	int			 ch, rc = 1;

	while ((ch = getopt(argc, argv, "+c:o:")) != -1)
		if (ch == 'c')
			conf = optarg;
		else if (ch == 'o')
			office = optarg;
		else
			return 2;
	argc -= optind;
	argv += optind;
	if (conf == NULL || argc != 4) {
		fprintf(stderr, "usage: document-open -c CONF [-o OFFICE] "
		    "CUSTOMER_ID PID WRAPPED_HEX NAME\n");
		return 2;
	}
	if (!crypto_init() || (cfg = config_load(conf, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "document-open: %s\n", err);
		return 1;
	}
	if ((o = config_office_by_id(cfg, office)) == NULL ||
	    (db = tenant_db(o)) == NULL) {
		config_free(cfg);
		return 1;
	}
	a = arena_new(64 * 1024);
	if (db_begin(db, false) == DB_OK) {
		rc = open_file(cfg, o, db, a, argv);
		db_rollback(db);
	}
	tenant_close_all();
	arena_free(a);
	config_free(cfg);
	return rc;
}
