// module: history
/*
 * CODEOWNERS (repository content) and the approver matching of `audit
 * changes` on arbitrary bytes: the input's first line is a path, the second
 * an approver, the rest the CODEOWNERS text. Nothing may crash, the owners
 * found are a part of a line of the text, and an approver never matches an
 * empty owner list.
 */
#include "history/approvals.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *path, *approver, *owners_text, *nl;
	struct tg_buf owners = TG_BUF_INIT;

	memcpy(text, data, size);
	text[size] = 0;
	path = text;
	nl = strchr(path, '\n');
	approver = nl ? (*nl = 0, nl + 1) : text + strlen(text);
	nl = strchr(approver, '\n');
	owners_text = nl ? (*nl = 0, nl + 1) : approver + strlen(approver);
	tg_codeowners_of(owners_text, path, &owners);
	if (owners.len > strlen(owners_text))
		abort();
	tg_approver_is_owner(approver, owners.buf);
	if (tg_approver_is_owner(approver, ""))
		abort();
	tg_buf_release(&owners);
	free(text);
	return 0;
}
