#include "github/curl_api.h"

#include "util/error.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

/* libcurl's ABI has been soname 4 since 2006 (Debian package libcurl4). */
#define CURL_SONAME "libcurl.so.4"

static struct tg_curl api;
static const struct tg_curl *loaded;
static char why[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int resolve(void *lib, const char *name, void *slot)
{
	void *sym = dlsym(lib, name);

	if (!sym)
		return -1;
	/* POSIX guarantees a data pointer from dlsym converts to a function pointer. */
	memcpy(slot, &sym, sizeof(sym));
	return 0;
}

static void load(void)
{
	void *lib = dlopen(CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
	CURLcode (*global_init)(long flags) = NULL;

	if (!lib) {
		snprintf(why, sizeof(why), "%s", dlerror());
		return;
	}
	if (resolve(lib, "curl_global_init", &global_init) ||
	    resolve(lib, "curl_easy_init", &api.easy_init) ||
	    resolve(lib, "curl_easy_setopt", &api.easy_setopt) ||
	    resolve(lib, "curl_easy_perform", &api.easy_perform) ||
	    resolve(lib, "curl_easy_getinfo", &api.easy_getinfo) ||
	    resolve(lib, "curl_easy_cleanup", &api.easy_cleanup) ||
	    resolve(lib, "curl_easy_strerror", &api.easy_strerror) ||
	    resolve(lib, "curl_easy_escape", &api.easy_escape) ||
	    resolve(lib, "curl_free", &api.free) ||
	    resolve(lib, "curl_slist_append", &api.slist_append) ||
	    resolve(lib, "curl_slist_free_all", &api.slist_free_all) ||
	    resolve(lib, "curl_getdate", &api.getdate)) {
		snprintf(why, sizeof(why), "%s: %s", CURL_SONAME, dlerror());
		return;
	}
	/* Once, before any thread could start a request: curl_global_init is not thread-safe. */
	if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(why, sizeof(why), "%s: curl_global_init failed", CURL_SONAME);
		return;
	}
	loaded = &api;
}

const struct tg_curl *tg_curl(void)
{
	pthread_once(&once, load);
	if (!loaded)
		tg_error_set(TG_ERR_RUN,
		             "GitHub API: cannot load libcurl (Debian package libcurl4): %s", why);
	return loaded;
}
