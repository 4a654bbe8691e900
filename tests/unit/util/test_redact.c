/*
 * Redaction of secrets in free text (util/redact.h) and escaping for a
 * terminal (tg_buf_add_printable). Token-shaped values are built here from
 * pieces, so this file holds no literal that a secret scanner would flag.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/redact.h"

static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* prefix + n characters of chars, varied by seed: a value of a token's shape. */
static char *token(const char *prefix, const char *chars, size_t n, unsigned seed)
{
	struct tg_buf b = TG_BUF_INIT;
	size_t m = strlen(chars), i;

	tg_buf_adds(&b, prefix);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		tg_buf_addch(&b, chars[(seed >> 16) % m]);
	}
	return tg_buf_detach(&b, NULL);
}

static char *redacted(const char *text)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_redact_text(&b, text, strlen(text));
	return tg_buf_detach(&b, NULL);
}

/* "before SECRET after": the secret is gone, the text around it is kept, and
 * what is shown instead is `shown` (tg_redact's form). */
static void check_redacted(const char *secret, const char *shown)
{
	char *text, *out;
	struct tg_buf want = TG_BUF_INIT;

	text = tg_malloc(strlen(secret) + 64);
	sprintf(text, "TODO rotate %s before release", secret);
	out = redacted(text);
	tg_buf_addf(&want, "TODO rotate %s before release", shown);
	if (strcmp(out, want.buf))
		printf("secret %s\n  got  %s\n  want %s\n", secret, out, want.buf);
	assert_string_equal(out, want.buf);
	assert_null(strstr(out, secret));
	assert_true(tg_redact_needed(text, strlen(text)));
	free(text), free(out);
	tg_buf_release(&want);
}

static void check_kept(const char *text)
{
	char *out = redacted(text);

	if (strcmp(out, text))
		printf("changed: %s\n     to: %s\n", text, out);
	assert_string_equal(out, text);
	assert_false(tg_redact_needed(text, strlen(text)));
	free(out);
}

static void every_prefixed_token_shape_keeps_its_prefix_only(void **state)
{
	static const struct {
		const char *prefix, *chars;
		size_t n;
	} shapes[] = {
	        {"ghp_", alnum, 36},
	        {"gho_", alnum, 36},
	        {"ghu_", alnum, 36},
	        {"ghs_", alnum, 36},
	        {"ghr_", alnum, 36},
	        {"github_pat_", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_",
	         82},
	        {"glpat-", alnum, 20},
	        {"xoxb-", "0123456789", 12},
	        {"xoxp-", "0123456789-", 40},
	        {"xapp-", "0123456789-ABC", 40},
	        {"sk_live_", alnum, 24},
	        {"rk_live_", alnum, 30},
	        {"whsec_", alnum, 32},
	        {"AIza", alnum, 35},
	        {"GOCSPX-", alnum, 28},
	        {"AKIA", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16},
	        {"ASIA", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16},
	        {"SG.", alnum, 66},
	        {"npm_", alnum, 36},
	        {"pypi-AgEIcHlwaS5vcmc", alnum, 60},
	        {"sk-ant-", alnum, 95},
	        {"sk-", alnum, 48},
	        {"hf_", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 34},
	        {"dop_v1_", "0123456789abcdef", 64},
	        {"shpat_", "0123456789abcdef", 32},
	        {"SK", "0123456789abcdef", 32},
	        {"eyJ", alnum, 40},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		char *t = token(shapes[i].prefix, shapes[i].chars, shapes[i].n, (unsigned)i + 1);
		struct tg_buf shown = TG_BUF_INIT;
		size_t n = strlen(t), show = strlen(shapes[i].prefix);

		/* tg_redact's form: the known prefix, at most a quarter, then the length. */
		if (show > n / 4)
			show = n / 4;
		tg_buf_add(&shown, t, show);
		tg_buf_addf(&shown, "%s[redacted, %zu chars]", show ? "…" : "", n);
		check_redacted(t, shown.buf);
		tg_buf_release(&shown);
		free(t);
	}
}

static void a_github_token_shows_its_first_four_characters(void **state)
{
	char *t = token("ghp_", alnum, 36, 7);

	(void)state;
	check_redacted(t, "ghp_…[redacted, 40 chars]");
	free(t);
}

