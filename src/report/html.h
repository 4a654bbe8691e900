#ifndef TG_HTML_H
#define TG_HTML_H

/*
 * The HTML report (`terragon report --html`): one file that works offline
 * under a strict Content Security Policy (its one script and one style
 * allowed by their SHA-256, nothing fetched), with SVG charts written here.
 * Deterministic: the same input gives the same bytes. Every string from the
 * repository is redacted (util/redact.h) and HTML-escaped, or, in the
 * table's data, JSON-escaped with '<', '>' and '&' as \u escapes.
 */

#include "backlog/backlog.h"
#include "backlog/score.h"
#include "backlog/series.h"
#include "observe/slo.h"
#include "predict/predict.h"
#include "store/sql.h"
#include "util/buf.h"
#include "util/strlist.h"

#include <sqlite3.h>
#include <time.h>

/* One benchmark's recorded medians, oldest first, and its change points. */
struct tg_html_bench {
	char *name, *unit;
	double *median;
	time_t *at;
	size_t nr;
	struct tg_changepoint *cps;
	size_t cps_nr;
};

struct tg_html_input {
	const char *repo_name;
	time_t now;
	const struct tg_backlog *open; /* the open items, best first */
	const struct tg_score_model *model;
	const struct tg_strlist *fresh; /* fingerprints new since --since (sorted), or NULL */
	const char *since;              /* what --since named, or NULL */
	const struct tg_run_series *runs;
	const struct tg_html_bench *bench;
	size_t bench_nr;
	double horizon_days;             /* of the bands */
	const struct tg_slo_result *slo; /* the SLOs evaluated at now, or NULL: not measured */
	size_t slo_nr;
};

void tg_report_html(struct tg_buf *out, const struct tg_html_input *in);

/*
 * Reads every stored item and the runs' series from db, fills in->open and
 * in->runs with them (cleared again after) and appends the report. The
 * caller sets the rest of in. TG_ERR_RUN with the store's message.
 */
int tg_report_html_from_store(struct tg_buf *page, struct tg_sql *db, struct tg_html_input *in);
/*
 * The SLOs (the configuration's, observe/slo.h) evaluated on db at now, for
 * the summary: at most max into res; 0, with a warning, when the store's
 * observations cannot be read. The same for `report --html` and serve's /.
 */
size_t tg_report_slo_load(struct tg_sql *db, const struct tg_slo *slos, size_t slos_nr, time_t now,
                          struct tg_slo_result *res, size_t max);

/* Text from the repository for HTML: redacted, UTF-8 ("\xff" for other bytes), escaped. */
void tg_html_text(struct tg_buf *out, const char *s);
/* The CSP source of a script or style: 'sha256-<base64>'. */
void tg_html_csp_hash(struct tg_buf *out, const char *text, size_t len);

/* The report's parts (html_*.c). */
/* The rows the page shows at once, and the rows in its first data block. */
#define TG_HTML_PAGE_ROWS 200
/* The table's data: the head block (first page) and the block of the other rows. */
void tg_html_table_data(struct tg_buf *head, struct tg_buf *rest, const struct tg_html_input *in);
void tg_html_trends(struct tg_buf *out, const struct tg_html_input *in);
void tg_html_treemap(struct tg_buf *out, const struct tg_backlog *b);
void tg_html_knowledge(struct tg_buf *out, const struct tg_backlog *b);
void tg_html_bench(struct tg_buf *out, const struct tg_html_input *in);
extern const char tg_html_style[];
extern const char tg_html_script[];

#endif
