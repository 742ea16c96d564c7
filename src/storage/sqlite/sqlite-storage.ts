/**
 * The embedded Storage backend: an etcd-shaped store on one SQLite log table (see schema.ts),
 * in the manner of kine. The log's row id is the global revision.
 *
 * Contracts beyond storage/interface.ts:
 * - One process owns the database file. Writes run synchronously on one connection. Writes made
 *   in the same turn of the event loop share one transaction (group commit): it commits (WAL,
 *   synchronous=FULL) in the next turn, and only then do watchers get the events, in revision
 *   order, and the writes' promises resolve. So every acknowledged write is durable, and one
 *   fsync serves all writes that arrived together.
 * - Reads never see rows of a transaction that has not committed yet: they run at the committed
 *   revision.
 * - The unique index on (name, prev_revision) is the compare-and-swap backstop: were a second
 *   writer to slip in between our read of a key's latest row and our append, the append fails and
 *   becomes Conflict / KeyExists.
 * - A read at a revision newer than the current one reads the current state (and reports the
 *   current revision); a read below the compacted revision throws Compacted.
 */
import Database from 'better-sqlite3'
import {
  StorageError,
  type GetOptions,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Storage,
  type WatchEvent,
  type WatchHandlers,
  type Watcher,
} from '../interface.js'
import {
  prepareStatements,
  rangeOf,
  rowToKeyValue,
  type LogRow,
  type LogStatements,
} from './log-statements.js'
import { LogWatchers } from './log-watchers.js'
import {
  META_COMPACT_REVISION,
  META_COMPACT_SWEPT,
  prepareSchema,
  readCurrentRevision,
  readMeta,
} from './schema.js'

export interface SqliteStorageOptions {
  /** How often to compact automatically; 0 disables it. Default 5 minutes. */
  compactIntervalMs?: number
  /** Automatic compaction keeps at least this many of the newest revisions. Default 10,000. */
  retainRevisions?: number
}

export const DEFAULT_COMPACT_INTERVAL_MS = 5 * 60_000
export const DEFAULT_RETAIN_REVISIONS = 10_000
/** Ids per compaction transaction: a short transaction never holds the writer for long. */
const COMPACT_BATCH = 1000

/** Opens (creating if needed) the store at `path`; ':memory:' gives a private in-memory store. */
export function openSqliteStorage(path: string, opts: SqliteStorageOptions = {}): SqliteStorage {
  return new SqliteStorage(path, opts)
}

export class SqliteStorage implements Storage {
  private readonly db: Database.Database
  private readonly st: LogStatements
  private readonly watchers: LogWatchers
  private rev: number
  private compactRev: number
  /** History is deleted up to here; below compactRev while a sweep is unfinished. */
  private swept: number
  private closed = false
  /** The running compaction, if any: compactions run one at a time, in call order. */
  private compaction: Promise<void> = Promise.resolve()
  private readonly timer: NodeJS.Timeout | undefined
  /** Writes appended in the open transaction, waiting for its commit. */
  private pending: PendingWrite[] = []
  /** The revision of the newest appended row, committed or not. */
  private appendedRev: number

  constructor(
    readonly path: string,
    opts: SqliteStorageOptions = {},
  ) {
    this.db = new Database(path)
    prepareSchema(this.db)
    this.st = prepareStatements(this.db)
    this.rev = readCurrentRevision(this.db)
    this.appendedRev = this.rev
    this.compactRev = readMeta(this.db, META_COMPACT_REVISION)
    this.swept = readMeta(this.db, META_COMPACT_SWEPT)
    this.watchers = new LogWatchers({
      history: (after, upTo, range, limit) => this.st.history.all(after, upTo, range.start, range.end, limit),
      revision: () => this.rev,
      compactedRevision: () => this.compactRev,
      closed: () => this.closed,
    })
    // A sweep cut short by a crash resumes in the background.
    if (this.swept < this.compactRev) void this.compact(this.compactRev).catch(() => {})
    const interval = opts.compactIntervalMs ?? DEFAULT_COMPACT_INTERVAL_MS
    const retain = opts.retainRevisions ?? DEFAULT_RETAIN_REVISIONS
    if (interval > 0) {
      this.timer = setInterval(() => {
        const target = this.rev - retain
        if (target > this.compactRev) void this.compact(target).catch(() => {})
      }, interval)
      this.timer.unref()
    }
  }

