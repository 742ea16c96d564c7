/**
 * Watches on the SQLite log. SQLite here belongs to one process, so there is no poll loop: the
 * storage calls notify() right after each commit and every live watcher whose prefix matches gets
 * the event synchronously, in revision order.
 *
 * A watch from an older revision first replays history from the table in pages, then turns live.
 * Hand-over without gaps or duplicates: each watcher remembers the last revision it was given
 * (`lastRev`). A replay page reads committed rows up to the current revision; the last page sets
 * `lastRev` to that revision and turns the watcher live in the same synchronous step, and live
 * delivery skips events at or below `lastRev`. Events committed while a watcher is still
 * replaying are in the table, so a later page picks them up.
 *
 * Writes outside a watcher's prefix reach it as progress notices (onProgress), when it has that
 * handler, so a watch cache learns that it is current.
 */
import { StorageError, type WatchEvent, type WatchHandlers, type Watcher } from '../interface.js'
import { rangeOf, rowToEvent, type KeyRange, type LogRow } from './log-statements.js'

/** What the watchers need from the storage to replay history. */
export interface HistorySource {
  /** Log rows in (after, upTo] for keys in `range`, oldest first, at most `limit`. */
  history(after: number, upTo: number, range: KeyRange, limit: number): LogRow[]
  revision(): number
  compactedRevision(): number
  closed(): boolean
}

/** Rows per replay page; between pages the event loop gets a turn. */
const REPLAY_PAGE = 1000

type WatcherState = 'replaying' | 'live' | 'done'

class LogWatcher implements Watcher {
  state: WatcherState = 'replaying'
  constructor(
    readonly prefix: string,
    readonly range: KeyRange,
    public lastRev: number,
    readonly handlers: WatchHandlers,
    private readonly owner: LogWatchers,
  ) {}

  cancel(): void {
    if (this.state === 'done') return
    this.state = 'done'
    this.owner.remove(this)
  }

  /** Hands events over; a throwing handler cancels this watcher and never breaks a write. */
  deliver(events: WatchEvent[]): void {
    if (events.length === 0 || this.state === 'done') return
    try {
      this.handlers.onEvents(events)
    } catch {
      this.cancel()
    }
  }

  /** Tells the watcher, if it listens for progress, that it is current up to `revision`. */
  progress(revision: number): void {
    if (this.state === 'done' || !this.handlers.onProgress) return
    try {
      this.handlers.onProgress(revision)
    } catch {
      this.cancel()
    }
  }

  fail(err: StorageError): void {
    if (this.state === 'done') return
    this.cancel()
    try {
      this.handlers.onError(err)
    } catch {
      // the watcher is gone either way
    }
  }
}

export class LogWatchers {
  private readonly watchers = new Set<LogWatcher>()
  /** Events waiting for delivery: a handler that writes must not overtake earlier events. */
  private queue: WatchEvent[] = []
  private dispatching = false

  constructor(private readonly source: HistorySource) {}

  get size(): number {
    return this.watchers.size
  }

  watch(prefix: string, afterRevision: number, handlers: WatchHandlers): Watcher {
    const w = new LogWatcher(prefix, rangeOf(prefix), afterRevision, handlers, this)
    this.watchers.add(w)
    // The first page runs before any later-queued continuation (such as the caller's next await),
    // so a short history turns live almost at once; nothing is delivered inside watch() itself.
    queueMicrotask(() => this.replayStep(w))
    return w
  }

  remove(w: LogWatcher): void {
    this.watchers.delete(w)
  }

  /** Called by the storage right after a commit, with that commit's event. */
  notify(ev: WatchEvent): void {
    if (this.watchers.size === 0) return
    this.queue.push(ev)
    if (!this.dispatching) this.drain()
  }

  /**
   * Runs `first` (a replay delivery), then delivers queued events, with writes made by handlers
   * meanwhile queued behind them: no handler sees a later event before it returned from an
   * earlier one.
   */
  private drain(first?: () => void): void {
    this.dispatching = true
    try {
      first?.()
      for (let i = 0; i < this.queue.length; i++) this.dispatch(this.queue[i])
    } finally {
      this.queue = []
      this.dispatching = false
    }
  }

  /** Stops every watcher without calling its handlers (the storage is closing). */
  closeAll(): void {
    for (const w of this.watchers) w.state = 'done'
    this.watchers.clear()
  }

  private dispatch(ev: WatchEvent): void {
    const rev = ev.kv.modRevision
    for (const w of this.watchers) {
      if (w.state !== 'live' || rev <= w.lastRev) continue
      w.lastRev = rev
      if (ev.kv.key.startsWith(w.prefix)) w.deliver([ev])
      else w.progress(rev)
    }
  }

  private replayStep(w: LogWatcher): void {
    if (w.state !== 'replaying') return
    if (this.source.closed()) {
      w.cancel()
      return
    }
    const compacted = this.source.compactedRevision()
    if (w.lastRev < compacted) {
      w.fail(
        new StorageError(
          'Compacted',
          w.prefix,
          `required revision ${w.lastRev + 1} has been compacted (compacted revision ${compacted})`,
          undefined,
          compacted,
        ),
      )
      return
    }
    const upTo = this.source.revision()
    const rows = w.lastRev < upTo ? this.source.history(w.lastRev, upTo, w.range, REPLAY_PAGE) : []
    const events = rows.map(rowToEvent)
    if (rows.length === REPLAY_PAGE) {
      w.lastRev = rows[rows.length - 1].id
      this.drain(() => w.deliver(events))
      setImmediate(() => this.replayStep(w))
      return
    }
    const lastEvent = rows.length > 0 ? rows[rows.length - 1].id : w.lastRev
    w.lastRev = Math.max(w.lastRev, upTo)
    w.state = 'live'
    this.drain(() => {
      w.deliver(events)
      if (lastEvent < upTo) w.progress(upTo)
    })
  }
}
