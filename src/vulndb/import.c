/*
 * Storing records: one transaction per import, a record replaced only by a
 * newer `modified`, and the status of each ecosystem touched recomputed
 * before the commit.
 */
#include "vulndb/vulndb_int.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { S_FIND, S_ECOS, S_DEL_AFF, S_DEL_REC, S_INS_REC, S_UPD_REC, S_INS_AFF, S_NR };

static const char *const sql[S_NR] = {
        [S_FIND] = "SELECT rid, mod_us FROM record WHERE id = ?",
        [S_ECOS] = "SELECT DISTINCT eco FROM affected WHERE rid = ?",
        [S_DEL_AFF] = "DELETE FROM affected WHERE rid = ?",
        [S_DEL_REC] = "DELETE FROM record WHERE rid = ?",
        [S_INS_REC] = "INSERT INTO record(id, modified, mod_us, json) VALUES(?, ?, ?, ?)",
        [S_UPD_REC] = "UPDATE record SET modified = ?, mod_us = ?, json = ? WHERE rid = ?",
        [S_INS_AFF] = "INSERT OR IGNORE INTO affected(eco, name, rid) VALUES(?, ?, ?)",
};

struct tg_vulndb_import {
	struct tg_vulndb *db;
	struct tg_vulndb_counts *counts;
	sqlite3_stmt *st[S_NR];
	int touched[TG_ECO_COUNT];
};

int tg_vulndb_import_begin(struct tg_vulndb *db, struct tg_vulndb_counts *counts,
                           struct tg_vulndb_import **out)
{
	struct tg_vulndb_import *im = tg_calloc(1, sizeof(*im));
	int rc;

	im->db = db;
	im->counts = counts;
	memset(counts, 0, sizeof(*counts));
	*out = NULL;
	/* pages stay in memory until the commit writes them once: 64 MiB of cache */
	if ((rc = tg_vulndb_exec(db, "PRAGMA cache_size = -65536")) ||
	    (rc = tg_vulndb_exec(db, "BEGIN IMMEDIATE"))) {
		free(im);
		return rc;
	}
	for (int i = 0; i < S_NR; i++)
		if (sqlite3_prepare_v3(db->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &im->st[i],
		                       NULL) != SQLITE_OK) {
			rc = tg_vulndb_sql_error(db, "preparing the import");
			tg_vulndb_import_end(im, 0);
			return rc;
		}
	*out = im;
	return TG_OK;
}

/* Runs a statement to its end and resets it; a status. */
static int run(struct tg_vulndb_import *im, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TG_OK : tg_vulndb_sql_error(im->db, "storing a record");
}

/* Drops the stored record rid, marking the ecosystems it was under as touched. */
static int drop(struct tg_vulndb_import *im, sqlite3_int64 rid, int keep_row)
{
	sqlite3_stmt *ecos = im->st[S_ECOS];
	int rc;

	sqlite3_bind_int64(ecos, 1, rid);
	while ((rc = sqlite3_step(ecos)) == SQLITE_ROW) {
		int e = sqlite3_column_int(ecos, 0);
		if (e > 0 && e < TG_ECO_COUNT)
			im->touched[e] = 1;
	}
	sqlite3_reset(ecos);
	if (rc != SQLITE_DONE)
		return tg_vulndb_sql_error(im->db, "reading a record");
	sqlite3_bind_int64(im->st[S_DEL_AFF], 1, rid);
	if ((rc = run(im, im->st[S_DEL_AFF])))
		return rc;
	if (keep_row)
		return TG_OK;
	sqlite3_bind_int64(im->st[S_DEL_REC], 1, rid);
	return run(im, im->st[S_DEL_REC]);
}

