#include "serve/serve.h"

#include "observe/observe.h"
#include "report/html.h"
#include "serve/api.h"
#include "serve/mhd.h"
#include "store/sql.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * Locks: `lock` guards the published state only (the metrics text, the index
 * pointer, the versions) and is held for a copy or a pointer swap, never
 * while the store is read. The loader thread reads the store through o->db
 * (its connection alone) and publishes; each request thread reads items
 * through its own read-only connection (conn()). The report at / is rendered
 * under page_lock, which only requests for / wait on.
 */
struct server {
	const struct tg_serve_opts *o;
	const struct tg_mhd *mhd;
	pthread_mutex_t lock;
	pthread_cond_t changed;  /* the loader's wake-up, and a new index published */
	struct tg_buf text[2];   /* the snapshot in 0.0.4 and in OpenMetrics */
	int loaded;              /* a snapshot was read */
	char why[256];           /* why not, for /readyz */
	int data_version;        /* the store's data_version the metrics were read at */
	int seen_version;        /* the store's data_version when last looked at */
	struct tg_api_index *ix; /* /api/: the index, read once an /api request came */
	int api_wanted, ix_tried;
	char ix_why[256]; /* why the last index read failed */
	atomic_int stop;
	pthread_t loader;
	pthread_key_t conn; /* each request thread's own store connection */
	pthread_mutex_t page_lock;
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

/* The metrics read again (outside the lock), then published. */
static void reload_metrics(struct server *sv, int v)
{
	struct tg_buf text[2] = {TG_BUF_INIT, TG_BUF_INIT};
	struct tg_observe ob;
	struct tg_sql *q = tg_sql_wrap_sqlite(sv->o->db, NULL); /* the readers' SQL layer */
	int rc = tg_observe_load(q, tg_clock_now(), sv->o->repository, &ob);

	tg_sql_close(q);
	if (!rc) {
		ob.slos = sv->o->slos;
		ob.slos_nr = sv->o->slos_nr;
		ob.posture = sv->o->posture;
		tg_observe_metrics(&text[0], &ob, TG_EXPO_PROMETHEUS);
		tg_observe_metrics(&text[1], &ob, TG_EXPO_OPENMETRICS);
	}
	tg_observe_release(&ob);
	pthread_mutex_lock(&sv->lock);
	if (rc) {
		snprintf(sv->why, sizeof(sv->why), "%s", tg_error_message());
	} else {
		for (int i = 0; i < 2; i++) {
			struct tg_buf old = sv->text[i];
			sv->text[i] = text[i];
			text[i] = old;
		}
		sv->loaded = 1;
		sv->data_version = v;
		sv->why[0] = 0;
	}
	pthread_mutex_unlock(&sv->lock);
	tg_buf_release(&text[0]);
	tg_buf_release(&text[1]);
}

/* The API's index read again (outside the lock), then swapped in; readers keep the old one
 * until they let it go. */
static void reload_index(struct server *sv, int v)
{
	struct tg_api_index *ix = NULL, *old = NULL;
	int rc = tg_api_index_load(sv->o->db, v, &sv->stop, &ix);

	pthread_mutex_lock(&sv->lock);
	if (rc) {
		snprintf(sv->ix_why, sizeof(sv->ix_why), "%s", tg_error_message());
	} else {
		old = sv->ix;
		sv->ix = ix;
		sv->ix_why[0] = 0;
	}
	sv->ix_tried = 1;
	pthread_cond_broadcast(&sv->changed);
	pthread_mutex_unlock(&sv->lock);
	tg_api_index_unref(old);
}

/*
 * The loader: looks at the store's data_version every LOOK_MS and, when it
 * changed, reads the metrics and (once an /api request was made) the index
 * again, while requests go on being answered from what was published.
 */
#define LOOK_MS 200
static void *loader(void *arg)
{
	struct server *sv = arg;
	int metrics_v, index_v = -2;

	pthread_mutex_lock(&sv->lock);
	metrics_v = sv->data_version;
	while (!atomic_load(&sv->stop)) {
		int v, want;
		pthread_mutex_unlock(&sv->lock);
		v = data_version(sv->o->db);
		if (v != metrics_v || !sv->loaded) {
			reload_metrics(sv, v);
			metrics_v = v;
		}
		pthread_mutex_lock(&sv->lock);
		sv->seen_version = v;
		want = sv->api_wanted;
		pthread_mutex_unlock(&sv->lock);
		if (want && v != index_v && !atomic_load(&sv->stop)) {
			reload_index(sv, v);
			index_v = v;
		}
		pthread_mutex_lock(&sv->lock);
		if (!atomic_load(&sv->stop) && !(sv->api_wanted && index_v != v)) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += LOOK_MS * 1000000L;
			until.tv_sec += until.tv_nsec / 1000000000L;
			until.tv_nsec %= 1000000000L;
			pthread_cond_timedwait(&sv->changed, &sv->lock, &until);
		}
	}
	pthread_mutex_unlock(&sv->lock);
	return NULL;
}

