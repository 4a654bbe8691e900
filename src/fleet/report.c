/*
 * fleet report: the organisation's view from the shared store: the top open
 * items across repositories, each repository's totals and score, and the
 * repositories not run for stale_hours (or whose last run failed).
 */
#include "fleet/fleet.h"

#include "config/config.h"
#include "observe/slo.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char top_sql[] =
        "SELECT p.name, p.url, i.fingerprint, i.severity, i.score, i.rule_id, i.path, i.line,"
        " i.title FROM fleet_items i JOIN repositories p ON p.id = i.repository_id"
        " WHERE i.status = 'open' ORDER BY i.score DESC, p.name, i.fingerprint LIMIT ?";

static const char repos_sql[] =
        "SELECT p.name, p.url, p.head, p.last_run_at, p.last_status, p.last_error,"
        " (SELECT count(*) FROM fleet_items i WHERE i.repository_id = p.id"
        "  AND i.status = 'open'),"
        " (SELECT coalesce(sum(i.score), 0) FROM fleet_items i WHERE i.repository_id = p.id"
        "  AND i.status = 'open'),"
        " (SELECT count(*) FROM fleet_items i WHERE i.repository_id = p.id"
        "  AND i.status = 'open' AND i.severity IN ('critical', 'high'))"
        " FROM repositories p ORDER BY p.name, p.url";

static json_t *text(struct tg_sql_stmt *s, int i);

/*
 * The vulnerability-resolution SLO of observe/slo.c (its objective, window and
 * threshold) over the fleet's items, per repository and in all: an item of
 * the security, secret or vulnerability category is good when resolved
 * within the threshold (dated when resolved), bad at its deadline when not
 * resolved by then; events dated within the window count.
 */
static const char slo_sql[] =
        "SELECT p.name,"
        " sum(CASE WHEN i.resolved_at IS NOT NULL AND i.resolved_at - i.first_seen <= ?"
        "  AND i.resolved_at >= ? AND i.resolved_at <= ? THEN 1 ELSE 0 END),"
        " sum(CASE WHEN (i.resolved_at IS NULL OR i.resolved_at - i.first_seen > ?)"
        "  AND i.first_seen + ? >= ? AND i.first_seen + ? <= ? THEN 1 ELSE 0 END)"
        " FROM fleet_items i JOIN repositories p ON p.id = i.repository_id"
        " WHERE i.category IN ('security', 'secret', 'vulnerability')"
        " GROUP BY p.name ORDER BY p.name";

/*
 * The default configuration's vulnerability-resolution SLO (the workflow
 * guide's 2 days over 30 days): the fleet has no one repository's slos:.
 */
static const struct tg_slo *vuln_slo(void)
{
	static struct tg_slo found;
	struct tg_slo all[TG_CONFIG_SLOS_MAX];
	struct tg_config cfg;
	size_t i, n;

	tg_config_init(&cfg);
	n = tg_slo_from_config(&cfg, all);
	for (i = 0; i < n; i++)
		if (all[i].sli == TG_SLI_VULNERABILITY_RESOLUTION) {
			found = all[i];
			found.name = "vulnerability-resolution";
			break;
		}
	tg_config_release(&cfg);
	return i < n ? &found : NULL;
}

