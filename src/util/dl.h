#ifndef TG_UTIL_DL_H
#define TG_UTIL_DL_H

/*
 * Libraries opened on first use. Linking a library makes every command pay
 * for loading it and what it pulls in, at start-up, whether it uses it or
 * not: libgit2 with its TLS and Kerberos stack, libxml2 with ICU, hyperscan
 * with the C++ runtime, libcurl with thirty more were most of a 20 ms
 * start-up. So the binary is built against their headers, and the module
 * that needs one opens it (by the soname it was built against) and resolves
 * its functions into a table of pointers.
 */

struct tg_dl_sym {
	const char *name;
	void *slot; /* the address of a function pointer */
};

/*
 * Opens soname (RTLD_NOW | RTLD_LOCAL) and fills every slot of syms (ended by
 * a NULL name). A status, with a message naming the library and its Debian
 * package, when it cannot; the library stays open for the process's life.
 */
int tg_dl_open(const char *soname, const char *package, const struct tg_dl_sym *syms);

#include <pthread.h>

/* A library a module opens once, from whichever thread first needs it. */
struct tg_dl {
	const char *soname, *package;
	const struct tg_dl_sym *syms;
	int (*ready)(void); /* NULL, or run once the symbols resolve: a status */
	pthread_mutex_t lock;
	int state; /* 0 not tried, 1 loaded, -1 failed (error says why) */
	char error[256];
};

#define TG_DL_INIT(soname, package, syms, ready)                                                   \
	{                                                                                          \
		soname, package, syms, ready, PTHREAD_MUTEX_INITIALIZER, 0, ""                     \
	}

/* Opens dl the first time (tg_dl_open, then its ready hook); a status, with
 * the first attempt's message, every time after a failure. */
int tg_dl_load(struct tg_dl *dl);

#endif
