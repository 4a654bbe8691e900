/*
 * Issue 15's precision fixes of the default packs, on whole files rather than
 * one-line examples: card numbers kept in code, configuration, logs and CSV
 * (the networks' test numbers, every separator) and left alone in lists of
 * numbers; the guide's three LLM patterns as one ai-ml item each; C constants
 * and placeholders not taken for secrets; documentation samples demoted.
 * Card numbers are assembled from groups at run time, so this file holds none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rules/rules.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

struct got {
	struct tg_sink sink;
	int nr, by_rule[4];
	const char *rules[4];
	enum tg_severity sev;
	double confidence;
};

static int keep(struct tg_sink *s, struct tg_item *it)
{
	struct got *g = s->data;
	int i;

	g->nr++;
	for (i = 0; i < 4; i++)
		if (g->rules[i] && !strcmp(it->rule_id, g->rules[i]))
			g->by_rule[i]++;
	g->sev = it->severity;
	g->confidence = it->inputs.confidence;
	tg_item_release(it);
	return TG_OK;
}

static struct tg_ruleset *rs;
static struct tg_rules_scratch *scr;

static int setup(void **state)
{
	(void)state;
	tg_log_level = TG_LOG_QUIET;
	if (tg_rules_load(&rs, NULL, NULL, NULL))
		return -1;
	tg_rules_set_cache_dir(rs, NULL);
	if (tg_rules_compile(rs))
		return -1;
	scr = tg_rules_scratch_new(rs);
	return scr ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tg_rules_scratch_free(scr);
	tg_ruleset_free(rs);
	return 0;
}

static void scan(struct got *g, const char *path, const char *text)
{
	memset(g->by_rule, 0, sizeof(g->by_rule));
	g->nr = 0;
	g->sink.emit = keep;
	g->sink.data = g;
	assert_int_equal(tg_rules_scan(rs, scr, NULL, path, (const unsigned char *)text,
	                               strlen(text), &g->sink),
	                 TG_OK);
}

/* A card number from its groups, joined by sep ("" for none). */
static void card(char *out, size_t n, const char *const *groups, const char *sep)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; groups[i]; i++)
		snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? sep : "", groups[i]);
}

static const char *const pans[][6] = {
        {"4111", "1111", "1111", "1111", NULL}, {"5555", "5555", "5555", "4444", NULL},
        {"3782", "822463", "10005", NULL},      {"6011", "1111", "1111", "1117", NULL},
        {"3530", "1113", "3330", "0000", NULL}, {"2223", "0031", "2200", "3222", NULL},
};

static void card_numbers_found_in_code_config_logs_and_csv(void **state)
{
	static const char *const seps[] = {"", " ", "-"};
	static const struct {
		const char *path, *fmt;
	} ctx[] = {
	        {"app/billing.py", "card_number = \"%s\"\n"},
	        {"config/customer.yaml", "customer:\n  pan: %s\n"},
	        {"logs/app.log", "2024-05-01 12:00:01 INFO payment accepted for %s amount=12.00\n"},
	        {"fixtures/cards.csv", "id,name,card_number,exp,cvv\n1,Alice Smith,%s,12/27,123\n"},
	};
	struct got g = {.rules = {"compliance.card-number"}};
	char number[32], text[256];
	size_t p, s, c;

	(void)state;
	for (p = 0; p < sizeof(pans) / sizeof(pans[0]); p++)
		for (s = 0; s < 3; s++)
			for (c = 0; c < sizeof(ctx) / sizeof(ctx[0]); c++) {
				card(number, sizeof(number), pans[p], seps[s]);
				snprintf(text, sizeof(text), ctx[c].fmt, number);
				scan(&g, ctx[c].path, text);
				if (g.by_rule[0] != 1)
					fail_msg("no card item in %s: %s", ctx[c].path, text);
				/* a documented test number, beside a card word */
				assert_int_equal(g.sev, TG_SEV_LOW);
				assert_true(g.confidence >= 9);
			}
}

