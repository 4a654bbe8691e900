/*
 * The SARIF reader's scalar values: each string or number the parser meets
 * inside a node we read lands in the run, rule or result being built.
 */

#include "ingest/sarif_int.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/strlist.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void set_str(char **dst, const char *s, size_t len)
{
	free(*dst);
	*dst = tg_strndup(s, len);
}

static long parse_long(const char *s, size_t len)
{
	char tmp[32];
	long v;

	if (!len || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	v = strtol(tmp, NULL, 10);
	return v < 0 ? -1 : v;
}

static int parse_line(const char *s, size_t len)
{
	long v = parse_long(s, len);

	return v < 0 ? 0 : (v > INT_MAX ? INT_MAX : (int)v);
}

static double parse_double(const char *s, size_t len)
{
	char tmp[32], *end;
	double v;

	if (!len || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	v = strtod(tmp, &end);
	if (end == tmp || v != v)
		return -1;
	return v;
}

/* "external/cwe/cwe-079" and "CWE-89: SQL Injection" both give "CWE-79"/"CWE-89". */
static void classify_tag(const char *s, size_t len, unsigned *tags, char **cwe)
{
	const char *num = NULL;
	char buf[32];

	if (len > 13 && !strncasecmp(s, "external/cwe/", 13)) {
		s += 13;
		len -= 13;
	}
	if (len > 4 && !strncasecmp(s, "cwe-", 4) && isdigit((unsigned char)s[4]))
		num = s + 4;
	if (num) {
		long n = 0;
		for (const char *p = num; p < s + len && isdigit((unsigned char)*p) && n < 100000;
		     p++)
			n = n * 10 + (*p - '0');
		*tags |= TAG_SECURITY;
		if (!*cwe) {
			snprintf(buf, sizeof(buf), "CWE-%ld", n);
			*cwe = tg_strdup(buf);
		}
		return;
	}
#define TAG_IS(word) (len == strlen(word) && !strncasecmp(s, word, len))
	if (TAG_IS("security") || TAG_IS("misconfiguration"))
		*tags |= TAG_SECURITY;
	else if (TAG_IS("secret") || TAG_IS("secrets"))
		*tags |= TAG_SECRET;
	else if (TAG_IS("vulnerability") || TAG_IS("vulnerabilities"))
		*tags |= TAG_VULN;
	else if (TAG_IS("license") || TAG_IS("licensing"))
		*tags |= TAG_LICENSE;
	else if (TAG_IS("performance"))
		*tags |= TAG_PERF;
#undef TAG_IS
}

static int set_version(struct sarif_state *st, int kind, const char *s, size_t len)
{
	if (kind != V_STRING || len != 5 || memcmp(s, "2.1.0", 5))
		return tg_error_set(TG_ERR_INPUT,
		                    "%s: unsupported SARIF version \"%.*s\" (terragon reads 2.1.0)",
		                    st->file, (int)(len > 40 ? 40 : len), s);
	st->version_seen = 1;
	return sarif_flush_queue(st, 0);
}

static void rule_value(struct sarif_state *st, int type, int key, int kind, const char *s,
                       size_t len)
{
	struct sarif_rule *r = sarif_cur_rule(st);

	if (!r)
		return;
	if (kind != V_STRING && !(key == K_SECSEV && kind == V_NUMBER))
		return;
	if (type == N_RULE && key == K_ID)
		set_str(&r->id, s, len);
	else if (type == N_RULE && key == K_NAME)
		set_str(&r->name, s, len);
	else if (type == N_RULE && key == K_HELPURI)
		set_str(&r->help_uri, s, len);
	else if (type == N_RULE_TEXT && key == K_TEXT && st->run->text_kind == K_SHORTDESC)
		set_str(&r->short_text, s, len);
	else if (type == N_RULE_DEFCONF && key == K_LEVEL)
		set_str(&r->level, s, len);
	else if (type == N_RULE_PROPS && key == K_SECSEV)
		r->sec_sev = parse_double(s, len);
	else if (type == N_RULE_PROPS && key == K_CWE)
		classify_tag(s, len, &r->tags, &r->cwe);
}

static void region_value(struct sarif_state *st, int key, const char *s, size_t len, int *sl,
                         int *sc, int *el, int *ec)
{
	int v = parse_line(s, len);

	if (key == K_STARTLINE)
		*sl = v;
	else if (key == K_STARTCOL)
		*sc = v;
	else if (key == K_ENDLINE)
		*el = v;
	else if (key == K_ENDCOL)
		*ec = v;
}

static void fingerprint_value(struct tg_strlist *l, const char *name, const char *s, size_t len)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_adds(&b, name);
	tg_buf_addch(&b, '=');
	tg_buf_add(&b, s, len);
	tg_strlist_add(l, b.buf);
	tg_buf_release(&b);
}

static void fix_value(struct sarif_result *res, int type, int key, int kind, const char *s,
                      size_t len)
{
	struct sarif_change *ch = res->changes_nr ? &res->changes[res->changes_nr - 1] : NULL;
	struct sarif_repl *rp = res->repls_nr ? &res->repls[res->repls_nr - 1] : NULL;

	if (type == N_FIX_DESC && key == K_TEXT && kind == V_STRING && res->fix_desc.nr) {
		free(res->fix_desc.v[res->fix_desc.nr - 1]);
		res->fix_desc.v[res->fix_desc.nr - 1] = tg_strndup(s, len);
	} else if (type == N_CH_ARTLOC && ch && kind == V_STRING) {
		if (key == K_URI)
			set_str(&ch->uri, s, len);
		else if (key == K_URIBASEID)
			set_str(&ch->base, s, len);
	} else if (type == N_DELREG && rp && kind == V_NUMBER) {
		long v = parse_long(s, len);
		if (key == K_CHAROFF)
			rp->co = v;
		else if (key == K_CHARLEN)
			rp->cl = v;
		else if (key == K_BYTEOFF)
			rp->bo = v;
		else if (key == K_BYTELEN)
			rp->bl = v;
		else
			region_value(NULL, key, s, len, &rp->sl, &rp->sc, &rp->el, &rp->ec);
	} else if (type == N_INSERTED && key == K_TEXT && rp && kind == V_STRING) {
		set_str(&rp->inserted, s, len);
	} else if (type == N_DELSNIP && key == K_TEXT && rp && kind == V_STRING) {
		set_str(&rp->deleted, s, len);
	}
}

static int result_value(struct sarif_state *st, struct sarif_result *res, int type, int key,
                        const char *free_key, int kind, const char *s, size_t len)
{
	int str = kind == V_STRING, num = kind == V_NUMBER;

	switch (type) {
	case N_RESULT:
		if (key == K_RULEID && str)
			set_str(&res->rule_id, s, len);
		else if (key == K_RULEINDEX && num)
			res->rule_index = parse_long(s, len);
		else if (key == K_LEVEL && str)
			set_str(&res->level, s, len);
		else if (key == K_KIND && str)
			set_str(&res->kind, s, len);
		break;
	case N_RES_RULE:
		if (key == K_ID && str && !res->rule_id)
			set_str(&res->rule_id, s, len);
		else if (key == K_INDEX && num && res->rule_index < 0)
			res->rule_index = parse_long(s, len);
		break;
	case N_RES_RULE_TC:
		if (key == K_INDEX && num)
			res->comp_index = parse_long(s, len);
		break;
	case N_MESSAGE:
		if (key == K_TEXT && str)
			set_str(&res->message, s, len);
		break;
	case N_ARTLOC:
		if (key == K_URI && str)
			set_str(&res->uri, s, len);
		else if (key == K_URIBASEID && str)
			set_str(&res->base, s, len);
		break;
	case N_REGION:
		if (num)
			region_value(st, key, s, len, &res->sl, &res->sc, &res->el, &res->ec);
		break;
	case N_SNIPPET:
		if (key == K_TEXT && str)
			set_str(&res->snippet, s, len);
		break;
	case N_PFP:
	case N_FP:
		if (str)
			fingerprint_value(type == N_PFP ? &res->pfp : &res->fp, free_key, s, len);
		break;
	case N_SUPP:
		if (key == K_STATUS && str)
			res->supp_status = len == 8 && !memcmp(s, "accepted", 8) ? 1 : 2;
		break;
	case N_RES_PROPS:
		if (key == K_SECSEV && (str || num))
			res->sec_sev = parse_double(s, len);
		break;
	default:
		fix_value(res, type, key, kind, s, len);
	}
	return TG_OK;
}

int sarif_value(struct sarif_state *st, int type, int key, const char *free_key, int kind,
                const char *s, size_t len)
{
	struct sarif_run *run = st->run;

	if (type == N_ROOT) {
		if (key == K_VERSION)
			return set_version(st, kind, s, len);
		return TG_OK;
	}
	if (!run)
		return TG_OK;
	if (type == N_RUN && key == K_COLUMNKIND && kind == V_STRING) {
		run->code_points = len == 17 && !memcmp(s, "unicodeCodePoints", 17);
		return TG_OK;
	}
	if (type == N_COMP && key == K_NAME && kind == V_STRING && run->cur_comp == 0) {
		set_str(&run->tool, s, len);
		return TG_OK;
	}
	if (type >= N_RULE && type <= N_RULE_TAGS) {
		rule_value(st, type, key, kind, s, len);
		return TG_OK;
	}
	if (type == N_BASE) {
		if (kind == V_STRING && run->base_names.nr &&
		    (key == K_URI || key == K_URIBASEID)) {
			struct tg_strlist *l = key == K_URI ? &run->base_uris : &run->base_parents;
			free(l->v[l->nr - 1]);
			l->v[l->nr - 1] = tg_strndup(s, len);
		}
		return TG_OK;
	}
	if (st->result)
		return result_value(st, st->result, type, key, free_key, kind, s, len);
	return TG_OK;
}

int sarif_element(struct sarif_state *st, int type, int kind, const char *s, size_t len)
{
	if (kind != V_STRING)
		return TG_OK;
	if (type == N_RULE_TAGS) {
		struct sarif_rule *r = sarif_cur_rule(st);
		if (r)
			classify_tag(s, len, &r->tags, &r->cwe);
	} else if (type == N_RES_TAGS && st->result) {
		classify_tag(s, len, &st->result->tags, &st->result->cwe);
	}
	return TG_OK;
}
