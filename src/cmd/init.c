#include "cmd/cmd.h"

#include "config/config.h"
#include "scaffold/scaffold.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const usage[] = {
        "terragon init [-C DIR] [--force]",
        "terragon init --workflows [-C DIR] [--force]",
        "",
        "Writes .terragon/config.yaml and ignores the store in .gitignore. With --workflows,",
        "writes the workflow guide's GitHub Actions workflows into .github/workflows/ instead:",
        "ci, security (SARIF to code scanning), release, SLSA provenance, discovery every 4",
        "hours, performance and supply chain, as terragon-*.yml. Each grants its job only the",
        "permissions it needs, pins every action to a commit (# version beside it), keeps no",
        "credential after checkout and puts no ${{ }} expression inside run:. terragon must be",
        "on the runner, or the repository variable TERRAGON_INSTALL the command installing it.",
        "An existing file is left as it is without --force.",
        NULL};

/* The store's files (the database, its -wal and -shm) never belong in git. */
static const char ignore_line[] = ".terragon/*.db*";

static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	for (; (p = strstr(p, line)); p += n)
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\r' || !p[n]))
			return 1;
	return 0;
}

static int add_gitignore(const char *root)
{
	struct tg_buf text = TG_BUF_INIT;
	int rc;

	/* Beneath the root: a committed .gitignore link is refused, not written through. */
	rc = tg_beneath_read_file(&text, root, ".gitignore");
	if (rc == TG_ERR_NOTFOUND)
		rc = TG_OK;
	if (!rc && !has_line(text.buf, ignore_line)) {
		if (text.len && text.buf[text.len - 1] != '\n')
			tg_buf_addch(&text, '\n');
		tg_buf_addf(&text, "%s\n", ignore_line);
		rc = tg_beneath_write_file(&text, root, ".gitignore");
		if (!rc)
			printf("added %s to .gitignore\n", ignore_line);
	}
	tg_buf_release(&text);
	return rc;
}

static int write_config(const char *root, int force)
{
	struct tg_buf path = TG_BUF_INIT, text = TG_BUF_INIT;
	struct stat st;
	int rc = TG_OK;

	tg_buf_addf(&path, "%s/.terragon/config.yaml", root);
	if (!stat(path.buf, &st) && (S_ISDIR(st.st_mode) || !force))
		rc = tg_error_set(TG_ERR_USAGE, "%s %s; %s", path.buf,
		                  S_ISDIR(st.st_mode) ? "is a directory" : "already exists",
		                  S_ISDIR(st.st_mode)
		                          ? "remove it first"
		                          : "not overwritten (use --force to replace it)");
	/* .terragon/ and the file beneath the root: a committed link is refused. */
	else
		rc = tg_beneath_mkdir(root, ".terragon", 0777);
	if (!rc) {
		tg_buf_adds(&text, tg_config_example);
		rc = tg_beneath_write_file(&text, root, ".terragon/config.yaml");
	}
	if (!rc)
		printf("wrote %s\n", path.buf);
	tg_buf_release(&path);
	tg_buf_release(&text);
	return rc;
}

/* The workflows under .github/workflows/, beneath the root; existing ones kept without force. */
static int write_workflows(const char *root, int force)
{
	struct tg_buf path = TG_BUF_INIT, full = TG_BUF_INIT, text = TG_BUF_INIT;
	struct stat st;
	int rc = tg_beneath_mkdir(root, ".github", 0777);

	if (!rc)
		rc = tg_beneath_mkdir(root, ".github/workflows", 0777);
	for (size_t i = 0; !rc && i < tg_workflow_count(); i++) {
		tg_buf_reset(&path);
		tg_buf_reset(&text);
		tg_buf_reset(&full);
		tg_buf_addf(&path, ".github/workflows/%s", tg_workflow_file(i));
		tg_buf_addf(&full, "%s/%s", root, path.buf);
		if (!force && !lstat(full.buf, &st)) {
			printf("kept %s (exists; --force replaces it)\n", path.buf);
			continue;
		}
		tg_workflow_render(i, &text);
		rc = tg_beneath_write_file(&text, root, path.buf);
		if (!rc)
			printf("wrote %s\n", path.buf);
	}
	tg_buf_release(&path);
	tg_buf_release(&full);
	tg_buf_release(&text);
	return rc;
}

int cmd_init(int argc, const char **argv)
{
	const char *repo = NULL;
	int force = 0, workflows = 0, n, rc;
	char *root;
	const struct tg_option opts[] = {
	        TG_OPT_REPO_PATH(&repo),
	        TG_OPT_BOOL('f', "force", &force,
	                    "replace an existing .terragon/config.yaml (or workflow)"),
	        TG_OPT_BOOL(0, "workflows", &workflows,
	                    "write the GitHub Actions workflows into .github/workflows/"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 0, 1);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	rc = tg_config_find_root(n > 0 && !repo ? argv[0] : repo, &root);
	if (!rc && workflows)
		rc = write_workflows(root, force);
	else if (!rc)
		rc = write_config(root, force);
	if (!rc && !workflows)
		rc = add_gitignore(root);
	if (rc)
		tg_error_report();
	free(root);
	return tg_status_exit(rc);
}
