#include "http/curl.h"

#include "util/dl.h"
#include "util/error.h"

#include <string.h>

static struct tg_curl api;
static CURLcode (*global_init)(long flags);

static const struct tg_dl_sym curl_syms[] = {
        {"curl_global_init", &global_init},
        {"curl_easy_init", &api.easy_init},
        {"curl_easy_setopt", &api.easy_setopt},
        {"curl_easy_perform", &api.easy_perform},
        {"curl_easy_getinfo", &api.easy_getinfo},
        {"curl_easy_cleanup", &api.easy_cleanup},
        {"curl_easy_strerror", &api.easy_strerror},
        {"curl_easy_escape", &api.easy_escape},
        {"curl_free", &api.free},
        {"curl_slist_append", &api.slist_append},
        {"curl_slist_free_all", &api.slist_free_all},
        {"curl_getdate", &api.getdate},
        {NULL, NULL},
};

/* Once, before any thread could start a request: curl_global_init is not thread-safe. */
static int init_curl(void)
{
	if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return tg_error_set(TG_ERR_RUN, "%s: curl_global_init failed", TG_CURL_SONAME);
	return TG_OK;
}

static struct tg_dl curl = TG_DL_INIT(TG_CURL_SONAME, "libcurl4", curl_syms, init_curl);

int tg_curl_library(const char **soname)
{
	*soname = curl.soname;
	return tg_curl() ? TG_OK : TG_ERR_RUN;
}

const struct tg_curl *tg_curl(void)
{
	return tg_dl_load(&curl) ? NULL : &api;
}
