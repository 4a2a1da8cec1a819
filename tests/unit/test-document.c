/*
 * test-document: project documents (document.c, docupload.c) against a
 * real office database and file store: a document held in memory is
 * sealed into the store and recorded under its project's key, so that
 * the key the row gives back opens the file; a kind Porch does not keep
 * leaves nothing; and who reads a project document is decided by its
 * sharing: nobody but the team, the customers with an appointment on the
 * project, or one customer alone, at once after each change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>

#include "appointment.h"
#include "arena.h"
#include "customer.h"
#include "docstore.h"
#include "document.h"
#include "docupload.h"
#include "fixture.h"
#include "keyring.h"
#include "principal.h"
#include "project.h"

static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    "trailer\n<< /Root 1 0 R >>\n%%EOF\n";

struct fixture {
	struct fixture_office	 o;
	struct db	*db;
	struct arena	*a;
	struct customer	 ann, bob;	/* Ann has an appointment on it */
	struct principal ann_p, bob_p, member;
	int64_t		 project_id, other_id;
	uint8_t		 office[KEYRING_KEY_LEN];
	char		 files[256];
};

static int
setup(void **state)
{
	struct fixture	*f;
	struct project	*p;
	const char	*pid;
	size_t		 i, n;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	if ((f->db = fixture_open(&f->o, "test-document")) == NULL)
		return -1;
	f->o.a = f->a = arena_new(65536);
	snprintf(f->files, sizeof(f->files), "%s/files", f->o.dir);
	memset(f->office, 7, sizeof(f->office));
	if (customer_add(f->db, f->a, "ann@example.com", "Ann", 0, &f->ann) !=
	    DB_OK || customer_add(f->db, f->a, "bob@example.com", "Bob", 0,
	    &f->bob) != DB_OK ||
	    appointment_add(f->db, f->a, f->ann.id, "Harbour", "Sales", 1000,
	    2800, "", "", "confirmed", "portal", &pid) != DB_OK ||
	    appointment_add(f->db, f->a, f->bob.id, "Mill", "Sales", 1000,
	    2800, "", "", "confirmed", "portal", &pid) != DB_OK ||
	    project_list(f->db, f->a, true, &p, &n) != DB_OK)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(p[i].title, "Harbour") == 0)
			f->project_id = p[i].id;
		else
			f->other_id = p[i].id;
	f->ann_p = customer_principal(&f->ann);
	f->bob_p = customer_principal(&f->bob);
	f->member.kind = PRINCIPAL_MEMBER;
	f->member.role = ROLE_ADMIN;
	*state = f;
	return f->project_id != 0 && f->other_id != 0 ? 0 : -1;
}

/* A brochure stored and recorded as the project's; its public id. */
static const char *
brochure(struct fixture *f)
{
	struct docupload_file	 file;
	struct document_new	 n;

	assert_int_equal(document_store_buffer(f->files, f->a, pdf,
	    sizeof(pdf) - 1, "dir/brochure.pdf", &file), DOCUPLOAD_OK);
	assert_string_equal(file.type, "application/pdf");
	assert_string_equal(file.display_name, "brochure.pdf");
	assert_int_equal(file.size, sizeof(pdf) - 1);
	memset(&n, 0, sizeof(n));
	n.project_id = f->project_id;
	n.stored_name = file.name;
	n.display_name = file.display_name;
	n.type = file.type;
	n.size = (int64_t)file.size;
	n.removes_at = DOCUMENT_KEPT;
	assert_int_equal(document_add_sealed(f->db, f->a, f->office, &n,
	    file.key, 5000), DB_OK);
	assert_non_null(n.pid);
	return n.pid;
}

