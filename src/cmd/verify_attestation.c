#include "cmd/cmd.h"

#include "supply/dsse.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon verify-attestation FILE.intoto.jsonl [ARTIFACT...] [--key KEY.pub]",
        "",
        "Checks each DSSE envelope (one a line) of FILE: its signature over the DSSE PAE with",
        "KEY.pub (--key, else TERRAGON_VERIFY_KEY), then that its payload is an in-toto",
        "Statement; each ARTIFACT's SHA-256 must be a subject of a verified Statement.",
        "No transparency-log entry is checked, and nothing of the predicate is judged beyond",
        "its type, which is printed.",
        "Exit status 0 when every envelope verifies and every ARTIFACT is a subject, 1 when not,",
        "2 when an input cannot be read.",
        NULL};

/* One line: 0 verified (its subjects added to seen), 1 not. */
static int check_line(const struct tg_key *k, const char *line, size_t len, size_t no,
                      struct tg_strlist *seen)
{
	struct tg_dsse e;
	char *pt = NULL;
	int rc = tg_dsse_parse(line, len, &e);

	if (!rc && !(rc = tg_dsse_verify(k, &e)))
		rc = tg_intoto_subjects(&e, seen, &pt);
	if (rc)
		fprintf(stderr, "terragon verify-attestation: line %zu: INVALID: %s\n", no,
		        tg_error_message());
	else
		printf("line %zu: verified OK: %s\n", no, pt);
	tg_error_clear();
	free(pt);
	tg_dsse_release(&e);
	return rc ? 1 : 0;
}

static int check_artifacts(const char **artifacts, int n, const struct tg_strlist *seen)
{
	int bad = 0;

	for (int i = 0; i < n; i++) {
		unsigned char dg[32];
		char hex[65];

		if (tg_sha256_file(artifacts[i], dg))
			return -1;
		tg_hex(dg, 32, hex);
		if (tg_strlist_find(seen, hex) < 0) {
			fprintf(stderr,
			        "terragon verify-attestation: %s: not a subject of a verified "
			        "statement (sha256 %s)\n",
			        artifacts[i], hex);
			bad = 1;
		} else {
			printf("%s: sha256 %s is a subject\n", artifacts[i], hex);
		}
	}
	return bad;
}

int cmd_verify_attestation(int argc, const char **argv)
{
	const char *key_path = NULL;
	const struct tg_option opts[] = {
	        TG_OPT_STRING(0, "key", &key_path, "KEY.pub",
	                      "the public key (default: $" TG_KEY_ENV_PUBLIC ")"),
	        TG_OPT_END()};
	int n = tg_options_parse_args(argc, argv, opts, usage, 1, -1), rc, bad = 0;
	struct tg_buf text = TG_BUF_INIT;
	struct tg_strlist seen = TG_STRLIST_INIT;
	struct tg_key key;
	size_t lines = 0;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if ((rc = tg_read_small(argv[0], 64 << 20, &text)) ||
	    (rc = tg_key_load_public(&key, key_path))) {
		tg_error_report();
		tg_buf_release(&text);
		return tg_status_exit(rc);
	}
	for (size_t at = 0; at < text.len;) {
		const char *nl = memchr(text.buf + at, '\n', text.len - at);
		size_t len = nl ? (size_t)(nl - text.buf) - at : text.len - at;

		lines++;
		if (len && strspn(text.buf + at, " \t\r") < len)
			bad |= check_line(&key, text.buf + at, len, lines, &seen);
		at += len + 1;
	}
	if (!seen.nr)
		bad = 1;
	rc = check_artifacts(argv + 1, n - 1, &seen);
	tg_key_release(&key);
	tg_buf_release(&text);
	tg_strlist_clear(&seen);
	if (rc < 0) {
		tg_error_report();
		return TG_EXIT_USAGE;
	}
	return bad || rc ? TG_EXIT_FAIL : TG_EXIT_OK;
}
