#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "github/github.h"

#include "config/config.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "util/strlist.h"

#include "testlib.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * The GitHub client against a real HTTP server on loopback, run by this test
 * in a thread: it answers each connection with the next scripted reply and
 * keeps what it received, so a test checks both the request the client built
 * and what the client made of the answer (errors, retries, pages, bad JSON).
 */

struct reply {
	int status;
	const char *headers; /* "Name: value\r\n" lines; "%d" is the server's port */
	const char *body;
};

struct request {
	char method[16], path[1024], auth[256], accept[128], api_version[64];
	char *body;
};

struct server {
	int fd, port;
	pthread_t thread;
	const struct reply *replies;
	size_t nreplies;
	struct request got[8];
	size_t ngot;
};

/* The value of header `name` in the request head, copied into out. */
static void header_value(const char *head, const char *name, char *out, size_t size)
{
	size_t n = strlen(name);

	out[0] = '\0';
	for (const char *l = strstr(head, "\r\n"); l && l[2]; l = strstr(l + 2, "\r\n")) {
		const char *v = l + 2, *end = strstr(v, "\r\n");
		if (!strncasecmp(v, name, n) && v[n] == ':') {
			for (v += n + 1; *v == ' '; v++)
				;
			snprintf(out, size, "%.*s", (int)(end - v), v);
			return;
		}
	}
}

/* Reads one request (head and Content-Length body) from c into r. */
static int read_request(int c, struct request *r)
{
	struct tg_buf in = TG_BUF_INIT;
	char chunk[4096], len[32];
	const char *end = NULL;
	size_t want = 0;
	ssize_t n;

	while ((!end || in.len < want) && (n = recv(c, chunk, sizeof(chunk), 0)) > 0) {
		tg_buf_add(&in, chunk, (size_t)n);
		if (!end && (end = strstr(in.buf, "\r\n\r\n"))) {
			header_value(in.buf, "Content-Length", len, sizeof(len));
			want = (size_t)(end - in.buf) + 4 + strtoul(len, NULL, 10);
		}
		if (end) /* the buffer may have moved */
			end = strstr(in.buf, "\r\n\r\n");
	}
	if (!end) {
		tg_buf_release(&in);
		return -1;
	}
	sscanf(in.buf, "%15s %1023s", r->method, r->path);
	header_value(in.buf, "Authorization", r->auth, sizeof(r->auth));
	header_value(in.buf, "Accept", r->accept, sizeof(r->accept));
	header_value(in.buf, "X-GitHub-Api-Version", r->api_version, sizeof(r->api_version));
	r->body = strdup(end + 4);
	tg_buf_release(&in);
	return 0;
}

static void *serve(void *arg)
{
	struct server *s = arg;

	for (size_t i = 0; i < s->nreplies && s->ngot < 8; i++) {
		const struct reply *rp = &s->replies[i];
		struct tg_buf out = TG_BUF_INIT;
		int c = accept(s->fd, NULL, NULL);

		if (c < 0)
			break;
		if (read_request(c, &s->got[s->ngot]) == 0)
			s->ngot++;
		tg_buf_addf(&out, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\n",
		            rp->status);
		tg_buf_addf(&out, "Content-Length: %zu\r\nConnection: close\r\n", strlen(rp->body));
		tg_buf_addf(&out, rp->headers, s->port);
		tg_buf_addf(&out, "\r\n%s", rp->body);
		if (send(c, out.buf, out.len, MSG_NOSIGNAL) < 0)
			perror("send");
		close(c);
		tg_buf_release(&out);
	}
	return NULL;
}

static void server_start(struct server *s, const struct reply *replies, size_t n)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);

	memset(s, 0, sizeof(*s));
	s->replies = replies;
	s->nreplies = n;
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->fd >= 0);
	assert_int_equal(bind(s->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s->fd, 8), 0);
	assert_int_equal(getsockname(s->fd, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->thread, NULL, serve, s), 0);
}

