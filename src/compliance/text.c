/*
 * The text tests behind the workflow rules: is an action reference pinned,
 * does a checkout ref name the pull request's code, which ${{ }}
 * expressions read attacker-controlled fields.
 */
#include "compliance/compliance_int.h"

#include "util/alloc.h"
#include "util/buf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Fields GitHub's security hardening guide lists as untrusted input: text
 * anyone who opens an issue, a pull request, a comment or a commit writes.
 * '*' is one element of an array (commits[0], commits.*).
 */
static const char *const untrusted_fields[] = {
        "github.event.issue.title",
        "github.event.issue.body",
        "github.event.pull_request.title",
        "github.event.pull_request.body",
        "github.event.comment.body",
        "github.event.review.body",
        "github.event.review_comment.body",
        "github.event.discussion.title",
        "github.event.discussion.body",
        "github.event.pages.*.page_name",
        "github.event.commits.*.message",
        "github.event.commits.*.author.email",
        "github.event.commits.*.author.name",
        "github.event.head_commit.message",
        "github.event.head_commit.author.email",
        "github.event.head_commit.author.name",
        "github.event.pull_request.head.ref",
        "github.event.pull_request.head.label",
        "github.event.pull_request.head.repo.default_branch",
        "github.head_ref",
};

static int all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int tg_compliance_action_pinned(const char *uses)
{
	const char *at;

	if (!strncmp(uses, "./", 2))
		return 1;
	if (!strncasecmp(uses, "docker://", 9)) {
		at = strstr(uses, "@sha256:");
		return at && strlen(at + 8) == 64 && all_hex(at + 8, 64);
	}
	at = strrchr(uses, '@');
	return at && strlen(at + 1) == 40 && all_hex(at + 1, 40);
}

int tg_compliance_is_action(const char *uses, const char *name)
{
	size_t n = strlen(name);

	return !strncasecmp(uses, name, n) && uses[n] == '@';
}

int tg_compliance_untrusted_ref(const char *ref)
{
	static const char *const marks[] = {"github.event.pull_request.head", "github.head_ref",
	                                    "github.event.pull_request.merge_commit_sha",
	                                    "refs/pull/"};
	char *s = tg_compliance_squeeze(ref);
	int hit = 0;

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]) && !hit; i++)
		hit = strcasestr(s, marks[i]) != NULL;
	free(s);
	return hit;
}

char *tg_compliance_squeeze(const char *s)
{
	struct tg_buf b = TG_BUF_INIT;

	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			tg_buf_addch(&b, *s);
	return tg_buf_detach(&b, NULL);
}

static int ident_char(int c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* 1 when field (normalized) matches pattern, '*' standing for one element. */
static int field_matches(const char *field, const char *pattern)
{
	while (*pattern) {
		if (*pattern == '*') {
			if (!*field || *field == '.')
				return 0;
			while (*field && *field != '.')
				field++;
			pattern++;
		} else if (*field++ != *pattern++) {
			return 0;
		}
	}
	return !*field;
}

/*
 * Reads a context reference starting at s (at most end): lowercases it
 * (contexts are case-insensitive) and turns [0], [*] and ['name'] into
 * .*, .* and .name. Returns where it stopped.
 */
static const char *read_field(const char *s, const char *end, struct tg_buf *out)
{
	while (s < end) {
		if (ident_char((unsigned char)*s) || *s == '.' || *s == '*') {
			tg_buf_addch(out, tolower((unsigned char)*s++));
		} else if (*s == '[' && s + 1 < end && (s[1] == '\'' || s[1] == '"')) {
			const char *q = memchr(s + 2, s[1], (size_t)(end - s - 2));
			if (!q || q + 1 >= end || q[1] != ']')
				break;
			tg_buf_addch(out, '.');
			for (s += 2; s < q; s++)
				tg_buf_addch(out, tolower((unsigned char)*s));
			s = q + 2;
		} else if (*s == '[') {
			const char *q = memchr(s, ']', (size_t)(end - s));
			if (!q)
				break;
			tg_buf_adds(out, ".*");
			s = q + 1;
		} else {
			break;
		}
	}
	return s;
}

static const char *untrusted(const char *field)
{
	for (size_t i = 0; i < sizeof(untrusted_fields) / sizeof(untrusted_fields[0]); i++)
		if (field_matches(field, untrusted_fields[i]))
			return untrusted_fields[i];
	return NULL;
}

/* The fields of one expression [s, end); expr is its text for the evidence. */
static void scan_expression(const char *s, const char *end, const char *expr, size_t offset,
                            tg_compliance_injection_fn fn, void *arg)
{
	struct tg_buf field = TG_BUF_INIT;
	const char *start = s;

	while (s + 7 <= end) {
		if (strncasecmp(s, "github.", 7) ||
		    (s > start && (ident_char((unsigned char)s[-1]) || s[-1] == '.'))) {
			s++;
			continue;
		}
		tg_buf_reset(&field);
		s = read_field(s, end, &field);
		if (untrusted(field.buf))
			fn(field.buf, expr, offset, arg);
		if (s < end && *s == '[')
			s++; /* a bracket read_field could not read: step over it */
	}
	tg_buf_release(&field);
}

#define EVIDENCE_MAX 200

void tg_compliance_scan_injection(const char *text, size_t len, tg_compliance_injection_fn fn,
                                  void *arg)
{
	const char *end = text + len, *s = text;
	struct tg_buf expr = TG_BUF_INIT;

	while (s < end) {
		const char *open = memmem(s, (size_t)(end - s), "${{", 3), *close;
		if (!open)
			break;
		close = memmem(open + 3, (size_t)(end - open - 3), "}}", 2);
		if (!close)
			close = end;
		tg_buf_reset(&expr);
		tg_buf_add(&expr, open, (size_t)(close - open));
		if (close < end)
			tg_buf_adds(&expr, "}}");
		if (expr.len > EVIDENCE_MAX) {
			size_t n = EVIDENCE_MAX;
			while (n && ((unsigned char)expr.buf[n] & 0xC0) == 0x80)
				n--; /* not inside a UTF-8 sequence */
			tg_buf_setlen(&expr, n);
			tg_buf_adds(&expr, "...");
		}
		scan_expression(open + 3, close, expr.buf, (size_t)(open - text), fn, arg);
		s = close < end ? close + 2 : end;
	}
	tg_buf_release(&expr);
}
