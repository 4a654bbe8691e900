/*
 * The HTML report's page: head and policy, summary, and the sections of
 * html_table.c, html_svg.c and html_charts.c.
 */
#include "report/html.h"

#include "util/clock.h"
#include "util/redact.h"
#include "util/utf8.h"

#include <openssl/evp.h>
#include <string.h>

void tg_html_text(struct tg_buf *out, const char *s)
{
	struct tg_buf r = TG_BUF_INIT, u = TG_BUF_INIT;

	if (!s)
		return;
	tg_redact_text(&r, s, strlen(s));
	tg_buf_add_utf8(&u, r.buf, r.len);
	tg_buf_add_xml(out, u.buf, u.len); /* HTML text and attributes are XML-safe too */
	tg_buf_release(&u);
	tg_buf_release(&r);
}

void tg_html_csp_hash(struct tg_buf *out, const char *text, size_t len)
{
	unsigned char md[32], b64[48];
	unsigned int n = 0;

	EVP_Digest(text, len, md, &n, EVP_sha256(), NULL);
	EVP_EncodeBlock(b64, md, (int)n);
	tg_buf_addf(out, "'sha256-%s'", (const char *)b64);
}

static void head(struct tg_buf *out, const struct tg_html_input *in)
{
	tg_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	                 "'none'; script-src ");
	tg_html_csp_hash(out, tg_html_script, strlen(tg_html_script));
	tg_buf_adds(out, "; style-src ");
	tg_html_csp_hash(out, tg_html_style, strlen(tg_html_style));
	tg_buf_adds(out,
	            "; img-src data:; base-uri 'none'; form-action 'none'\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	            "<meta name=\"referrer\" content=\"no-referrer\">\n"
	            "<link rel=\"icon\" href=\"data:,\">\n<title>terragon report: ");
	tg_html_text(out, in->repo_name ? in->repo_name : "repository");
	tg_buf_addf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", tg_html_style);
}

static void summary(struct tg_buf *out, const struct tg_html_input *in)
{
	size_t sev[5] = {0}, i;
	double debt = 0, vulns = 0;
	struct tg_strlist cats = TG_STRLIST_INIT;
	char when[32];

	for (i = 0; i < in->open->nr; i++) {
		const struct tg_item *it = &in->open->items[i];
		sev[it->severity]++;
		debt += it->remediation_minutes;
		vulns += it->category && !strcmp(it->category, "vulnerability");
		if (tg_strlist_find(&cats, it->category ? it->category : "-") < 0)
			tg_strlist_add(&cats, it->category ? it->category : "-");
	}
	tg_strlist_sort(&cats);
	tg_time_format(in->now, when, sizeof(when));
	tg_buf_adds(out, "<header><h1>terragon report: ");
	tg_html_text(out, in->repo_name ? in->repo_name : "repository");
	tg_buf_addf(out, "</h1><p>As of <time>%s</time>, scoring model %s.</p></header>\n", when,
	            TG_SCORING_MODEL);
	tg_buf_addf(out,
	            "<section id=\"summary\"><h2>Summary</h2>\n<dl class=\"cards\">"
	            "<div><dt>Open items</dt><dd id=\"sum-open\">%zu</dd></div>"
	            "<div><dt>Debt</dt><dd>%.0f min</dd></div>"
	            "<div><dt>Vulnerabilities</dt><dd>%.0f</dd></div>",
	            in->open->nr, debt, vulns);
	if (in->runs && in->runs->nr) {
		const struct tg_run_point *p = &in->runs->v[in->runs->nr - 1];
		tg_time_format(p->at, when, sizeof(when));
		tg_buf_addf(out, "<div><dt>Last run</dt><dd>#%lld, %s</dd></div>",
		            (long long)p->run_id, when);
	} else {
		tg_buf_adds(out, "<div><dt>Last run</dt><dd>none</dd></div>");
	}
	tg_buf_adds(out, "<div><dt>SLO status</dt><dd>not measured</dd></div></dl>\n"
	                 "<table class=\"small\"><caption>Open items by severity</caption><tr>");
	for (i = 5; i-- > 0;)
		tg_buf_addf(out, "<th>%s</th>", tg_severity_name((enum tg_severity)i));
	tg_buf_adds(out, "</tr><tr>");
	for (i = 5; i-- > 0;)
		tg_buf_addf(out, "<td>%zu</td>", sev[i]);
	tg_buf_adds(out, "</tr></table>\n<table class=\"small\"><caption>Open items by "
	                 "category</caption><tr><th>category</th><th>items</th></tr>");
	for (i = 0; i < cats.nr; i++) {
		size_t j, n = 0;
		for (j = 0; j < in->open->nr; j++) {
			const char *c = in->open->items[j].category;
			n += !strcmp(c ? c : "-", cats.v[i]);
		}
		tg_buf_adds(out, "<tr><td>");
		tg_html_text(out, cats.v[i]);
		tg_buf_addf(out, "</td><td>%zu</td></tr>", n);
	}
	tg_buf_adds(out, "</table></section>\n");
	tg_strlist_clear(&cats);
}