/* Stops the server (a scripted reply left unasked ends its accept) and frees the requests. */
static void server_stop(struct server *s)
{
	shutdown(s->fd, SHUT_RDWR);
	pthread_join(s->thread, NULL);
	close(s->fd);
}

static void server_free(struct server *s)
{
	for (size_t i = 0; i < s->ngot; i++)
		free(s->got[i].body);
}

static char api[64];

/* A client of the server s: token "tok", repository acme/widgets. */
static struct tg_github client(const struct server *s)
{
	snprintf(api, sizeof(api), "http://127.0.0.1:%d/", s->port);
	return (struct tg_github){api, "tok", "acme/widgets"};
}

/* server_start's last two arguments: the replies given, and how many. */
#define REPLIES(...)                                                                               \
	(const struct reply[]){__VA_ARGS__},                                                       \
	        sizeof((const struct reply[]){__VA_ARGS__}) / sizeof(struct reply)

static void assert_message_has(const char *part)
{
	if (!strstr(tg_error_message(), part))
		fail_msg("\"%s\" has no \"%s\"", tg_error_message(), part);
}

static const char *json_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void test_repo_from_url(void **state)
{
	static const char *const ok[][2] = {
	        {"https://github.com/acme/widgets.git", "acme/widgets"},
	        {"https://github.com/acme/widgets/", "acme/widgets"},
	        {"git@github.com:acme/widgets.git", "acme/widgets"},
	        {"ssh://git@github.com/acme/w.x", "acme/w.x"},
	        {"ssh://git@github.com/acme/widgets", "acme/widgets"},
	};
	static const char *const none[] = {"https://gitlab.com/acme/widgets.git",
	                                   "https://github.com/acme",
	                                   "https://github.company.com/a/b",
	                                   "git@github.com:",
	                                   "https://github.com/",
	                                   "../origin.git"};
	struct tg_buf b = TG_BUF_INIT;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		tg_buf_reset(&b);
		assert_int_equal(tg_github_repo_from_url(&b, ok[i][0]), TG_OK);
		assert_string_equal(b.buf, ok[i][1]);
	}
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		tg_buf_reset(&b);
		if (tg_github_repo_from_url(&b, none[i]) != TG_ERR_NOTFOUND)
			fail_msg("%s gave %s", none[i], b.buf);
	}
	tg_buf_release(&b);
}

static void test_token_from_the_environment_in_order(void **state)
{
	unsetenv("TERRAGON_GITHUB_TOKEN");
	unsetenv("GH_TOKEN");
	unsetenv("GITHUB_TOKEN");
	assert_null(tg_github_token());
	setenv("GITHUB_TOKEN", "c", 1);
	assert_string_equal(tg_github_token(), "c");
	setenv("GH_TOKEN", "b", 1);
	assert_string_equal(tg_github_token(), "b");
	setenv("TERRAGON_GITHUB_TOKEN", "", 1); /* empty: not a token */
	assert_string_equal(tg_github_token(), "b");
	setenv("TERRAGON_GITHUB_TOKEN", "a", 1);
	assert_string_equal(tg_github_token(), "a");
	unsetenv("TERRAGON_GITHUB_TOKEN");
	unsetenv("GH_TOKEN");
	unsetenv("GITHUB_TOKEN");
}

