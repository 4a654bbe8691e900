/*
 * The approval policy over changes read from history (history/approvals.h),
 * and the CODEOWNERS lookups it needs: the last matching line wins, as
 * GitHub reads it; "@org/team" owners cannot be resolved offline and match
 * no approver.
 */
#include "history/approvals.h"

#include "util/alloc.h"
#include "util/beneath.h"
#include "util/error.h"
#include "util/wildmatch.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A CODEOWNERS pattern as a wildmatch glob on the whole path. */
static void owners_glob(struct tg_buf *g, const char *pat, size_t n)
{
	int anchored = n && pat[0] == '/';
	int dir = n && pat[n - 1] == '/';

	if (anchored)
		pat++, n--;
	if (dir)
		n--;
	/* No slash but at the end: it matches at any depth. */
	if (!anchored && !memchr(pat, '/', n))
		tg_buf_adds(g, "**/");
	tg_buf_add(g, pat, n);
	if (dir)
		tg_buf_adds(g, "/**");
}

static int owners_line_matches(const char *pat, size_t n, const char *path)
{
	struct tg_buf g = TG_BUF_INIT, sub = TG_BUF_INIT;
	int hit;

	owners_glob(&g, pat, n);
	/* A pattern naming a directory covers everything under it. */
	tg_buf_addf(&sub, "%s/**", g.buf);
	hit = tg_wildmatch(g.buf, path, TG_WM_PATHNAME) ||
	      tg_wildmatch(sub.buf, path, TG_WM_PATHNAME);
	tg_buf_release(&g);
	tg_buf_release(&sub);
	return hit;
}

char *tg_codeowners_read(const char *root)
{
	static const char *const where[] = {".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"};
	struct tg_buf b = TG_BUF_INIT;

	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		tg_buf_reset(&b);
		if (!tg_beneath_read_file(&b, root, where[i]))
			return tg_buf_detach(&b, NULL);
	}
	tg_error_clear();
	tg_buf_release(&b);
	return NULL;
}

void tg_codeowners_of(const char *text, const char *path, struct tg_buf *out)
{
	const char *line = text;

	tg_buf_reset(out);
	while (line && *line) {
		const char *eol = strchr(line, '\n');
		size_t n = eol ? (size_t)(eol - line) : strlen(line);
		size_t pn = strcspn(line, " \t");
		if (pn > n)
			pn = n;
		if (n && line[0] != '#' && pn && owners_line_matches(line, pn, path)) {
			const char *o = line + pn;
			size_t on = n - pn;
			while (on && isspace((unsigned char)*o))
				o++, on--;
			tg_buf_reset(out);
			tg_buf_add(out, o, on);
			tg_buf_trim(out);
		}
		line = eol ? eol + 1 : NULL;
	}
}

/* The approver's email (between < and >) and name, lowercased. */
static void identity(const char *who, struct tg_buf *name, struct tg_buf *email)
{
	const char *lt = strchr(who, '<'), *gt = lt ? strchr(lt, '>') : NULL;

	tg_buf_add(name, who, lt ? (size_t)(lt - who) : strlen(who));
	tg_buf_trim(name);
	if (lt && gt)
		tg_buf_add(email, lt + 1, (size_t)(gt - lt - 1));
	else if (strchr(who, '@'))
		tg_buf_adds(email, who);
	for (size_t i = 0; i < name->len; i++)
		name->buf[i] = (char)tolower((unsigned char)name->buf[i]);
	for (size_t i = 0; i < email->len; i++)
		email->buf[i] = (char)tolower((unsigned char)email->buf[i]);
}

/* One owner token: "@login" is the name, the email's local part or a GitHub noreply address. */
static int owner_is(const char *tok, size_t n, const struct tg_buf *name,
                    const struct tg_buf *email)
{
	if (n > 1 && tok[0] == '@' && !memchr(tok, '/', n)) {
		size_t k = n - 1;
		const char *at = strchr(email->buf, '@');
		const char *plus = at ? memchr(email->buf, '+', (size_t)(at - email->buf)) : NULL;
		const char *local = plus ? plus + 1 : email->buf;
		return (name->len == k && !strncasecmp(name->buf, tok + 1, k)) ||
		       (at && (size_t)(at - local) == k && !strncasecmp(local, tok + 1, k));
	}
	return email->len && email->len == n && !strncasecmp(email->buf, tok, n);
}