static void card_numbers_not_in_lists_of_numbers(void **state)
{
	static const char *const decoys[][2] = {
	        {"arch/arm/boot/dts/exynos4210.dtsi",
	         "\tsamsung,pix-limits = <4224 8192 1920 4224>;\n"},
	        {"doc/drbd.txt", "       x=\"2026 2132 2293 2471 2648 2826 3004 3076\"\n"},
	        {"src/path.c", "static const char *d = \"M 4224 8192 1920 4224 L 10 10\";\n"},
	        {"tests/lib557.c", "  sl_test[i].expected = \"35747322042253312\";\n"},
	        {"dump.txt", "00000040: 4111 1111 1111 1111 abcd ef01  ................\n"},
	        {"src/a.c", "static const u64 v[] = {4224819219204224, 1234567812345678};\n"},
	        {"src/b.c", "\tmixed = \"4111 1111-1111 1111\";\n"},
	};
	struct got g = {.rules = {"compliance.card-number"}};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(decoys) / sizeof(decoys[0]); i++) {
		scan(&g, decoys[i][0], decoys[i][1]);
		if (g.by_rule[0])
			fail_msg("card item in %s: %s", decoys[i][0], decoys[i][1]);
	}
}

/* A template expanded (tg_rules_expand_example): a value this file does not hold. */
static void expand(char *out, size_t n, const char *tmpl)
{
	struct tg_buf b = TG_BUF_INIT;

	assert_int_equal(tg_rules_expand_example(&b, tmpl, 7), TG_OK);
	snprintf(out, n, "%s", b.buf);
	tg_buf_release(&b);
}

static void card_number_without_a_card_word_is_less_sure(void **state)
{
	struct got g = {.rules = {"compliance.card-number"}};
	char digits[32], number[32], text[128];

	(void)state;
	expand(digits, sizeof(digits), "{{card:4539:16}}");
	snprintf(number, sizeof(number), "%.4s %.4s %.4s %.4s", digits, digits + 4, digits + 8,
	         digits + 12);
	snprintf(text, sizeof(text), "ref = \"%s\"\n", number);
	scan(&g, "src/orders.py", text);
	assert_int_equal(g.by_rule[0], 1);
	assert_int_equal(g.sev, TG_SEV_MEDIUM);
	assert_true(g.confidence < 7);
	snprintf(text, sizeof(text), "card = \"%s\"\n", number);
	scan(&g, "src/orders.py", text);
	assert_int_equal(g.by_rule[0], 1);
	assert_int_equal(g.sev, TG_SEV_HIGH);
	assert_true(g.confidence >= 9);
}

/* The workflow guide's three patterns: prompt.*\+.*user_input, eval\(.*response.*\),
 * exec\(.*openai.*\). */
static void llm_patterns_are_one_ai_ml_item_each(void **state)
{
	static const char *const lines[][2] = {
	        {"ai-ml.prompt-concatenation", "prompt = \"Summarize: \" + user_input\n"},
	        {"ai-ml.prompt-concatenation", "full_prompt = system_prompt + user_input\n"},
	        {"ai-ml.eval-model-output", "result = eval(response)\n"},
	        {"ai-ml.eval-model-output",
	         "value = eval(completion.choices[0].message.content)\n"},
	        {"ai-ml.eval-model-output",
	         "exec(openai.ChatCompletion.create(model=\"gpt-4\", messages=m)"
	         ".choices[0].message.content)\n"},
	        {"ai-ml.eval-model-output",
	         "exec(client.chat.completions.create(model=m, messages=msgs)"
	         ".choices[0].message.content)\n"},
	        {"ai-ml.eval-model-output", "exec(llm(prompt))\n"},
	};
	struct got g = {.rules = {NULL, "injection.python-eval-exec"}};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		g.rules[0] = lines[i][0];
		scan(&g, "app/agent.py", lines[i][1]);
		if (g.by_rule[0] != 1 || g.by_rule[1] || g.nr != 1)
			fail_msg("%s: %d %s, %d generic, %d in all", lines[i][1], g.by_rule[0],
			         lines[i][0], g.by_rule[1], g.nr);
	}
}