/* POST /pulls: the headers, a JSON body that survives quotes and newlines, the answer read. */
static void test_open_pull_request_and_answer(void **state)
{
	struct server s;
	struct tg_github gh;
	json_t *body;
	char *url;
	long number;

	server_start(&s, REPLIES({201, "",
	                          "{\"html_url\": \"https://github.example/p/7\", "
	                          "\"number\": 7}"}));
	gh = client(&s);
	assert_int_equal(tg_github_open_pull(&gh, "auto-value/1234abcd-x", "main", "Fix \"it\"",
	                                     "line 1\nline 2 \\ done", &url, &number),
	                 TG_OK);
	server_stop(&s);
	assert_string_equal(url, "https://github.example/p/7");
	assert_int_equal(number, 7);
	assert_int_equal(s.ngot, 1);
	assert_string_equal(s.got[0].method, "POST");
	assert_string_equal(s.got[0].path, "/repos/acme/widgets/pulls");
	assert_string_equal(s.got[0].auth, "Bearer tok");
	assert_string_equal(s.got[0].accept, "application/vnd.github+json");
	assert_string_equal(s.got[0].api_version, "2022-11-28");
	body = json_loads(s.got[0].body, 0, NULL);
	assert_non_null(body);
	assert_string_equal(json_str(body, "title"), "Fix \"it\"");
	assert_string_equal(json_str(body, "head"), "auto-value/1234abcd-x");
	assert_string_equal(json_str(body, "base"), "main");
	assert_string_equal(json_str(body, "body"), "line 1\nline 2 \\ done");
	json_decref(body);
	free(url);
	server_free(&s);
}

static void test_add_labels(void **state)
{
	struct tg_strlist labels = TG_STRLIST_INIT;
	struct server s;
	struct tg_github gh;
	json_t *body;

	server_start(&s, REPLIES({200, "", "[]"}));
	gh = client(&s);
	/* nothing to add, or no pull request: no request at all */
	assert_int_equal(tg_github_add_labels(&gh, 5, &labels), TG_OK);
	tg_strlist_add(&labels, "terragon");
	tg_strlist_add(&labels, "tech \"debt\"");
	assert_int_equal(tg_github_add_labels(&gh, 0, &labels), TG_OK);
	assert_int_equal(tg_github_add_labels(&gh, 5, &labels), TG_OK);
	server_stop(&s);
	assert_int_equal(s.ngot, 1);
	assert_string_equal(s.got[0].path, "/repos/acme/widgets/issues/5/labels");
	body = json_loads(s.got[0].body, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(body, "labels")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(body, "labels"), 1)),
	                    "tech \"debt\"");
	json_decref(body);
	tg_strlist_clear(&labels);
	server_free(&s);
}

/* Every page, by the Link header's rel="next"; a pull request without a head ref is left out. */
static void test_list_pulls_follows_the_next_link(void **state)
{
	struct tg_github_pull *pulls;
	struct server s;
	struct tg_github gh;
	size_t nr;

	server_start(&s,
	             REPLIES({200,
	                      "Link: <http://127.0.0.1:%d/page/2>; rel=\"next\", "
	                      "<http://127.0.0.1:1/page/9>; rel=\"last\"\r\n",
	                      "[{\"head\": {\"ref\": \"a\"}, \"state\": \"open\"}, "
	                      "{\"state\": \"closed\"}]"},
	                     {200, "", "[{\"head\": {\"ref\": \"b\"}, \"state\": \"closed\"}]"}));
	gh = client(&s);
	assert_int_equal(tg_github_list_pulls(&gh, &pulls, &nr), TG_OK);
	server_stop(&s);
	assert_int_equal(nr, 2);
	assert_string_equal(pulls[0].head, "a");
	assert_int_equal(pulls[0].open, 1);
	assert_string_equal(pulls[1].head, "b");
	assert_int_equal(pulls[1].open, 0);
	assert_int_equal(s.ngot, 2);
	assert_string_equal(s.got[0].path,
	                    "/repos/acme/widgets/pulls?state=all&per_page=100&sort=created"
	                    "&direction=desc");
	assert_string_equal(s.got[1].path, "/page/2");
	tg_github_pulls_free(pulls, nr);
	server_free(&s);
}