static int slo(struct tg_sql *db, time_t now, json_t *doc)
{
	const struct tg_slo *o = vuln_slo();
	struct tg_sql_stmt *s;
	json_t *by = json_array();
	int64_t from = (int64_t)(now - o->window), thr = (int64_t)o->threshold, good = 0, bad = 0;
	int64_t args[] = {thr, from, (int64_t)now, thr, thr, from, thr, (int64_t)now};
	int i, rc = tg_sql_prepare(db, &s, slo_sql);

	for (i = 0; !rc && i < 8; i++)
		rc = tg_sql_bind_int64(s, i + 1, args[i]);
	while (!rc && (rc = tg_sql_step(s)) == TG_SQL_ROW) {
		int64_t g = tg_sql_column_int64(s, 1), b = tg_sql_column_int64(s, 2);
		rc = TG_OK;
		good += g;
		bad += b;
		if (g + b)
			json_array_append_new(
			        by, json_pack("{s:o, s:I, s:I, s:f, s:b}", "repository", text(s, 0),
			                      "good", (json_int_t)g, "total", (json_int_t)(g + b),
			                      "sli", (double)g / (double)(g + b), "breached",
			                      (double)g / (double)(g + b) < o->objective));
	}
	tg_sql_finalize(s);
	json_object_set_new(
	        doc, "slo",
	        json_pack("{s:s, s:f, s:I, s:I, s:I, s:I, s:o, s:b, s:o}", "name", o->name,
	                  "objective", o->objective, "window_days", (json_int_t)(o->window / 86400),
	                  "threshold_hours", (json_int_t)(o->threshold / 3600), "good",
	                  (json_int_t)good, "total", (json_int_t)(good + bad), "sli",
	                  good + bad ? json_real((double)good / (double)(good + bad)) : json_null(),
	                  "breached",
	                  good + bad && (double)good / (double)(good + bad) < o->objective,
	                  "by_repository", by));
	return rc;
}

static json_t *text(struct tg_sql_stmt *s, int i)
{
	const char *v = tg_sql_column_text(s, i);

	return v ? json_string(v) : json_null();
}

static int top_items(struct tg_sql *db, int top, json_t *arr)
{
	struct tg_sql_stmt *s;
	int rc = tg_sql_prepare(db, &s, top_sql);

	if (rc)
		return rc;
	tg_sql_bind_int64(s, 1, top);
	while ((rc = tg_sql_step(s)) == TG_SQL_ROW)
		json_array_append_new(
		        arr,
		        json_pack("{s:o, s:o, s:o, s:o, s:f, s:o, s:o, s:I, s:o}", "repository",
		                  text(s, 0), "url", text(s, 1), "fingerprint", text(s, 2),
		                  "severity", text(s, 3), "score", tg_sql_column_double(s, 4),
		                  "rule", text(s, 5), "path", text(s, 6), "line",
		                  (json_int_t)tg_sql_column_int64(s, 7), "title", text(s, 8)));
	tg_sql_finalize(s);
	return rc;
}

static int repositories(struct tg_sql *db, int stale_hours, time_t now, json_t *arr)
{
	struct tg_sql_stmt *s;
	int rc = tg_sql_prepare(db, &s, repos_sql);

	if (rc)
		return rc;
	while ((rc = tg_sql_step(s)) == TG_SQL_ROW) {
		int64_t last = tg_sql_column_int64(s, 3);
		const char *status = tg_sql_column_text(s, 4);
		int stale = !last || now - last > (int64_t)stale_hours * 3600 ||
		            (status && strcmp(status, "ok"));
		json_array_append_new(
		        arr, json_pack("{s:o, s:o, s:o, s:I, s:o, s:o, s:I, s:f, s:I, s:b}",
		                       "repository", text(s, 0), "url", text(s, 1), "head",
		                       text(s, 2), "last_run_at", (json_int_t)last, "last_status",
		                       text(s, 4), "last_error", text(s, 5), "open",
		                       (json_int_t)tg_sql_column_int64(s, 6), "score",
		                       tg_sql_column_double(s, 7), "critical_high",
		                       (json_int_t)tg_sql_column_int64(s, 8), "stale", stale));
	}
	tg_sql_finalize(s);
	return rc;
}

