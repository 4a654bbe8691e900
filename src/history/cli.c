#include "history/cli.h"

#include "util/error.h"
#include "util/log.h"

#include <string.h>

int tg_history_cli_build(struct tg_history_cli *c, struct tg_history **h, struct tg_history_opts *o)
{
	if (!strcmp(c->format, "table"))
		c->fmt = TG_HF_TABLE;
	else if (!strcmp(c->format, "json"))
		c->fmt = TG_HF_JSON;
	else if (!strcmp(c->format, "csv"))
		c->fmt = TG_HF_CSV;
	else
		return tg_error_set(TG_ERR_USAGE, "--format: '%s' is not table, json or csv",
		                    c->format);
	if (c->limit < 0)
		return tg_error_set(TG_ERR_USAGE, "--limit: must be 0 or more");
	tg_history_opts_init(o);
	o->since = c->since;
	o->first_parent = c->first_parent > 0;
	if (c->min_revs >= 0)
		o->min_revs = c->min_revs;
	if (c->min_shared_revs >= 0)
		o->min_shared_revs = c->min_shared_revs;
	if (c->min_coupling >= 0)
		o->min_coupling = c->min_coupling;
	return tg_history_build(h, c->repo_path, o);
}

void tg_history_cell(struct tg_buf *b, const char *s, int width, int right)
{
	int n = (int)strlen(s);

	if (n > width && width > 3) {
		tg_buf_add(b, s, (size_t)(width - 3));
		tg_buf_adds(b, "...");
		return;
	}
	if (right)
		tg_buf_addf(b, "%*s", width, s);
	else
		tg_buf_addf(b, "%-*s", width, s);
}