static void constants_and_placeholders_are_not_secrets(void **state)
{
	static const char *const decoys[][2] = {
	        {"lib/netrc.c", "    lexer->token = NETRC_TOK_LITERAL;\n"},
	        {"lib/socks_gssapi.c", "  gss_buffer_desc gss_send_token = GSS_C_EMPTY_BUFFER;\n"},
	        {"lib/vtls/schannel.c", "    credentials.dwVersion = SCH_CREDENTIALS_VERSION;\n"},
	        {"tests/data/test1933",
	         "Authorization: XXX4-HMAC-SHA256 Credential=xxx/19700101/0/127/xxx4_request\n"},
	        {"settings.py", "API_KEY = \"abababababababab\"\n"},
	        {"settings.py", "SECRET_KEY = \"1234123412341234\"\n"},
	        {".env", "AUTH_TOKEN=sk_xxx_placeholder_value\n"},
	};
	struct got g = {.rules = {"secrets.generic-assignment"}};
	char value[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(decoys) / sizeof(decoys[0]); i++) {
		scan(&g, decoys[i][0], decoys[i][1]);
		if (g.nr)
			fail_msg("secret item in %s: %s", decoys[i][0], decoys[i][1]);
	}
	/* an unquoted value still counts as a configuration line */
	expand(value, sizeof(value), "AUTH_TOKEN={{rand:alnum:24}}\n");
	scan(&g, "deploy/.env", value);
	assert_int_equal(g.by_rule[0], 1);
	assert_int_equal(g.sev, TG_SEV_HIGH);
}

static void secrets_in_documentation_are_samples(void **state)
{
	struct got g = {.rules = {"secrets.generic-assignment"}};
	char text[128];

	(void)state;
	expand(text, sizeof(text), "To generate a key::\n\n    SECRET_KEY = '{{rand:hex:32}}'\n");
	scan(&g, "docs/config.rst", text);
	assert_int_equal(g.by_rule[0], 1);
	assert_int_equal(g.sev, TG_SEV_INFO);
	assert_true(g.confidence < 4);
	scan(&g, "src/app/settings.py", strchr(text, 'S'));
	assert_int_equal(g.by_rule[0], 1);
	assert_int_equal(g.sev, TG_SEV_HIGH);
}

static void pickle_round_trips_and_literal_commands_are_not_findings(void **state)
{
	struct got g = {.rules = {"ai-ml.pickle-load", "injection.c-system"}};

	(void)state;
	scan(&g, "tests/test_requests.py", "        pr = pickle.loads(pickle.dumps(r))\n");
	assert_int_equal(g.nr, 0);
	scan(&g, "tests/test_attributes.py",
	     "        pk_o = pickle.dumps(o)\n        o2 = pickle.loads(pk_o)\n");
	assert_int_equal(g.nr, 0);
	scan(&g, "app/load.py", "        model = pickle.loads(payload)\n");
	assert_int_equal(g.by_rule[0], 1);
	scan(&g, "tools/compaction_test.c",
	     "\tchar *cmd = \"cat /proc/meminfo | grep -i memfree\";\n\tFILE *f = popen(cmd, "
	     "\"r\");\n");
	assert_int_equal(g.nr, 0);
	scan(&g, "tools/run.c",
	     "\tchar cmd[64];\n\tsnprintf(cmd, sizeof(cmd), \"ls %s\", dir);\n\tsystem(cmd);\n");
	assert_int_equal(g.by_rule[1], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(card_numbers_found_in_code_config_logs_and_csv),
	        cmocka_unit_test(card_numbers_not_in_lists_of_numbers),
	        cmocka_unit_test(card_number_without_a_card_word_is_less_sure),
	        cmocka_unit_test(llm_patterns_are_one_ai_ml_item_each),
	        cmocka_unit_test(constants_and_placeholders_are_not_secrets),
	        cmocka_unit_test(secrets_in_documentation_are_samples),
	        cmocka_unit_test(pickle_round_trips_and_literal_commands_are_not_findings),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