static void a_jwt_private_key_and_webhook_are_redacted(void **state)
{
	char *a = token("eyJ", alnum, 20, 1), *b = token("eyJ", alnum, 30, 2);
	char *c = token("", alnum, 43, 3), *key = token("", alnum, 64, 4);
	struct tg_buf t = TG_BUF_INIT;
	char *out;

	(void)state;
	tg_buf_addf(&t, "jwt %s.%s.%s end", a, b, c);
	out = redacted(t.buf);
	assert_null(strstr(out, b));
	assert_non_null(strstr(out, "jwt eyJ…[redacted, "));
	assert_non_null(strstr(out, " end"));
	free(out);

	tg_buf_reset(&t);
	tg_buf_addf(&t,
	            "key -----BEGIN RSA PRIVATE KEY-----\n%s\n%s\n-----END RSA PRIVATE KEY-----",
	            key, c);
	out = redacted(t.buf);
	assert_null(strstr(out, key));
	assert_non_null(strstr(out, "-----BEGIN RSA PRIVATE KEY-----[redacted, "));
	assert_non_null(strstr(out, "-----END RSA PRIVATE KEY-----"));
	free(out);

	tg_buf_reset(&t);
	tg_buf_addf(&t, "post to https://hooks.slack.com/services/%s now", c);
	out = redacted(t.buf);
	assert_string_equal(out,
	                    "post to https://hooks.slack.com/services/[redacted, 43 chars] now");
	free(out);
	free(a), free(b), free(c), free(key);
	tg_buf_release(&t);
}

static void passwords_in_urls_and_assignments_are_redacted(void **state)
{
	char *v = token("", alnum, 24, 9);
	struct tg_buf t = TG_BUF_INIT;
	char *out;

	(void)state;
	tg_buf_addf(&t, "DATABASE_URL=postgres://app:%s@db.internal:5432/app", v);
	out = redacted(t.buf);
	assert_string_equal(
	        out, "DATABASE_URL=postgres://app:[redacted, 24 chars]@db.internal:5432/app");
	free(out);

	tg_buf_reset(&t);
	tg_buf_addf(&t, "fix: db_password = \"%s\" (rotate)", v);
	out = redacted(t.buf);
	assert_string_equal(out, "fix: db_password = \"[redacted, 24 chars]\" (rotate)");
	free(out);

	tg_buf_reset(&t);
	tg_buf_addf(&t, "{\"client_secret\": \"%s\"}", v);
	out = redacted(t.buf);
	assert_string_equal(out, "{\"client_secret\": \"[redacted, 24 chars]\"}");
	free(out);

	tg_buf_reset(&t);
	tg_buf_addf(&t, "export API_TOKEN=%s", v);
	out = redacted(t.buf);
	assert_string_equal(out, "export API_TOKEN=[redacted, 24 chars]");
	free(out);
	free(v);
	tg_buf_release(&t);
}

static void a_card_number_is_redacted(void **state)
{
	(void)state;
	/* 4539 1488 0343 6467 passes Luhn; the same digits but one do not. */
	check_redacted("4539 1488 0343 6467", "[redacted, 19 chars]");
	check_kept("order 4539 1488 0343 6468 shipped");
}

static void ordinary_text_and_commit_ids_are_kept(void **state)
{
	(void)state;
	/* A commit id is not a secret: the history items name commits. */
	check_kept("hotspot changed in 9fceb02d0ae598e95dc970b74767f19372d61af8 and "
	           "e83c5163316f89bfbde7d9ab23ca2e25604af290");
	check_kept("TODO: password = get_password() before release");
	check_kept("api_key = os.environ[\"API_KEY\"]");
	check_kept("token_type = \"bearer\"");
	check_kept("password_hash = \"0123456789abcdef0123456789abcdef\"");
	check_kept("secret_name = \"prod-db-credentials\"");
	check_kept("max_tokens: 4096, timeout: 30");
	check_kept("the tokenizer: abcdefghijklmnop splits words");
	check_kept("task-runner-configuration-file and sk-learn-compatible-estimator");
	check_kept("ssh://git@github.com/org/repo.git and https://example.com/a:b@c");
	check_kept("Function `parse_config_value` has cyclomatic complexity 42 (limit 15)");
	check_kept("DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app");
	check_kept("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----");
	check_kept("AKIA_NOT_A_KEY and AKIAIOSFODNN7EXAMPLEEXTRA");
	check_kept("");
}

