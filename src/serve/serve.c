#include "serve/serve.h"

#include "observe/observe.h"
#include "report/html.h"
#include "serve/api.h"
#include "serve/mhd.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct server {
	const struct tg_serve_opts *o;
	const struct tg_mhd *mhd;
	pthread_mutex_t lock;
	struct tg_buf text[2]; /* the snapshot in 0.0.4 and in OpenMetrics */
	int loaded;            /* a snapshot was read */
	char why[256];         /* why not, for /readyz */
	double checked;        /* when the store was last looked at (monotonic) */
	int data_version;
	int seen_version;   /* the store's data_version when last looked at */
	struct tg_api api;  /* /api/: the items, read when asked for */
	struct tg_buf page; /* /: the HTML report, rendered when asked for */
	int page_version, page_loaded;
};

static int data_version(sqlite3 *db)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Reads the store again when it changed since the last look (at most once a second). */
static void refresh(struct server *sv)
{
	struct tg_observe ob;
	struct tg_sql *q;
	double now = tg_clock_mono();
	int v, rc;

	if (sv->loaded && now - sv->checked < 1)
		return;
	sv->checked = now;
	v = data_version(sv->o->db);
	sv->seen_version = v;
	if (sv->loaded && v == sv->data_version)
		return;
	q = tg_sql_wrap_sqlite(sv->o->db, NULL); /* the readers' SQL layer */
	rc = tg_observe_load(q, tg_clock_now(), sv->o->repository, &ob);
	tg_sql_close(q);
	if (rc) {
		snprintf(sv->why, sizeof(sv->why), "%s", tg_error_message());
	} else {
		ob.slos = sv->o->slos;
		ob.slos_nr = sv->o->slos_nr;
		ob.posture = sv->o->posture;
		tg_buf_reset(&sv->text[0]);
		tg_buf_reset(&sv->text[1]);
		tg_observe_metrics(&sv->text[0], &ob, TG_EXPO_PROMETHEUS);
		tg_observe_metrics(&sv->text[1], &ob, TG_EXPO_OPENMETRICS);
		sv->loaded = 1;
		sv->data_version = v;
		sv->why[0] = 0;
	}
	tg_observe_release(&ob);
}

static enum MHD_Result answer(struct server *sv, struct MHD_Connection *c, unsigned status,
                              const char *type, const char *body, size_t len)
{
	struct MHD_Response *r =
	        sv->mhd->create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	sv->mhd->add_response_header(r, "Content-Type", type);
	if (status == 405)
		sv->mhd->add_response_header(r, "Allow", "GET, HEAD");
	ret = sv->mhd->queue_response(c, status, r);
	sv->mhd->destroy_response(r);
	return ret;
}

static int wants_openmetrics(struct server *sv, struct MHD_Connection *c)
{
	const char *accept = sv->mhd->lookup_connection_value(c, MHD_HEADER_KIND, "Accept");

	return accept && strstr(accept, "application/openmetrics-text");
}

static enum MHD_Result metrics(struct server *sv, struct MHD_Connection *c)
{
	int om = wants_openmetrics(sv, c);
	enum MHD_Result ret;

	pthread_mutex_lock(&sv->lock);
	refresh(sv);
	if (!sv->loaded)
		ret = answer(sv, c, 503, "text/plain; charset=utf-8", sv->why, strlen(sv->why));
	else
		ret = answer(sv, c, 200, tg_exposition_type(om ? TG_EXPO_OPENMETRICS : 0),
		             sv->text[om].buf, sv->text[om].len);
	pthread_mutex_unlock(&sv->lock);
	return ret;
}

/* The HTML report (report/html.h), rendered again when the store changed. */
static enum MHD_Result report(struct server *sv, struct MHD_Connection *c)
{
	struct tg_html_input in = {
	        .repo_name = sv->o->repository, .model = sv->o->model, .horizon_days = 90};
	struct tg_slo_result slo[TG_CONFIG_SLOS_MAX];
	struct tg_buf why = TG_BUF_INIT;
	enum MHD_Result ret;

	pthread_mutex_lock(&sv->lock);
	refresh(sv);
	if (!sv->page_loaded || sv->page_version != sv->seen_version) {
		in.now = tg_clock_now();
		struct tg_sql *q = tg_sql_wrap_sqlite(sv->o->db, NULL);
		in.slo_nr = tg_report_slo_load(q, sv->o->slos, sv->o->slos_nr, in.now, slo,
		                               sizeof(slo) / sizeof(slo[0]));
		in.slo = in.slo_nr ? slo : NULL;
		tg_buf_reset(&sv->page);
		sv->page_loaded = !tg_report_html_from_store(&sv->page, q, &in);
		tg_sql_close(q);
		sv->page_version = sv->seen_version;
		if (!sv->page_loaded)
			tg_buf_addf(&why, "store not readable: %s\n", tg_error_message());
	}
	if (sv->page_loaded)
		ret = answer(sv, c, 200, "text/html; charset=utf-8", sv->page.buf, sv->page.len);
	else
		ret = answer(sv, c, 503, "text/plain; charset=utf-8", why.buf, why.len);
	pthread_mutex_unlock(&sv->lock);
	tg_buf_release(&why);
	return ret;
}

static enum MHD_Result readyz(struct server *sv, struct MHD_Connection *c)
{
	struct tg_buf b = TG_BUF_INIT;
	enum MHD_Result ret;
	int ok;