/* 5xx is retried (with backoff) until an answer; 4xx is not retried, and says why. */
static void test_retries_and_refusals(void **state)
{
	struct tg_buf resp = TG_BUF_INIT;
	struct server s;
	struct tg_github gh;
	long status;

	server_start(&s, REPLIES({503, "", "{}"}, {502, "", "{}"}, {200, "", "[1]"}));
	gh = client(&s);
	assert_int_equal(tg_github_request(&gh, "GET", "/x", NULL, &resp, &status), TG_OK);
	server_stop(&s);
	assert_int_equal(status, 200);
	assert_string_equal(resp.buf, "[1]");
	assert_int_equal(s.ngot, 3);
	server_free(&s);

	server_start(&s, REPLIES({401, "", "{\"message\": \"Bad credentials\"}"}, {200, "", "[]"}));
	gh = client(&s);
	assert_int_equal(tg_github_request(&gh, "GET", "/x", NULL, &resp, &status), TG_ERR_RUN);
	server_stop(&s);
	assert_int_equal(status, 401);
	assert_int_equal(s.ngot, 1);
	assert_message_has("answered 401: bad credentials");
	assert_message_has("Bad credentials"); /* the start of GitHub's own words */
	server_free(&s);

	server_start(&s, REPLIES({404, "", "{}"}));
	gh = client(&s);
	assert_int_equal(tg_github_request(&gh, "DELETE", "/y", NULL, &resp, &status), TG_ERR_RUN);
	server_stop(&s);
	assert_message_has("GitHub API DELETE http://127.0.0.1:");
	assert_message_has("/y answered 404: not found");
	server_free(&s);

	/* always 5xx: four attempts, then an error */
	server_start(&s, REPLIES({500, "", ""}, {500, "", ""}, {500, "", ""}, {500, "", ""}));
	gh = client(&s);
	assert_int_equal(tg_github_request(&gh, "GET", "/z", NULL, &resp, &status), TG_ERR_RUN);
	server_stop(&s);
	assert_int_equal(s.ngot, 4);
	assert_message_has("answered 500: server error, still after retries");
	server_free(&s);
	tg_buf_release(&resp);
}

/* A rate limit reset an hour away is not waited for. */
static void test_long_rate_limit_refused_at_once(void **state)
{
	struct tg_buf resp = TG_BUF_INIT;
	struct server s;
	struct tg_github gh;
	char headers[128];
	long status;

	snprintf(headers, sizeof(headers), "X-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: %ld\r\n",
	         (long)time(NULL) + 3600);
	server_start(&s, REPLIES({403, headers, "{}"}, {200, "", "[]"}));
	gh = client(&s);
	assert_int_equal(tg_github_request(&gh, "GET", "/x", NULL, &resp, &status), TG_ERR_RUN);
	server_stop(&s);
	assert_int_equal(s.ngot, 1);
	assert_message_has("answered 403: rate limit exhausted until ");
	server_free(&s);
	tg_buf_release(&resp);
}

/* An answer that is not JSON: an error for a list, an empty URL for a pull request opened. */
static void test_bad_json(void **state)
{
	struct tg_github_pull *pulls;
	struct server s;
	struct tg_github gh;
	size_t nr;
	char *url;
	long number = -1;

	server_start(&s, REPLIES({200, "", "<html>not json</html>"}));
	gh = client(&s);
	assert_int_equal(tg_github_list_pulls(&gh, &pulls, &nr), TG_ERR_RUN);
	server_stop(&s);
	assert_message_has("not JSON");
	assert_int_equal(nr, 0);
	tg_github_pulls_free(pulls, nr);
	server_free(&s);

	server_start(&s, REPLIES({201, "", "{\"html_url\": "}));
	gh = client(&s);
	assert_int_equal(tg_github_open_pull(&gh, "h", "main", "t", "b", &url, &number), TG_OK);
	server_stop(&s);
	assert_string_equal(url, "");
	assert_int_equal(number, 0);
	free(url);
	server_free(&s);
}

