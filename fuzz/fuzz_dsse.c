// module: supply
/*
 * The DSSE envelope reader and the in-toto Statement reader on arbitrary
 * bytes (what verify-attestation reads from each line): no crash, no leak;
 * a parsed envelope has a type, and its payload and signatures are
 * base64-decoded bytes that encode back to base64 that decodes the same;
 * every subject read is 64 lowercase hex digits. Also base64 itself, and
 * the lockfile hashes the SBOM converts.
 */

#include "supply/dsse.h"
#include "supply/sbom.h"
#include "util/base64.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void round_trip(const struct tg_buf *b)
{
	struct tg_buf enc = TG_BUF_INIT, dec = TG_BUF_INIT;

	tg_base64_encode(&enc, b->buf ? b->buf : "", b->len);
	if (tg_base64_decode(&dec, enc.buf ? enc.buf : "", enc.len) || dec.len != b->len ||
	    (b->len && memcmp(dec.buf, b->buf, b->len)))
		abort();
	tg_buf_release(&enc);
	tg_buf_release(&dec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_dsse e;
	struct tg_buf b = TG_BUF_INIT, hex = TG_BUF_INIT;
	struct tg_strlist subjects = TG_STRLIST_INIT;
	char *pt = NULL, *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = 0;
	if (tg_dsse_parse((const char *)data, size, &e) == TG_OK) {
		if (!e.type)
			abort();
		round_trip(&e.payload);
		for (size_t i = 0; i < e.nsigs; i++)
			round_trip(&e.sigs[i]);
		if (tg_intoto_subjects(&e, &subjects, &pt) == TG_OK) {
			for (size_t i = 0; i < subjects.nr; i++)
				if (strlen(subjects.v[i]) != 64 ||
				    strspn(subjects.v[i], "0123456789abcdef") != 64)
					abort();
			if (!pt)
				abort();
		}
		tg_dsse_release(&e);
	}
	tg_error_clear();
	if (!tg_base64_decode(&b, text, size))
		round_trip(&b);
	if (tg_sbom_hash(text, &hex) &&
	    (hex.len % 2 || strspn(hex.buf, "0123456789abcdef") != hex.len))
		abort();
	free(pt);
	free(text);
	tg_buf_release(&b);
	tg_buf_release(&hex);
	tg_strlist_clear(&subjects);
	return 0;
}
