#ifndef TG_SERVE_MHD_H
#define TG_SERVE_MHD_H

/*
 * libmicrohttpd, opened on first use (util/dl.h) as libcurl is: it pulls in
 * GnuTLS, which no other command should pay for at start-up.
 */

#include <microhttpd.h>

struct tg_mhd {
	struct MHD_Daemon *(*start_daemon)(unsigned int flags, uint16_t port,
	                                   MHD_AcceptPolicyCallback apc, void *apc_cls,
	                                   MHD_AccessHandlerCallback dh, void *dh_cls, ...);
	void (*stop_daemon)(struct MHD_Daemon *d);
	struct MHD_Response *(*create_response_from_buffer)(size_t size, void *buffer,
	                                                    enum MHD_ResponseMemoryMode mode);
	enum MHD_Result (*add_response_header)(struct MHD_Response *r, const char *header,
	                                       const char *content);
	enum MHD_Result (*queue_response)(struct MHD_Connection *c, unsigned int status,
	                                  struct MHD_Response *r);
	void (*destroy_response)(struct MHD_Response *r);
	int (*get_connection_values)(struct MHD_Connection *c, enum MHD_ValueKind kind,
	                             MHD_KeyValueIterator iterator, void *iterator_cls);
	const char *(*lookup_connection_value)(struct MHD_Connection *c, enum MHD_ValueKind kind,
	                                       const char *key);
};

/* The loaded library; NULL, with the error set, when it cannot be loaded. */
const struct tg_mhd *tg_mhd(void);

#endif
