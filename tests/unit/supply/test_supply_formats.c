/* The byte formats of supply/: DSSE's PAE, base64, lockfile hashes as CycloneDX
 * hex, SPDX expressions, the SBOM's root from a remote, and the SBOM's graph. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "deps/deps.h"
#include "supply/dsse.h"
#include "supply/sbom.h"
#include "supply/sbom_int.h"
#include "util/alloc.h"
#include "util/base64.h"

/* The DSSE specification's example, byte for byte. */
static void test_pae_matches_the_dsse_spec_example(void **state)
{
	struct tg_buf b = TG_BUF_INIT;
	const char want[] = "DSSEv1 29 http://example.com/HelloWorld 11 hello world";

	(void)state;
	tg_dsse_pae(&b, "http://example.com/HelloWorld", "hello world", 11);
	assert_int_equal(b.len, 54);
	assert_memory_equal(b.buf, want, 54);
	tg_buf_reset(&b);
	tg_dsse_pae(&b, "", "", 0);
	assert_string_equal(b.buf, "DSSEv1 0  0 ");
	tg_buf_release(&b);
}

static void test_base64_reads_both_alphabets_padded_or_not(void **state)
{
	struct tg_buf b = TG_BUF_INIT;
	const unsigned char raw[] = {0xfb, 0xff, 0x00, 0x41, 0x42};

	(void)state;
	tg_base64_encode(&b, raw, sizeof(raw));
	assert_string_equal(b.buf, "+/8AQUI=");
	const char *forms[] = {"+/8AQUI=", "+/8AQUI", "-_8AQUI=", "-_8AQUI"};
	for (size_t i = 0; i < 4; i++) {
		tg_buf_reset(&b);
		assert_int_equal(tg_base64_decode(&b, forms[i], strlen(forms[i])), 0);
		assert_int_equal(b.len, sizeof(raw));
		assert_memory_equal(b.buf, raw, sizeof(raw));
	}
	tg_buf_reset(&b);
	assert_int_equal(tg_base64_decode(&b, "QU=I", 4), -1);
	tg_buf_reset(&b);
	assert_int_equal(tg_base64_decode(&b, "Q", 1), -1);
	tg_buf_reset(&b);
	assert_int_equal(tg_base64_decode(&b, "QR==", 4), -1); /* non-zero leftover bits */
	tg_buf_release(&b);
}

