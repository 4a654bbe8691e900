/*
 * One OSV record, from JSON or YAML text to what the database keeps: its id,
 * `modified`, whether it is withdrawn, the (ecosystem, normalised name) of
 * each affected package, and the record as compact JSON.
 *
 * Streaming: JSON goes through yajl's parser, YAML through util/yaml.h's
 * tree, and both feed the same events to a builder that re-emits them as
 * compact JSON (yajl's generator) while it picks out the few fields it
 * indexes. A tree of the record (jansson) and its dump cost twice the time
 * of the whole import, and the import has to run at 20,000 records a second.
 *
 * What the matcher never reads is not kept: `references` and `credits` are
 * dropped and `details` is cut to its first line (the summary of a record
 * that has none). They are half of a record's bytes, and parsing the stored
 * JSON is most of a match's time.
 */
#include "vulndb/vulndb_int.h"

#include "util/alloc.h"
#include "util/error.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

/* The fields the builder looks for, by the key that leads to them. */
enum key { K_OTHER, K_ID, K_MODIFIED, K_WITHDRAWN, K_AFFECTED, K_PACKAGE, K_ECOSYSTEM, K_NAME };

/* The deepest nesting a record may have: real ones nest fewer than 8. */
enum { MAX_DEPTH = 64 };

struct frame {
	unsigned char map;
	unsigned char key;   /* of the map's current key; for an array, the key that leads to it */
	unsigned char under; /* this frame is affected[] (1), an element of it (2), a package (3) */
};

static enum key key_code(const char *s, size_t n, int under)
{
#define IS(lit) (n == sizeof(lit) - 1 && !memcmp(s, lit, n))
	if (under == 0 && IS("id"))
		return K_ID;
	if (under == 0 && IS("modified"))
		return K_MODIFIED;
	if (under == 0 && IS("withdrawn"))
		return K_WITHDRAWN;
	if (under == 0 && IS("affected"))
		return K_AFFECTED;
	if (under == 2 && IS("package"))
		return K_PACKAGE;
	if (under == 3 && IS("ecosystem"))
		return K_ECOSYSTEM;
	if (under == 3 && IS("name"))
		return K_NAME;
	return K_OTHER;
#undef IS
}

void tg_vulndb_builder_init(struct tg_vulndb_builder *b, struct tg_vulndb_record *rec)
{
	const struct tg_buf empty = TG_BUF_INIT;

	memset(b, 0, sizeof(*b));
	b->id = b->modified = b->eco = b->name = b->norm = empty;
	b->rec = rec;
	b->gen = yajl_gen_alloc(NULL);
	yajl_gen_config(b->gen, yajl_gen_validate_utf8, 1);
	b->frames = tg_calloc(MAX_DEPTH + 1, sizeof(struct frame));
}

void tg_vulndb_builder_release(struct tg_vulndb_builder *b)
{
	yajl_gen_free(b->gen);
	free(b->frames);
	tg_buf_release(&b->id);
	tg_buf_release(&b->modified);
	tg_buf_release(&b->eco);
	tg_buf_release(&b->name);
	tg_buf_release(&b->norm);
}

static struct frame *top(struct tg_vulndb_builder *b)
{
	return b->depth ? &((struct frame *)b->frames)[b->depth - 1] : NULL;
}

static int gen_ok(struct tg_vulndb_builder *b, yajl_gen_status s)
{
	if (s != yajl_gen_status_ok && !b->failed)
		b->failed = s == yajl_gen_invalid_string ? "a string that is not UTF-8"
		                                         : "malformed JSON structure";
	return !b->failed;
}

/* The package of the affected[] element just closed, when it names one of ours. */
static void add_package(struct tg_vulndb_builder *b)
{
	struct tg_vulndb_record *rec = b->rec;
	enum tg_eco eco;
	size_t k;

	if (!b->eco_set || !b->name_set || !b->name.len || tg_eco_parse(b->eco.buf, &eco) ||
	    eco == TG_ECO_UNKNOWN || memchr(b->name.buf, 0, b->name.len)) {
		rec->unknown_ecosystems++;
		return;
	}
	tg_buf_reset(&b->norm);
	tg_eco_normalize_name(eco, b->name.buf, &b->norm);
	for (k = 0; k < rec->pkgs_nr; k++)
		if (rec->pkgs[k].eco == eco && !strcmp(rec->pkgs[k].name, b->norm.buf))
			break;
	if (k < rec->pkgs_nr)
		return;
	TG_ALLOC_GROW(rec->pkgs, rec->pkgs_nr + 1, b->pkgs_alloc);
	rec->pkgs[rec->pkgs_nr].eco = eco;
	rec->pkgs[rec->pkgs_nr++].name = tg_strndup(b->norm.buf, b->norm.len);
}

/* A top-level key whose value the database drops. */
static int dropped(const char *s, size_t n)
{
	return (n == 10 && !memcmp(s, "references", 10)) || (n == 7 && !memcmp(s, "credits", 7));
}

