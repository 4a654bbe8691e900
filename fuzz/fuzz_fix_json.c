// module: execute
/*
 * The fix an item keeps in the store (its `fix` JSON, written by a SARIF
 * import; a store can be committed, so it is input) applied as execute
 * applies it, to a temporary tree of two files restored before each input.
 * No crash, and a fix that applies leaves two files that can be read (a
 * refusal may leave earlier files written: execute drops that worktree).
 */
#include "execute/execute_int.h"

#include "backlog/item.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tree[64]; /* in memory where there is /dev/shm: fsync costs nothing there */
static char a_path[64], b_path[64], sub[64];
static const char a_text[] = "import os\nx = eval(input())\nprint(x)\n";
static const char b_text[] = "h\xc3\xa9llo\r\nworld\n";

static void cleanup(void)
{
	unlink(a_path);
	unlink(b_path);
	rmdir(sub);
	rmdir(tree);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	snprintf(tree, sizeof(tree), "%s/fuzz_fix_json.XXXXXX",
	         access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm");
	if (!mkdtemp(tree))
		abort();
	snprintf(a_path, sizeof(a_path), "%s/a.py", tree);
	snprintf(sub, sizeof(sub), "%s/d", tree);
	snprintf(b_path, sizeof(b_path), "%s/d/b.txt", tree);
	if (mkdir(sub, 0700))
		abort();
	atexit(cleanup);
	return 0;
}

static void put(const char *path, const char *text)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_adds(&b, text);
	if (tg_buf_write_file(&b, path))
		abort();
	tg_buf_release(&b);
}

static int readable(const char *path)
{
	struct tg_buf b = TG_BUF_INIT;
	int ok = !tg_buf_read_file(&b, path);

	tg_buf_release(&b);
	tg_error_clear();
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_item it;

	put(a_path, a_text);
	put(b_path, b_text);
	tg_item_init(&it);
	memcpy(it.fingerprint, "0123456789abcdef", 17);
	it.fix = malloc(size + 1);
	memcpy(it.fix, data, size);
	it.fix[size] = '\0';
	if (!apply_sarif_fix(tree, &it) && (!readable(a_path) || !readable(b_path)))
		abort();
	tg_item_release(&it);
	tg_error_clear();
	return 0;
}