static size_t
files_in(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;
	size_t		 n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
test_a_stored_buffer_opens_with_the_key_its_row_gives(void **state)
{
	struct fixture		*f = *state;
	struct document		 d;
	struct sealed_reader	*rd;
	uint8_t			 key[KEYRING_KEY_LEN];
	char			 back[sizeof(pdf)];
	size_t			 got;
	enum sealed_rc		 src;
	const char		*pid = brochure(f);

	assert_int_equal(document_get(f->db, f->a, &f->member, pid, &d),
	    DB_OK);
	assert_string_equal(d.source, "project");
	assert_int_equal(d.project_id, f->project_id);
	assert_int_equal(d.customer_id, 0);
	assert_false(d.shared);
	assert_int_equal(document_key(f->db, f->a, f->office, &d, key), DB_OK);
	assert_non_null(rd = docstore_open(f->files, d.stored_name, key,
	    &src));
	assert_int_equal(sealed_size(rd), sizeof(pdf) - 1);
	assert_int_equal(sealed_read(rd, back, sizeof(back), &got), SEALED_OK);
	assert_int_equal(got, sizeof(pdf) - 1);
	assert_memory_equal(back, pdf, got);
	docstore_reader_free(rd);
	/* another office key opens nothing */
	memset(f->office, 8, sizeof(f->office));
	assert_int_equal(document_key(f->db, f->a, f->office, &d, key),
	    DB_ERR);
}

static void
test_a_kind_porch_does_not_keep_leaves_nothing(void **state)
{
	struct fixture		*f = *state;
	struct docupload_file	 file;
	static const char	 html[] = "<!doctype html><html><body>x";

	assert_int_equal(document_store_buffer(f->files, f->a, html,
	    sizeof(html) - 1, "page.html", &file), DOCUPLOAD_TYPE);
	assert_int_equal(files_in(f->files), 0);
}

/* Whether the principal reads the document, by id and in their list. */
static bool
reads(struct fixture *f, const struct principal *who, const char *pid)
{
	struct document	 d, *l;
	size_t		 n;
	bool		 got;

	got = document_get(f->db, f->a, who, pid, &d) == DB_OK;
	assert_int_equal(document_shared_with(f->db, f->a, who, 0, 10, &l,
	    &n), DB_OK);
	assert_int_equal(n, got ? 1 : 0);
	assert_int_equal(document_shared_with(f->db, f->a, who,
	    f->project_id, 10, &l, &n), DB_OK);
	assert_int_equal(n, got ? 1 : 0);
	assert_int_equal(document_shared_with(f->db, f->a, who, f->other_id,
	    10, &l, &n), DB_OK);
	assert_int_equal(n, 0);
	return got;
}

static void
test_sharing_decides_who_reads_it(void **state)
{
	struct fixture	*f = *state;
	struct document	 d;
	const char	*pid = brochure(f);

	assert_int_equal(document_of_project_get(f->db, f->a, &f->member,
	    f->project_id, pid, &d), DB_OK);
	/* the team's only */
	assert_false(reads(f, &f->ann_p, pid));
	assert_false(reads(f, &f->bob_p, pid));
	/* the project's customers: Ann, not Bob */
	assert_int_equal(document_share(f->db, &d, true, 0, 6000), DB_OK);
	assert_true(reads(f, &f->ann_p, pid));
	assert_false(reads(f, &f->bob_p, pid));
	/* Bob alone */
	assert_int_equal(document_share(f->db, &d, false, f->bob.id, 7000),
	    DB_OK);
	assert_false(reads(f, &f->ann_p, pid));
	assert_true(reads(f, &f->bob_p, pid));
	assert_int_equal(document_get(f->db, f->a, &f->member, pid, &d),
	    DB_OK);
	assert_string_equal(d.shared_with_name, "Bob");
	/* nobody again */
	assert_int_equal(document_share(f->db, &d, false, 0, 8000), DB_OK);
	assert_false(reads(f, &f->ann_p, pid));
	assert_false(reads(f, &f->bob_p, pid));
}

static void
test_a_project_reads_only_its_own_documents(void **state)
{
	struct fixture	*f = *state;
	struct document	 d;
	const char	*pid = brochure(f);

	assert_int_equal(document_of_project_get(f->db, f->a, &f->member,
	    f->other_id, pid, &d), DB_NOTFOUND);
	assert_int_equal(document_of_project_get(f->db, f->a, &f->ann_p,
	    f->project_id, pid, &d), DB_NOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_a_stored_buffer_opens_with_the_key_its_row_gives,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_kind_porch_does_not_keep_leaves_nothing, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_sharing_decides_who_reads_it, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_project_reads_only_its_own_documents, setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
