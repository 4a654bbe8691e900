#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "read_other.h"

static void fixture(const char *name, const char *to)
{
	struct tg_buf b = TG_BUF_INIT, path = TG_BUF_INIT;

	tg_buf_addf(&path, "%s/tests/data/deps/crates/%s", TG_SOURCE_DIR, name);
	assert_int_equal(tg_buf_read_file(&b, path.buf), TG_OK);
	tl_write(root, to, b.buf);
	tg_buf_release(&b);
	tg_buf_release(&path);
}

static const struct tg_dep *find_version(const struct tg_dep_list *l, const char *name,
                                         const char *version)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i].name, name) && l->v[i].version &&
		    !strcmp(l->v[i].version, version))
			return &l->v[i];
	fail_msg("no %s %s", name, version);
	return NULL;
}

static void test_deps_crates_lock_v4_graph_sources_checksums(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	fixture("Cargo.lock", "ws/Cargo.lock");
	assert_int_equal(read_in(root, "ws/Cargo.lock", &l), TG_OK);
	/* cli and core-lib are the workspace's own: no dependency */
	assert_int_equal(l.nr, 6);
	assert_null(find_dep(&l, "cli"));
	assert_null(find_dep(&l, "core-lib"));
	d = must_find(&l, "serde");
	assert_true(d->direct);
	assert_null(d->via);
	assert_int_equal(d->line, 28);
	assert_string_equal(d->purl, "pkg:cargo/serde@1.0.190");
	assert_string_equal(
	        d->hashes.v[0],
	        "sha256:91d3c334ca1ee894a2c6f6ad698fe8c435b76d504b13d436f0685d648d6d96f7");
	d = must_find(&l, "serde_derive"); /* names as written */
	assert_false(d->direct);
	assert_string_equal(d->via, "serde > serde_derive");
	assert_true(find_version(&l, "syn", "1.0.109")->direct);
	d = find_version(&l, "syn", "2.0.38");
	assert_false(d->direct);
	assert_string_equal(d->via, "serde > serde_derive > syn");
	assert_string_equal(must_find(&l, "proc-macro2")->via,
	                    "serde > serde_derive > proc-macro2");
	d = must_find(&l, "tokio");
	assert_int_equal(d->origin, TG_DEP_GIT);
	assert_true(d->direct);
	assert_int_equal(d->hashes.nr, 0);
	tg_dep_list_clear(&l);
}

static void test_deps_crates_lock_v1_metadata_checksums(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	fixture("Cargo.lock.v1", "old/Cargo.lock");
	assert_int_equal(read_in(root, "old/Cargo.lock", &l), TG_OK);
	assert_int_equal(l.nr, 2);
	d = must_find(&l, "regex");
	assert_true(d->direct);
	assert_string_equal(
	        d->hashes.v[0],
	        "sha256:d07a8629359eb56f1e2fb1652bb04212c072a87ba68546a04065d525673ac461");
	d = must_find(&l, "memchr");
	assert_string_equal(d->via, "regex > memchr");
	assert_int_equal(d->hashes.nr, 1);
	tg_dep_list_clear(&l);
}

static void test_deps_crates_lock_malformed(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	assert_int_equal(
	        write_read(root, "Cargo.lock", "version = 3\n\n[[package]]\nname = \"x\n", &l),
	        TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "Cargo.lock:4:"));
	tg_dep_list_clear(&l);
	assert_int_equal(
	        write_read(root, "Cargo.lock", "version = 3\n\n[[package]]\nname = \"x\"\n", &l),
	        TG_ERR_INPUT);
	assert_non_null(
	        strstr(tg_error_message(), "Cargo.lock:3: a [[package]] without name or version"));
	tg_dep_list_clear(&l);
}

static void test_deps_crates_manifest_tables_renames_workspace(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	tl_write(root, "Cargo.toml",
	         "[workspace]\nmembers = [\"crates/*\"]\n\n"
	         "[workspace.dependencies]\n"
	         "anyhow = \"1.0.75\"\n"
	         "tracing = { version = \"0.1\", default-features = false }\n");
	assert_int_equal(
	        write_read(root, "crates/cli/Cargo.toml",
	                   "[package]\nname = \"cli\"\nversion = \"0.1.0\"\n\n"
	                   "[dependencies]\n"
	                   "serde = \"1.0\"\n"
	                   "json = { package = \"serde_json\", version = \"=1.0.108\" }\n"
	                   "core-lib = { path = \"../core\" }\n"
	                   "forked = { git = \"https://example.com/f.git\", branch = \"main\" }\n"
	                   "anyhow.workspace = true\n"
	                   "extra = { version = \"2\", optional = true }\n"
	                   "missing = { workspace = true }\n\n"
	                   "[dev-dependencies]\n"
	                   "tracing = { workspace = true }\n\n"
	                   "[build-dependencies]\n"
	                   "cc = \"1.0.83\"\n\n"
	                   "[target.'cfg(windows)'.dependencies]\n"
	                   "winapi = { version = \"0.3\", features = [\"winuser\"] }\n",
	                   &l),
	        TG_OK);
	assert_int_equal(l.nr, 9);
	d = must_find(&l, "serde");
	assert_null(d->version);
	assert_string_equal(d->range, "1.0");
	assert_string_equal(d->purl, "pkg:cargo/serde");
	assert_int_equal(d->line, 6);
	assert_true(d->direct);
	d = must_find(&l, "serde_json"); /* the crate's real name */
	assert_string_equal(d->range, "=1.0.108");
	assert_null(find_dep(&l, "json"));
	assert_int_equal(must_find(&l, "core-lib")->origin, TG_DEP_PATH);
	assert_int_equal(must_find(&l, "forked")->origin, TG_DEP_GIT);
	d = must_find(&l, "anyhow"); /* inherited: declared in the workspace root */
	assert_string_equal(d->range, "1.0.75");
	assert_string_equal(d->file, "Cargo.toml");
	assert_int_equal(d->line, 5);
	assert_int_equal(must_find(&l, "extra")->scope, TG_DEP_OPTIONAL);
	d = must_find(&l, "tracing");
	assert_int_equal(d->scope, TG_DEP_DEV);
	assert_string_equal(d->range, "0.1");
	assert_int_equal(must_find(&l, "cc")->scope, TG_DEP_RUNTIME);
	assert_string_equal(must_find(&l, "winapi")->range, "0.3");
	assert_null(find_dep(&l, "missing"));
	assert_true(warned(&l, "crates/cli/Cargo.toml:12: missing: workspace = true"));
	tg_dep_list_clear(&l);

	assert_int_equal(write_read(root, "bad/Cargo.toml", "[dependencies]\nserde = 1.0.0\n", &l),
	                 TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "bad/Cargo.toml:2"));
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_deps_crates_lock_v4_graph_sources_checksums),
	        cmocka_unit_test(test_deps_crates_lock_v1_metadata_checksums),
	        cmocka_unit_test(test_deps_crates_lock_malformed),
	        cmocka_unit_test(test_deps_crates_manifest_tables_renames_workspace),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
