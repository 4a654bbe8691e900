#ifndef TG_HTTP_CURL_H
#define TG_HTTP_CURL_H

/*
 * libcurl, loaded on first use, the one copy every HTTP client shares (the
 * GitHub client, the vulnerability database's download). Linking libcurl
 * into the binary made every command pay for loading it and the thirty
 * libraries it pulls in (TLS, LDAP, Kerberos, RTMP...): about half of
 * terragon's start-up. So the binary is built against curl's headers and
 * opens the library when a request is first made.
 */

#include <curl/curl.h>

struct tg_curl {
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *c, CURLoption opt, ...);
	CURLcode (*easy_perform)(CURL *c);
	CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *c);
	const char *(*easy_strerror)(CURLcode rc);
	char *(*easy_escape)(CURL *c, const char *s, int len);
	void (*free)(void *p);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
	time_t (*getdate)(const char *s, const time_t *unused);
};

/* The loaded library; NULL, with the error set, when it cannot be loaded. */
const struct tg_curl *tg_curl(void);
/* The soname opened (for `health`), and whether it loads: a status. */
int tg_curl_library(const char **soname);

#endif
