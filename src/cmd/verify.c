#include "cmd/cmd.h"

#include "supply/sign.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <stdio.h>

static const char *const usage[] = {
        "terragon verify FILE --signature SIG [--key KEY.pub]",
        "",
        "Checks a signature of FILE as `cosign verify-blob --key --insecure-ignore-tlog` does:",
        "SIG holds base64 (or raw DER) ECDSA P-256 over FILE's SHA-256, as `terragon sign`,",
        "`cosign sign-blob --key` or `openssl dgst -sha256 -sign` make it. KEY.pub is a PEM public",
        "key; without --key, TERRAGON_VERIFY_KEY holds its path or the PEM itself.",
        "No transparency-log entry is checked: a valid signature proves only that the key's",
        "holder signed, not when, and not that the signing was recorded anywhere.",
        "Exit status 0 when the signature is valid, 1 when it is not, 2 when an input cannot be",
        "read.",
        NULL};

int cmd_verify(int argc, const char **argv)
{
	const char *key_path = NULL, *sig_path = NULL;
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
	        TG_OPT_END()};
	int n = tg_options_parse_args(argc, argv, opts, usage, 1, 1), rc;
	struct tg_key key;
	struct tg_buf text = TG_BUF_INIT, der = TG_BUF_INIT;
	unsigned char dg[32];

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (!sig_path) {
		tg_error_set(TG_ERR_USAGE, "verify: --signature SIG is required");
		tg_error_report();
		return TG_EXIT_USAGE;
	}
	if ((rc = tg_read_small(sig_path, 64 * 1024, &text)) ||
	    (rc = tg_key_load_public(&key, key_path))) {
		tg_error_report();
		tg_buf_release(&text);
		return tg_status_exit(rc);
	}
	if (!(rc = tg_sha256_file(argv[0], dg)) && !(rc = tg_sig_decode(text.buf, text.len, &der)))
		rc = tg_verify_digest(&key, dg, der.buf, der.len);
	tg_key_release(&key);
	tg_buf_release(&text);
	tg_buf_release(&der);
	if (rc == TG_ERR_INPUT) {
		fprintf(stderr, "terragon verify: %s: %s: INVALID\n", argv[0], tg_error_message());
		tg_error_clear();
		return TG_EXIT_FAIL;
	}
	if (rc) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	printf("%s: verified OK with %s (no transparency log was checked)\n", argv[0],
	       key_path ? key_path : "$" TG_KEY_ENV_PUBLIC);
	return TG_EXIT_OK;
}
