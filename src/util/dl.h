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

#endif
