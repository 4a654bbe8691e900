#ifndef TG_ANALYZE_LEXICON_H
#define TG_ANALYZE_LEXICON_H

/*
 * A language's syntax compiled for the counter's byte loop: byte classes,
 * identifier tables and the lexemes (comment markers, string delimiters,
 * decision operators) grouped by first byte, longest first. Built once for
 * every language on first use; private to src/analyze/.
 */

#include <stdint.h>

#include "analyze/lang.h"

enum { CL_OTHER = 0, CL_WS, CL_EOL, CL_IDENT, CL_SPECIAL };
enum { LX_OP, LX_LINE, LX_BLOCK, LX_STRING, LX_HEREDOC };

struct lexeme {
	const unsigned char *text, *close;
	uint8_t len, close_len;
	uint8_t kind, where, flags, nests, weight;
};

enum { LEXICON_MAX = 40 };

struct lexicon {
	const struct tg_lang *lang;
	uint8_t cls[256];      /* class of a byte met in code */
	uint8_t ids[256];      /* may start an identifier */
	uint8_t idc[256];      /* may continue an identifier */
	uint8_t kw_first[256]; /* first byte of some keyword (both cases with nocase) */
	uint8_t lx_start[256], lx_count[256];
	struct lexeme lexemes[LEXICON_MAX];
	uint32_t kw_lens; /* bit n: some keyword has n bytes */
	uint8_t nocase, raw;
};

const struct lexicon *tg_lexicon_get(const struct tg_lang *lang);

#endif