static void close_conn(void *db)
{
	sqlite3_close(db);
}

/*
 * The calling thread's own read-only connection to the store, opened on
 * first use. Opened by SQLite alone, not tg_store_open: its checks open and
 * close the database's files, and closing a file drops every POSIX lock this
 * process holds on it, the loader's connection's included, after which that
 * connection no longer sees other processes' commits (data_version stays).
 */
static sqlite3 *conn(struct server *sv, char *why, size_t size)
{
	sqlite3 *db = pthread_getspecific(sv->conn);
	int flags;

	if (db)
		return db;
	/* read-write (then query_only) as tg_store_open does, so the -shm is shared; read-only
	 * where the file cannot be written (the path was checked when the store was opened) */
	flags = (access(sv->o->store_path, W_OK) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
	        SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(sv->o->store_path, &db, flags, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(db, TG_STORE_BUSY_MS) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA query_only = 1", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(why, size, "store %s: %s", sv->o->store_path,
		         db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	pthread_setspecific(sv->conn, db);
	return db;
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
	if (!sv->loaded)
		ret = answer(sv, c, 503, "text/plain; charset=utf-8", sv->why, strlen(sv->why));
	else
		ret = answer(sv, c, 200, tg_exposition_type(om ? TG_EXPO_OPENMETRICS : 0),
		             sv->text[om].buf, sv->text[om].len);
	pthread_mutex_unlock(&sv->lock);
	return ret;
}

/*
 * The HTML report (report/html.h), rendered again when the store changed, by
 * the request that finds it stale, under page_lock: /metrics and /api do not
 * wait for it.
 */
static enum MHD_Result report(struct server *sv, struct MHD_Connection *c)
{
	struct tg_html_input in = {
	        .repo_name = sv->o->repository, .model = sv->o->model, .horizon_days = 90};
	struct tg_slo_result slo[TG_CONFIG_SLOS_MAX];
	struct tg_buf why = TG_BUF_INIT;
	enum MHD_Result ret;
	char err[256];
	sqlite3 *db;
	int v;

	pthread_mutex_lock(&sv->lock);
	v = sv->seen_version;
	pthread_mutex_unlock(&sv->lock);
	pthread_mutex_lock(&sv->page_lock);
	if (!sv->page_loaded || sv->page_version != v) {
		tg_buf_reset(&sv->page);
		sv->page_loaded = 0;
		if ((db = conn(sv, err, sizeof(err)))) {
			struct tg_sql *q =
			        tg_sql_wrap_sqlite(db, NULL); /* the readers' SQL layer */
			in.now = tg_clock_now();
			in.slo_nr = tg_report_slo_load(q, sv->o->slos, sv->o->slos_nr, in.now, slo,
			                               sizeof(slo) / sizeof(slo[0]));
			in.slo = in.slo_nr ? slo : NULL;
			sv->page_loaded = !tg_report_html_from_store(&sv->page, q, &in);
			if (!sv->page_loaded)
				snprintf(err, sizeof(err), "%s", tg_error_message());
			tg_sql_close(q);
		}
		sv->page_version = v;
		if (!sv->page_loaded)
			tg_buf_addf(&why, "store not readable: %s\n", err);
	}
	if (sv->page_loaded)
		ret = answer(sv, c, 200, "text/html; charset=utf-8", sv->page.buf, sv->page.len);
	else
		ret = answer(sv, c, 503, "text/plain; charset=utf-8", why.buf, why.len);
	pthread_mutex_unlock(&sv->page_lock);
	tg_buf_release(&why);
	return ret;
}

static enum MHD_Result readyz(struct server *sv, struct MHD_Connection *c)
{
	struct tg_buf b = TG_BUF_INIT;
	enum MHD_Result ret;
	int ok;

	pthread_mutex_lock(&sv->lock);
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

/* How long an /api request waits for the first index (a large store takes seconds). */
#define API_WAIT_S 120

static enum MHD_Result api(struct server *sv, struct MHD_Connection *c, const char *url)
{
	static const char json[] = "application/json";
	static const char too_many[] = "{\"error\": \"more than 16 query parameters\"}\n";
	struct tg_buf b = TG_BUF_INIT;
	struct args args = {.nr = 0};
	struct tg_api_index *ix;
	struct timespec until;
	enum MHD_Result ret;
	char why[256] = "";
	unsigned status;
	sqlite3 *db;

	sv->mhd->get_connection_values(c, MHD_GET_ARGUMENT_KIND, one_arg, &args);
	if (args.too_many)
		return answer(sv, c, 400, json, too_many, sizeof(too_many) - 1);
	db = conn(sv, why, sizeof(why));
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += API_WAIT_S;
	pthread_mutex_lock(&sv->lock);
	if (!sv->api_wanted) {
		sv->api_wanted = 1;
		pthread_cond_broadcast(&sv->changed);
	}
	while (!sv->ix && !sv->ix_tried && !atomic_load(&sv->stop) &&
	       pthread_cond_timedwait(&sv->changed, &sv->lock, &until) == 0)
		;
	ix = tg_api_index_ref(sv->ix);
	if (!ix && !*why)
		snprintf(why, sizeof(why), "%s",
		         *sv->ix_why ? sv->ix_why : "the backlog is still being read; retry");
	pthread_mutex_unlock(&sv->lock);
	status = tg_api_answer(ix, why, db, sv->o->model, url, args.a, args.nr, &b);
	tg_api_index_unref(ix);
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
	struct server sv = {.o = o,
	                    .lock = PTHREAD_MUTEX_INITIALIZER,
	                    .changed = PTHREAD_COND_INITIALIZER,
	                    .page_lock = PTHREAD_MUTEX_INITIALIZER};
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	socklen_t len = sizeof(sa);
	sigset_t set;
	int fd, sig, rc;

	if ((rc = parse_listen(o->listen, &sa)))
		return rc;
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
	pthread_key_create(&sv.conn, close_conn);
	atomic_init(&sv.stop, 0);
	/* the first metrics are read before "ready", as /readyz promises */
	sv.seen_version = data_version(o->db);
	reload_metrics(&sv, sv.seen_version);
	pthread_create(&sv.loader, NULL, loader, &sv);
	ready(bound_port(d, &sa));
	sigdelset(&set, SIGPIPE);
	while (sigwait(&set, &sig) == 0 && sig != SIGTERM && sig != SIGINT)
		;
	pthread_mutex_lock(&sv.lock);
	atomic_store(&sv.stop, 1);
	pthread_cond_broadcast(&sv.changed);
	pthread_mutex_unlock(&sv.lock);
	sv.mhd->stop_daemon(d); /* its threads close their connections (close_conn) */
	pthread_join(sv.loader, NULL);
	pthread_key_delete(sv.conn);
	close(fd);
	tg_buf_release(&sv.text[0]);
	tg_buf_release(&sv.text[1]);
	tg_api_index_unref(sv.ix);
	tg_buf_release(&sv.page);
	return TG_OK;
}
