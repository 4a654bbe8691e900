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

/* "N of M met", the breached ones named; "no data" before any event. */
static void slo_card(struct tg_buf *out, const struct tg_html_input *in)
{
	size_t i, data = 0, met = 0;

	tg_buf_adds(out, "<div><dt>SLO status</dt><dd id=\"sum-slo\">");
	for (i = 0; i < in->slo_nr; i++) {
		data += in->slo[i].sli >= 0;
		met += in->slo[i].sli >= 0 && !in->slo[i].breached;
	}
	if (!in->slo)
		tg_buf_adds(out, "not measured");
	else if (!data)
		tg_buf_adds(out, "no data");
	else
		tg_buf_addf(out, "%zu of %zu met", met, data);
	for (i = 0; i < in->slo_nr; i++)
		if (in->slo[i].breached) {
			tg_buf_adds(out, "<br><span class=\"sev-critical\">breached: ");
			tg_html_text(out, in->slo[i].slo->name);
			tg_buf_adds(out, "</span>");
		}
	tg_buf_adds(out, "</dd></div>");
}

/* Each SLO as `terragon slo` shows it, without the burn rates. */
static void slo_table(struct tg_buf *out, const struct tg_html_input *in)
{
	struct tg_buf cell = TG_BUF_INIT;
	size_t i;

	if (!in->slo_nr)
		return;
	tg_buf_adds(out, "<table class=\"small\" id=\"slo\"><caption>Service level objectives "
	                 "(<code>terragon slo</code>)</caption><tr><th>SLO</th><th>objective</th>"
	                 "<th>window</th><th>SLI</th><th>events</th><th>error budget left</th>"
	                 "<th>status</th></tr>");
	for (i = 0; i < in->slo_nr; i++) {
		const struct tg_slo_result *r = &in->slo[i];
		tg_buf_reset(&cell);
		tg_buf_addf(&cell, "%.4g%%", r->slo->objective * 100);
		if (r->slo->threshold) {
			tg_buf_adds(&cell, " within ");
			tg_slo_span(&cell, (double)r->slo->threshold);
		}
		tg_buf_adds(out, "<tr><td>");
		tg_html_text(out, r->slo->name);
		tg_buf_adds(out, "</td><td>");
		tg_html_text(out, cell.buf);
		tg_buf_reset(&cell);
		tg_slo_span(&cell, (double)r->slo->window);
		tg_buf_addf(out, "</td><td>%s</td>", cell.buf);
		if (r->sli < 0)
			tg_buf_adds(out, "<td>-</td><td>0</td><td>-</td>");
		else
			tg_buf_addf(out, "<td>%.2f%%</td><td>%llu/%llu</td><td>%.1f%%</td>",
			            r->sli * 100, (unsigned long long)r->good,
			            (unsigned long long)r->total, r->budget_left * 100);
		tg_buf_addf(out, "<td%s>%s</td></tr>", r->breached ? " class=\"sev-critical\"" : "",
		            tg_slo_status(r));
	}
	tg_buf_adds(out, "</table>\n");
	tg_buf_release(&cell);
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
	slo_card(out, in);
	tg_buf_adds(out,
	            "</dl>\n<table class=\"small\"><caption>Open items by severity</caption><tr>");
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
	tg_buf_adds(out, "</table>\n");
	slo_table(out, in);
	tg_buf_adds(out, "</section>\n");
	tg_strlist_clear(&cats);
}

static void backlog_section(struct tg_buf *out, const struct tg_html_input *in,
                            const struct tg_buf *head)
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
	            "id=\"tg-head\">");
	tg_buf_add(out, head->buf, head->len);
	tg_buf_adds(out, "</script></section>\n");
}

/*
 * The page's script runs where it stands, after everything shown: it draws
 * the first page of rows from the head block at once, then reads the other
 * rows, which come last, when the document is parsed.
 */
void tg_report_html(struct tg_buf *out, const struct tg_html_input *in)
{
	struct tg_buf rows_head = TG_BUF_INIT, rows_rest = TG_BUF_INIT;

	tg_html_table_data(&rows_head, &rows_rest, in);
	head(out, in);
	tg_buf_adds(out, "<main>\n");
	summary(out, in);
	backlog_section(out, in, &rows_head);
	tg_buf_adds(out, "<section id=\"hotspots\"><h2>Hotspots</h2>\n");
	tg_html_treemap(out, in->open);
	tg_buf_adds(out, "</section>\n<section id=\"trends\"><h2>Trends over runs</h2>\n");
	tg_html_trends(out, in);
	tg_buf_adds(out, "</section>\n<section id=\"bench\"><h2>Benchmarks</h2>\n");
	tg_html_bench(out, in);
	tg_buf_adds(out, "</section>\n<section id=\"knowledge\"><h2>Knowledge risk by "
	                 "directory</h2>\n");
	tg_html_knowledge(out, in->open);
	tg_buf_addf(out, "</section>\n</main>\n<script>%s</script>\n", tg_html_script);
	tg_buf_adds(out, "<script type=\"application/json\" id=\"tg-rows\">");
	tg_buf_add(out, rows_rest.buf, rows_rest.len);
	tg_buf_adds(out, "</script>\n</body>\n</html>\n");
	tg_buf_release(&rows_head);
	tg_buf_release(&rows_rest);
}