  async get(key: string, opts: GetOptions = {}): Promise<KeyValue | null> {
    const at = this.readRevision(key, opts.revision)
    const row = at === this.rev && this.pending.length === 0 ? this.st.latest.get(key) : this.st.latestAt.get(key, at)
    return row && !row.deleted ? rowToKeyValue(row) : null
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    const at = this.readRevision(prefix, opts.revision)
    const { start, end } = rangeOf(prefix)
    const from = opts.startKey !== undefined && opts.startKey > start ? opts.startKey : start
    const limit = opts.limit !== undefined && opts.limit > 0 ? opts.limit : 0
    const rows = this.st.list.all(from, end, at, limit > 0 ? limit + 1 : -1)
    let more = false
    let remaining = 0
    if (limit > 0 && rows.length > limit) {
      rows.length = limit
      more = true
      // Keys are free of NUL, so key + '\0' is the first key after it.
      remaining = this.st.count.get(rows[limit - 1].name + '\0', end, at)?.n ?? 0
    }
    return { items: rows.map(rowToKeyValue), revision: at, more, remaining }
  }

  async count(prefix: string): Promise<number> {
    this.assertOpen(prefix)
    const { start, end } = rangeOf(prefix)
    return this.st.count.get(start, end, this.rev)?.n ?? 0
  }

  create(key: string, value: string): Promise<KeyValue> {
    return this.write(key, () => {
      const latest = this.st.latest.get(key)
      if (latest && !latest.deleted) throw keyExists(key, latest)
      const id = this.append(key, 1, 0, 0, latest?.id ?? 0, value, null)
      return { type: 'PUT', kv: { key, value, createRevision: id, modRevision: id } }
    })
  }

  update(key: string, value: string, expectedRevision: number): Promise<KeyValue> {
    return this.write(key, () => {
      const latest = this.latestLive(key, expectedRevision)
      const prevKv = rowToKeyValue(latest)
      const id = this.append(key, 0, 0, prevKv.createRevision, latest.id, value, latest.value)
      return { type: 'PUT', kv: { key, value, createRevision: prevKv.createRevision, modRevision: id }, prevKv }
    })
  }

  delete(key: string, expectedRevision?: number): Promise<KeyValue> {
    return this.write(key, () => {
      const latest = this.latestLive(key, expectedRevision)
      const prevKv = rowToKeyValue(latest)
      const id = this.append(key, 0, 1, prevKv.createRevision, latest.id, latest.value, latest.value)
      return {
        type: 'DELETE',
        kv: { key, value: latest.value, createRevision: prevKv.createRevision, modRevision: id },
        prevKv,
      }
    })
  }

