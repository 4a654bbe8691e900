#ifndef TG_SERVE_H
#define TG_SERVE_H

/*
 * `terragon serve`: a small HTTP server over the store, read-only, so
 * discover can run alongside it. GET and HEAD only; its own paths only:
 *   /          the HTML report (report/html.h), rendered when the store changed
 *   /api/...   the backlog and its items as JSON (api.h), from an index
 *              (index.h) read again when the store changed, in the background
 *   /metrics   the metrics (observe.h), OpenMetrics when the Accept header
 *              asks for it, else text 0.0.4; from a snapshot read again when
 *              the store changed (looked at five times a second), in the
 *              background: a reload never holds up an answer
 *   /healthz, /livez   200 "ok" whenever the process answers
 *   /readyz    200 once the store was read, else 503 with why
 * Anything else is 404 (no file is served from disk); another method 405.
 * Connections are capped and idle ones time out.
 */

#include "backlog/score.h"

#include <sqlite3.h>

struct tg_slo;
struct tg_posture;

struct tg_serve_opts {
	const char *listen;     /* "127.0.0.1:9464" */
	sqlite3 *db;            /* read-only; the server's loader thread alone reads it */
	const char *store_path; /* the same store: each request thread opens it read-only */
	const char *repository;
	unsigned max_connections;           /* 0: 512 */
	unsigned timeout_s;                 /* idle connection timeout; 0: 10 */
	const struct tg_score_model *model; /* the API and the report score with it; not NULL */
	const struct tg_slo *slos;          /* their thresholds are histogram buckets (slo.h) */
	size_t slos_nr;
	/* terragon_compliance_score's, scored from the tree once at start (the metrics
	 * follow the store, the posture the tree and its tags); NULL: no sample. */
	const struct tg_posture *posture;
};

/*
 * Serves until SIGTERM or SIGINT (blocked in the calling thread, and so in
 * the server's threads; the caller must not have started other threads),
 * then stops cleanly. *port receives the port bound (for --listen :0), and
 * is printed by the caller through ready(port). TG_ERR_USAGE for a bad
 * address, TG_ERR_RUN when it cannot listen.
 */
int tg_serve_run(const struct tg_serve_opts *o, void (*ready)(unsigned port));

#endif
