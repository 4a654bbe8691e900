/*
 * SARIF 2.1.0 reader, streaming: yajl hands us one JSON event at a time and
 * we keep only the current result, the rules and a 64-bit fingerprint per
 * emitted item, so a file of a million results reads in bounded memory.
 *
 * Each container is given a node type when it opens, from its parent's type
 * and key (node_child); what is not interesting is N_SKIP and everything
 * under it is ignored. A result becomes an item when its object closes.
 */

#include "ingest/ingest.h"
#include "ingest/location_int.h"
#include "ingest/sarif_int.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yajl/yajl_parse.h>

#define MAX_DEPTH 4096

struct frame {
	unsigned char type, key;
	int index; /* element count of an array, so far */
};

struct reader {
	struct sarif_state st;
	struct frame *stack;
	size_t depth, alloc;
	struct tg_buf key; /* the current key of a free-form map (bases, fingerprints) */
};

static struct frame *top(struct reader *r)
{
	return &r->stack[r->depth - 1];
}

/* The type of a container about to open inside the current one. */
static int child_type(struct reader *r)
{
	struct frame *f;
	int t;

	if (!r->depth)
		return N_ROOT;
	f = top(r);
	t = sarif_node_child(f->type, f->key, f->index);
	if (sarif_node_is_array(f->type))
		f->index++;
	return t;
}

static int push(struct reader *r, int type)
{
	struct frame *f;

	if (r->depth >= MAX_DEPTH)
		return tg_error_set(TG_ERR_INPUT, "nesting deeper than %d", MAX_DEPTH);
	TG_ALLOC_GROW(r->stack, r->depth + 1, r->alloc);
	r->stack[r->depth].type = (unsigned char)type;
	r->stack[r->depth].key = K_NONE;
	r->stack[r->depth].index = 0;
	r->depth++;
	if (type == N_SKIP)
		return TG_OK;
	if (r->depth < 2)
		return sarif_open(&r->st, type, N_SKIP, K_NONE, 0, r->key.buf);
	f = &r->stack[r->depth - 2];
	return sarif_open(&r->st, type, f->type, f->key, f->index - 1, r->key.buf);
}

static int pop(struct reader *r)
{
	int type = top(r)->type;
	int parent_key = r->depth >= 2 ? r->stack[r->depth - 2].key : K_NONE;

	r->depth--;
	if (type == N_SKIP)
		return TG_OK;
	return sarif_close(&r->st, type, parent_key);
}

static int scalar(struct reader *r, int kind, const char *s, size_t len)
{
	struct frame *f;
	int type;

	if (!r->depth)
		return tg_error_set(TG_ERR_INPUT, "not a SARIF log (top level is not an object)");
	f = top(r);
	type = f->type;
	if (type == N_SKIP)
		return TG_OK;
	if (sarif_node_is_array(type)) {
		f->index++;
		return sarif_element(&r->st, type, kind, s, len);
	}
	return sarif_value(&r->st, type, f->key, r->key.buf, kind, s, len);
}

/* yajl callbacks: 1 to go on, 0 to stop (the reason is in st.status). */
#define GO(expr)                                                                                   \
	do {                                                                                       \
		int rc_ = (expr);                                                                  \
		if (rc_) {                                                                         \
			r->st.status = rc_;                                                        \
			return 0;                                                                  \
		}                                                                                  \
		return 1;                                                                          \
	} while (0)

static int cb_null(void *ctx)
{
	struct reader *r = ctx;
	GO(scalar(r, V_NULL, "", 0));
}

static int cb_bool(void *ctx, int b)
{
	struct reader *r = ctx;
	GO(scalar(r, V_BOOL, b ? "true" : "false", b ? 4 : 5));
}

static int cb_number(void *ctx, const char *s, size_t len)
{
	struct reader *r = ctx;
	GO(scalar(r, V_NUMBER, s, len));
}

static int cb_string(void *ctx, const unsigned char *s, size_t len)
{
	struct reader *r = ctx;
	GO(scalar(r, V_STRING, (const char *)s, len));
}

