/*
 * libzip and libcrypto, opened on first use (util/dl.h says why): linked,
 * they and what they pull in (libbz2, liblzma, libzstd) added 4 ms to the
 * start-up of every command, and only import and update need them.
 */
#include "vulndb/vulndb_int.h"

#include "util/dl.h"
#include "util/error.h"

static struct tg_vulndb_zip_api zip_api;
static struct tg_vulndb_crypto_api crypto_api;

static const struct tg_dl_sym zip_syms[] = {
        {"zip_open", &zip_api.open},
        {"zip_get_num_entries", &zip_api.get_num_entries},
        {"zip_stat_index", &zip_api.stat_index},
        {"zip_fopen_index", &zip_api.fopen_index},
        {"zip_fread", &zip_api.fread},
        {"zip_fclose", &zip_api.fclose},
        {"zip_discard", &zip_api.discard},
        {"zip_strerror", &zip_api.strerror},
        {"zip_file_strerror", &zip_api.file_strerror},
        {"zip_error_init_with_code", &zip_api.error_init_with_code},
        {"zip_error_strerror", &zip_api.error_strerror},
        {"zip_error_fini", &zip_api.error_fini},
        {NULL, NULL},
};

static const struct tg_dl_sym crypto_syms[] = {
        {"EVP_MD_CTX_new", &crypto_api.md_ctx_new},
        {"EVP_MD_CTX_free", &crypto_api.md_ctx_free},
        {"EVP_sha256", &crypto_api.sha256},
        {"EVP_DigestInit_ex", &crypto_api.digest_init},
        {"EVP_DigestUpdate", &crypto_api.digest_update},
        {"EVP_DigestFinal_ex", &crypto_api.digest_final},
        {NULL, NULL},
};

static struct tg_dl zip_dl = TG_DL_INIT(TG_ZIP_SONAME, "libzip4", zip_syms, NULL);
static struct tg_dl crypto_dl = TG_DL_INIT(TG_CRYPTO_SONAME, "libssl3", crypto_syms, NULL);

const struct tg_vulndb_zip_api *tg_vulndb_zip_api(void)
{
	return tg_dl_load(&zip_dl) ? NULL : &zip_api;
}

const struct tg_vulndb_crypto_api *tg_vulndb_crypto_api(void)
{
	return tg_dl_load(&crypto_dl) ? NULL : &crypto_api;
}
