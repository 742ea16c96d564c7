/**
 * The on-disk layout of the SQLite backend: one append-only log table in the manner of kine,
 * plus a small meta table. Run once when a database is opened; never on a hot path.
 *
 * Every write appends one row to `kine`; its `id` is the store's global revision.
 * - `created = 1`: the row (re)creates its key; there is no previous state.
 * - `deleted = 1`: a tombstone; `value` and `old_value` both hold the last state.
 * - `prev_revision`: the id of the key's previous row (0 for a key's first row). The unique index on
 *   (name, prev_revision) is the compare-and-swap: two writers that read the same latest row
 *   cannot both append after it.
 * - `create_revision`: the id of the row that created the key (0 on a created row: it is its own id).
 */
import type Database from 'better-sqlite3'

const DDL = [
  `CREATE TABLE IF NOT EXISTS kine (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    created INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    create_revision INTEGER NOT NULL,
    prev_revision INTEGER NOT NULL,
    value TEXT,
    old_value TEXT
  )`,
  'CREATE INDEX IF NOT EXISTS kine_name_index ON kine (name)',
  'CREATE INDEX IF NOT EXISTS kine_name_id_index ON kine (name, id)',
  'CREATE INDEX IF NOT EXISTS kine_id_deleted_index ON kine (id, deleted)',
  'CREATE INDEX IF NOT EXISTS kine_prev_revision_index ON kine (prev_revision)',
  'CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev_revision_uindex ON kine (name, prev_revision)',
  // Facts about the log that must survive restarts, such as the compacted revision.
  'CREATE TABLE IF NOT EXISTS kine_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)',
]

/** Reads and watches below this revision get Compacted. */
export const META_COMPACT_REVISION = 'compact_revision'
/** Compaction has deleted history up to here (it trails compact_revision while a sweep runs). */
export const META_COMPACT_SWEPT = 'compact_swept'

/** How long a statement waits for a lock held by another connection before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000

/**
 * Sets the connection's pragmas and creates the schema if missing.
 * WAL with synchronous=FULL makes every commit durable (fsynced) before it returns.
 */
export function prepareSchema(db: Database.Database): void {
  db.pragma('journal_mode = WAL') // ':memory:' answers 'memory', which is fine for tests
  db.pragma('synchronous = FULL')
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  db.transaction(() => {
    for (const sql of DDL) db.exec(sql)
  }).immediate()
}

/**
 * The newest revision ever written. MAX(id) alone is not enough: compaction may delete the newest
 * row (a tombstone), so the AUTOINCREMENT high-water mark and the compacted revision count too.
 */
export function readCurrentRevision(db: Database.Database): number {
  const max = db.prepare<[], { m: number | null }>('SELECT MAX(id) AS m FROM kine').get()?.m ?? 0
  const seq =
    db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'kine'").get()?.seq ?? 0
  return Math.max(max, seq, readMeta(db, META_COMPACT_REVISION))
}

export function readMeta(db: Database.Database, key: string): number {
  return (
    db.prepare<[string], { value: number }>('SELECT value FROM kine_meta WHERE key = ?').get(key)?.value ?? 0
  )
}
