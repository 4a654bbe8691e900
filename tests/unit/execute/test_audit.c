#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "execute/execute_int.h"
#include "util/error.h"

#include "testlib.h"

static void redacted_is(const char *in, const char *want)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_adds(&b, in);
	audit_redact(&b);
	assert_string_equal(b.buf, want);
	tg_buf_release(&b);
}

static void test_redact(void **state)
{
	(void)state;
	setenv("GH_TOKEN", "ghp_abcdefghijklmnop", 1);
	unsetenv("TERRAGON_GITHUB_TOKEN");
	unsetenv("GITHUB_TOKEN");
	redacted_is("", "");
	redacted_is("nothing here", "nothing here");
	redacted_is("token ghp_abcdefghijklmnop and ghp_abcdefghijklmnop!", "token *** and ***!");
	redacted_is("push to https://x-access-token:zzz@github.com/a/b.git failed",
	            "push to https://***@github.com/a/b.git failed");
	redacted_is("https://github.com/a/b and ssh://git@host:22/r", "https://github.com/a/b and "
	                                                              "ssh://***@host:22/r");
	/* Short values would mask ordinary words: left alone. */
	setenv("GH_TOKEN", "abc", 1);
	redacted_is("abc abc", "abc abc");
	unsetenv("GH_TOKEN");
}

static void test_append(void **state)
{
	char *dir = tl_tmpdir();
	struct tg_buf path = TG_BUF_INIT, text = TG_BUF_INIT;
	struct execution e = {"0123456789abcdef",
	                      "auto-value/01234567-x",
	                      "failed",
	                      "said \"no\"\non two lines",
	                      NULL,
	                      NULL,
	                      1763632800,
	                      1763632860,
	                      1};
	(void)state;

	tg_buf_addf(&path, "%s/.terragon/audit.log", dir);
	assert_int_equal(audit_append(dir, &e, NULL), TG_OK);
	e.outcome = "dry-run", e.reason = NULL, e.dry_run = 0;
	assert_int_equal(audit_append(dir, &e, "verified"), TG_OK);
	assert_int_equal(tg_buf_read_file(&text, path.buf), TG_OK);
	assert_string_equal(
	        text.buf,
	        "{\"time\": \"2025-11-20T10:01:00Z\", \"started\": \"2025-11-20T10:00:00Z\", "
	        "\"fingerprint\": \"0123456789abcdef\", \"branch\": \"auto-value/01234567-x\", "
	        "\"outcome\": \"failed\", \"reason\": \"said \\\"no\\\"\\non two lines\", "
	        "\"verification\": null, \"pr_url\": null, \"dry_run\": true}\n"
	        "{\"time\": \"2025-11-20T10:01:00Z\", \"started\": \"2025-11-20T10:00:00Z\", "
	        "\"fingerprint\": \"0123456789abcdef\", \"branch\": \"auto-value/01234567-x\", "
	        "\"outcome\": \"dry-run\", \"reason\": null, \"verification\": \"verified\", "
	        "\"pr_url\": null, \"dry_run\": false}\n");
	tl_rmtree(dir);
	tg_buf_release(&path);
	tg_buf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_redact),
	        cmocka_unit_test(test_append),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
