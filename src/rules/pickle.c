/*
 * Model files as pickle opcode streams. Unpickling runs whatever callables
 * the stream imports (GLOBAL, STACK_GLOBAL, INST), so a model file that
 * imports os.system or builtins.eval runs code when loaded. We never
 * unpickle: we walk the opcodes with a shadow stack and memo that only know
 * which items are strings, enough to resolve STACK_GLOBAL's module and name.
 * PyTorch's zip format stores its pickle as an uncompressed member
 * (archive/data.pkl), read in place. Every read is bounds-checked; a
 * truncated or hostile stream ends the walk with TG_ERR_INPUT.
 */
#include "rules/rule.h"

#include "util/alloc.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STACK_MAX 1024
#define MEMO_MAX  65536
#define MAX_OPS   50000000

struct entry {
	const unsigned char *s;
	size_t n;
	unsigned char kind; /* 0 other, 1 string, 2 mark */
};

struct pk {
	const unsigned char *d;
	size_t len, pos;
	struct entry stack[STACK_MAX];
	size_t sp;
	struct entry *memo;
	size_t memo_next, memo_alloc;
	tg_pickle_global_fn fn;
	void *ctx;
	int stop;
};

static void push(struct pk *p, const unsigned char *s, size_t n, int kind)
{
	if (p->sp == STACK_MAX) { /* keep the newest: shift is rare and bounded */
		memmove(p->stack, p->stack + STACK_MAX / 2, sizeof(p->stack) / 2);
		p->sp = STACK_MAX / 2;
	}
	p->stack[p->sp++] = (struct entry){s, n, (unsigned char)kind};
}

static struct entry pop(struct pk *p)
{
	struct entry none = {NULL, 0, 0};

	return p->sp ? p->stack[--p->sp] : none;
}

static void pop_mark(struct pk *p)
{
	while (p->sp && p->stack[p->sp - 1].kind != 2)
		p->sp--;
	if (p->sp)
		p->sp--;
}

static int need(struct pk *p, size_t n)
{
	return p->len - p->pos >= n;
}

static uint64_t le(const unsigned char *b, int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | b[n];
	return v;
}

/* A length-prefixed argument of `w` bytes; returns 0 when it runs past the end. */
static int counted(struct pk *p, int w, const unsigned char **s, size_t *n)
{
	uint64_t l;

	if (!need(p, (size_t)w))
		return 0;
	l = le(p->d + p->pos, w);
	p->pos += (size_t)w;
	if (l > p->len - p->pos)
		return 0;
	*s = p->d + p->pos;
	*n = (size_t)l;
	p->pos += (size_t)l;
	return 1;
}

/* A newline-terminated argument (protocol 0). */
static int line(struct pk *p, const unsigned char **s, size_t *n)
{
	const unsigned char *nl = memchr(p->d + p->pos, '\n', p->len - p->pos);

	if (!nl)
		return 0;
	*s = p->d + p->pos;
	*n = (size_t)(nl - *s);
	p->pos += *n + 1;
	return 1;
}

static void call(struct pk *p, const unsigned char *m, size_t mn, const unsigned char *nm,
                 size_t nn, size_t off)
{
	char mod[256], name[256];

	if (mn >= sizeof(mod) || nn >= sizeof(name))
		return;
	memcpy(mod, m, mn), mod[mn] = '\0';
	memcpy(name, nm, nn), name[nn] = '\0';
	if (p->fn(p->ctx, mod, name, off))
		p->stop = 1;
}

static void memo_put(struct pk *p, uint64_t idx)
{
	if (idx >= MEMO_MAX || !p->sp)
		return;
	if (idx >= p->memo_alloc) {
		size_t old = p->memo_alloc;
		TG_ALLOC_GROW(p->memo, idx + 1, p->memo_alloc);
		memset(p->memo + old, 0, (p->memo_alloc - old) * sizeof(*p->memo));
	}
	p->memo[idx] = p->stack[p->sp - 1];
}

static void memo_get(struct pk *p, uint64_t idx)
{
	if (idx < p->memo_alloc)
		push(p, p->memo[idx].s, p->memo[idx].n, p->memo[idx].kind);
	else
		push(p, NULL, 0, 0);
}

static int fixed(struct pk *p, size_t n)
{
	if (!need(p, n))
		return 0;
	p->pos += n;
	return 1;
}