	pthread_mutex_lock(&sv->lock);
	refresh(sv);
	ok = sv->loaded;
	tg_buf_adds(&b, ok ? "ok\n" : "store not readable: ");
	if (!ok)
		tg_buf_addf(&b, "%s\n", sv->why);
	pthread_mutex_unlock(&sv->lock);
	ret = answer(sv, c, ok ? 200 : 503, "text/plain; charset=utf-8", b.buf, b.len);
	tg_buf_release(&b);
	return ret;
}

/* The query's parameters, at most TG_SERVE_ARGS of them. */
#define TG_SERVE_ARGS 16
struct args {
	struct tg_api_arg a[TG_SERVE_ARGS];
	size_t nr;
	int too_many;
};

static enum MHD_Result one_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
	struct args *args = cls;

	(void)kind;
	if (!*key) /* "?&a=1", "a=1&&b=2": nothing there */
		return MHD_YES;
	if (args->nr == TG_SERVE_ARGS) {
		args->too_many = 1;
		return MHD_NO;
	}
	args->a[args->nr++] = (struct tg_api_arg){key, value};
	return MHD_YES;
}

static enum MHD_Result api(struct server *sv, struct MHD_Connection *c, const char *url)
{
	static const char json[] = "application/json";
	static const char too_many[] = "{\"error\": \"more than 16 query parameters\"}\n";
	struct tg_buf b = TG_BUF_INIT;
	struct args args = {.nr = 0};
	enum MHD_Result ret;
	unsigned status;

	sv->mhd->get_connection_values(c, MHD_GET_ARGUMENT_KIND, one_arg, &args);
	if (args.too_many)
		return answer(sv, c, 400, json, too_many, sizeof(too_many) - 1);
	pthread_mutex_lock(&sv->lock);
	refresh(sv);
	status = tg_api_answer(&sv->api, sv->o->db, sv->seen_version, url, args.a, args.nr, &b);
	pthread_mutex_unlock(&sv->lock);
	ret = answer(sv, c, status, json, b.buf, b.len);
	tg_buf_release(&b);
	return ret;
}

static int is_api(const char *url)
{
	return !strncmp(url, "/api", 4) && (!url[4] || url[4] == '/');
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
	struct server *sv = cls;
	static const char text[] = "text/plain; charset=utf-8";
	static const char not_allowed[] =
	        "{\"error\": \"method not allowed (GET and HEAD only)\"}\n";

	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return is_api(url) ? answer(sv, c, 405, "application/json", not_allowed,
		                            sizeof(not_allowed) - 1)
		                   : answer(sv, c, 405, text, "method not allowed\n", 19);
	if (is_api(url))
		return api(sv, c, url);
	if (!strcmp(url, "/metrics"))
		return metrics(sv, c);
	if (!strcmp(url, "/healthz") || !strcmp(url, "/livez"))
		return answer(sv, c, 200, text, "ok\n", 3);
	if (!strcmp(url, "/readyz"))
		return readyz(sv, c);
	if (!strcmp(url, "/"))
		return report(sv, c);
	return answer(sv, c, 404, text, "not found\n", 10);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	const char *colon = strrchr(listen, ':');
	char host[64];
	char *end;
	long port;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return tg_error_set(TG_ERR_USAGE, "--listen %s: expected HOST:PORT", listen);
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = 0;
	port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 0 || port > 65535)
		return tg_error_set(TG_ERR_USAGE, "--listen %s: bad port", listen);
	if (inet_pton(AF_INET, *host ? host : "0.0.0.0", &sa->sin_addr) != 1)
		return tg_error_set(TG_ERR_USAGE, "--listen %s: expected an IPv4 address", listen);
	sa->sin_port = htons((uint16_t)port);
	return TG_OK;
}

static unsigned bound_port(struct MHD_Daemon *d, const struct sockaddr_in *sa)
{
	(void)d;
	return ntohs(sa->sin_port);
}

int tg_serve_run(const struct tg_serve_opts *o, void (*ready)(unsigned port))
{
	struct server sv = {.o = o, .lock = PTHREAD_MUTEX_INITIALIZER};
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	socklen_t len = sizeof(sa);
	sigset_t set;
	int fd, sig, rc;

	if ((rc = parse_listen(o->listen, &sa)))
		return rc;
	tg_api_init(&sv.api, o->model);
	if (!(sv.mhd = tg_mhd()))
		return TG_ERR_RUN;
	/* the server's threads inherit the mask: only sigwait below sees these */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 1024) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len)) {
		rc = tg_error_set(TG_ERR_RUN, "cannot listen on %s: %m", o->listen);
		if (fd >= 0)
			close(fd);
		return rc;
	}
	d = sv.mhd->start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	                         handle, &sv, MHD_OPTION_LISTEN_SOCKET, fd,
	                         MHD_OPTION_THREAD_POOL_SIZE, 2u, MHD_OPTION_CONNECTION_LIMIT,
	                         o->max_connections ? o->max_connections : 512u,
	                         MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_s ? o->timeout_s : 10u,
	                         MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768, MHD_OPTION_END);
	if (!d) {
		close(fd);
		return tg_error_set(TG_ERR_RUN, "cannot serve on %s (libmicrohttpd refused)",
		                    o->listen);
	}
	pthread_mutex_lock(&sv.lock);
	refresh(&sv);
	pthread_mutex_unlock(&sv.lock);
	ready(bound_port(d, &sa));
	sigdelset(&set, SIGPIPE);
	while (sigwait(&set, &sig) == 0 && sig != SIGTERM && sig != SIGINT)
		;
	sv.mhd->stop_daemon(d);
	close(fd);
	tg_buf_release(&sv.text[0]);
	tg_buf_release(&sv.text[1]);
	tg_api_release(&sv.api);
	tg_buf_release(&sv.page);
	return TG_OK;
}
