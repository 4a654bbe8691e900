// module: osv
/*
 * The OSV evaluator and the CVSS scorer on arbitrary bytes. The input is
 * "<ecosystem digit><version>\n<record JSON>": the record is evaluated for
 * the version (exactly and as intervals), its fixed version sought and its
 * finding filled, as tg_osv_match does; every line of the input is also
 * scored as a CVSS vector, whose score must be within 0-10.
 */
#include "osv/osv_int.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void score_lines(const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "\n");
		char *line = strndup(s, n);
		double score;

		if (!tg_cvss_score(line, &score) && (score < 0 || score > 10))
			abort();
		tg_error_clear();
		free(line);
		s += n + (s[n] == '\n');
	}
}

static void evaluate(enum tg_eco eco, const char *version, const char *json, size_t len)
{
	json_t *rec = tg_json_loadb(json, len, 0, NULL);
	struct tg_osv_ivals iv = {0};
	struct tg_osv_eval ev;
	struct tg_buf text = TG_BUF_INIT;
	struct tg_vuln_list l = {0};
	int unknown = 0;
	char *fixed;

	if (!rec)
		return;
	tg_osv_eval(rec, eco, "pkg", version, &ev);
	if (ev.verdict > TG_OSV_UNKNOWN)
		abort();
	if (!tg_osv_intervals(rec, eco, "pkg", &iv, &unknown))
		tg_osv_ivals_text(&iv, &text);
	fixed = tg_osv_fixed(&rec, 1, eco, "pkg", version);
	l.v = tg_calloc(1, sizeof(*l.v)); /* released as tg_osv_match's findings are */
	l.nr = l.alloc = 1;
	tg_osv_fill(l.v, &rec, 1, eco, "pkg");
	tg_vuln_list_clear(&l);
	free(fixed);
	tg_buf_release(&text);
	tg_osv_ivals_release(&iv);
	tg_error_clear();
	json_decref(rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *nl;
	enum tg_eco eco;

	memcpy(s, data, size);
	s[size] = '\0';
	score_lines(s);
	nl = strchr(s, '\n');
	if (size && nl) {
		eco = (enum tg_eco)(1 + (unsigned char)s[0] % (TG_ECO_COUNT - 1));
		*nl = '\0';
		evaluate(eco, s + 1, nl + 1, size - (size_t)(nl + 1 - s));
	}
	free(s);
	return 0;
}
