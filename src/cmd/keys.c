#include "cmd/cmd.h"

#include "supply/sign.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const usage[] = {
        "terragon keys generate [--output-key-prefix P]",
        "terragon keys public [--key KEY]",
        "",
        "generate makes an ECDSA P-256 key pair as `cosign generate-key-pair` does: P.key (default",
        "cosign.key), cosign's encrypted file (\"ENCRYPTED SIGSTORE PRIVATE KEY\": scrypt N 65536,",
        "r 8, p 1 and NaCl secretbox around the PKCS#8 key), created with mode 0600, and P.pub",
        "(\"PUBLIC KEY\"). The password comes from TERRAGON_KEY_PASSWORD, else COSIGN_PASSWORD,",
        "one of which must be set (empty means no password, as cosign allows); never from an",
        "argument, a file or a prompt. The private key is never printed, and an existing P.key",
        "or P.pub is never overwritten.",
        "",
        "public prints the public key (PEM \"PUBLIC KEY\", what cosign.pub holds) of a private",
        "key: a PEM key OpenSSL writes, or cosign's own encrypted key file (\"ENCRYPTED SIGSTORE",
        "PRIVATE KEY\", or the older \"ENCRYPTED COSIGN PRIVATE KEY\"). Without --key,",
        "TERRAGON_SIGNING_KEY holds its path or the PEM itself; the password comes from",
        "TERRAGON_KEY_PASSWORD, else COSIGN_PASSWORD.",
        "",
        "Exit status 2 when the key cannot be read, a password is missing or a file exists, 3",
        "when writing fails.",
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

/* Creates path (never over an existing file) with mode, holding b. */
static int write_new(const char *path, const struct tg_buf *b, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode), rc;

	if (fd < 0)
		return tg_error_set(errno == EEXIST ? TG_ERR_USAGE : TG_ERR_RUN, "%s: %s%s", path,
		                    strerror(errno), errno == EEXIST ? " (not overwritten)" : "");
	/* the umask may only narrow the mode; fchmod makes it exact */
	rc = fchmod(fd, mode) ? tg_error_set(TG_ERR_RUN, "%s: %s", path, strerror(errno))
	                      : tg_buf_write_fd(b, fd, path);
	if (rc) {
		close(fd);
		remove(path);
		return rc;
	}
	if (close(fd)) {
		remove(path);
		return tg_error_set(TG_ERR_RUN, "%s: %s", path, strerror(errno));
	}
	return TG_OK;
}

/* The encrypted private key and the public key of a new key pair, in memory. */
static int new_pair(const char *password, struct tg_buf *key_pem, struct tg_buf *pub_pem)
{
	struct tg_buf der = TG_BUF_INIT;
	struct tg_key key;
	int rc;

	if ((rc = tg_key_generate(&key)))
		return rc;
	if (!(rc = tg_key_private_der(&key, &der)) &&
	    !(rc = tg_cosign_key_encrypt(der.buf, der.len, password, key_pem)))
		rc = tg_key_public_pem(&key, pub_pem);
	if (der.len)
		memset(der.buf, 0, der.len);
	tg_buf_release(&der);
	tg_key_release(&key);
	return rc;
}

static int generate(int argc, const char **argv)
{
	const char *prefix = "cosign";
	const struct tg_option opts[] = {TG_OPT_STRING(0, "output-key-prefix", &prefix, "P",
	                                               "write P.key and P.pub (default: cosign)"),
	                                 TG_OPT_END()};
	int n = tg_options_parse_args(argc, argv, opts, usage, 0, 0), rc;
	const char *pw = getenv("TERRAGON_KEY_PASSWORD");
	struct tg_buf key_path = TG_BUF_INIT, pub_path = TG_BUF_INIT;
	struct tg_buf key_pem = TG_BUF_INIT, pub_pem = TG_BUF_INIT;
	struct stat st;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (!pw)
		pw = getenv("COSIGN_PASSWORD");
	tg_buf_addf(&key_path, "%s.key", prefix);
	tg_buf_addf(&pub_path, "%s.pub", prefix);
	if (!pw)
		rc = tg_error_set(TG_ERR_USAGE,
		                  "keys generate: set TERRAGON_KEY_PASSWORD or COSIGN_PASSWORD to "
		                  "the key's password (empty for none)");
	else if (!lstat(key_path.buf, &st) || !lstat(pub_path.buf, &st))
		rc = tg_error_set(TG_ERR_USAGE, "keys generate: %s exists (not overwritten)",
		                  !lstat(key_path.buf, &st) ? key_path.buf : pub_path.buf);
	else if (!(rc = new_pair(pw, &key_pem, &pub_pem)) &&
	         !(rc = write_new(key_path.buf, &key_pem, 0600)) &&
	         (rc = write_new(pub_path.buf, &pub_pem, 0644)))
		remove(key_path.buf); /* a pair or nothing */
	if (!rc)
		printf("Private key written to %s (encrypted, mode 0600)\nPublic key written to "
		       "%s\n",
		       key_path.buf, pub_path.buf);
	else
		tg_error_report();
	tg_buf_release(&key_path);
	tg_buf_release(&pub_path);
	tg_buf_release(&key_pem);
	tg_buf_release(&pub_pem);
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
	if (argc > 1 && !strcmp(argv[1], "generate")) {
		argv[1] = "keys generate";
		return generate(argc - 1, argv + 1);
	}
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		tg_options_usage(opts, usage, 0);
		return TG_EXIT_OK;
	}
	if (argc > 1)
		tg_error("keys: '%s' is not a subcommand (generate, public)", argv[1]);
	tg_options_usage(opts, usage, 1);
	return TG_EXIT_USAGE;
}