/* One opcode; 0 at a malformed or truncated argument. */
static int step(struct pk *p, unsigned char op, size_t at)
{
	const unsigned char *s, *s2;
	size_t n, n2;
	struct entry a, b;

	switch (op) {
	case '(':
		push(p, NULL, 0, 2);
		return 1;
	case '.':
		p->stop = 1;
		return 1;
	case '0':
		pop(p);
		return 1;
	case '1':
		pop_mark(p);
		return 1;
	case '2':
		if (p->sp)
			push(p, p->stack[p->sp - 1].s, p->stack[p->sp - 1].n,
			     p->stack[p->sp - 1].kind);
		return 1;
	case 'F':
	case 'I':
	case 'L':
	case 'P':
		if (!line(p, &s, &n))
			return 0;
		push(p, NULL, 0, 0);
		return 1;
	case 'S':
	case 'V':
		if (!line(p, &s, &n))
			return 0;
		push(p, s, n, 1);
		return 1;
	case 'g':
	case 'p':
		if (!line(p, &s, &n))
			return 0;
		if (op == 'g')
			memo_get(p, strtoull((const char *)s, NULL, 10));
		else
			memo_put(p, strtoull((const char *)s, NULL, 10));
		return 1;
	case 'J':
		if (!fixed(p, 4))
			return 0;
		push(p, NULL, 0, 0);
		return 1;
	case 'K':
		if (!fixed(p, 1))
			return 0;
		push(p, NULL, 0, 0);
		return 1;
	case 'M':
		if (!fixed(p, 2))
			return 0;
		push(p, NULL, 0, 0);
		return 1;
	case 'G':
		if (!fixed(p, 8))
			return 0;
		push(p, NULL, 0, 0);
		return 1;
	case 'N':
	case 0x88:
	case 0x89:
	case '}':
	case ']':
	case ')':
	case 0x8f:
		push(p, NULL, 0, 0);
		return 1;
	case 'Q':
		pop(p);
		push(p, NULL, 0, 0);
		return 1;
	case 'R':
	case 0x81:
		pop(p);
		pop(p);
		push(p, NULL, 0, 0);
		return 1;
	case 0x92:
		pop(p);
		pop(p);
		pop(p);
		push(p, NULL, 0, 0);
		return 1;
	case 'b':
	case 'a':
		pop(p);
		return 1;
	case 's':
		pop(p);
		pop(p);
		return 1;
	case 'T':
		if (!counted(p, 4, &s, &n))
			return 0;
		push(p, s, n, 1);
		return 1;
	case 'U':
		if (!counted(p, 1, &s, &n))
			return 0;
		push(p, s, n, 1);
		return 1;
	case 'X':
		if (!counted(p, 4, &s, &n))
			return 0;
		push(p, s, n, 1);
		return 1;
	case 0x8c:
		if (!counted(p, 1, &s, &n))
			return 0;
		push(p, s, n, 1);
		return 1;
	case 0x8d:
		if (!counted(p, 8, &s, &n))
			return 0;
		push(p, s, n, 1);
		return 1;
	case 'B':
		if (!counted(p, 4, &s, &n))
			return 0;
		push(p, NULL, 0, 0);
		return 1;
	case 'C':
	case 0x8a:
		if (!counted(p, 1, &s, &n))
			return 0;
		push(p, NULL, 0, 0);
		return 1;
	case 0x8b:
		if (!counted(p, 4, &s, &n))
			return 0;
		push(p, NULL, 0, 0);
		return 1;
	case 0x8e:
	case 0x96:
		if (!counted(p, 8, &s, &n))
			return 0;
		push(p, NULL, 0, 0);
		return 1;
	case 'c':
	case 'i':
		if (!line(p, &s, &n) || !line(p, &s2, &n2))
			return 0;
		call(p, s, n, s2, n2, at);
		if (op == 'i')
			pop_mark(p);
		push(p, NULL, 0, 0);
		return 1;
	case 0x93:
		b = pop(p), a = pop(p);
		if (a.kind == 1 && b.kind == 1)
			call(p, a.s, a.n, b.s, b.n, at);
		push(p, NULL, 0, 0);
		return 1;
	case 'd':
	case 'l':
	case 't':
	case 'o':
	case 0x91:
		pop_mark(p);
		push(p, NULL, 0, 0);
		return 1;
	case 'e':
	case 'u':
	case 0x90:
		pop_mark(p);
		return 1;
	case 'h':
		if (!need(p, 1))
			return 0;
		memo_get(p, p->d[p->pos++]);
		return 1;
	case 'j':
		if (!need(p, 4))
			return 0;
		memo_get(p, le(p->d + p->pos, 4));
		p->pos += 4;
		return 1;
	case 'q':
		if (!need(p, 1))
			return 0;
		memo_put(p, p->d[p->pos++]);
		return 1;
	case 'r':
		if (!need(p, 4))
			return 0;
		memo_put(p, le(p->d + p->pos, 4));
		p->pos += 4;
		return 1;
	case 0x94:
		memo_put(p, p->memo_next++);
		return 1;
	case 0x80:
		return fixed(p, 1);
	case 0x95:
		return fixed(p, 8);
	case 0x82:
		if (!fixed(p, 1))
			return 0;
		push(p, NULL, 0, 0);
		return 1;
	case 0x83:
		if (!fixed(p, 2))
			return 0;
		push(p, NULL, 0, 0);
		return 1;
	case 0x84:
		if (!fixed(p, 4))
			return 0;
		push(p, NULL, 0, 0);
		return 1;
	case 0x85:
		pop(p);
		push(p, NULL, 0, 0);
		return 1;
	case 0x86:
		pop(p);
		pop(p);
		push(p, NULL, 0, 0);
		return 1;
	case 0x87:
		pop(p);
		pop(p);
		pop(p);
		push(p, NULL, 0, 0);
		return 1;
	case 0x97:
		push(p, NULL, 0, 0);
		return 1;
	case 0x98:
		return 1;
	default:
		return 0;
	}
}

