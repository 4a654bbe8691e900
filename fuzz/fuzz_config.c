// module: config
/*
 * The configuration parser on arbitrary bytes: it must return a status (never
 * crash, hang or leak) and leave a configuration that validates or not and
 * releases cleanly.
 */
#include "config/config.h"
#include "util/log.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_config cfg;
	struct tg_buf out = TG_BUF_INIT;

	tg_log_level = TG_LOG_QUIET;
	tg_config_init(&cfg);
	if (tg_config_parse(&cfg, "fuzz.yaml", (const char *)data, size) == 0) {
		tg_config_validate(&cfg);
		tg_config_show(&out, &cfg, TG_CONFIG_JSON);
		tg_buf_release(&out);
	}
	tg_config_release(&cfg);
	return 0;
}
