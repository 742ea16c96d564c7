/**
 * The prepared statements of the SQLite log, created once per connection, and the mapping from
 * log rows to the storage contract's KeyValue and WatchEvent shapes.
 */
import type Database from 'better-sqlite3'
import type { KeyValue, WatchEvent } from '../interface.js'

export interface LogRow {
  id: number
  name: string
  created: number
  deleted: number
  create_revision: number
  prev_revision: number
  value: string
  old_value: string | null
}

/** A key range [start, end): every key beginning with a prefix. */
export interface KeyRange {
  start: string
  end: string
}

/** Above every ASCII key in SQLite's byte order (UTF-8 EF BF BF) and in JS string order. */
const TOP = '\uffff'

/** [prefix, prefixEnd(prefix)), with '' meaning every key. */
export function rangeOf(prefix: string): KeyRange {
  if (prefix === '') return { start: '', end: TOP }
  const last = prefix.charCodeAt(prefix.length - 1)
  return { start: prefix, end: prefix.slice(0, -1) + String.fromCharCode(last + 1) }
}

const COLUMNS = 'id, name, created, deleted, create_revision, prev_revision, value, old_value'
const K_COLUMNS =
  'k.id, k.name, k.created, k.deleted, k.create_revision, k.prev_revision, k.value, k.old_value'

/** The newest row of each key in [start, end) at or below a revision (tombstones included). */
const LATEST_IN_RANGE = `SELECT MAX(id) AS mid FROM kine WHERE name >= ? AND name < ? AND id <= ? GROUP BY name`

export function prepareStatements(db: Database.Database) {
  return {
    latest: db.prepare<[string], LogRow>(
      `SELECT ${COLUMNS} FROM kine WHERE name = ? ORDER BY id DESC LIMIT 1`,
    ),
    latestAt: db.prepare<[string, number], LogRow>(
      `SELECT ${COLUMNS} FROM kine WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1`,
    ),
    /** Live (non-deleted) keys in [start, end) at a revision, by key; LIMIT -1 means none. */
    list: db.prepare<[string, string, number, number], LogRow>(
      `SELECT ${K_COLUMNS} FROM kine k JOIN (${LATEST_IN_RANGE}) m ON k.id = m.mid
       WHERE k.deleted = 0 ORDER BY k.name LIMIT ?`,
    ),
    count: db.prepare<[string, string, number], { n: number }>(
      `SELECT COUNT(*) AS n FROM kine k JOIN (${LATEST_IN_RANGE}) m ON k.id = m.mid WHERE k.deleted = 0`,
    ),
    /** Log rows in (after, upTo] for keys in [start, end), oldest first: watch replay. */
    history: db.prepare<[number, number, string, string, number], LogRow>(
      `SELECT ${COLUMNS} FROM kine WHERE id > ? AND id <= ? AND name >= ? AND name < ? ORDER BY id LIMIT ?`,
    ),
    insert: db.prepare<[string, number, number, number, number, string, string | null]>(
      `INSERT INTO kine (name, created, deleted, create_revision, prev_revision, value, old_value)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    /**
     * Compaction, per batch of ids [lo, hi] at or below the compaction revision: first the rows
     * that rows in the batch superseded (their ids are the batch's prev_revisions, wherever they
     * lie), then the batch's tombstones. That order matters: a tombstone names the row it
     * superseded, so it must outlive that row's deletion.
     */
    compactSuperseded: db.prepare<[number, number]>(
      'DELETE FROM kine WHERE id IN (SELECT prev_revision FROM kine WHERE id >= ? AND id <= ?)',
    ),
    compactTombstones: db.prepare<[number, number]>(
      'DELETE FROM kine WHERE id >= ? AND id <= ? AND deleted = 1',
    ),
    /** Group commit: writes of one turn of the event loop share a transaction. */
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    setMeta: db.prepare<[string, number]>(
      'INSERT INTO kine_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
  }
}

export type LogStatements = ReturnType<typeof prepareStatements>

/** The key's state as this row leaves it (for a tombstone: the last state, at the deletion revision). */
export function rowToKeyValue(row: LogRow): KeyValue {
  return {
    key: row.name,
    value: row.value,
    createRevision: row.created ? row.id : row.create_revision,
    modRevision: row.id,
  }
}

/** The state this row replaced, when the key existed before it. */
function rowToPrevKeyValue(row: LogRow): KeyValue | undefined {
  if (row.created || row.old_value === null) return undefined
  return {
    key: row.name,
    value: row.old_value,
    createRevision: row.create_revision,
    modRevision: row.prev_revision,
  }
}

export function rowToEvent(row: LogRow): WatchEvent {
  const ev: WatchEvent = { type: row.deleted ? 'DELETE' : 'PUT', kv: rowToKeyValue(row) }
  const prev = rowToPrevKeyValue(row)
  if (prev) ev.prevKv = prev
  return ev
}
