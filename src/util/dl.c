#include "util/dl.h"

#include "util/error.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int tg_dl_open(const char *soname, const char *package, const struct tg_dl_sym *syms)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (!lib)
		return tg_error_set(TG_ERR_RUN, "cannot load %s (Debian package %s): %s", soname,
		                    package, dlerror());
	for (; syms->name; syms++) {
		void *sym = dlsym(lib, syms->name);

		if (!sym)
			return tg_error_set(TG_ERR_RUN, "%s (Debian package %s): %s", soname,
			                    package, dlerror());
		/* POSIX guarantees a data pointer from dlsym converts to a function pointer. */
		memcpy(syms->slot, &sym, sizeof(sym));
	}
	return TG_OK;
}

int tg_dl_load(struct tg_dl *dl)
{
	int state;

	pthread_mutex_lock(&dl->lock);
	if (!dl->state) {
		if (tg_dl_open(dl->soname, dl->package, dl->syms) || (dl->ready && dl->ready())) {
			snprintf(dl->error, sizeof(dl->error), "%s", tg_error_message());
			dl->state = -1;
		} else {
			dl->state = 1;
		}
	}
	state = dl->state;
	pthread_mutex_unlock(&dl->lock);
	return state > 0 ? TG_OK : tg_error_set(TG_ERR_RUN, "%s", dl->error);
}
