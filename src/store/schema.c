/*
 * The store's schema, as an ordered list of forward migrations. The file's
 * PRAGMA user_version is the number of steps applied; tg_store_open() applies
 * the missing ones in order, each in its own transaction, so a run killed
 * half-way leaves the store at the previous version.
 *
 * To add tables for a module: append ONE entry at the end of the array (never
 * edit, reorder or remove an entry that has shipped: users' files are already
 * at that version). The SQL may be a string the module exports, e.g.
 * {"backlog items and events", tg_persist_schema}, with that module added to
 * DEPS in src/store/CMakeLists.txt.
 */
#include "store/store.h"

const struct tg_store_migration tg_store_migrations[] = {
        /* 1 */
        {"runs", "CREATE TABLE runs ("
                 " id INTEGER PRIMARY KEY,"
                 " command TEXT NOT NULL,"
                 " started_at INTEGER NOT NULL," /* Unix seconds, UTC */
                 " finished_at INTEGER,"
                 " status TEXT NOT NULL DEFAULT 'running'," /* running, ok, failed */
                 " summary TEXT);"                          /* JSON */
                 "CREATE INDEX runs_started ON runs(started_at);"},
        /* 2 */
        {"backlog items and their state changes",
         "CREATE TABLE items ("
         " fingerprint TEXT PRIMARY KEY,"
         " source TEXT NOT NULL,"
         " category TEXT,"
         " severity TEXT,"
         " path TEXT,"
         " status TEXT NOT NULL," /* open, resolved, suppressed, in-progress */
         " first_seen INTEGER NOT NULL,"
         " last_seen INTEGER NOT NULL,"
         " resolved_at INTEGER,"
         " last_run INTEGER,"
         " json_hash INTEGER NOT NULL);" /* of the observation, to skip rewriting it */
         /* The latest observation (the item JSON), apart: most runs see an item
          * unchanged and then touch only the small row above. */
         "CREATE TABLE item_json ("
         " fingerprint TEXT PRIMARY KEY,"
         " json TEXT NOT NULL);"
         "CREATE INDEX items_status ON items(status);"
         "CREATE TABLE item_events ("
         " id INTEGER PRIMARY KEY,"
         " fingerprint TEXT NOT NULL,"
         " run_id INTEGER,"
         " at INTEGER NOT NULL,"
         " event TEXT NOT NULL," /* opened, resolved, reopened, suppressed, unsuppressed, left-out
                                  */
         " detail TEXT);"
         "CREATE INDEX item_events_fp ON item_events(fingerprint);"},
        /* 3 */
        {"history: the last commit read and the aggregates, per set of options",
         "CREATE TABLE history_cache ("
         " key TEXT PRIMARY KEY," /* the options that change the counts */
         " head TEXT NOT NULL,"   /* the last commit read */
         " partial INTEGER NOT NULL,"
         " commits INTEGER NOT NULL,"
         " updated_at INTEGER NOT NULL,"
         " data BLOB NOT NULL);"}, /* per-file and per-author aggregates, pairs (cache.c) */
        /* 4 */
        {"execute: one row per attempt to fix an item",
         "CREATE TABLE executions ("
         " id INTEGER PRIMARY KEY,"
         " fingerprint TEXT NOT NULL,"
         " branch TEXT NOT NULL,"
         " started_at INTEGER NOT NULL,"
         " finished_at INTEGER,"
         " outcome TEXT NOT NULL," /* pr-opened, dry-run, failed, gate-failed, error */
         " reason TEXT,"
         " gates TEXT," /* JSON: [{"name", "exit", "passed"}] */
         " pr_url TEXT,"
         " dry_run INTEGER NOT NULL DEFAULT 0);"
         "CREATE INDEX executions_fp ON executions(fingerprint);"},
        /* 5 */
        {"bench record: benchmark runs kept for trends",
         "CREATE TABLE bench_runs ("
         " id INTEGER PRIMARY KEY,"
         " recorded_at INTEGER NOT NULL,"
         " kind TEXT NOT NULL," /* pytest-benchmark, google-benchmark, hyperfine */
         " file TEXT NOT NULL);"
         "CREATE TABLE bench_results ("
         " run_id INTEGER NOT NULL REFERENCES bench_runs(id),"
         " name TEXT NOT NULL,"
         " unit TEXT NOT NULL," /* s, or the throughput counter's name */
         " higher_is_better INTEGER NOT NULL,"
         " median REAL NOT NULL,"
         " samples TEXT NOT NULL);" /* JSON array of the raw samples */
         "CREATE INDEX bench_results_name ON bench_results(name, unit);"},
        /* 6 */
        {"history: blames of files at HEAD, by blob id, kept between runs",
         "CREATE TABLE blame_cache ("
         " path TEXT NOT NULL,"
         " copies INTEGER NOT NULL," /* blamed with -C */
         " blob TEXT NOT NULL,"      /* the file's blob id at the history's head */
         " settings TEXT NOT NULL,"  /* hash of what names the authors (blame_cache.c) */
         " data BLOB NOT NULL,"      /* the blame's commits and their lines */
         " PRIMARY KEY (path, copies));"},
        {"audit: the hash-chained audit trail (store/audit.h)",
         "CREATE TABLE audit ("
         " id INTEGER PRIMARY KEY AUTOINCREMENT," /* sqlite_sequence keeps the highest */
         " at INTEGER NOT NULL,"                  /* Unix seconds, UTC */
         " actor TEXT NOT NULL,"                  /* the OS user */
         " ci_actor TEXT,"                        /* GITHUB_ACTOR */
         " ci_run TEXT,"                          /* GITHUB_RUN_ID */
         " action TEXT NOT NULL,"
         " subject TEXT,"
         " details TEXT," /* JSON object */
         " prev_hash TEXT NOT NULL,"
         " hash TEXT NOT NULL);"}, /* SHA-256 (audit.c), hex */
        {"fleet: repositories, their runs per head and their items (fleet/fleet.h)",
         "CREATE TABLE repositories ("
         " id INTEGER PRIMARY KEY,"
         " url TEXT NOT NULL UNIQUE," /* as the repository list gives it */
         " name TEXT NOT NULL,"
         " head TEXT,"           /* the commit of its last finished run */
         " last_run_at INTEGER," /* Unix seconds, UTC */
         " last_status TEXT,"    /* ok, failed */
         " last_error TEXT);"
         /* One row per repository and head: a head is run once, whichever shard. */
         "CREATE TABLE fleet_runs ("
         " id INTEGER PRIMARY KEY,"
         " repository_id INTEGER NOT NULL REFERENCES repositories(id),"
         " head TEXT NOT NULL,"
         " shard TEXT,"
         " started_at INTEGER NOT NULL,"
         " finished_at INTEGER NOT NULL,"
         " items INTEGER NOT NULL,"
         " UNIQUE (repository_id, head));"
         "CREATE TABLE fleet_items ("
         " repository_id INTEGER NOT NULL REFERENCES repositories(id),"
         " fingerprint TEXT NOT NULL,"
         " source TEXT NOT NULL,"
         " rule_id TEXT,"
         " category TEXT,"
         " severity TEXT,"
         " path TEXT,"
         " line INTEGER,"
         " title TEXT,"
         " score REAL NOT NULL,"
         " status TEXT NOT NULL," /* open, resolved */
         " first_seen INTEGER NOT NULL,"
         " last_seen INTEGER NOT NULL,"
         " resolved_at INTEGER,"
         " last_run INTEGER," /* fleet_runs.id */
         " PRIMARY KEY (repository_id, fingerprint));"
         "CREATE INDEX fleet_items_open ON fleet_items(status, score);"},
        /* append new migrations here */
};

const size_t tg_store_migrations_nr = sizeof(tg_store_migrations) / sizeof(tg_store_migrations[0]);
