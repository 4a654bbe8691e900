/*
 * The graph at a coarser level (directories, packages), and
 * compile_commands.json's include directories.
 */
#include "arch/arch_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/json.h"

const char *const tg_arch_level_names[] = {"file", "dir", "package", NULL};

/* The prefixes under which a package is two path components deep. */
static int container(const char *s, size_t n)
{
	static const char *const v[] = {"src", "lib", "pkg", "internal", "cmd", "packages"};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strlen(v[i]) == n && !memcmp(s, v[i], n))
			return 1;
	return 0;
}

static char *group_of(const char *node, enum tg_arch_level level)
{
	size_t n = strlen(node), end;
	int pkg = n && node[n - 1] == '/'; /* a Go package: its directory */
	const char *slash;

	if (level == TG_ARCH_FILE)
		return tg_strdup(node);
	if (pkg)
		n--;
	if (level == TG_ARCH_DIR) {
		if (!pkg)
			n = (slash = memrchr(node, '/', n)) != NULL ? (size_t)(slash - node) : 0;
		return n && !(n == 1 && node[0] == '.') ? tg_strndup(node, n) : tg_strdup(".");
	}
	slash = memchr(node, '/', n);
	if (!slash)
		return pkg && !(n == 1 && node[0] == '.') ? tg_strndup(node, n) : tg_strdup(".");
	end = (size_t)(slash - node);
	if (container(node, end) && (slash = memchr(node + end + 1, '/', n - end - 1)) != NULL)
		end = (size_t)(slash - node);
	else if (container(node, end) && pkg)
		end = n;
	return tg_strndup(node, end);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void tg_arch_collapse(const struct tg_arch_graph *in, enum tg_arch_level level,
                      struct tg_arch_graph *out)
{
	struct tg_hashmap ids = TG_HASHMAP_INIT, edges = TG_HASHMAP_INIT, ext = TG_HASHMAP_INIT;
	uint32_t *map = tg_malloc((in->nodes_nr ? in->nodes_nr : 1) * sizeof(uint32_t));
	struct tg_hashmap_entry *e;
	char **groups = tg_malloc((in->nodes_nr ? in->nodes_nr : 1) * sizeof(char *));
	size_t k = 0;

	*out = (struct tg_arch_graph)TG_ARCH_GRAPH_INIT;
	out->files = in->files;
	out->imports = in->imports;
	for (size_t i = 0; i < in->nodes_nr; i++) {
		groups[i] = group_of(in->nodes[i], level);
		tg_hashmap_put(&ids, groups[i], strlen(groups[i]), NULL);
	}
	out->nodes = tg_malloc((ids.nr ? ids.nr : 1) * sizeof(char *));
	tg_hashmap_for_each(&ids, e)
		out->nodes[k++] = tg_strdup(e->str);
	out->nodes_nr = k;
	qsort(out->nodes, k, sizeof(char *), by_name);
	for (size_t i = 0; i < k; i++)
		tg_hashmap_get(&ids, out->nodes[i], strlen(out->nodes[i]))->val.u64 = i;
	for (size_t i = 0; i < in->nodes_nr; i++) {
		map[i] = (uint32_t)tg_hashmap_get(&ids, groups[i], strlen(groups[i]))->val.u64;
		free(groups[i]);
	}
	for (size_t i = 0; i < in->edges_nr; i++) {
		const struct tg_arch_edge *x = &in->edges[i];
		uint32_t f = map[x->from], t = map[x->to];
		int added;
		if (f == t)
			continue;
		e = tg_hashmap_put_u64(&edges, (uint64_t)f << 32 | t, &added);
		if (added) {
			TG_ALLOC_GROW(out->edges, out->edges_nr + 1, out->edges_alloc);
			e->val.u64 = out->edges_nr;
			out->edges[out->edges_nr++] = (struct tg_arch_edge){f, t, x->line, 0};
		}
		out->edges[e->val.u64].count += x->count;
	}
	for (size_t i = 0; i < in->ext_nr; i++) {
		struct tg_buf key = TG_BUF_INIT;
		int added;
		tg_buf_addf(&key, "%u:%s", map[in->ext[i].from], in->ext[i].name);
		tg_hashmap_put(&ext, key.buf, key.len, &added);
		tg_buf_release(&key);
		if (!added)
			continue;
		TG_ALLOC_GROW(out->ext, out->ext_nr + 1, out->ext_alloc);
		out->ext[out->ext_nr].from = map[in->ext[i].from];
		out->ext[out->ext_nr++].name = tg_strdup(in->ext[i].name);
	}
	arch_graph_sort(out);
	free(map);
	free(groups);
	tg_hashmap_release(&ids);
	tg_hashmap_release(&edges);
	tg_hashmap_release(&ext);
}

void tg_arch_graph_release(struct tg_arch_graph *g)
{
	for (size_t i = 0; i < g->nodes_nr; i++)
		free(g->nodes[i]);
	free(g->nodes);
	for (size_t i = 0; i < g->ext_nr; i++)
		free(g->ext[i].name);
	free(g->ext);
	free(g->edges);
	*g = (struct tg_arch_graph)TG_ARCH_GRAPH_INIT;
}

/* dir (absolute, or relative to `directory`) as a path relative to root, when inside it. */
static void add_dir(struct tg_strlist *dirs, const char *root, const char *directory,
                    const char *dir)
{
	struct tg_buf b = TG_BUF_INIT;
	char *real;
	size_t n = strlen(root);

	if (*dir != '/' && directory)
		tg_buf_addf(&b, "%s/", directory);
	tg_buf_adds(&b, dir);
	real = realpath(b.buf, NULL);
	if (real && !strncmp(real, root, n) && (real[n] == '/' || !real[n])) {
		const char *rel = real[n] ? real + n + 1 : "";
		if (tg_strlist_find(dirs, rel) < 0)
			tg_strlist_add(dirs, rel);
	}
	free(real);
	tg_buf_release(&b);
}

/* -I DIR, -IDIR, -iquote DIR, -isystem DIR in one command's arguments. */
static void scan_args(struct tg_strlist *dirs, const char *root, const char *directory,
                      char *const *argv, size_t argc)
{
	for (size_t i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-I") || !strcmp(a, "-iquote") || !strcmp(a, "-isystem")) {
			if (i + 1 < argc)
				add_dir(dirs, root, directory, argv[++i]);
		} else if (!strncmp(a, "-I", 2)) {
			add_dir(dirs, root, directory, a + 2);
		}
	}
}

