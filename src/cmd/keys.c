#include "cmd/cmd.h"

#include "supply/sign.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
        "terragon keys public [--key KEY]",
        "",
        "Prints the public key (PEM \"PUBLIC KEY\", what cosign.pub holds) of a private key:",
        "a PEM key OpenSSL writes, or cosign's own encrypted key file (\"ENCRYPTED SIGSTORE",
        "PRIVATE KEY\", or the older \"ENCRYPTED COSIGN PRIVATE KEY\"). Without --key,",
        "TERRAGON_SIGNING_KEY holds its path or the PEM itself; the password comes from",
        "TERRAGON_KEY_PASSWORD, else COSIGN_PASSWORD. Exit status 2 when the key cannot be read.",
        NULL};

static int public_key(int argc, const char **argv)
{
	const char *key_path = NULL;
	const struct tg_option opts[] = {
	        TG_OPT_STRING(0, "key", &key_path, "KEY",
	                      "the private key (default: $" TG_KEY_ENV_PRIVATE ")"),
	        TG_OPT_END()};
	int n = tg_options_parse_args(argc, argv, opts, usage, 0, 0), rc;
	struct tg_buf pem = TG_BUF_INIT;
	struct tg_key key;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (!(rc = tg_key_load_private(&key, key_path))) {
		if (!(rc = tg_key_public_pem(&key, &pem)))
			fwrite(pem.buf, 1, pem.len, stdout);
		tg_key_release(&key);
	}
	if (rc)
		tg_error_report();
	tg_buf_release(&pem);
	return tg_status_exit(rc);
}

int cmd_keys(int argc, const char **argv)
{
	const struct tg_option opts[] = {TG_OPT_END()};

	/* argv[1] becomes the sub-command's argv[0], which messages name */
	if (argc > 1 && !strcmp(argv[1], "public")) {
		argv[1] = "keys public";
		return public_key(argc - 1, argv + 1);
	}
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		tg_options_usage(opts, usage, 0);
		return TG_EXIT_OK;
	}
	if (argc > 1)
		tg_error("keys: '%s' is not a subcommand (public)", argv[1]);
	tg_options_usage(opts, usage, 1);
	return TG_EXIT_USAGE;
}