static void backlog_section(struct tg_buf *out, const struct tg_html_input *in)
{
	tg_buf_adds(out,
	            "<section id=\"backlog\"><h2>Backlog</h2>\n<form id=\"filters\" "
	            "role=\"search\"><label>Text <input id=\"f-text\" type=\"search\"></label> "
	            "<label>Category <select id=\"f-cat\"><option value=\"\">all</option>"
	            "</select></label> <label>Severity <select id=\"f-sev\"><option "
	            "value=\"\">all</option><option value=\"4\">critical</option><option "
	            "value=\"3\">high and above</option><option value=\"2\">medium and "
	            "above</option><option value=\"1\">low and above</option></select></label> "
	            "<label>Path <input id=\"f-path\" type=\"search\"></label>");
	if (in->fresh) {
		tg_buf_adds(out, " <label><input id=\"f-new\" type=\"checkbox\"> new since ");
		tg_html_text(out, in->since);
		tg_buf_adds(out, "</label>");
	}
	tg_buf_adds(out,
	            "</form>\n<p><span id=\"tg-shown\">loading</span> <button id=\"prev\" "
	            "type=\"button\">previous</button> <span id=\"tg-page\"></span> <button "
	            "id=\"next\" type=\"button\">next</button></p>\n<table id=\"items\"><thead><tr>"
	            "<th data-key=\"score\" aria-sort=\"descending\">Score</th>"
	            "<th data-key=\"severity\">Severity</th><th data-key=\"category\">Category</th>"
	            "<th data-key=\"title\">Item</th><th data-key=\"path\">Path</th></tr></thead>"
	            "<tbody id=\"rows\"></tbody></table>\n"
	            "<p class=\"note\">Select a row for its score, step by step, as <code>terragon "
	            "explain</code> prints it.</p>\n<script type=\"application/json\" "
	            "id=\"tg-data\">");
	tg_html_table_data(out, in);
	tg_buf_adds(out, "</script></section>\n");
}

void tg_report_html(struct tg_buf *out, const struct tg_html_input *in)
{
	head(out, in);
	tg_buf_adds(out, "<main>\n");
	summary(out, in);
	backlog_section(out, in);
	tg_buf_adds(out, "<section id=\"hotspots\"><h2>Hotspots</h2>\n");
	tg_html_treemap(out, in->open);
	tg_buf_adds(out, "</section>\n<section id=\"trends\"><h2>Trends over runs</h2>\n");
	tg_html_trends(out, in);
	tg_buf_adds(out, "</section>\n<section id=\"bench\"><h2>Benchmarks</h2>\n");
	tg_html_bench(out, in);
	tg_buf_adds(out, "</section>\n<section id=\"knowledge\"><h2>Knowledge risk by "
	                 "directory</h2>\n");
	tg_html_knowledge(out, in->open);
	tg_buf_addf(out, "</section>\n</main>\n<script>%s</script>\n</body>\n</html>\n",
	            tg_html_script);
}
