#include "cmd/setup.h"

#include "analyze/tree.h"
#include "backlog/persist.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const tg_severity_choices[] = {"critical", "high", "medium", "low", "info", NULL};

int tg_setup_open(struct tg_setup *s, const char *repo_path, const char *config_file, int store)
{
	struct tg_buf path = TG_BUF_INIT;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = tg_config_load_for(&s->cfg, repo_path, config_file, &s->root);
	if (rc || store == TG_SETUP_NO_STORE)
		return rc;
	if (s->cfg.store.url && *s->cfg.store.url) {
		if (store & TG_SETUP_STORE_URL)
			return tg_store_open_in(
			        &s->store, s->root, s->cfg.store.url,
			        (store & TG_SETUP_STORE_WRITE) ? 0 : TG_STORE_READONLY, -1);
		if (!(store & TG_SETUP_STORE_FILE))
			tg_warn("store.url is set, but this command reads and writes the SQLite "
			        "store at store.path only (not ported to PostgreSQL yet)");
	}
	store &= ~(TG_SETUP_STORE_URL | TG_SETUP_STORE_FILE);
	tg_store_path_in(&path, s->root, s->cfg.store.path);
	if (store == TG_SETUP_STORE_READ && access(path.buf, F_OK)) {
		rc = tg_error_set(TG_ERR_NOTFOUND,
		                  "%s: no store yet; run `terragon discover` first", path.buf);
	} else {
		rc = tg_store_open_in(
		        &s->store, s->root, s->cfg.store.path,
		        store == TG_SETUP_STORE_WRITE ? TG_STORE_CREATE : TG_STORE_READONLY, -1);
	}
	tg_buf_release(&path);
	return rc;
}

void tg_setup_close(struct tg_setup *s)
{
	if (s->store)
		tg_store_close(s->store);
	tg_config_release(&s->cfg);
	free(s->root);
	memset(s, 0, sizeof(*s));
}

const char *tg_setup_tree_path(const char *repo, const char *path, struct tg_buf *buf)
{
	if (!repo)
		return path ? path : ".";
	if (!path)
		return repo;
	if (path[0] == '/')
		return path;
	tg_buf_addf(buf, "%s/%s", repo, path);
	return buf->buf;
}

int tg_setup_tree_open(struct tg_setup_tree *t, const char *repo, const char *path,
                       const char *config_file, int jobs)
{
	int rc;

	t->root = NULL;
	tg_buf_init(&t->path, 0);
	path = tg_setup_tree_path(repo, path, &t->path);
	rc = tg_config_load_for_path(&t->cfg, path, config_file, &t->root);
	if (rc) {
		tg_buf_release(&t->path);
		return rc;
	}
	tg_walk_opts_from_config(&t->wo, path, &t->cfg, t->root, jobs, NULL);
	return TG_OK;
}

void tg_setup_tree_close(struct tg_setup_tree *t)
{
	tg_config_release(&t->cfg);
	tg_buf_release(&t->path);
	free(t->root);
	t->root = NULL;
}

int tg_setup_find_item(struct tg_setup *s, const char *repo_path, const char *config_file,
                       const char *id, struct tg_backlog *b, struct tg_item **out)
{
	int rc = tg_setup_open(s, repo_path, config_file, TG_SETUP_STORE_READ | TG_SETUP_STORE_URL);

	tg_backlog_init(b);
	*out = NULL;
	if (!rc)
		rc = tg_persist_load(tg_store_sql(s->store), b, 0);
	if (!rc)
		*out = tg_backlog_find(b, id, &rc);
	return rc;
}