static void test_lockfile_hashes_become_cyclonedx_hex(void **state)
{
	struct tg_buf hex = TG_BUF_INIT;

	(void)state;
	assert_string_equal(tg_sbom_hash("sha256:ABCDEF0123456789abcdef0123456789abcdef0123456789"
	                                 "abcdef0123456789",
	                                 &hex),
	                    "SHA-256");
	assert_string_equal(hex.buf,
	                    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
	/* npm: sha1 of "" in SRI form */
	assert_string_equal(tg_sbom_hash("sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=", &hex), "SHA-1");
	assert_string_equal(hex.buf, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	/* go.sum: h1 is base64 of a SHA-256 */
	assert_string_equal(tg_sbom_hash("h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", &hex),
	                    "SHA-256");
	assert_string_equal(hex.buf,
	                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_null(tg_sbom_hash("sha256:abc", &hex));
	assert_null(tg_sbom_hash("sha512-notbase64!", &hex));
	assert_null(tg_sbom_hash("crc32:00000000", &hex));
	assert_null(tg_sbom_hash("plain", &hex));
	tg_buf_release(&hex);
}

static void test_spdx_expressions_are_told_from_free_text(void **state)
{
	(void)state;
	assert_true(tg_sbom_is_expression("MIT"));
	assert_true(tg_sbom_is_expression("(MIT OR Apache-2.0) AND BSD-3-Clause"));
	assert_true(tg_sbom_is_expression("GPL-2.0-only WITH Classpath-exception-2.0"));
	assert_true(tg_sbom_is_expression("LicenseRef-scancode-x"));
	assert_false(tg_sbom_is_expression("SEE LICENSE IN LICENSE.md"));
	assert_false(tg_sbom_is_expression("MIT OR"));
	assert_false(tg_sbom_is_expression("(MIT"));
	assert_false(tg_sbom_is_expression(""));
	assert_false(tg_sbom_is_expression("MIT/X11"));
}

static void test_the_root_comes_from_the_remote(void **state)
{
	char *name, *purl;

	(void)state;
	tg_sbom_root_from_remote("git@github.com:Org/Repo.git", "dir", "abc", &name, &purl);
	assert_string_equal(name, "Org/Repo");
	assert_string_equal(purl, "pkg:github/org/repo@abc");
	free(name), free(purl);
	tg_sbom_root_from_remote("https://user@git.example.org:8443/a/b/c/", "dir", NULL, &name,
	                         &purl);
	assert_string_equal(name, "a/b/c");
	assert_string_equal(purl, "pkg:generic/c");
	free(name), free(purl);
	tg_sbom_root_from_remote(NULL, "dir", NULL, &name, &purl);
	assert_string_equal(name, "dir");
	assert_null(purl);
	free(name);
}

static struct tg_dep *add(struct tg_dep_list *l, enum tg_eco eco, const char *name,
                          const char *version, const char *file, int line)
{
	struct tg_dep *d = tg_dep_list_add(l);

	d->eco = eco;
	d->version = tg_strdup(version);
	tg_dep_set_name(d, name);
	d->file = tg_strdup(file);
	d->line = line;
	return d;
}

/* One purl found twice is one component with two places; via gives the edge. */
static void test_sbom_merges_places_and_follows_via(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	struct tg_sbom_root root = {"demo", NULL, NULL};
	struct tg_buf out = TG_BUF_INIT;

	(void)state;
	add(&l, TG_ECO_CRATES, "serde", "1.0.0", "a/Cargo.lock", 3)->direct = 1;
	add(&l, TG_ECO_CRATES, "serde_derive", "1.0.0", "a/Cargo.lock", 9)->via =
	        tg_strdup("serde > serde_derive");
	add(&l, TG_ECO_CRATES, "serde", "1.0.0", "b/Cargo.lock", 5)->scope = TG_DEP_DEV;
	tg_sbom_cyclonedx(&l, &root, TG_SBOM_CDX_16, 0, &out);
	assert_non_null(strstr(out.buf,
	                       "\"occurrences\":[{\"location\":\"a/Cargo.lock\",\"line\":3},"
	                       "{\"location\":\"b/Cargo.lock\",\"line\":5}]"));
	assert_non_null(strstr(out.buf, "{\"ref\":\"pkg:cargo/serde@1.0.0\",\"dependsOn\":["
	                                "\"pkg:cargo/serde_derive@1.0.0\"]}"));
	assert_non_null(strstr(out.buf, "{\"ref\":\"project\",\"dependsOn\":["
	                                "\"pkg:cargo/serde@1.0.0\"]}"));
	/* runtime in one file, dev in the other: required */
	assert_non_null(strstr(out.buf, "\"name\":\"serde\",\"version\":\"1.0.0\",\"scope\":"
	                                "\"required\""));
	assert_non_null(strstr(out.buf, "\"timestamp\":\"1970-01-01T00:00:00Z\""));
	tg_buf_release(&out);
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_pae_matches_the_dsse_spec_example),
	        cmocka_unit_test(test_base64_reads_both_alphabets_padded_or_not),
	        cmocka_unit_test(test_lockfile_hashes_become_cyclonedx_hex),
	        cmocka_unit_test(test_spdx_expressions_are_told_from_free_text),
	        cmocka_unit_test(test_the_root_comes_from_the_remote),
	        cmocka_unit_test(test_sbom_merges_places_and_follows_via),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
