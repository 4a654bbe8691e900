#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backlog/item.h"
#include "execute/execute_int.h"
#include "util/buf.h"
#include "util/error.h"

#include "testlib.h"

static char *dir;

/* Writes a.txt with text, applies fix, returns the status; *out gets the file. */
static int run(const char *text, const char *fix, struct tg_buf *out)
{
	struct tg_buf path = TG_BUF_INIT, b = TG_BUF_INIT;
	struct tg_item it;
	int rc;

	tg_item_init(&it);
	memcpy(it.fingerprint, "0123456789abcdef", 17);
	it.fix = strdup(fix);
	tg_buf_addf(&path, "%s/a.txt", dir);
	tg_buf_adds(&b, text);
	assert_int_equal(tg_buf_write_file(&b, path.buf), 0);
	rc = apply_sarif_fix(dir, &it);
	tg_buf_reset(out);
	assert_int_equal(tg_buf_read_file(out, path.buf), 0);
	tg_item_release(&it);
	tg_buf_release(&path);
	tg_buf_release(&b);
	return rc;
}

#define R(off, len, del, ins)                                                                      \
	"{\"path\":\"a.txt\",\"start_line\":1,\"start_column\":" #off ",\"offset\":" #off          \
	",\"length\":" #len ",\"deleted\":\"" del "\",\"inserted\":\"" ins "\"}"

static void test_apply(void **state)
{
	struct tg_buf out = TG_BUF_INIT;

	(void)state;
	/* Given front to back or not, every span refers to the original text. */
	assert_int_equal(
	        run("foo(1) + foo(2)\n",
	            "{\"replacements\":[" R(0, 3, "foo", "barbaz") "," R(9, 3, "foo", "x") "]}",
	            &out),
	        0);
	assert_string_equal(out.buf, "barbaz(1) + x(2)\n");
	assert_int_equal(run("foo(1) + foo(2)\n",
	                     "{\"replacements\":[" R(9, 3, "foo", "x") "," R(0, 3, "foo", "") "]}",
	                     &out),
	                 0);
	assert_string_equal(out.buf, "(1) + x(2)\n");
	/* A pure insertion. */
	assert_int_equal(run("ab\n", "{\"replacements\":[" R(1, 0, "", "XY") "]}", &out), 0);
	assert_string_equal(out.buf, "aXYb\n");
	tg_buf_release(&out);
}

static void test_refuse(void **state)
{
	struct tg_buf out = TG_BUF_INIT;

	(void)state;
	/* The text there changed: refused, the file left alone. */
	assert_int_not_equal(
	        run("fox(1)\n", "{\"replacements\":[" R(0, 3, "foo", "bar") "]}", &out), 0);
	assert_non_null(strstr(tg_error_message(), "a.txt:1:0: the text there is not what"));
	assert_string_equal(out.buf, "fox(1)\n");
	/* Past the end. */
	assert_int_not_equal(run("fo", "{\"replacements\":[" R(0, 3, "foo", "bar") "]}", &out), 0);
	assert_non_null(strstr(tg_error_message(), "past the end"));
	/* Overlapping replacements. */
	assert_int_not_equal(
	        run("foo(1)\n",
	            "{\"replacements\":[" R(0, 3, "foo", "a") "," R(2, 2, "o(", "b") "]}", &out),
	        0);
	assert_non_null(strstr(tg_error_message(), "overlap"));
	/* What import could not resolve. */
	assert_int_not_equal(run("x\n",
	                         "{\"replacements\":[{\"path\":\"a.txt\",\"problem\":\"line 9 is "
	                         "past the end of the file\",\"inserted\":\"y\"}]}",
	                         &out),
	                     0);
	assert_non_null(strstr(tg_error_message(), "line 9 is past the end of the file"));
	assert_int_not_equal(run("x\n", "{\"replacements\":[]}", &out), 0);
	assert_int_not_equal(run("x\n",
	                         "{\"replacements\":[{\"path\":\"../b\",\"offset\":0,\"length\":0,"
	                         "\"deleted\":\"\",\"inserted\":\"y\"}]}",
	                         &out),
	                     0);
	assert_non_null(strstr(tg_error_message(), "escapes the repository"));
	tg_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_apply),
	        cmocka_unit_test(test_refuse),
	};
	int rc;

	dir = tl_tmpdir();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	tl_rmtree(dir);
	return rc;
}