/* GitHub's 422 for an open pull request from the head: an error naming it, found by GET. */
static void test_existing_pull_request(void **state)
{
	struct server s;
	struct tg_github gh;
	char *url;
	long number;

	server_start(&s, REPLIES({422, "",
	                          "{\"message\": \"Validation Failed\", \"errors\": [{\"message\": "
	                          "\"A pull request already exists for acme:auto-value/x.\"}]}"},
	                         {200, "",
	                          "[{\"html_url\": \"https://github.example/p/3\", "
	                          "\"number\": 3}]"}));
	gh = client(&s);
	assert_int_equal(tg_github_open_pull(&gh, "auto-value/x", "main", "t", "b", &url, &number),
	                 TG_ERR_RUN);
	server_stop(&s);
	assert_string_equal(url, "https://github.example/p/3");
	assert_int_equal(number, 3);
	assert_message_has("a pull request from auto-value/x already exists: "
	                   "https://github.example/p/3; not opening another");
	assert_int_equal(s.ngot, 2);
	assert_string_equal(s.got[1].method, "GET");
	assert_string_equal(s.got[1].path, "/repos/acme/widgets/pulls?state=open&head=acme:"
	                                   "auto-value%2Fx");
	free(url);
	server_free(&s);
}

/* Nobody listening: a network error, retried, then said. */
static void test_network_error(void **state)
{
	struct tg_buf resp = TG_BUF_INIT;
	struct tg_github gh = {"http://127.0.0.1:1", "tok", "acme/widgets"};
	long status = -1;

	assert_int_equal(tg_github_request(&gh, "GET", "/x", NULL, &resp, &status), TG_ERR_RUN);
	assert_int_equal(status, 0);
	assert_message_has("GitHub API GET http://127.0.0.1:1/x: ");
	tg_buf_release(&resp);
}

/* tg_github_access: skipped without a token; otherwise what permissions.push says. */
static void test_access(void **state)
{
	static const struct {
		const char *body;
		int rc;
		const char *detail;
	} cases[] = {
	        {"{\"permissions\": {\"push\": true}}", TG_OK,
	         "acme/widgets: the token may push and open pull requests"},
	        {"{\"permissions\": {\"push\": false}}", TG_ERR_RUN,
	         "acme/widgets: the token may not push"},
	        {"{\"name\": \"widgets\"}", TG_ERR_RUN,
	         "the API does not say what the token may do"},
	        {"{\"permissions\": ", TG_ERR_RUN, "not JSON"},
	};
	struct tg_buf detail = TG_BUF_INIT;
	struct tg_config cfg;
	struct server s;
	char url[64];

	tg_config_init(&cfg);
	assert_int_equal(
	        tg_config_set(&cfg, "execution.github.repository", "acme/widgets", TG_ORIGIN_FLAG),
	        TG_OK);
	unsetenv("GH_TOKEN");
	unsetenv("GITHUB_TOKEN");
	unsetenv("TERRAGON_GITHUB_TOKEN");
	assert_int_equal(tg_github_access(&cfg, "/nonexistent", &detail), TG_ERR_NOTFOUND);
	assert_non_null(strstr(detail.buf, "skipped: no token"));
	setenv("GH_TOKEN", "s3cret-tk", 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tg_buf_reset(&detail);
		server_start(&s, REPLIES({200, "", cases[i].body}));
		snprintf(url, sizeof(url), "http://127.0.0.1:%d", s.port);
		setenv("TERRAGON_GITHUB_API_URL", url, 1);
		assert_int_equal(tg_github_access(&cfg, "/nonexistent", &detail), cases[i].rc);
		server_stop(&s);
		if (!strstr(detail.buf, cases[i].detail))
			fail_msg("case %zu: \"%s\" has no \"%s\"", i, detail.buf, cases[i].detail);
		assert_null(strstr(detail.buf, "s3cret")); /* the token is never shown */
		assert_int_equal(s.ngot, 1);
		assert_string_equal(s.got[0].path, "/repos/acme/widgets");
		assert_string_equal(s.got[0].auth, "Bearer s3cret-tk");
		server_free(&s);
	}
	unsetenv("GH_TOKEN");
	unsetenv("TERRAGON_GITHUB_API_URL");
	tg_buf_release(&detail);
	tg_config_release(&cfg);
}

