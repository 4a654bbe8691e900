/*
 * The dependency bump: the fixer of a vulnerable dependency (an item of the
 * deps source). It finds the dependency again in the worktree by the item's
 * fingerprint, then makes the smallest edit that reaches the advisory's
 * fixed version:
 *  - in the manifest, the declared constraint in its own style
 *    (tg_constraint_bump), only where it does not admit the fixed version;
 *  - in the lockfile, by the ecosystem's own command when
 *    execution.lockfile_commands names one (run by attempt.c in the sandbox),
 *    or by editing the entry's version in place when the entry carries no
 *    hash that the edit would make false; otherwise it says why not.
 * Names and versions come from repository content and the database: they
 * reach the lockfile command as environment variables, never as shell text.
 */
#include "execute/execute_int.h"

#include "backlog/item.h"
#include "config/config.h"
#include "deps/deps.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/error.h"
#include "version/version.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads rel beneath tree with its reader into out. */
static int read_deps(const char *tree, const char *rel, struct tg_dep_list *out)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	const struct tg_deps_reader *r = tg_deps_reader_for(base);
	struct tg_buf b = TG_BUF_INIT;
	struct tg_deps_file f;
	int fd, rc;

	if (!r)
		return tg_error_set(TG_ERR_NOTFOUND, "%s: no reader for this file", rel);
	if (tg_beneath_read_file(&b, tree, rel))
		return tg_error_prefix(TG_ERR_RUN, "%s", rel);
	fd = open(tree, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	f = (struct tg_deps_file){fd, rel, b.buf, b.len};
	rc = fd < 0 ? tg_error_set(TG_ERR_RUN, "%s: cannot open", tree) : r->read(&f, out);
	if (fd >= 0)
		close(fd);
	tg_buf_release(&b);
	return rc;
}

/* The dependency whose fingerprint is the item's, in list l; NULL when none. */
static const struct tg_dep *find_dep(const struct tg_dep_list *l, const struct tg_item *it)
{
	char fp[17];

	for (size_t i = 0; i < l->nr; i++) {
		const struct tg_dep *d = &l->v[i];
		tg_fingerprint_dependency(fp, tg_eco_name(d->eco), d->name, it->rule_id, d->file);
		if (!strcmp(fp, it->fingerprint))
			return d;
	}
	return NULL;
}

/* Replaces the one occurrence of from on line `line` of rel with to. */
static int edit_line(const char *tree, const char *rel, int line, const char *from, const char *to)
{
	struct tg_buf b = TG_BUF_INIT, out = TG_BUF_INIT;
	size_t start = 0, end, n = strlen(from);
	char *hit, *again;
	int rc = TG_OK;

	if (tg_beneath_read_file(&b, tree, rel))
		return tg_error_prefix(TG_ERR_RUN, "%s", rel);
	for (int l = 1; l < line && start < b.len; start++)
		l += b.buf[start] == '\n';
	end = start;
	while (end < b.len && b.buf[end] != '\n')
		end++;
	b.buf[end] = '\0'; /* the line alone; put back below */
	hit = line > 0 && n ? strstr(b.buf + start, from) : NULL;
	again = hit ? strstr(hit + 1, from) : NULL;
	if (end < b.len)
		b.buf[end] = '\n';
	if (!hit || again)
		rc = tg_error_set(TG_ERR_NOTFOUND, "%s:%d: \"%s\" is not on the line exactly once",
		                  rel, line, from);
	if (!rc) {
		tg_buf_add(&out, b.buf, (size_t)(hit - b.buf));
		tg_buf_adds(&out, to);
		tg_buf_add(&out, hit + n, b.len - (size_t)(hit - b.buf) - n);
		rc = tg_beneath_write_file(&out, tree, rel);
	}
	tg_buf_release(&b);
	tg_buf_release(&out);
	return rc;
}

/* Bumps a manifest's declaration of d to admit fixed, unless it already does. */
static int bump_declared(const char *tree, const struct tg_dep *d, const char *fixed,
                         struct bump *b)
{
	struct tg_constraint c = {0};
	struct tg_buf to = TG_BUF_INIT;
	int allows = 0, rc;

	if (d->version) /* a pin: it stays a pin */
		return edit_line(tree, d->file, d->line, d->version, fixed) ? TG_ERR_INPUT : TG_OK;
	if ((rc = tg_constraint_parse(d->eco, d->range, &c)))
		return tg_error_prefix(TG_ERR_INPUT, "%s:%d", d->file, d->line);
	rc = tg_constraint_allows(&c, fixed, &allows);
	if (!rc && !allows && !(rc = tg_constraint_bump(&c, fixed, &to))) {
		rc = edit_line(tree, d->file, d->line, d->range, to.buf);
		if (!rc)
			tg_buf_addf(&b->note, "- %s: `%s` -> `%s` (line %d)\n", d->file, d->range,
			            to.buf, d->line);
	}
	tg_constraint_release(&c);
	tg_buf_release(&to);
	return rc;
}

/* The manifest entries of d's name beside its lockfile, same ecosystem. */
static int bump_manifests(const char *tree, const struct tg_dep *d, const char *fixed,
                          struct bump *b)
{
	char *dir = tg_strdup(d->file), *slash = strrchr(dir, '/');
	struct tg_buf path = TG_BUF_INIT;
	struct dirent *e;
	DIR *dh;
	int rc = TG_OK;