static int store(struct tg_vulndb_import *im, const struct tg_vulndb_record *rec, sqlite3_int64 rid)
{
	sqlite3_stmt *st = im->st[rid ? S_UPD_REC : S_INS_REC];
	int i = 1, rc;

	if (!rid)
		sqlite3_bind_text(st, i++, rec->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, rec->modified, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, i++, rec->modified_us);
	sqlite3_bind_text(st, i++, rec->json, (int)rec->len, SQLITE_STATIC);
	if (rid)
		sqlite3_bind_int64(st, i++, rid);
	if ((rc = run(im, st)))
		return rc;
	if (!rid)
		rid = sqlite3_last_insert_rowid(im->db->db);
	for (size_t k = 0; k < rec->pkgs_nr; k++) {
		sqlite3_bind_int(im->st[S_INS_AFF], 1, (int)rec->pkgs[k].eco);
		sqlite3_bind_text(im->st[S_INS_AFF], 2, rec->pkgs[k].name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(im->st[S_INS_AFF], 3, rid);
		if ((rc = run(im, im->st[S_INS_AFF])))
			return rc;
		im->touched[rec->pkgs[k].eco] = 1;
	}
	return TG_OK;
}

/* The stored copy of rec's id: its rowid (0: none) and modified time. */
static int find(struct tg_vulndb_import *im, const char *id, sqlite3_int64 *rid, int64_t *mod)
{
	sqlite3_stmt *st = im->st[S_FIND];
	int rc;

	*rid = 0;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*rid = sqlite3_column_int64(st, 0);
		*mod = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TG_OK
	                                             : tg_vulndb_sql_error(im->db, "reading");
}

static int put(struct tg_vulndb_import *im, const struct tg_vulndb_record *rec)
{
	sqlite3_int64 rid;
	int64_t mod = 0;
	int rc;

	if ((rc = find(im, rec->id, &rid, &mod)))
		return rc;
	if (rid && rec->modified_us <= mod) {
		im->counts->unchanged++;
		return TG_OK;
	}
	if (rec->withdrawn || !rec->pkgs_nr) {
		/* a newer withdrawn copy takes the stored one away; either way nothing is stored */
		if (rec->withdrawn)
			im->counts->withdrawn++;
		else
			im->counts->unknown++;
		return rid ? drop(im, rid, 0) : TG_OK;
	}
	if (rid && (rc = drop(im, rid, 1)))
		return rc;
	if (rid)
		im->counts->replaced++;
	else
		im->counts->added++;
	return store(im, rec, rid);
}

int tg_vulndb_import_text(struct tg_vulndb_import *im, const char *name, const char *text,
                          size_t len, int yaml)
{
	struct tg_vulndb_record rec;
	int rc = tg_vulndb_record_parse(name, text, len, yaml, &rec);

	if (rc == TG_ERR_INPUT) {
		tg_warn("%s", tg_error_message());
		im->counts->invalid++;
		return TG_OK;
	}
	if (rc)
		return rc;
	rc = put(im, &rec);
	tg_vulndb_record_release(&rec);
	return rc;
}

int tg_vulndb_import_drop_eco(struct tg_vulndb_import *im, enum tg_eco eco)
{
	char q[256];

	im->touched[eco] = 1;
	snprintf(q, sizeof(q),
	         "DELETE FROM affected WHERE eco = %d;"
	         "DELETE FROM record WHERE rid NOT IN (SELECT rid FROM affected);",
	         (int)eco);
	return tg_vulndb_exec(im->db, q);
}

/* The ecosystem's status from its stored records, in id order; a content hash over them. */
static int recompute(struct tg_vulndb *db, enum tg_eco eco, int64_t now)
{
	const struct tg_vulndb_crypto_api *ev = tg_vulndb_crypto_api();
	sqlite3_stmt *st = NULL, *up = NULL;
	EVP_MD_CTX *md = ev ? ev->md_ctx_new() : NULL;
	unsigned char digest[32];
	char hex[65], newest[40] = "";
	int64_t newest_us = INT64_MIN;
	long n = 0;
	int rc;

	if (!md)
		return tg_error_prefix(TG_ERR_RUN, "the snapshot id");
	ev->digest_init(md, ev->sha256(), NULL);
	if (sqlite3_prepare_v2(db->db,
	                       "SELECT r.id, r.modified, r.mod_us FROM record r WHERE r.rid IN"
	                       " (SELECT rid FROM affected WHERE eco = ?) ORDER BY r.id",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = tg_vulndb_sql_error(db, "status");
		goto out;
	}
	sqlite3_bind_int(st, 1, (int)eco);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *mod = (const char *)sqlite3_column_text(st, 1);
		/* "id NUL modified NUL": no two lists of records hash alike */
		ev->digest_update(md, id, strlen(id) + 1);
		ev->digest_update(md, mod, strlen(mod) + 1);
		if (sqlite3_column_int64(st, 2) > newest_us) {
			newest_us = sqlite3_column_int64(st, 2);
			snprintf(newest, sizeof(newest), "%s", mod);
		}
		n++;
	}
	if (rc != SQLITE_DONE) {
		rc = tg_vulndb_sql_error(db, "status");
		goto out;
	}
	ev->digest_final(md, digest, NULL);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	if (sqlite3_prepare_v2(
	            db->db,
	            n ? "INSERT INTO eco_status(eco, records, newest, imported_at, snapshot)"
	                " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(eco) DO UPDATE SET"
	                " records = ?2, newest = ?3, imported_at = ?4, snapshot = ?5"
	              : "DELETE FROM eco_status WHERE eco = ?1",
	            -1, &up, NULL) != SQLITE_OK) {
		rc = tg_vulndb_sql_error(db, "status");
		goto out;
	}
	sqlite3_bind_int(up, 1, (int)eco);
	if (n) {
		sqlite3_bind_int64(up, 2, n);
		sqlite3_bind_text(up, 3, newest, -1, SQLITE_STATIC);
		sqlite3_bind_int64(up, 4, now);
		sqlite3_bind_text(up, 5, hex, -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(up) == SQLITE_DONE ? TG_OK : tg_vulndb_sql_error(db, "status");
out:
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	ev->md_ctx_free(md);
	return rc;
}

int tg_vulndb_import_end(struct tg_vulndb_import *im, int ok)
{
	int rc = TG_OK;
	int64_t now = (int64_t)time(NULL);

	for (int i = 0; i < S_NR; i++)
		sqlite3_finalize(im->st[i]);
	for (int e = 1; ok && !rc && e < TG_ECO_COUNT; e++)
		if (im->touched[e])
			rc = recompute(im->db, (enum tg_eco)e, now);
	if (ok && !rc)
		rc = tg_vulndb_exec(im->db, "COMMIT");
	/* the message stays the first failure's: the caller's, or the status's above */
	if (!ok || rc)
		sqlite3_exec(im->db->db, "ROLLBACK", NULL, NULL, NULL);
	free(im);
	return ok ? rc : TG_ERR_RUN;
}