static int walk(const unsigned char *d, size_t len, size_t base, tg_pickle_global_fn fn, void *ctx)
{
	struct pk *p = tg_calloc(1, sizeof(*p));
	size_t ops = 0;
	int ok = 1;

	p->d = d, p->len = len, p->fn = fn, p->ctx = ctx;
	while (!p->stop && ok && p->pos < p->len && ops++ < MAX_OPS) {
		size_t at = p->pos;
		ok = step(p, p->d[p->pos++], base + at);
	}
	free(p->memo);
	ok = ok && p->stop;
	free(p);
	return ok ? TG_OK : tg_error_set(TG_ERR_INPUT, "pickle: malformed or truncated stream");
}

static int is_pickle_start(const unsigned char *d, size_t len)
{
	return len >= 2 && d[0] == 0x80 && d[1] >= 2 && d[1] <= 5;
}

static int name_is_pkl(const unsigned char *n, size_t l)
{
	return l >= 4 && !memcmp(n + l - 4, ".pkl", 4);
}

/* Each stored (uncompressed) *.pkl member of a zip. */
static int walk_zip(const unsigned char *d, size_t len, tg_pickle_global_fn fn, void *ctx)
{
	const unsigned char *p = d, *end = d + len;
	int ret = TG_OK, found = 0;

	while ((p = memmem(p, (size_t)(end - p), "PK\x03\x04", 4))) {
		size_t method, csize, nlen, xlen, off;
		if (end - p < 30)
			break;
		method = le(p + 8, 2), csize = le(p + 18, 4);
		nlen = le(p + 26, 2), xlen = le(p + 28, 2);
		off = 30 + nlen + xlen;
		if ((size_t)(end - p) < off) {
			ret = tg_error_set(TG_ERR_INPUT, "pickle: truncated zip member");
			break;
		}
		if (method == 0 && name_is_pkl(p + 30, nlen)) {
			size_t avail = (size_t)(end - p) - off;
			if (!csize || csize > avail)
				csize = avail; /* sizes in a data descriptor: STOP ends the stream
				                */
			found = 1;
			ret = walk(p + off, csize, (size_t)(p + off - d), fn, ctx);
		}
		p += 4;
	}
	return ret ? ret : found ? TG_OK : TG_OK;
}

int tg_pickle_scan(const unsigned char *data, size_t len, tg_pickle_global_fn on_global, void *ctx)
{
	if (len >= 4 && !memcmp(data, "PK\x03\x04", 4))
		return walk_zip(data, len, on_global, ctx);
	if (is_pickle_start(data, len) || (len && (data[0] == '(' || data[0] == 'c')))
		return walk(data, len, 0, on_global, ctx);
	return TG_OK; /* not a pickle: nothing to say */
}

int tg_pickle_path(const char *path)
{
	static const char *const exts[] = {".pkl",    ".pickle", ".pt",   ".pth", ".bin",
	                                   ".joblib", ".ckpt",   ".dill", NULL};
	size_t n = strlen(path), i;

	for (i = 0; exts[i]; i++) {
		size_t e = strlen(exts[i]);
		if (n > e && !strcasecmp(path + n - e, exts[i]))
			return 1;
	}
	return 0;
}

int tg_pickle_dangerous(const char *module, const char *name)
{
	static const char *const any_name[] = {"os",     "posix",      "nt",     "subprocess",
	                                       "pty",    "commands",   "runpy",  "socket",
	                                       "ctypes", "webbrowser", "shutil", "pdb",
	                                       "code",   "importlib",  "sys",    NULL};
	static const char *const builtin_names[] = {
	        "eval",    "exec",  "execfile", "compile",    "__import__", "open", "getattr",
	        "setattr", "input", "globals",  "breakpoint", "apply",      NULL};
	size_t i;

	for (i = 0; any_name[i]; i++)
		if (!strcmp(module, any_name[i]) ||
		    (!strncmp(module, any_name[i], strlen(any_name[i])) &&
		     module[strlen(any_name[i])] == '.'))
			return 1;
	if (!strcmp(module, "builtins") || !strcmp(module, "__builtin__"))
		for (i = 0; builtin_names[i]; i++)
			if (!strcmp(name, builtin_names[i]))
				return 1;
	if ((!strcmp(module, "pickle") || !strcmp(module, "_pickle") ||
	     !strcmp(module, "cPickle") || !strcmp(module, "dill") || !strcmp(module, "marshal")) &&
	    !strncmp(name, "load", 4))
		return 1;
	return !strcmp(module, "operator") &&
	       (!strcmp(name, "attrgetter") || !strcmp(name, "methodcaller"));
}