	if (slash)
		*slash = '\0';
	tg_buf_addf(&path, "%s/%s", tree, slash ? dir : ".");
	dh = opendir(path.buf);
	while (dh && !rc && (e = readdir(dh))) {
		const struct tg_deps_reader *r = tg_deps_reader_for(e->d_name);
		struct tg_dep_list l = TG_DEP_LIST_INIT;
		struct tg_buf rel = TG_BUF_INIT;

		if (!r || r->lockfile || r->eco != d->eco)
			continue;
		tg_buf_addf(&rel, "%s%s%s", slash ? dir : "", slash ? "/" : "", e->d_name);
		if (!read_deps(tree, rel.buf, &l))
			for (size_t i = 0; !rc && i < l.nr; i++)
				if (!strcmp(l.v[i].name, d->name) && l.v[i].range)
					rc = bump_declared(tree, &l.v[i], fixed, b);
		tg_dep_list_clear(&l);
		tg_buf_release(&rel);
	}
	if (dh)
		closedir(dh);
	free(dir);
	tg_buf_release(&path);
	return rc;
}

static const char *lockfile_command(const struct tg_config *cfg, enum tg_eco eco)
{
	const typeof(cfg->execution.lockfile_commands) *l = &cfg->execution.lockfile_commands;
	const char *cmd = NULL;

	switch (eco) {
	case TG_ECO_PYPI:
		cmd = l->pypi;
		break;
	case TG_ECO_NPM:
		cmd = l->npm;
		break;
	case TG_ECO_GO:
		cmd = l->go;
		break;
	case TG_ECO_CRATES:
		cmd = l->cargo;
		break;
	case TG_ECO_MAVEN:
		cmd = l->maven;
		break;
	case TG_ECO_RUBYGEMS:
		cmd = l->rubygems;
		break;
	case TG_ECO_PACKAGIST:
		cmd = l->composer;
		break;
	case TG_ECO_NUGET:
		cmd = l->nuget;
		break;
	default:
		break;
	}
	return cmd && *cmd ? cmd : NULL;
}

/* The configuration key's last part for an ecosystem: the purl type, which names no brand. */
static const char *lockfile_key(enum tg_eco eco)
{
	return eco == TG_ECO_GO ? "go" : tg_eco_purl_type(eco);
}

int bump_plan_apply(const struct tg_config *cfg, const char *tree, const struct tg_item *it,
                    struct bump *b)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	struct tg_buf as_written = TG_BUF_INIT;
	const char *fixed = it->links.fixed_version;
	const struct tg_dep *d;
	int rc;

	if (!fixed || !*fixed)
		return tg_error_set(TG_ERR_NOTFOUND, "no fixed version is published");
	if ((rc = read_deps(tree, it->path, &l)))
		goto out;
	if (!(d = find_dep(&l, it))) {
		rc = tg_error_set(TG_ERR_NOTFOUND, "%s no longer declares the dependency",
		                  it->path);
		goto out;
	}
	/* OSV writes Go versions without the `v` that go.mod and `go get` need. */
	if (d->eco == TG_ECO_GO && *fixed != 'v') {
		tg_buf_addf(&as_written, "v%s", fixed);
		fixed = as_written.buf;
	}
	b->eco = d->eco;
	b->name = tg_strdup(d->name);
	b->from = tg_strdup(d->version ? d->version : d->range);
	b->to = tg_strdup(fixed);
	if (!d->version ||
	    !tg_deps_reader_for(strrchr(d->file, '/') ? strrchr(d->file, '/') + 1 : d->file)
	             ->lockfile) {
		/* A manifest declares it (a pin or a range): the edit is the fix. */
		rc = bump_declared(tree, d, fixed, b);
		if (!rc && d->version)
			tg_buf_addf(&b->note, "- %s: %s %s -> %s (line %d)\n", d->file, d->name,
			            d->version, fixed, d->line);
		goto out;
	}
	if (d->direct && (rc = bump_manifests(tree, d, fixed, b)))
		goto out;
	b->command = lockfile_command(cfg, d->eco);
	if (b->command) {
		tg_buf_addf(&b->note, "- %s regenerated with `%s`\n", d->file, b->command);
	} else if (d->hashes.nr) {
		rc = tg_error_set(TG_ERR_NOTFOUND,
		                  "%s pins %s with a hash that an edit would make false; set "
		                  "execution.lockfile_commands.%s to regenerate it",
		                  d->file, d->name, lockfile_key(d->eco));
	} else if (!(rc = edit_line(tree, d->file, d->line, d->version, fixed))) {
		tg_buf_addf(&b->note, "- %s: %s %s -> %s (line %d, edited in place)\n", d->file,
		            d->name, d->version, fixed, d->line);
	}
out:
	tg_dep_list_clear(&l);
	tg_buf_release(&as_written);
	return rc;
}

void bump_release(struct bump *b)
{
	free(b->name);
	free(b->from);
	free(b->to);
	tg_buf_release(&b->note);
	memset(b, 0, sizeof(*b));
}
