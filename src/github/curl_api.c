#include "github/curl_api.h"
#include "github/github.h"

#include "util/dl.h"
#include "util/error.h"

#include <stdio.h>
#include <pthread.h>
#include <string.h>

static struct tg_curl api;
static const struct tg_curl *loaded;
static char why[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	CURLcode (*global_init)(long flags) = NULL;
	const struct tg_dl_sym syms[] = {
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

	if (tg_dl_open(TG_CURL_SONAME, "libcurl4", syms)) {
		snprintf(why, sizeof(why), "%s", tg_error_message());
		return;
	}
	/* Once, before any thread could start a request: curl_global_init is not thread-safe. */
	if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(why, sizeof(why), "%s: curl_global_init failed", TG_CURL_SONAME);
		return;
	}
	loaded = &api;
}

int tg_github_library(const char **soname)
{
	*soname = TG_CURL_SONAME;
	return tg_curl() ? TG_OK : TG_ERR_RUN;
}

const struct tg_curl *tg_curl(void)
{
	pthread_once(&once, load);
	if (!loaded)
		tg_error_set(TG_ERR_RUN, "GitHub API: %s", why);
	return loaded;
}
