/*
 * From a path on the command line to a loaded configuration: the repository
 * root, the file (which may be missing, but not a directory or garbage), the
 * environment, and the checks across keys.
 */
#include "config/config_int.h"

#include "util/alloc.h"
#include "util/beneath.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * dir (its first len bytes) is a git directory, as git itself tells one: a
 * HEAD file and objects/ and refs/ directories. Found before any .git above
 * it, that is a bare repository or the inside of a .git: no working tree.
 */
static int is_git_dir(const char *dir, size_t len, struct tg_buf *probe)
{
	static const char *const parts[] = {"HEAD", "objects", "refs"};
	struct stat st;

	for (size_t i = 0; i < 3; i++) {
		tg_buf_reset(probe);
		tg_buf_addf(probe, "%.*s/%s", (int)len, dir, parts[i]);
		if (stat(probe->buf, &st) || (i == 0) != !!S_ISREG(st.st_mode))
			return 0;
	}
	return 1;
}

int tg_config_find_root(const char *repo_path, char **root_out)
{
	const char *given = repo_path ? repo_path : ".";
	char *real = realpath(given, NULL);
	struct tg_buf probe = TG_BUF_INIT;
	struct stat st;
	size_t len;

	*root_out = NULL;
	if (!real)
		return tg_error_set(TG_ERR_USAGE, "%s: %s", given, strerror(errno));
	if (stat(real, &st) || !S_ISDIR(st.st_mode)) {
		free(real);
		return tg_error_set(TG_ERR_USAGE, "%s: not a directory", given);
	}
	/* Up to the first directory holding .git (a directory, or a file in a worktree). */
	for (len = strlen(real); len > 0;) {
		tg_buf_reset(&probe);
		tg_buf_addf(&probe, "%.*s/.git", (int)len, real);
		if (!lstat(probe.buf, &st)) {
			*root_out = tg_strndup(real, len);
			break;
		}
		if (is_git_dir(real, len, &probe)) {
			tg_error_set(TG_ERR_USAGE,
			             "%.*s is a bare repository (or a .git directory): it has no "
			             "working tree to read; give the path of a checkout",
			             len ? (int)len : 1, len ? real : "/");
			tg_buf_release(&probe);
			free(real);
			return TG_ERR_USAGE;
		}
		while (len > 0 && real[len - 1] != '/')
			len--;
		if (len > 0)
			len--; /* the slash; "" stands for "/" */
	}
	tg_buf_release(&probe);
	if (!*root_out)
		*root_out = tg_strdup(real);
	free(real);
	return TG_OK;
}

/* The path as the user would type it: relative when it is under the current directory. */
static char *display_path(const char *path)
{
	char cwd[PATH_MAX];
	size_t n;

	if (path[0] == '/' && getcwd(cwd, sizeof(cwd))) {
		n = strlen(cwd);
		if (!strncmp(path, cwd, n) && path[n] == '/')
			return tg_strdup(path + n + 1);
	}
	return tg_strdup(path);
}

/*
 * Opens the configuration. A path given with -c is the user's own argument
 * and is trusted: it may be a symbolic link, or a pipe (`-c <(...)`). The
 * default .terragon/config.yaml is repository content: it is opened beneath
 * the root with no symbolic link followed (a committed link would have any
 * file it points at parsed and echoed in warnings) and without blocking (a
 * FIFO there would hang every command). *fd is -1 when the default is missing.
 */
static int open_config(const char *root, const char *path, const char *name, int *fd)
{
	int rc;

	*fd = -1;
	if (path) {
		*fd = open(path, O_RDONLY | O_CLOEXEC);
		return *fd < 0 ? tg_error_set(TG_ERR_USAGE, "%s: %s", name, strerror(errno))
		               : TG_OK;
	}
	rc = tg_beneath_open(root, ".terragon/config.yaml", O_RDONLY | O_NONBLOCK | O_NOCTTY, 0,
	                     fd);
	if (rc == TG_ERR_NOTFOUND) {
		tg_error_clear();
		return TG_OK;
	}
	return rc ? tg_error_prefix(TG_ERR_USAGE, "configuration") : TG_OK;
}

/* Reads and parses the configuration; a missing default file leaves the defaults. */
static int load_file(struct tg_config *cfg, const char *root, const char *path, const char *name)
{
	struct tg_buf text = TG_BUF_INIT;
	struct stat st;
	int fd, rc = open_config(root, path, name, &fd);

	if (rc)
		return rc;
	if (fd < 0) {
		tg_note("no %s; using the built-in defaults", name);
		return TG_OK;
	}
	if (fstat(fd, &st))
		rc = tg_error_set(TG_ERR_USAGE, "%s: %s", name, strerror(errno));
	else if (S_ISDIR(st.st_mode))
		rc = tg_error_set(TG_ERR_USAGE,
		                  "%s: is a directory; expected the YAML configuration file", name);
	else if (!path && !S_ISREG(st.st_mode))
		rc = tg_error_set(TG_ERR_USAGE,
		                  "%s: not a regular file (a FIFO or a device is not read)", name);
	/* Far beyond any real configuration; refused before it costs memory. */
	else if (st.st_size > 16 * 1024 * 1024)
		rc = tg_error_set(TG_ERR_USAGE,
		                  "%s: %lld bytes; a configuration file over 16 MiB is refused",
		                  name, (long long)st.st_size);
	else if (tg_buf_read_fd(&text, fd, name))
		rc = tg_error_set(TG_ERR_USAGE, "%s", tg_error_message());
	else
		rc = tg_config_parse(cfg, name, text.buf, text.len);
	close(fd);
	tg_buf_release(&text);
	return rc;
}

int tg_config_load(struct tg_config *cfg, const char *repo_root, const char *path)
{
	struct tg_buf def = TG_BUF_INIT;
	char *name;
	int rc;

	tg_config_init(cfg);
	if (!path)
		tg_buf_addf(&def, "%s/.terragon/config.yaml", repo_root);
	name = path ? tg_strdup(path) : display_path(def.buf);
	rc = load_file(cfg, repo_root, path, name);
	if (!rc)
		rc = tg_config_apply_env(cfg, NULL);
	if (!rc)
		rc = tg_config_validate(cfg);
	if (rc)
		tg_config_release(cfg);
	free(name);
	tg_buf_release(&def);
	return rc;
}

int tg_config_load_for(struct tg_config *cfg, const char *repo_path, const char *config_file,
                       char **root_out)
{
	int rc = tg_config_find_root(repo_path, root_out);

	if (rc) {
		memset(cfg, 0, sizeof(*cfg));
		return rc;
	}
	rc = tg_config_load(cfg, *root_out, config_file);
	if (rc) {
		free(*root_out);
		*root_out = NULL;
	}
	return rc;
}

int tg_config_load_for_path(struct tg_config *cfg, const char *path, const char *config_file,
                            char **root_out)
{
	struct stat sb;
	char *dir, *slash;
	int rc;

	if (stat(path, &sb)) {
		memset(cfg, 0, sizeof(*cfg));
		*root_out = NULL;
		return tg_error_set(TG_ERR_USAGE, "%s: cannot read: %s", path, strerror(errno));
	}
	if (S_ISDIR(sb.st_mode))
		return tg_config_load_for(cfg, path, config_file, root_out);
	dir = tg_strdup(path);
	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0'; /* "/f" is in "/" */
	rc = tg_config_load_for(cfg, slash ? dir : ".", config_file, root_out);
	free(dir);
	return rc;
}