/* The repository from the configuration, else from the remote's github.com URL. */
static void test_init_finds_the_repository(void **state)
{
	char *root = tl_tmpdir();
	struct tg_config cfg;
	struct tg_github gh;

	tl_git_repo(root);
	tg_config_init(&cfg);
	tg_github_init(&gh, &cfg, root);
	assert_null(gh.repo); /* no remote */
	assert_string_equal(gh.api_url, "https://api.github.com");
	tg_github_release(&gh);
	tl_sh(root, "git remote add origin git@github.com:acme/gadgets.git");
	setenv("TERRAGON_GITHUB_API_URL", "http://127.0.0.1:9", 1);
	tg_github_init(&gh, &cfg, root);
	assert_string_equal(gh.repo, "acme/gadgets");
	assert_string_equal(gh.api_url, "http://127.0.0.1:9");
	tg_github_release(&gh);
	unsetenv("TERRAGON_GITHUB_API_URL");
	assert_int_equal(
	        tg_config_set(&cfg, "execution.github.repository", "acme/widgets", TG_ORIGIN_FLAG),
	        TG_OK);
	tg_github_init(&gh, &cfg, root);
	assert_string_equal(gh.repo, "acme/widgets");
	tg_github_release(&gh);
	tg_config_release(&cfg);
	tl_rmtree(root);
}

/*
 * libcurl's header lines are not NUL-terminated: the parser read on past the
 * line (strstr, strtol), so the next bytes in curl's buffer could supply a
 * rel="next" the line never had.
 */
static void test_header_line_is_read_to_its_length_only(void **state)
{
	static const char buf[] = "Link: <https://x/1>; rel=\"prev\"\r\n"
	                          ", <https://x/9>; rel=\"next\"\r\n";
	size_t first = strlen("Link: <https://x/1>; rel=\"prev\"\r\n");
	struct tg_buf next = TG_BUF_INIT;
	struct tg_github_headers h = {&next, -1, 0, 0};

	(void)state;
	tg_github_header_parse(&h, buf, first);
	assert_int_equal(next.len, 0);
	tg_github_header_parse(&h, "retry-after: 7\r\nx", strlen("retry-after: 7\r\n"));
	assert_int_equal(h.retry_after, 7);
	tg_github_header_parse(&h, "X-RateLimit-Remaining: 0\r\n", 26);
	tg_github_header_parse(&h, "x-ratelimit-reset: 1700000000\r\n", 31);
	assert_int_equal(h.exhausted, 1);
	assert_int_equal(h.reset, 1700000000);
	tg_github_header_parse(&h, "link: <https://x/2>; rel=\"next\"", 31);
	assert_string_equal(next.buf, "https://x/2");
	tg_github_header_parse(&h, "link: <https://x/3>; rel=\"next\"", 31);
	assert_string_equal(next.buf, "https://x/3");
	tg_buf_release(&next);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_repo_from_url),
	        cmocka_unit_test(test_token_from_the_environment_in_order),
	        cmocka_unit_test(test_open_pull_request_and_answer),
	        cmocka_unit_test(test_add_labels),
	        cmocka_unit_test(test_list_pulls_follows_the_next_link),
	        cmocka_unit_test(test_retries_and_refusals),
	        cmocka_unit_test(test_long_rate_limit_refused_at_once),
	        cmocka_unit_test(test_bad_json),
	        cmocka_unit_test(test_existing_pull_request),
	        cmocka_unit_test(test_network_error),
	        cmocka_unit_test(test_access),
	        cmocka_unit_test(test_init_finds_the_repository),
	        cmocka_unit_test(test_header_line_is_read_to_its_length_only),
	};

	tg_log_level = TG_LOG_QUIET;
	unsetenv("TERRAGON_GITHUB_API_URL");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
