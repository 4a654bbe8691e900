#include "util/dl.h"

#include "util/error.h"

#include <dlfcn.h>
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
