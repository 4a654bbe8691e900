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
#include "rules/rule_int.h"

#include "util/alloc.h"
#include "util/error.h"

#include <stdint.h>
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

/*
 * What each opcode reads after itself, and what it does to the shadow stack:
 * one row an opcode (pickletools' list), so the interpreter below is a few
 * steps shared by all of them. An opcode without a row ends the walk.
 */
enum arg { A_NONE, A_LINE, A_LINE2, A_FIXED, A_COUNTED, A_INDEX };
enum effect {
	E_NONE,
	E_STOP,
	E_DUP,
	E_MEMO_GET,
	E_MEMO_PUT,
	E_MEMO_PUT_NEXT,
	E_GLOBAL,
	E_STACK_GLOBAL
};
enum push { P_NONE, P_OTHER, P_STRING, P_MARK };

struct op {
	unsigned char known, arg, width, effect, pops, mark, push;
};

#define OP(a, w, e, p, m, u)                                                                       \
	{                                                                                          \
		1, a, w, e, p, m, u                                                                \
	}
#define PUSH_OTHER(a, w)  OP(a, w, E_NONE, 0, 0, P_OTHER)
#define PUSH_STRING(a, w) OP(a, w, E_NONE, 0, 0, P_STRING)
#define POPS(n, push)     OP(A_NONE, 0, E_NONE, n, 0, push)

static const struct op ops[256] = {
        ['('] = OP(A_NONE, 0, E_NONE, 0, 0, P_MARK),
        ['.'] = OP(A_NONE, 0, E_STOP, 0, 0, P_NONE),
        ['0'] = POPS(1, P_NONE),
        ['1'] = OP(A_NONE, 0, E_NONE, 0, 1, P_NONE),
        ['2'] = OP(A_NONE, 0, E_DUP, 0, 0, P_NONE),
        ['F'] = PUSH_OTHER(A_LINE, 0),
        ['I'] = PUSH_OTHER(A_LINE, 0),
        ['L'] = PUSH_OTHER(A_LINE, 0),
        ['P'] = PUSH_OTHER(A_LINE, 0),
        ['S'] = PUSH_STRING(A_LINE, 0),
        ['V'] = PUSH_STRING(A_LINE, 0),
        ['g'] = OP(A_LINE, 0, E_MEMO_GET, 0, 0, P_NONE),
        ['p'] = OP(A_LINE, 0, E_MEMO_PUT, 0, 0, P_NONE),
        ['h'] = OP(A_INDEX, 1, E_MEMO_GET, 0, 0, P_NONE),
        ['j'] = OP(A_INDEX, 4, E_MEMO_GET, 0, 0, P_NONE),
        ['q'] = OP(A_INDEX, 1, E_MEMO_PUT, 0, 0, P_NONE),
        ['r'] = OP(A_INDEX, 4, E_MEMO_PUT, 0, 0, P_NONE),
        [0x94] = OP(A_NONE, 0, E_MEMO_PUT_NEXT, 0, 0, P_NONE),
        ['K'] = PUSH_OTHER(A_FIXED, 1),
        ['M'] = PUSH_OTHER(A_FIXED, 2),
        ['J'] = PUSH_OTHER(A_FIXED, 4),
        ['G'] = PUSH_OTHER(A_FIXED, 8),
        [0x82] = PUSH_OTHER(A_FIXED, 1),
        [0x83] = PUSH_OTHER(A_FIXED, 2),
        [0x84] = PUSH_OTHER(A_FIXED, 4),
        [0x80] = OP(A_FIXED, 1, E_NONE, 0, 0, P_NONE),
        [0x95] = OP(A_FIXED, 8, E_NONE, 0, 0, P_NONE),
        ['U'] = PUSH_STRING(A_COUNTED, 1),
        [0x8c] = PUSH_STRING(A_COUNTED, 1),
        ['T'] = PUSH_STRING(A_COUNTED, 4),
        ['X'] = PUSH_STRING(A_COUNTED, 4),
        [0x8d] = PUSH_STRING(A_COUNTED, 8),
        ['C'] = PUSH_OTHER(A_COUNTED, 1),
        [0x8a] = PUSH_OTHER(A_COUNTED, 1),
        ['B'] = PUSH_OTHER(A_COUNTED, 4),
        [0x8b] = PUSH_OTHER(A_COUNTED, 4),
        [0x8e] = PUSH_OTHER(A_COUNTED, 8),
        [0x96] = PUSH_OTHER(A_COUNTED, 8),
        ['N'] = POPS(0, P_OTHER),
        [0x88] = POPS(0, P_OTHER),
        [0x89] = POPS(0, P_OTHER),
        ['}'] = POPS(0, P_OTHER),
        [']'] = POPS(0, P_OTHER),
        [')'] = POPS(0, P_OTHER),
        [0x8f] = POPS(0, P_OTHER),
        [0x97] = POPS(0, P_OTHER),
        ['Q'] = POPS(1, P_OTHER),
        [0x85] = POPS(1, P_OTHER),
        ['R'] = POPS(2, P_OTHER),
        [0x81] = POPS(2, P_OTHER),
        [0x86] = POPS(2, P_OTHER),
        [0x92] = POPS(3, P_OTHER),
        [0x87] = POPS(3, P_OTHER),
        ['b'] = POPS(1, P_NONE),
        ['a'] = POPS(1, P_NONE),
        ['s'] = POPS(2, P_NONE),
        ['c'] = OP(A_LINE2, 0, E_GLOBAL, 0, 0, P_OTHER),
        ['i'] = OP(A_LINE2, 0, E_GLOBAL, 0, 1, P_OTHER),
        [0x93] = OP(A_NONE, 0, E_STACK_GLOBAL, 0, 0, P_OTHER),
        ['d'] = OP(A_NONE, 0, E_NONE, 0, 1, P_OTHER),
        ['l'] = OP(A_NONE, 0, E_NONE, 0, 1, P_OTHER),
        ['t'] = OP(A_NONE, 0, E_NONE, 0, 1, P_OTHER),
        ['o'] = OP(A_NONE, 0, E_NONE, 0, 1, P_OTHER),
        [0x91] = OP(A_NONE, 0, E_NONE, 0, 1, P_OTHER),
        ['e'] = OP(A_NONE, 0, E_NONE, 0, 1, P_NONE),
        ['u'] = OP(A_NONE, 0, E_NONE, 0, 1, P_NONE),
        [0x90] = OP(A_NONE, 0, E_NONE, 0, 1, P_NONE),
        [0x98] = OP(A_NONE, 0, E_NONE, 0, 0, P_NONE),
};

