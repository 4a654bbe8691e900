// module: config
/*
 * TERRAGON_* environment variables on arbitrary bytes: each line of the
 * input is one variable (TERRAGON_ is put in front when it is not there), and
 * the lot is applied over the defaults as the environment is. It must return
 * a status, never crash or leak, and leave a configuration that validates or
 * not, shows and releases.
 */
#include "config/config.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_VARS = 64 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *envp[MAX_VARS + 1];
	struct tg_config cfg;
	struct tg_buf out = TG_BUF_INIT;
	size_t at = 0, n = 0;

	tg_log_level = TG_LOG_QUIET;
	while (at < size && n < MAX_VARS) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t len = nl ? (size_t)(nl - (data + at)) : size - at;
		struct tg_buf v = TG_BUF_INIT;

		if (len < 9 || memcmp(data + at, "TERRAGON_", 9))
			tg_buf_adds(&v, "TERRAGON_");
		tg_buf_add(&v, data + at, len);
		envp[n++] = tg_buf_detach(&v, NULL);
		at += len + 1;
	}
	envp[n] = NULL;
	tg_config_init(&cfg);
	if (!tg_config_apply_env(&cfg, envp)) {
		tg_config_validate(&cfg);
		tg_config_show(&out, &cfg, TG_CONFIG_YAML);
		tg_buf_release(&out);
	}
	tg_config_release(&cfg);
	for (size_t i = 0; i < n; i++)
		free(envp[i]);
	tg_error_clear();
	return 0;
}
