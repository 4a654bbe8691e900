/* `terragon config show`: the effective configuration and where each value came from. */
#include "config/config_int.h"

#include <string.h>

static int depth_of(const char *path)
{
	int d = 0;

	for (; *path; path++)
		d += *path == '.';
	return d;
}

static const char *leaf(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot ? dot + 1 : path;
}

static void show_table(struct tg_buf *out, const struct tg_config *cfg)
{
	size_t i;

	tg_buf_addf(out, "# file: %s\n", *cfg->file ? cfg->file : "(none: built-in defaults)");
	tg_buf_addf(out, "%-48s %-8s %s\n", "KEY", "ORIGIN", "VALUE");
	for (i = 0; i < tg_ckeys_nr; i++) {
		if (tg_ckeys[i].type == TG_K_MAP)
			continue;
		tg_buf_addf(out, "%-48s %-8s ", tg_ckeys[i].path,
		            tg_origin_name(tg_config_origin(cfg, tg_ckeys[i].path)));
		tg_ckey_value_json(out, cfg, (long)i);
		tg_buf_addch(out, '\n');
	}
}

static void show_yaml(struct tg_buf *out, const struct tg_config *cfg)
{
	size_t i;

	tg_buf_addf(out,
	            "# The effective configuration; each value's origin is in its comment.\n"
	            "# file: %s\n",
	            *cfg->file ? cfg->file : "(none: built-in defaults)");
	for (i = 0; i < tg_ckeys_nr; i++) {
		const struct tg_ckey *k = &tg_ckeys[i];

		tg_buf_addf(out, "%*s%s:", 2 * depth_of(k->path), "", leaf(k->path));
		if (k->type != TG_K_MAP) {
			tg_buf_addch(out, ' ');
			tg_ckey_value_json(out, cfg, (long)i);
			tg_buf_addf(out, "  # %s", tg_origin_name(tg_config_origin(cfg, k->path)));
		}
		tg_buf_addch(out, '\n');
	}
}

static void show_json(struct tg_buf *out, const struct tg_config *cfg)
{
	int open = 0, first[16] = {1};
	size_t i;

	tg_buf_adds(out, "{\n  \"file\": ");
	tg_buf_add_jsons(out, cfg->file ? cfg->file : "");
	tg_buf_adds(out, ",\n  \"config\": {");
	for (i = 0; i < tg_ckeys_nr; i++) {
		const struct tg_ckey *k = &tg_ckeys[i];
		int d = depth_of(k->path);

		for (; open > d; open--)
			tg_buf_addf(out, "\n%*s}", 2 * open + 2, "");
		tg_buf_addf(out, "%s\n%*s\"%s\": ", first[open] ? "" : ",", 2 * open + 4, "",
		            leaf(k->path));
		first[open] = 0;
		if (k->type == TG_K_MAP) {
			tg_buf_addch(out, '{');
			first[++open] = 1;
		} else {
			tg_ckey_value_json(out, cfg, (long)i);
		}
	}
	for (; open > 0; open--)
		tg_buf_addf(out, "\n%*s}", 2 * open + 2, "");
	tg_buf_adds(out, "\n  },\n  \"origins\": {");
	for (i = 0, first[0] = 1; i < tg_ckeys_nr; i++) {
		if (tg_ckeys[i].type == TG_K_MAP)
			continue;
		tg_buf_addf(out, "%s\n    \"%s\": \"%s\"", first[0] ? "" : ",", tg_ckeys[i].path,
		            tg_origin_name(tg_config_origin(cfg, tg_ckeys[i].path)));
		first[0] = 0;
	}
	tg_buf_adds(out, "\n  }\n}\n");
}

void tg_config_show(struct tg_buf *out, const struct tg_config *cfg, enum tg_config_format f)
{
	if (f == TG_CONFIG_YAML)
		show_yaml(out, cfg);
	else if (f == TG_CONFIG_JSON)
		show_json(out, cfg);
	else
		show_table(out, cfg);
}
