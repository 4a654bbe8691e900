#include "cmd/cmd.h"

#include "supply/sign.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
        "terragon verify FILE (--signature SIG | --bundle BUNDLE) [--key KEY.pub]",
        "",
        "Checks a signature of FILE as `cosign verify-blob --key --insecure-ignore-tlog` does:",
        "SIG holds base64 (or raw DER) ECDSA P-256 over FILE's SHA-256, as `terragon sign`,",
        "`cosign sign-blob --key` or `openssl dgst -sha256 -sign` make it; or BUNDLE is a Sigstore",
        "bundle (v0.1 to v0.3) whose messageSignature is checked, its digest against FILE's.",
        "KEY.pub is a PEM public key; without --key, TERRAGON_VERIFY_KEY holds its path or the",
        "PEM itself. A bundle's certificate, transparency-log entries and timestamps are not",
        "used: only the key given here is trusted.",
        "No transparency-log entry is checked: a valid signature proves only that the key's",
        "holder signed, not when, and not that the signing was recorded anywhere.",
        "Exit status 0 when the signature is valid, 1 when it is not, 2 when an input cannot be",
        "read.",
        NULL};

/* The signature's DER and the digest it is over, from --signature or --bundle. */
static int load_signature(const char *file, const char *sig_path, const char *bundle_path,
                          struct tg_buf *der, unsigned char dg[32], struct tg_buf *note)
{
	struct tg_buf text = TG_BUF_INIT;
	struct tg_bundle b;
	int rc;

	if ((rc = tg_read_small(sig_path ? sig_path : bundle_path, 1 << 20, &text)))
		goto out;
	if (sig_path) {
		rc = tg_sig_decode(text.buf, text.len, der);
		goto out;
	}
	if ((rc = tg_bundle_read(text.buf, text.len, bundle_path, &b)))
		goto out;
	tg_buf_add(der, b.sig.buf, b.sig.len);
	if (b.tlog_entries)
		tg_buf_addf(note, "; the bundle's %zu transparency-log entries were not checked",
		            b.tlog_entries);
	else
		tg_buf_adds(note, "; the bundle holds no transparency-log entry");
	if (memcmp(dg, b.digest, 32))
		rc = tg_error_set(TG_ERR_INPUT,
		                  "the bundle is for other bytes (its digest is not %s's)", file);
	tg_bundle_release(&b);
out:
	tg_buf_release(&text);
	return rc;
}

int cmd_verify(int argc, const char **argv)
{
	const char *key_path = NULL, *sig_path = NULL, *bundle_path = NULL;
	const struct tg_option opts[] = {
	        TG_OPT_STRING(0, "key", &key_path, "KEY.pub",
	                      "the public key (default: $" TG_KEY_ENV_PUBLIC ")"),
	        TG_OPT_STRING(0, "signature", &sig_path, "SIG", "the signature file"),
	        {.type = TG_OPTION_STRING,
	         .long_name = "sig",
	         .value = &sig_path,
	         .argh = "SIG",
	         .help = "the same as --signature",
	         .flags = TG_OPTF_HIDDEN},
	        TG_OPT_STRING(0, "bundle", &bundle_path, "BUNDLE",
	                      "a Sigstore bundle instead of SIG"),
	        TG_OPT_END()};
	int n = tg_options_parse_args(argc, argv, opts, usage, 1, 1), rc;
	struct tg_key key;
	struct tg_buf der = TG_BUF_INIT, note = TG_BUF_INIT;
	unsigned char dg[32];

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (!sig_path == !bundle_path) {
		tg_error_set(TG_ERR_USAGE, "verify: give --signature SIG or --bundle BUNDLE (one)");
		tg_error_report();
		return TG_EXIT_USAGE;
	}
	if ((rc = tg_key_load_public(&key, key_path))) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	if (!(rc = tg_sha256_file(argv[0], dg)) &&
	    !(rc = load_signature(argv[0], sig_path, bundle_path, &der, dg, &note)))
		rc = tg_verify_digest(&key, dg, der.buf, der.len);
	tg_key_release(&key);
	tg_buf_release(&der);
	if (rc == TG_ERR_INPUT) {
		fprintf(stderr, "terragon verify: %s: %s: INVALID\n", argv[0], tg_error_message());
		tg_error_clear();
		tg_buf_release(&note);
		return TG_EXIT_FAIL;
	}
	if (rc) {
		tg_error_report();
		tg_buf_release(&note);
		return tg_status_exit(rc);
	}
	printf("%s: verified OK with %s (no transparency log was checked%s)\n", argv[0],
	       key_path ? key_path : "$" TG_KEY_ENV_PUBLIC, note.buf);
	tg_buf_release(&note);
	return TG_EXIT_OK;
}