/* The first line of details, cut at a character boundary within 300 bytes. */
static size_t first_line(const char *s, size_t n)
{
	size_t cut = 0;

	while (cut < n && s[cut] != '\n' && cut < 300)
		cut++;
	if (cut < n && s[cut] != '\n')
		while (cut && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
	return cut;
}

static int open_container(struct tg_vulndb_builder *b, int map)
{
	struct frame *p = top(b), *f;
	int under = 0;

	b->details = 0;
	if (b->skip) {
		b->skip++;
		return 1;
	}
	if (b->depth >= MAX_DEPTH) {
		b->failed = "nested deeper than 64 levels";
		return 0;
	}
	if (!p && !map) {
		b->failed = "not an OSV record (expected an object)";
		return 0;
	}
	if (p && p->under == 0 && p->map && p->key == K_AFFECTED && b->depth == 1)
		under = 1; /* affected: [...] */
	else if (p && p->under == 1 && map)
		under = 2; /* one affected element */
	else if (p && p->under == 2 && p->key == K_PACKAGE && map)
		under = 3; /* its package */
	else if (p)
		under = 4; /* elsewhere */
	f = &((struct frame *)b->frames)[b->depth++];
	f->map = (unsigned char)map;
	f->key = K_OTHER;
	f->under = (unsigned char)under;
	if (under == 2) {
		b->eco_set = b->name_set = 0;
		tg_buf_reset(&b->eco);
		tg_buf_reset(&b->name);
	}
	return gen_ok(b, map ? yajl_gen_map_open(b->gen) : yajl_gen_array_open(b->gen));
}

int tg_vulndb_builder_map(struct tg_vulndb_builder *b)
{
	return open_container(b, 1);
}

int tg_vulndb_builder_array(struct tg_vulndb_builder *b)
{
	return open_container(b, 0);
}

int tg_vulndb_builder_end(struct tg_vulndb_builder *b)
{
	struct frame *f = top(b);

	if (b->skip > 1) {
		if (--b->skip == 1)
			b->skip = 0;
		return 1;
	}
	if (!f) {
		b->failed = "malformed JSON structure";
		return 0;
	}
	if (f->under == 2)
		add_package(b);
	b->depth--;
	if (!b->depth)
		b->done = 1;
	return gen_ok(b, f->map ? yajl_gen_map_close(b->gen) : yajl_gen_array_close(b->gen));
}

int tg_vulndb_builder_key(struct tg_vulndb_builder *b, const char *s, size_t n)
{
	struct frame *f = top(b);

	if (b->skip)
		return 1;
	if (f && b->depth == 1 && dropped(s, n)) {
		b->skip = 1;
		return 1;
	}
	b->details = f && b->depth == 1 && n == 7 && !memcmp(s, "details", 7);
	if (f)
		f->key = (unsigned char)(f->under <= 3 ? key_code(s, n, f->under) : K_OTHER);
	return gen_ok(b, yajl_gen_string(b->gen, (const unsigned char *)s, n));
}

/* A scalar in the place of the current key: the fields the database keeps. */
static void scalar_seen(struct tg_vulndb_builder *b, const char *s, size_t n, int is_string)
{
	struct frame *f = top(b);
	struct tg_buf *dst = NULL;

	if (!f) {
		b->failed = "not an OSV record (expected an object)";
		return;
	}
	if (!f->map)
		return;
	if (f->under == 0 && f->key == K_WITHDRAWN)
		b->rec->withdrawn = is_string;
	else if (f->under == 0 && f->key == K_ID && is_string)
		dst = &b->id, b->id_set = 1;
	else if (f->under == 0 && f->key == K_MODIFIED && is_string)
		dst = &b->modified, b->modified_set = 1;
	else if (f->under == 3 && f->key == K_ECOSYSTEM && is_string)
		dst = &b->eco, b->eco_set = 1;
	else if (f->under == 3 && f->key == K_NAME && is_string)
		dst = &b->name, b->name_set = 1;
	if (dst) {
		tg_buf_reset(dst);
		tg_buf_add(dst, s, n);
	}
}

/* A scalar that is the whole of a dropped value ends the skip. */
static int skipped(struct tg_vulndb_builder *b)
{
	if (b->skip == 1)
		b->skip = 0;
	else if (!b->skip)
		return 0;
	return 1;
}

int tg_vulndb_builder_string(struct tg_vulndb_builder *b, const char *s, size_t n)
{
	if (skipped(b))
		return 1;
	if (b->details) {
		b->details = 0;
		n = first_line(s, n);
	}
	scalar_seen(b, s, n, 1);
	return gen_ok(b, yajl_gen_string(b->gen, (const unsigned char *)s, n));
}

int tg_vulndb_builder_number(struct tg_vulndb_builder *b, const char *s, size_t n)
{
	b->details = 0;
	if (skipped(b))
		return 1;
	scalar_seen(b, s, n, 0);
	return gen_ok(b, yajl_gen_number(b->gen, s, n));
}

int tg_vulndb_builder_literal(struct tg_vulndb_builder *b, int v)
{
	b->details = 0;
	if (skipped(b))
		return 1;
	scalar_seen(b, "", 0, 0);
	return gen_ok(b, v < 0 ? yajl_gen_null(b->gen) : yajl_gen_bool(b->gen, v));
}

/* After the last event: the record is complete, or why it is not one. */
static int finish(struct tg_vulndb_builder *b, const char *name)
{
	struct tg_vulndb_record *rec = b->rec;
	const unsigned char *out;
	size_t len;

	if (b->failed)
		return tg_error_set(TG_ERR_INPUT, "%s: %s", name, b->failed);
	if (!b->done)
		return tg_error_set(TG_ERR_INPUT, "%s: not an OSV record (expected an object)",
		                    name);
	if (!b->id_set || !b->id.len || memchr(b->id.buf, 0, b->id.len))
		return tg_error_set(TG_ERR_INPUT, "%s: not an OSV record: no string \"id\"", name);
	if (!b->modified_set || tg_vulndb_parse_time(b->modified.buf, &rec->modified_us))
		return tg_error_set(TG_ERR_INPUT,
		                    "%s: not an OSV record: no RFC 3339 \"modified\" time", name);
	rec->id = tg_buf_detach(&b->id, NULL);
	rec->modified = tg_buf_detach(&b->modified, NULL);
	yajl_gen_get_buf(b->gen, &out, &len);
	rec->json = tg_strndup((const char *)out, len);
	rec->len = len;
	return TG_OK;
}

/* yajl's parser callbacks, each handing the event to the builder. */
static int on_null(void *b)
{
	return tg_vulndb_builder_literal(b, -1);
}
static int on_bool(void *b, int v)
{
	return tg_vulndb_builder_literal(b, v);
}
static int on_number(void *b, const char *s, size_t n)
{
	return tg_vulndb_builder_number(b, s, n);
}
static int on_string(void *b, const unsigned char *s, size_t n)
{
	return tg_vulndb_builder_string(b, (const char *)s, n);
}
static int on_key(void *b, const unsigned char *s, size_t n)
{
	return tg_vulndb_builder_key(b, (const char *)s, n);
}
static int on_map(void *b)
{
	return tg_vulndb_builder_map(b);
}
static int on_array(void *b)
{
	return tg_vulndb_builder_array(b);
}
static int on_end(void *b)
{
	return tg_vulndb_builder_end(b);
}

static const yajl_callbacks callbacks = {
        on_null, on_bool, NULL,   NULL,     on_number, on_string,
        on_map,  on_key,  on_end, on_array, on_end,
};

/* "name:line:column" of byte offset off in text. */
static int json_error(const char *name, const char *text, size_t off, const char *why)
{
	size_t line = 1, col = 1;

	for (size_t i = 0; i < off; i++, col++)
		if (text[i] == '\n')
			line++, col = 0;
	return tg_error_set(TG_ERR_INPUT, "%s:%zu:%zu: invalid JSON: %s", name, line, col, why);
}

static int parse_json(struct tg_vulndb_builder *b, const char *name, const char *text, size_t len)
{
	yajl_handle h = yajl_alloc(&callbacks, NULL, b);
	yajl_status s = yajl_parse(h, (const unsigned char *)text, len);
	size_t at = yajl_get_bytes_consumed(h);
	int rc = TG_OK;

	if (s == yajl_status_ok) {
		s = yajl_complete_parse(h);
		at = len; /* the text ended too soon */
	}
	if (s == yajl_status_error) {
		unsigned char *why = yajl_get_error(h, 0, (const unsigned char *)text, len);
		size_t n = strlen((const char *)why);

		while (n && (why[n - 1] == '\n' || why[n - 1] == ' '))
			why[--n] = '\0';
		rc = json_error(name, text, at, (const char *)why);
		yajl_free_error(h, why);
	} else if (s == yajl_status_client_canceled) {
		rc = json_error(name, text, at, b->failed ? b->failed : "malformed record");
	}
	yajl_free(h);
	return rc;
}

int tg_vulndb_record_parse(const char *name, const char *text, size_t len, int yaml,
                           struct tg_vulndb_record *rec)
{
	struct tg_vulndb_builder b;
	int rc;

	memset(rec, 0, sizeof(*rec));
	tg_vulndb_builder_init(&b, rec);
	rc = yaml ? tg_vulndb_yaml_events(name, text, len, &b) : parse_json(&b, name, text, len);
	if (!rc)
		rc = finish(&b, name);
	tg_vulndb_builder_release(&b);
	if (rc)
		tg_vulndb_record_release(rec);
	return rc;
}

void tg_vulndb_record_release(struct tg_vulndb_record *rec)
{
	for (size_t i = 0; i < rec->pkgs_nr; i++)
		free(rec->pkgs[i].name);
	free(rec->pkgs);
	free(rec->json);
	free(rec->id);
	free(rec->modified);
	memset(rec, 0, sizeof(*rec));
}

int tg_vulndb_record_name(const char *name, int *yaml)
{
	size_t n = strlen(name);

	*yaml = (n > 5 && !strcmp(name + n - 5, ".yaml")) ||
	        (n > 4 && !strcmp(name + n - 4, ".yml"));
	return *yaml || (n > 5 && !strcmp(name + n - 5, ".json"));
}