static void slo_line(const json_t *o, struct tg_buf *out)
{
	const json_t *sli = json_object_get(o, "sli");
	const json_t *v;
	size_t i;

	tg_buf_addf(out, "SLO %s (%.0f%% within %lld h, %lld days): ",
	            json_string_value(json_object_get(o, "name")),
	            100 * json_real_value(json_object_get(o, "objective")),
	            (long long)json_integer_value(json_object_get(o, "threshold_hours")),
	            (long long)json_integer_value(json_object_get(o, "window_days")));
	if (json_is_null(sli)) {
		tg_buf_adds(out, "no events\n");
		return;
	}
	tg_buf_addf(out, "%.1f%% of %lld%s\n", 100 * json_real_value(sli),
	            (long long)json_integer_value(json_object_get(o, "total")),
	            json_is_true(json_object_get(o, "breached")) ? ", BREACHED" : "");
	json_array_foreach(json_object_get(o, "by_repository"), i, v)
	{
		if (!json_is_true(json_object_get(v, "breached")))
			continue;
		tg_buf_adds(out, "  breached in ");
		tg_buf_add_printables(out, json_string_value(json_object_get(v, "repository")));
		tg_buf_addf(out, ": %.1f%% of %lld\n",
		            100 * json_real_value(json_object_get(v, "sli")),
		            (long long)json_integer_value(json_object_get(v, "total")));
	}
}

static void table(const json_t *doc, int stale_hours, struct tg_buf *out)
{
	const json_t *repos = json_object_get(doc, "repositories");
	const json_t *top = json_object_get(doc, "top");
	const json_t *v;
	size_t i, stale = 0;

	tg_buf_addf(out, "%-28s %6s %10s %9s  %s\n", "REPOSITORY", "OPEN", "SCORE", "CRIT+HIGH",
	            "LAST RUN");
	json_array_foreach(repos, i, v)
	{
		const char *st = json_string_value(json_object_get(v, "last_status"));
		stale += json_is_true(json_object_get(v, "stale"));
		tg_buf_add_printable_cell(out, json_string_value(json_object_get(v, "repository")),
		                          28);
		tg_buf_addf(out, " %6lld %10.1f %9lld  %s%s\n",
		            (long long)json_integer_value(json_object_get(v, "open")),
		            json_real_value(json_object_get(v, "score")),
		            (long long)json_integer_value(json_object_get(v, "critical_high")),
		            st ? st : "never",
		            json_is_true(json_object_get(v, "stale")) ? " (stale)" : "");
	}
	tg_buf_addf(out, "\n%zu repositories, %zu stale (not run in %d h, or failed)\n",
	            json_array_size(repos), stale, stale_hours);
	slo_line(json_object_get(doc, "slo"), out);
	tg_buf_adds(out, "\nTOP ITEMS\n");
	json_array_foreach(top, i, v)
	{
		const char *path = json_string_value(json_object_get(v, "path"));
		tg_buf_addf(out, "%6.1f  %-8s ", json_real_value(json_object_get(v, "score")),
		            json_string_value(json_object_get(v, "severity")));
		tg_buf_add_printables(out, json_string_value(json_object_get(v, "repository")));
		tg_buf_adds(out, ":");
		tg_buf_add_printables(out, path);
		tg_buf_adds(out, "  ");
		tg_buf_add_printables(out, json_string_value(json_object_get(v, "title")));
		tg_buf_addch(out, '\n');
	}
}

int tg_fleet_report(struct tg_sql *db, enum tg_fleet_format f, int top, int stale_hours, time_t now,
                    struct tg_buf *out)
{
	json_t *doc = json_pack("{s:i, s:[], s:[]}", "version", 1, "repositories", "top");
	int rc = repositories(db, stale_hours, now, json_object_get(doc, "repositories"));

	if (!rc)
		rc = top_items(db, top, json_object_get(doc, "top"));
	if (!rc)
		rc = slo(db, now, doc);
	if (!rc && f == TG_FLEET_JSON) {
		char *s = tg_json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
		tg_buf_adds(out, s);
		tg_buf_addch(out, '\n');
		free(s);
	} else if (!rc) {
		table(doc, stale_hours, out);
	}
	json_decref(doc);
	return rc;
}
