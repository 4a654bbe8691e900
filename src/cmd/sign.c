#include "cmd/cmd.h"

#include "supply/sign.h"
#include "util/base64.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
        "terragon sign FILE [--key KEY] [--output-signature SIG] [--bundle BUNDLE]",
        "",
        "Signs FILE as `cosign sign-blob --key` does: ECDSA P-256 over its SHA-256, the DER",
        "signature written as base64 (to SIG without a newline, else to stdout with one), so",
        "`cosign verify-blob --key KEY.pub --insecure-ignore-tlog` and `openssl dgst -sha256",
        "-verify` accept it. KEY is a PEM private key (PKCS#8, encrypted or not, or SEC1); without",
        "--key, TERRAGON_SIGNING_KEY holds its path or the PEM itself. The password of an",
        "encrypted key comes from TERRAGON_KEY_PASSWORD, else COSIGN_PASSWORD.",
        "--bundle writes a Sigstore bundle v0.3 (messageSignature, and the public key's hint as",
        "cosign writes it) that `terragon verify --bundle` and sigstore-js read; its",
        "tlogEntries are empty, on purpose. With --bundle and without --output-signature,",
        "nothing goes to stdout.",
        "No transparency log is written to: the signature proves only that the key's holder "
        "signed.",
        "Exit status 2 when the key or FILE cannot be read, 3 when writing fails.",
        NULL};

static int write_sig(const char *path, const struct tg_buf *b64)
{
	FILE *f;

	if (!path) {
		printf("%s\n", b64->buf);
		return fflush(stdout) ? tg_error_set(TG_ERR_RUN, "stdout: write failed") : TG_OK;
	}
	if (!(f = fopen(path, "wb")))
		return tg_error_set(TG_ERR_RUN, "%s: %s", path, strerror(errno));
	if (fwrite(b64->buf, 1, b64->len, f) != b64->len || fclose(f)) {
		remove(path);
		return tg_error_set(TG_ERR_RUN, "%s: write failed", path);
	}
	return TG_OK;
}

int cmd_sign(int argc, const char **argv)
{
	const char *key_path = NULL, *output = NULL, *bundle = NULL;
	const struct tg_option opts[] = {
	        TG_OPT_STRING(0, "key", &key_path, "KEY",
	                      "the private key (default: $" TG_KEY_ENV_PRIVATE ")"),
	        TG_OPT_STRING(0, "output-signature", &output, "SIG",
	                      "write the base64 signature to SIG (default: stdout)"),
	        TG_OPT_STRING(0, "bundle", &bundle, "BUNDLE",
	                      "write a Sigstore bundle v0.3 (no transparency-log entry) to BUNDLE"),
	        TG_OPT_END()};
	int n = tg_options_parse_args(argc, argv, opts, usage, 1, 1), rc;
	struct tg_key key;
	struct tg_buf der = TG_BUF_INIT, b64 = TG_BUF_INIT, bun = TG_BUF_INIT;
	unsigned char dg[32];

	if (n < 0)
		return tg_cmd_parse_exit(n);
	/* the key first: a wrong password writes nothing */
	if (!(rc = tg_key_load_private(&key, key_path))) {
		if (!(rc = tg_sha256_file(argv[0], dg)) && !(rc = tg_sign_digest(&key, dg, &der))) {
			tg_base64_encode(&b64, der.buf, der.len);
			if (bundle && !(rc = tg_bundle_write(&key, dg, der.buf, der.len, &bun)))
				rc = write_sig(bundle, &bun);
			if (!rc && (output || !bundle))
				rc = write_sig(output, &b64);
		}
		tg_key_release(&key);
	}
	if (rc)
		tg_error_report();
	tg_buf_release(&der);
	tg_buf_release(&b64);
	tg_buf_release(&bun);
	return tg_status_exit(rc);
}