  /**
   * Runs one write inside the open transaction (starting one if needed) and resolves once that
   * transaction committed. A write that fails its checks is rejected at once and leaves no row.
   */
  private write(key: string, append: () => WatchEvent): Promise<KeyValue> {
    try {
      this.assertOpen(key)
      if (this.pending.length === 0) {
        this.st.begin.run()
        setImmediate(() => this.commit())
      }
      let event: WatchEvent
      try {
        event = append()
      } catch (err) {
        if (this.pending.length === 0) this.st.rollback.run()
        throw err
      }
      return new Promise<KeyValue>((resolve, reject) => this.pending.push({ event, resolve, reject }))
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)))
    }
  }

  /** Commits the open transaction, then publishes its events and acknowledges its writes. */
  private commit(): void {
    const batch = this.pending
    if (batch.length === 0) return
    this.pending = []
    try {
      this.st.commit.run()
    } catch (err) {
      try {
        this.st.rollback.run()
      } catch {
        // the transaction is already gone
      }
      this.appendedRev = this.rev
      const failure = new StorageError('Unreachable', '', `commit failed: ${(err as Error).message}`)
      for (const w of batch) w.reject(failure)
      return
    }
    this.rev = this.appendedRev
    for (const w of batch) this.publish(w.event)
    for (const w of batch) w.resolve(w.event.kv)
  }

  watch(prefix: string, afterRevision: number, handlers: WatchHandlers): Watcher {
    this.assertOpen(prefix)
    return this.watchers.watch(prefix, afterRevision, handlers)
  }

  /**
   * Records `revision` (capped at the current one) as compacted at once, then deletes the rows no
   * read at or above it needs, in short batches that yield to the event loop between them.
   * Progress is stored with each batch, so a sweep cut short resumes on the next open.
   */
  compact(revision: number): Promise<void> {
    const run = this.compaction.then(() => this.runCompaction(revision))
    this.compaction = run.catch(() => {})
    return run
  }

  async currentRevision(): Promise<number> {
    this.assertOpen('')
    return this.rev
  }

  async compactedRevision(): Promise<number> {
    this.assertOpen('')
    return this.compactRev
  }

  /** Stops compaction and watchers (no handler is called again) and closes the database. */
  async close(): Promise<void> {
    if (this.closed) return
    this.commit()
    this.closed = true
    if (this.timer) clearInterval(this.timer)
    this.watchers.closeAll()
    await this.compaction
    this.db.close()
  }

  private async runCompaction(revision: number): Promise<void> {
    if (this.closed) return
    this.commit()
    const target = Math.min(revision, this.rev)
    if (target > this.compactRev) {
      this.st.setMeta.run(META_COMPACT_REVISION, target)
      this.compactRev = target
    }
    const sweepBatch = this.db.transaction((lo: number, hi: number) => {
      this.st.compactSuperseded.run(lo, hi)
      this.st.compactTombstones.run(lo, hi)
      this.st.setMeta.run(META_COMPACT_SWEPT, hi)
    })
    const swept = this.swept
    while (this.swept < this.compactRev) {
      if (this.closed) return
      this.commit()
      const lo = this.swept + 1
      const hi = Math.min(lo + COMPACT_BATCH - 1, this.compactRev)
      sweepBatch.immediate(lo, hi)
      this.swept = hi
      if (this.swept < this.compactRev) await new Promise((resolve) => setImmediate(resolve))
    }
    if (this.swept > swept && !this.closed) this.db.pragma('wal_checkpoint(TRUNCATE)')
  }

  /** The revision a read runs at; throws Compacted below the compacted revision. */
  private readRevision(key: string, revision: number | undefined): number {
    this.assertOpen(key)
    if (revision === undefined || revision <= 0 || revision >= this.rev) return this.rev
    if (revision < this.compactRev) throw compacted(key, revision, this.compactRev)
    return revision
  }

  /** The key's latest row, which must exist and, when `expected` is given, be at that revision. */
  private latestLive(key: string, expected: number | undefined): LogRow {
    const latest = this.st.latest.get(key)
    if (!latest || latest.deleted) throw new StorageError('KeyNotFound', key, `key not found: ${key}`)
    if (expected !== undefined && latest.id !== expected) throw conflict(key, expected, latest)
    return latest
  }

  /** Appends one log row to the open transaction and returns its id, the new revision. */
  private append(
    key: string,
    created: 0 | 1,
    deleted: 0 | 1,
    createRevision: number,
    prevRevision: number,
    value: string,
    oldValue: string | null,
  ): number {
    try {
      const info = this.st.insert.run(key, created, deleted, createRevision, prevRevision, value, oldValue)
      this.appendedRev = Number(info.lastInsertRowid)
      return this.appendedRev
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err
      // Another writer appended after the row we read: report the state it left.
      const now = this.st.latest.get(key)
      if (created) throw now && !now.deleted ? keyExists(key, now) : conflict(key, prevRevision, now)
      if (!now || now.deleted) throw new StorageError('KeyNotFound', key, `key not found: ${key}`)
      throw conflict(key, prevRevision, now)
    }
  }

  private publish(ev: WatchEvent): void {
    this.watchers.notify(ev)
  }

  private assertOpen(key: string): void {
    if (this.closed) throw new StorageError('Unreachable', key, 'the SQLite storage is closed')
  }
}

interface PendingWrite {
  event: WatchEvent
  resolve: (kv: KeyValue) => void
  reject: (err: Error) => void
}

function keyExists(key: string, row: LogRow): StorageError {
  return new StorageError('KeyExists', key, `key already exists: ${key}`, rowToKeyValue(row))
}

function conflict(key: string, expected: number, row: LogRow | undefined): StorageError {
  const current = row && !row.deleted ? rowToKeyValue(row) : undefined
  const at = current ? current.modRevision : 'deleted'
  return new StorageError(
    'Conflict',
    key,
    `revision mismatch for ${key}: expected ${expected}, current ${at}`,
    current,
  )
}

function compacted(key: string, revision: number, compactRev: number): StorageError {
  return new StorageError(
    'Compacted',
    key,
    `required revision ${revision} has been compacted (compacted revision ${compactRev})`,
    undefined,
    compactRev,
  )
}
