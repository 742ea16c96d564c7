/**
 * One watch on the watch cache: its prefix, the last revision it was given, and its handlers.
 * A watcher starts 'pending' (its replay is not delivered yet), turns 'live', and ends 'done'.
 */
import type { StorageError, Watcher } from '../interface.js'
import type { CachedObject } from './cached-object.js'

export interface CacheEvent {
  type: 'PUT' | 'DELETE'
  key: string
  /** The new state (PUT) or the last state with resourceVersion = the deletion revision (DELETE). */
  object: CachedObject
  /** The state before this event, when the key existed. */
  prev?: CachedObject
  revision: number
}

/** Receives events in revision order; the array and its objects are shared: never mutate them. */
export type CacheEventHandler = (evs: CacheEvent[]) => void
export type CacheErrorHandler = (err: StorageError) => void

export type CacheWatcherState = 'pending' | 'live' | 'done'

export class CacheWatcher implements Watcher {
  state: CacheWatcherState = 'pending'

  constructor(
    readonly prefix: string,
    /** Every event at or below this revision was delivered or is not wanted. */
    public lastRev: number,
    private readonly onEvents: CacheEventHandler,
    private readonly onError: CacheErrorHandler,
    private readonly detach: (w: CacheWatcher) => void,
  ) {}

  cancel(): void {
    if (this.state === 'done') return
    this.state = 'done'
    this.detach(this)
  }

  /** Hands events over; a handler that throws cancels its watcher. */
  deliver(evs: CacheEvent[]): void {
    if (evs.length === 0 || this.state === 'done') return
    try {
      this.onEvents(evs)
    } catch {
      this.cancel()
    }
  }

  /** Ends the watch with an error; nothing is delivered after it. */
  fail(err: StorageError): void {
    if (this.state === 'done') return
    this.cancel()
    try {
      this.onError(err)
    } catch {
      // the watcher is gone either way
    }
  }
}
