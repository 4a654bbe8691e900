#include "serve/mhd.h"

#include "util/dl.h"

static struct tg_mhd api;

static const struct tg_dl_sym mhd_syms[] = {
        {"MHD_start_daemon", &api.start_daemon},
        {"MHD_stop_daemon", &api.stop_daemon},
        {"MHD_create_response_from_buffer", &api.create_response_from_buffer},
        {"MHD_add_response_header", &api.add_response_header},
        {"MHD_queue_response", &api.queue_response},
        {"MHD_destroy_response", &api.destroy_response},
        {"MHD_get_connection_values", &api.get_connection_values},
        {"MHD_lookup_connection_value", &api.lookup_connection_value},
        {NULL, NULL},
};

static struct tg_dl mhd = TG_DL_INIT(TG_MHD_SONAME, "libmicrohttpd12", mhd_syms, NULL);

const struct tg_mhd *tg_mhd(void)
{
	return tg_dl_load(&mhd) ? NULL : &api;
}