static void redaction_is_idempotent(void **state)
{
	char *t = token("ghp_", alnum, 36, 3), *v = token("", alnum, 30, 4);
	struct tg_buf in = TG_BUF_INIT;
	char *once, *twice;

	(void)state;
	tg_buf_addf(&in, "%s and password=%s and %s", t, v, t);
	once = redacted(in.buf);
	assert_null(strstr(once, t));
	assert_null(strstr(once, v));
	twice = redacted(once);
	assert_string_equal(once, twice);
	free(t), free(v), free(once), free(twice);
	tg_buf_release(&in);
}

static void a_heap_string_and_an_error_message_are_redacted(void **state)
{
	char *t = token("ghp_", alnum, 36, 5), *s = tg_strdup("plain");
	char *held;

	(void)state;
	assert_int_equal(tg_redact_string(&s), 0);
	assert_string_equal(s, "plain");
	free(s);
	s = tg_malloc(100);
	sprintf(s, "x %s y", t);
	assert_int_equal(tg_redact_string(&s), 1);
	assert_string_equal(s, "x ghp_…[redacted, 40 chars] y");
	free(s);
	s = NULL;
	assert_int_equal(tg_redact_string(&s), 0);

	/* A configuration value of the wrong type, quoted by its error. */
	tg_error_set(TG_ERR_INPUT, "config.yaml:3:8: github.api_url: want a URL, got \"%s\"", t);
	assert_null(strstr(tg_error_message(), t));
	assert_non_null(strstr(tg_error_message(), "got \"ghp_…[redacted, 40 chars]\""));
	held = tg_strdup(tg_error_message());
	tg_error_prefix(TG_ERR_INPUT, "loading %s", t);
	assert_null(strstr(tg_error_message(), t));
	assert_non_null(strstr(tg_error_message(), held));
	tg_error_clear();
	free(held);
	free(t);
}

static char *printable(const char *s, size_t n)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_add_printable(&b, s, n);
	return tg_buf_detach(&b, NULL);
}

static void controls_are_escaped_for_the_terminal(void **state)
{
	static const char title[] = "\x1b]0;pwned\a\x1b[2Jname";
	char *out;

	(void)state;
	out = printable(title, sizeof(title) - 1);
	assert_string_equal(out, "\\x1b]0;pwned\\x07\\x1b[2Jname");
	free(out);
	out = printable("a\nb\tc\rd\x7f", 8);
	assert_string_equal(out, "a\\nb\\tc\\rd\\x7f");
	free(out);
	/* UTF-8 stays; a C1 control, a bidi override and a stray byte do not. */
	out = printable("café \xc2\x9b \xe2\x80\xae \xff", 14);
	assert_string_equal(out, "café \\xc2\\x9b \\xe2\\x80\\xae \\xff");
	free(out);
	out = printable("ok … 日本", strlen("ok … 日本"));
	assert_string_equal(out, "ok … 日本");
	free(out);
}

static void a_text_keeps_its_lines_and_a_cell_is_padded(void **state)
{
	struct tg_buf b = TG_BUF_INIT;

	(void)state;
	tg_buf_add_printable_text(&b, "row\x1b[31m\n\tnext\n", 15);
	assert_string_equal(b.buf, "row\\x1b[31m\n\tnext\n");
	tg_buf_reset(&b);
	tg_buf_add_printable_cell(&b, "a\x1b", 8);
	tg_buf_addch(&b, '|');
	assert_string_equal(b.buf, "a\\x1b   |");
	tg_buf_reset(&b);
	tg_buf_add_printables(&b, NULL);
	assert_int_equal(b.len, 0);
	tg_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_prefixed_token_shape_keeps_its_prefix_only),
	        cmocka_unit_test(a_github_token_shows_its_first_four_characters),
	        cmocka_unit_test(a_jwt_private_key_and_webhook_are_redacted),
	        cmocka_unit_test(passwords_in_urls_and_assignments_are_redacted),
	        cmocka_unit_test(a_card_number_is_redacted),
	        cmocka_unit_test(ordinary_text_and_commit_ids_are_kept),
	        cmocka_unit_test(redaction_is_idempotent),
	        cmocka_unit_test(a_heap_string_and_an_error_message_are_redacted),
	        cmocka_unit_test(controls_are_escaped_for_the_terminal),
	        cmocka_unit_test(a_text_keeps_its_lines_and_a_cell_is_padded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