static void scan_entry(struct tg_strlist *dirs, const char *root, json_t *entry)
{
	const char *directory = json_string_value(json_object_get(entry, "directory"));
	json_t *args = json_object_get(entry, "arguments"), *v;
	const char *command = json_string_value(json_object_get(entry, "command"));
	struct tg_strlist argv = TG_STRLIST_INIT;
	size_t i;

	if (json_is_array(args)) {
		json_array_foreach(args, i, v) if (json_is_string(v))
		        tg_strlist_add(&argv, json_string_value(v));
	} else if (command) {
		/* split on blanks: quoting in include paths is rare enough to ignore */
		for (const char *p = command; *p;) {
			size_t n = strcspn(p, " \t");
			if (n)
				tg_strlist_addn(&argv, p, n);
			p += n;
			p += strspn(p, " \t");
		}
	}
	scan_args(dirs, root, directory, argv.v, argv.nr);
	tg_strlist_clear(&argv);
}

void arch_compile_commands(const char *root, struct tg_strlist *dirs)
{
	static const char *const where[] = {"compile_commands.json", "build/compile_commands.json"};
	char *real = realpath(root, NULL);

	for (size_t w = 0; real && w < sizeof(where) / sizeof(where[0]); w++) {
		struct tg_buf path = TG_BUF_INIT, text = TG_BUF_INIT;
		json_t *doc, *entry;
		json_error_t err;
		size_t i;

		tg_buf_addf(&path, "%s/%s", real, where[w]);
		if (tg_buf_read_file(&text, path.buf) == 0 &&
		    (doc = tg_json_loadb(text.buf, text.len, 0, &err)) != NULL) {
			if (json_is_array(doc))
				json_array_foreach(doc, i, entry) scan_entry(dirs, real, entry);
			json_decref(doc);
		}
		tg_buf_release(&path);
		tg_buf_release(&text);
		if (dirs->nr)
			break;
	}
	free(real);
}
