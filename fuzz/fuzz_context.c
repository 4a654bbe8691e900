// module: backlog
/* Repository text the context and suppression code reads: a .gitmodules
 * file's submodule paths, and the suppression comments (ours and other
 * tools') on every line, for each category they can cover. */
#include "backlog/context.h"
#include "backlog/suppress.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const categories[] = {"security", "secret", "complexity", "compliance",
	                                         NULL};
	struct tg_strlist paths = TG_STRLIST_INIT;
	int line;
	size_t c;

	tg_contexts_gitmodules((const char *)data, size, &paths);
	tg_strlist_clear(&paths);
	if (!tg_suppress_marked(data, size))
		return 0;
	for (line = 0; line < 64; line++)
		for (c = 0; c < sizeof(categories) / sizeof(categories[0]); c++)
			(void)tg_suppress_inline_by(data, size, line, "workflow-unpinned-action",
			                            categories[c]);
	return 0;
}