/* The opcode's argument: a line or two, bytes skipped, a counted string, or a memo index. */
struct oparg {
	const unsigned char *s, *s2;
	size_t n, n2;
	uint64_t index;
};

static int read_arg(struct pk *p, const struct op *o, struct oparg *a)
{
	switch (o->arg) {
	case A_LINE:
		if (!line(p, &a->s, &a->n))
			return 0;
		/* GET and PUT's decimal index, read within the line (strtoull would
		 * skip a newline and read on past the end of the data). */
		for (size_t i = 0; i < a->n && a->s[i] >= '0' && a->s[i] <= '9'; i++)
			a->index = a->index * 10 + (uint64_t)(a->s[i] - '0');
		return 1;
	case A_LINE2:
		return line(p, &a->s, &a->n) && line(p, &a->s2, &a->n2);
	case A_FIXED:
		return fixed(p, o->width);
	case A_COUNTED:
		return counted(p, o->width, &a->s, &a->n);
	case A_INDEX:
		if (!need(p, o->width))
			return 0;
		a->index = le(p->d + p->pos, o->width);
		p->pos += o->width;
		return 1;
	}
	return 1;
}

static void apply(struct pk *p, const struct op *o, const struct oparg *a, size_t at)
{
	struct entry x, y;

	switch (o->effect) {
	case E_STOP:
		p->stop = 1;
		break;
	case E_DUP:
		if (p->sp)
			push(p, p->stack[p->sp - 1].s, p->stack[p->sp - 1].n,
			     p->stack[p->sp - 1].kind);
		break;
	case E_MEMO_GET:
		memo_get(p, a->index);
		break;
	case E_MEMO_PUT:
		memo_put(p, a->index);
		break;
	case E_MEMO_PUT_NEXT:
		memo_put(p, p->memo_next++);
		break;
	case E_GLOBAL:
		call(p, a->s, a->n, a->s2, a->n2, at);
		break;
	case E_STACK_GLOBAL:
		y = pop(p), x = pop(p);
		if (x.kind == 1 && y.kind == 1)
			call(p, x.s, x.n, y.s, y.n, at);
		break;
	}
}

/* One opcode; 0 at an unknown opcode or a malformed or truncated argument. */
static int step(struct pk *p, unsigned char code, size_t at)
{
	const struct op *o = &ops[code];
	struct oparg a = {NULL, NULL, 0, 0, 0};

	if (!o->known || !read_arg(p, o, &a))
		return 0;
	apply(p, o, &a, at);
	for (int i = 0; i < o->pops; i++)
		pop(p);
	if (o->mark)
		pop_mark(p);
	if (o->push == P_MARK)
		push(p, NULL, 0, 2);
	else if (o->push == P_STRING)
		push(p, a.s, a.n, 1);
	else if (o->push == P_OTHER)
		push(p, NULL, 0, 0);
	return 1;
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

static int ident_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.';
}

/* Is there `name = <module>.dumps(` (or `name = dumps(`) on a line of d[from, to)? */
static int assigned_from_dumps(const unsigned char *d, size_t from, size_t to, const char *name,
                               size_t n)
{
	const unsigned char *p = d + from;

	while (p < d + to && (p = memmem(p, (size_t)(d + to - p), name, n))) {
		const unsigned char *q = p + n, *nl;
		int whole = (p == d || !ident_char(p[-1])) && q < d + to && !ident_char(*q);
		p++;
		if (!whole)
			continue;
		while (q < d + to && (*q == ' ' || *q == '\t'))
			q++;
		if (q >= d + to || *q != '=' || (q + 1 < d + to && q[1] == '='))
			continue;
		nl = memchr(q, '\n', (size_t)(d + to - q));
		if (memmem(q, (size_t)((nl ? nl : d + to) - q), "dumps(", 6))
			return 1;
	}
	return 0;
}

int tg_rules_pickle_roundtrip(const unsigned char *d, size_t len, size_t me)
{
	size_t b = me, e, from = me, lines = 0;
	char name[128];

	/* the argument of loads( / load(: a name alone */
	while (b < len && (d[b] == ' ' || d[b] == '\t'))
		b++;
	for (e = b; e < len && ident_char(d[e]) && e - b < sizeof(name) - 1;)
		e++;
	if (e == b || e >= len || (d[e] != ')' && d[e] != ','))
		return 0;
	memcpy(name, d + b, e - b);
	name[e - b] = '\0';
	/* made by dumps() in the lines just before: a round trip of the program's own object */
	while (from > 0 && lines < 30)
		lines += d[--from] == '\n';
	return assigned_from_dumps(d, from, me, name, e - b);
}
