// module: execute
/*
 * A rule's fix-regex (rule packs can come from the repository) applied as
 * execute applies it: to the item's lines of a file in a temporary tree.
 * Input: byte 0 the count (1: first match only), bytes 1-2 the item's first
 * and last line, then the regex, a NUL, the replacement, a NUL, the file.
 * No crash; a fix that rewrites nothing leaves the file as it was.
 */
#include "execute/execute_int.h"

#include "backlog/item.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tree[64]; /* in memory where there is /dev/shm: fsync costs nothing there */
static char file[64];

static void cleanup(void)
{
	unlink(file);
	rmdir(tree);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	snprintf(tree, sizeof(tree), "%s/fuzz_fix_regex.XXXXXX",
	         access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm");
	if (!mkdtemp(tree))
		abort();
	snprintf(file, sizeof(file), "%s/t.txt", tree);
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_buf text = TG_BUF_INIT, after = TG_BUF_INIT;
	struct tg_item it;
	const char *regex, *repl;
	const uint8_t *z1, *z2;
	int rc;

	if (size < 3 || !(z1 = memchr(data + 3, 0, size - 3)) ||
	    !(z2 = memchr(z1 + 1, 0, size - (size_t)(z1 + 1 - data))))
		return 0;
	regex = (const char *)data + 3;
	repl = (const char *)z1 + 1;
	tg_buf_add(&text, z2 + 1, size - (size_t)(z2 + 1 - data));
	if (tg_buf_write_file(&text, file))
		abort();
	tg_item_init(&it);
	it.path = strdup("t.txt");
	it.rule_id = strdup("fuzz.rule");
	it.start_line = data[1] % 8;
	it.end_line = data[2] % 8;
	rc = apply_fix(tree, &it, regex, repl, data[0] % 3);
	if (tg_buf_read_file(&after, file))
		abort();
	if (rc && (after.len != text.len || memcmp(after.buf, text.buf, text.len)))
		abort();
	tg_item_release(&it);
	tg_buf_release(&text);
	tg_buf_release(&after);
	tg_error_clear();
	return 0;
}
