#include "analyze/lexicon_int.h"

#include "util/alloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static struct lexicon *all;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void add(struct lexicon *x, size_t *nr, struct lexeme lm)
{
	if (*nr < LEXICON_MAX && lm.len > 0)
		x->lexemes[(*nr)++] = lm;
}

/* Groups by first byte; longer lexemes first so `"""` wins over `"`, `??` over `?`. */
static int cmp_lexeme(const void *a, const void *b)
{
	const struct lexeme *x = a, *y = b;

	if (x->text[0] != y->text[0])
		return x->text[0] - y->text[0];
	return y->len - x->len;
}

static void classes(struct lexicon *x, const struct tg_lang *l)
{
	for (int c = 0; c < 256; c++) {
		int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		int id = alpha || (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
		x->ids[c] = x->idc[c] = (uint8_t)id;
		x->cls[c] = id ? CL_IDENT : CL_OTHER;
	}
	x->cls[' '] = x->cls['\t'] = x->cls['\f'] = x->cls['\v'] = CL_WS;
	x->cls['\n'] = x->cls['\r'] = CL_EOL;
	for (const char *e = l->ident_extra; e && *e; e++)
		x->idc[(unsigned char)*e] = 1;
}

static void keywords(struct lexicon *x, const struct tg_lang *l)
{
	x->nocase = (l->flags & TG_LANG_NOCASE) != 0;
	for (const char *const *k = l->keywords; k && *k; k++) {
		unsigned char c = (unsigned char)(*k)[0];
		size_t n = strlen(*k);
		x->kw_first[c] = 1;
		if (x->nocase && c >= 'a' && c <= 'z')
			x->kw_first[c - 'a' + 'A'] = 1;
		if (n < 32)
			x->kw_lens |= 1u << n;
	}
}

static struct lexeme lexeme(const char *text, const char *close, int kind)
{
	struct lexeme lm;

	memset(&lm, 0, sizeof(lm));
	lm.text = (const unsigned char *)text;
	lm.len = (uint8_t)strlen(text);
	lm.close = (const unsigned char *)(close ? close : "");
	lm.close_len = (uint8_t)strlen((const char *)lm.close);
	lm.kind = (uint8_t)kind;
	return lm;
}

static void compile(struct lexicon *x, const struct tg_lang *l)
{
	size_t nr = 0;

	x->lang = l;
	classes(x, l);
	keywords(x, l);
	x->raw = (l->flags & (TG_LANG_RAW_RUST | TG_LANG_RAW_CPP)) != 0;
	for (int i = 0; i < TG_LANG_MAX_LINE && l->line[i].marker; i++) {
		struct lexeme lm = lexeme(l->line[i].marker, NULL, LX_LINE);
		lm.where = l->line[i].where;
		add(x, &nr, lm);
	}
	for (int i = 0; i < TG_LANG_MAX_BLOCK && l->block[i].open; i++) {
		struct lexeme lm = lexeme(l->block[i].open, l->block[i].close, LX_BLOCK);
		lm.where = l->block[i].where;
		lm.nests = l->block[i].nests;
		add(x, &nr, lm);
	}
	for (int i = 0; i < TG_LANG_MAX_STR && l->strings[i].open; i++) {
		struct lexeme lm = lexeme(l->strings[i].open, l->strings[i].close, LX_STRING);
		lm.flags = l->strings[i].flags;
		add(x, &nr, lm);
	}
	for (const struct tg_lang_op *o = l->ops; o && o->op; o++) {
		struct lexeme lm = lexeme(o->op, NULL, LX_OP);
		lm.weight = o->weight;
		add(x, &nr, lm);
	}
	if (l->flags & TG_LANG_HEREDOC)
		add(x, &nr, lexeme("<<", NULL, LX_HEREDOC));
	qsort(x->lexemes, nr, sizeof(x->lexemes[0]), cmp_lexeme);
	for (size_t i = 0; i < nr; i++) {
		unsigned char c = x->lexemes[i].text[0];
		if (!x->lx_count[c])
			x->lx_start[c] = (uint8_t)i;
		x->lx_count[c]++;
		x->cls[c] = CL_SPECIAL;
	}
}

static void build(void)
{
	size_t n = tg_lang_count();

	all = tg_calloc(n, sizeof(*all));
	for (size_t i = 0; i < n; i++)
		compile(&all[i], tg_lang_at(i));
}

const struct lexicon *tg_lexicon_get(const struct tg_lang *lang)
{
	pthread_once(&once, build);
	return &all[lang->id];
}
