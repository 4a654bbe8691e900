/*
 * The audit log: one JSON line per execution attempt appended to
 * .terragon/audit.log. It is opened O_APPEND and written with one write() per
 * line, so lines from two runs at once do not interleave, and nothing ever
 * truncates or rewrites it. A token never reaches it: the reason may quote
 * git or the API, so the tokens' values and any URL's credentials are masked.
 */
#include "execute/execute_int.h"

#include "util/beneath.h"
#include "util/clock.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void mask_all(struct tg_buf *b, const char *secret)
{
	size_t n = secret ? strlen(secret) : 0;
	char *p;

	/* Shorter values would mask ordinary words; real tokens are 20+ characters. */
	if (n < 8)
		return;
	while ((p = strstr(b->buf, secret))) {
		size_t at = (size_t)(p - b->buf);
		struct tg_buf rest = TG_BUF_INIT;
		tg_buf_adds(&rest, p + n);
		tg_buf_setlen(b, at);
		tg_buf_adds(b, "***");
		tg_buf_add(b, rest.buf, rest.len);
		tg_buf_release(&rest);
	}
}

/* A URL's credentials (user:secret before the @ of its host) become three stars. */
static void mask_userinfo(struct tg_buf *b)
{
	char *p = b->buf;

	while ((p = strstr(p, "://"))) {
		char *start = p + 3, *end = start + strcspn(start, "@/ \t\n\"'");
		if (*end == '@' && end > start && (end - start != 3 || strncmp(start, "***", 3))) {
			size_t at = (size_t)(start - b->buf);
			struct tg_buf rest = TG_BUF_INIT;
			tg_buf_adds(&rest, end);
			tg_buf_setlen(b, at);
			tg_buf_adds(b, "***");
			tg_buf_add(b, rest.buf, rest.len);
			tg_buf_release(&rest);
			p = b->buf + at + 3;
		} else {
			p = start;
		}
	}
}

void audit_redact(struct tg_buf *b)
{
	static const char *const names[] = {"TERRAGON_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"};
	size_t i;

	if (!b->len)
		return;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		mask_all(b, getenv(names[i]));
	mask_userinfo(b);
}

static void add_field(struct tg_buf *line, const char *name, const char *value)
{
	struct tg_buf v = TG_BUF_INIT;

	tg_buf_addf(line, ", \"%s\": ", name);
	if (!value) {
		tg_buf_adds(line, "null");
		return;
	}
	tg_buf_adds(&v, value);
	audit_redact(&v);
	tg_buf_add_json(line, v.buf, v.len);
	tg_buf_release(&v);
}

/*
 * .terragon/ and the log, beneath the root with no symbolic link followed: a
 * committed `.terragon -> elsewhere` or `audit.log -> elsewhere` would
 * otherwise have the log appended outside the repository. O_NONBLOCK: a FIFO
 * there is refused, never waited on.
 */
static int open_log(const char *root, int *fd)
{
	struct stat st;
	int rc = tg_beneath_mkdir(root, ".terragon", 0755);

	*fd = -1;
	if (!rc)
		rc = tg_beneath_open(root, ".terragon/audit.log",
		                     O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK, 0644, fd);
	if (!rc && (fstat(*fd, &st) || !S_ISREG(st.st_mode)))
		rc = tg_error_set(TG_ERR_INPUT, ".terragon/audit.log: not a regular file");
	if (rc && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	return rc;
}

int audit_append(const char *root, const struct execution *e, const char *verification)
{
	struct tg_buf path = TG_BUF_INIT, line = TG_BUF_INIT;
	char when[32], started[32];
	size_t off = 0;
	int fd = -1, rc = TG_OK;

	tg_time_format(e->finished, when, sizeof(when));
	tg_time_format(e->started, started, sizeof(started));
	tg_buf_addf(&line, "{\"time\": \"%s\", \"started\": \"%s\"", when, started);
	add_field(&line, "fingerprint", e->fingerprint);
	add_field(&line, "branch", e->branch);
	add_field(&line, "outcome", e->outcome);
	add_field(&line, "reason", e->reason);
	add_field(&line, "verification", verification);
	add_field(&line, "pr_url", e->pr_url);
	tg_buf_addf(&line, ", \"dry_run\": %s}\n", e->dry_run ? "true" : "false");

	tg_buf_addf(&path, "%s/.terragon/audit.log", root);
	rc = open_log(root, &fd);
	if (rc)
		tg_error_prefix(rc, "cannot open the audit log");
	while (!rc && off < line.len) {
		ssize_t w = write(fd, line.buf + off, line.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = tg_error_set(TG_ERR_RUN, "%s: cannot append to the audit log: %s",
			                  path.buf, strerror(errno));
		else
			off += (size_t)w;
	}
	if (fd >= 0 && close(fd) && !rc)
		rc = tg_error_set(TG_ERR_RUN, "%s: %s", path.buf, strerror(errno));
	tg_buf_release(&path);
	tg_buf_release(&line);
	return rc;
}