int tg_approver_is_owner(const char *approver, const char *owners)
{
	struct tg_buf name = TG_BUF_INIT, email = TG_BUF_INIT;
	const char *p = owners;
	int hit = 0;

	identity(approver, &name, &email);
	while (!hit && *p) {
		size_t n;
		p += strspn(p, " \t,");
		n = strcspn(p, " \t,");
		if (n)
			hit = owner_is(p, n, &name, &email);
		p += n;
	}
	tg_buf_release(&name);
	tg_buf_release(&email);
	return hit;
}

/* Whether an approver is the change's author: the same email, or the same name. */
static int is_author(const struct tg_change *c, const char *approver)
{
	struct tg_buf name = TG_BUF_INIT, email = TG_BUF_INIT;
	int same;

	identity(approver, &name, &email);
	same = (email.len && c->author_email && !strcasecmp(email.buf, c->author_email)) ||
	       (c->author && !strcasecmp(name.buf, c->author));
	tg_buf_release(&name);
	tg_buf_release(&email);
	return same;
}

static void violation(struct tg_change *c, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void violation(struct tg_change *c, const char *fmt, ...)
{
	struct tg_buf b = TG_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	tg_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	tg_strlist_add(&c->violations, b.buf);
	tg_buf_release(&b);
}

static void check_approvals(struct tg_change *c, const struct tg_config *cfg)
{
	size_t independent = 0, self = 0;
	int min = cfg->compliance.approvals.min;

	for (size_t i = 0; i < c->approvers.nr; i++) {
		if (is_author(c, c->approvers.v[i]))
			self++;
		else
			independent++;
	}
	if (self && !independent && cfg->compliance.approvals.no_self_approval)
		violation(c, "self-approved: the author is the only approver (SOX: segregation of "
		             "duties)");
	else if ((int)independent < min)
		violation(c,
		          "too few approvals: %zu of %d by someone other than the author (SOX: "
		          "change approval)",
		          independent, min);
}

static int matches_any(const struct tg_strlist *globs, const char *path)
{
	for (size_t i = 0; i < globs->nr; i++)
		if (tg_wildmatch(globs->v[i], path, TG_WM_PATHNAME))
			return 1;
	return 0;
}

/* Each regulated file needs an approver from the list, or else one of its CODEOWNERS. */
static void check_regulated(struct tg_change *c, const struct tg_config *cfg,
                            const char *codeowners)
{
	const struct tg_strlist *list = &cfg->compliance.approvals.approvers;
	struct tg_buf owners = TG_BUF_INIT, joined = TG_BUF_INIT;

	for (size_t i = 0; i < c->files.nr; i++)
		if (matches_any(&cfg->compliance.approvals.regulated_paths, c->files.v[i]))
			tg_strlist_add(&c->regulated, c->files.v[i]);
	c->financial = c->regulated.nr > 0;
	for (size_t i = 0; i < c->regulated.nr; i++) {
		const char *path = c->regulated.v[i];
		int ok = 0;
		tg_buf_reset(&joined);
		for (size_t k = 0; k < list->nr; k++)
			tg_buf_addf(&joined, "%s%s", k ? " " : "", list->v[k]);
		if (!list->nr)
			tg_codeowners_of(codeowners ? codeowners : "", path, &joined);
		tg_buf_reset(&owners);
		tg_buf_add(&owners, joined.buf, joined.len);
		for (size_t a = 0; a < c->approvers.nr && !ok; a++)
			ok = !is_author(c, c->approvers.v[a]) &&
			     tg_approver_is_owner(c->approvers.v[a], owners.buf);
		if (!ok) {
			violation(c, "regulated path %s changed without an approval by %s (%s)",
			          path,
			          owners.len ? owners.buf
			                     : "an owner (none configured or in CODEOWNERS)",
			          list->nr ? "compliance.approvals.approvers" : "CODEOWNERS");
			break;
		}
	}
	tg_buf_release(&owners);
	tg_buf_release(&joined);
}

size_t tg_changes_check(struct tg_changes *cs, const struct tg_config *cfg, const char *codeowners)
{
	size_t bad = 0;

	for (size_t i = 0; i < cs->nr; i++) {
		struct tg_change *c = &cs->v[i];
		tg_strlist_clear(&c->violations);
		tg_strlist_clear(&c->regulated);
		check_approvals(c, cfg);
		check_regulated(c, cfg, codeowners);
		bad += c->violations.nr > 0;
	}
	return bad;
}
