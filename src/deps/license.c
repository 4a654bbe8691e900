/* Licence expressions judged by an allow/deny policy (deps/license.h). */
#include "deps/license.h"

#include <string.h>
#include <strings.h>

enum { MAX_DEPTH = 64 };

/* What a sub-expression needs that the policy refuses. */
struct judged {
	int ok;
	int denied;                /* one of the failing ids is denied, not merely unlisted */
	struct tg_strlist failing; /* the ids, or "id WITH exception", that fail it */
};

struct parser {
	const char *p;
	const struct tg_strlist *allow, *deny;
	int depth, bad;
};

static int on_list(const struct tg_strlist *l, const char *id, size_t n)
{
	for (size_t i = 0; i < l->nr; i++)
		if (strlen(l->v[i]) == n && !strncasecmp(l->v[i], id, n))
			return 1;
	return 0;
}

/* The next token: "(", ")", or a run of id characters; its length in *n (0 at the end). */
static const char *token(struct parser *ps, size_t *n)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
	if (*ps->p == '(' || *ps->p == ')')
		*n = 1;
	else
		*n = strspn(ps->p,
		            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-+:");
	return ps->p;
}

static int is_word(const char *t, size_t n, const char *w)
{
	return n == strlen(w) && !strncmp(t, w, n);
}

static void judged_release(struct judged *j)
{
	tg_strlist_clear(&j->failing);
}

/* id, or id WITH exception: the policy's verdict on the whole or on the id. */
static void leaf(struct parser *ps, const char *id, size_t n, struct judged *out)
{
	const char *start = id, *t;
	size_t whole = n, m;
	int allowed, denied;

	t = token(ps, &m);
	if (is_word(t, m, "WITH")) {
		ps->p += m;
		t = token(ps, &m);
		if (!m || *t == '(' || *t == ')') {
			ps->bad = 1;
			return;
		}
		ps->p += m;
		whole = (size_t)(ps->p - start);
	}
	if (whole != n && on_list(ps->allow, start, whole))
		allowed = 1, denied = 0;
	else if (whole != n && on_list(ps->deny, start, whole))
		allowed = 0, denied = 1;
	else if (on_list(ps->deny, id, n))
		allowed = 0, denied = 1;
	else
		allowed = !ps->allow->nr || on_list(ps->allow, id, n), denied = 0;
	out->ok = allowed;
	out->denied = denied;
	if (!allowed) {
		struct tg_buf b = TG_BUF_INIT;

		tg_buf_add(&b, start, whole);
		tg_strlist_add(&out->failing, b.buf);
		tg_buf_release(&b);
	}
}

static void or_expr(struct parser *ps, struct judged *out);

static void primary(struct parser *ps, struct judged *out)
{
	size_t n;
	const char *t = token(ps, &n);

	if (!n || *t == ')' || is_word(t, n, "AND") || is_word(t, n, "OR") ||
	    is_word(t, n, "WITH")) {
		ps->bad = 1;
		return;
	}
	ps->p += n;
	if (*t != '(') {
		leaf(ps, t, n, out);
		return;
	}
	if (++ps->depth > MAX_DEPTH) {
		ps->bad = 1;
		return;
	}
	or_expr(ps, out);
	ps->depth--;
	t = token(ps, &n);
	if (ps->bad || !n || *t != ')')
		ps->bad = 1;
	else
		ps->p++;
}

/* and: every part must pass; or: one is enough, and then nothing fails it. A part that
 * passes has nothing failing and is not denied, so the failing ids simply add up. */
static void combine(struct judged *acc, struct judged *next, int and)
{
	int ok = and? acc->ok && next->ok : acc->ok || next->ok;

	if (ok) {
		acc->denied = 0;
		tg_strlist_clear(&acc->failing);
	} else {
		acc->denied |= next->denied;
		for (size_t i = 0; i < next->failing.nr; i++)
			tg_strlist_add(&acc->failing, next->failing.v[i]);
	}
	acc->ok = ok;
	judged_release(next);
}

static void and_expr(struct parser *ps, struct judged *out)
{
	size_t n = 0;
	const char *t;

	primary(ps, out);
	while (!ps->bad && (t = token(ps, &n)) && is_word(t, n, "AND")) {
		struct judged next = {1, 0, TG_STRLIST_INIT};

		ps->p += n;
		primary(ps, &next);
		combine(out, &next, 1);
	}
}

static void or_expr(struct parser *ps, struct judged *out)
{
	size_t n = 0;
	const char *t;

	and_expr(ps, out);
	while (!ps->bad && (t = token(ps, &n)) && is_word(t, n, "OR")) {
		struct judged next = {1, 0, TG_STRLIST_INIT};

		ps->p += n;
		and_expr(ps, &next);
		combine(out, &next, 0);
	}
}

enum tg_license_verdict tg_license_check(const char *license, const struct tg_strlist *allow,
                                         const struct tg_strlist *deny, struct tg_buf *why)
{
	struct parser ps = {license, allow, deny, 0, 0};
	struct judged j = {1, 0, TG_STRLIST_INIT};
	enum tg_license_verdict v = TG_LICENSE_OK;
	size_t n;

	if (!license || !*license || (!allow->nr && !deny->nr))
		return TG_LICENSE_OK;
	or_expr(&ps, &j);
	if (!ps.bad && token(&ps, &n) && (n || *ps.p))
		ps.bad = 1; /* something after a whole expression */
	if (ps.bad) {
		/* an unreadable licence cannot be shown to be on an allow list; nor denied */
		if (allow->nr) {
			tg_buf_add_printables(why, license);
			v = TG_LICENSE_UNREADABLE;
		}
	} else if (!j.ok) {
		for (size_t i = 0; i < j.failing.nr; i++)
			if (tg_strlist_find(&j.failing, j.failing.v[i]) == (long)i)
				tg_buf_addf(why, "%s%s", why->len ? ", " : "", j.failing.v[i]);
		v = j.denied ? TG_LICENSE_DENIED : TG_LICENSE_NOT_ALLOWED;
	}
	judged_release(&j);
	return v;
}

const char *tg_license_verdict_name(enum tg_license_verdict v)
{
	static const char *const names[] = {"allowed", "denied", "not allowed",
	                                    "not an SPDX expression"};

	return names[v];
}