static int cb_start_map(void *ctx)
{
	struct reader *r = ctx;
	int t;

	if (r->depth && top(r)->type == N_SKIP) {
		GO(push(r, N_SKIP));
	}
	t = child_type(r);
	if (sarif_node_is_array(t))
		t = N_SKIP; /* an object where the format has an array */
	GO(push(r, t));
}

static int cb_start_array(void *ctx)
{
	struct reader *r = ctx;
	int t;

	if (!r->depth)
		GO(tg_error_set(TG_ERR_INPUT, "not a SARIF log (top level is not an object)"));
	if (top(r)->type == N_SKIP)
		GO(push(r, N_SKIP));
	t = child_type(r);
	if (!sarif_node_is_array(t))
		t = N_SKIP;
	GO(push(r, t));
}

static int cb_map_key(void *ctx, const unsigned char *s, size_t len)
{
	struct reader *r = ctx;
	struct frame *f = top(r);

	if (f->type == N_SKIP)
		return 1;
	f->key = (unsigned char)sarif_node_key(f->type, (const char *)s, len);
	if (sarif_node_free_keys(f->type)) {
		tg_buf_reset(&r->key);
		tg_buf_add(&r->key, s, len);
	}
	return 1;
}

static int cb_end(void *ctx)
{
	struct reader *r = ctx;
	GO(pop(r));
}

static const yajl_callbacks callbacks = {
        cb_null,      cb_bool,    NULL,   NULL,           cb_number, cb_string,
        cb_start_map, cb_map_key, cb_end, cb_start_array, cb_end,
};

static int parse_error(yajl_handle h, const char *file, size_t offset, const unsigned char *chunk,
                       size_t chunk_len)
{
	unsigned char *msg = yajl_get_error(h, 0, chunk, chunk_len);
	int rc = tg_error_set(TG_ERR_INPUT, "%s: malformed JSON at byte %zu: %s", file, offset,
	                      (const char *)msg);

	yajl_free_error(h, msg);
	return rc;
}

static int feed(struct reader *r, yajl_handle h, int fd, const char *file)
{
	enum { CHUNK = 256 * 1024 };
	unsigned char *buf = tg_malloc(CHUNK);
	size_t total = 0;
	int rc = TG_OK;

	for (;;) {
		ssize_t n = read(fd, buf, CHUNK);
		yajl_status s;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = tg_error_set(TG_ERR_INPUT, "%s: %s", file, strerror(errno));
			break;
		}
		s = n ? yajl_parse(h, buf, (size_t)n) : yajl_complete_parse(h);
		if (s != yajl_status_ok) {
			size_t at = total + yajl_get_bytes_consumed(h);
			if (r->st.status)
				rc = tg_error_prefix(r->st.status, "%s: at byte %zu", file, at);
			else
				rc = parse_error(h, file, at, buf, n > 0 ? (size_t)n : 0);
			break;
		}
		if (!n)
			break;
		total += (size_t)n;
	}
	free(buf);
	return rc;
}

int tg_ingest_sarif(const char *file, const char *repo_root, struct tg_sink *sink,
                    struct tg_ingest_stats *stats)
{
	struct reader r;
	yajl_handle h;
	int fd, rc;

	memset(&r, 0, sizeof(r));
	r.key = (struct tg_buf)TG_BUF_INIT;
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tg_error_set(TG_ERR_INPUT, "%s: %s", file, strerror(errno));
	rc = sarif_state_init(&r.st, file, repo_root, sink, stats);
	if (rc) {
		close(fd);
		return rc;
	}
	h = yajl_alloc(&callbacks, NULL, &r);
	rc = feed(&r, h, fd, file);
	if (!rc)
		rc = sarif_finish(&r.st);
	yajl_free(h);
	close(fd);
	sarif_state_release(&r.st);
	free(r.stack);
	tg_buf_release(&r.key);
	return rc;
}

void tg_ingest_stats_release(struct tg_ingest_stats *s)
{
	for (size_t i = 0; i < s->fixes_nr; i++) {
		free(s->fixes[i].description);
		free(s->fixes[i].path);
		free(s->fixes[i].inserted);
		free(s->fixes[i].deleted);
	}
	free(s->fixes);
	memset(s, 0, sizeof(*s));
}
