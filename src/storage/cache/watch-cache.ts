/**
 * The watch cache: an in-memory copy of everything under one prefix of a Storage, kept current by
 * one backend watch, serving the registry's reads and watches (like kube-apiserver's cacher).
 *
 * Contracts:
 * - Objects and event arrays handed out are shared by all callers: never mutate them.
 * - Events reach watchers synchronously as the backend delivers them, in revision order, each
 *   once. Over the SQLite backend that is before the write's promise resolves, so reads right
 *   after a write see it. Over a backend that delivers later, use waitUntilFresh(revision).
 * - A watch replays the retained events (the newest `capacity`) after its start revision. A start
 *   revision older than that history fails with Compacted and kube-apiserver's wording,
 *   `too old resource version: R (oldest - 1)`; the caller answers 410 and the client relists.
 * - The cache never writes.
 * - When the backend watch fails, every watcher ends with Compacted (its client relists) and the
 *   cache lists the backend again (retrying every `resyncDelayMs`); reads meanwhile serve the last
 *   known state.
 */
import { StorageError, type Storage, type WatchEvent, type Watcher } from '../interface.js'
import { cachedObjectFrom, type CachedObject } from './cached-object.js'
import {
  CacheWatcher,
  type CacheErrorHandler,
  type CacheEvent,
  type CacheEventHandler,
} from './cache-watcher.js'
import { EventRing } from './event-ring.js'
import { KeyIndex } from './key-index.js'
import { PrefixIndex } from './prefix-index.js'
import { listFromBackend, listFromMemory, type CacheListOptions, type CacheListResult } from './cache-list.js'

export type { CachedObject } from './cached-object.js'
export type { CacheEvent, CacheEventHandler, CacheErrorHandler } from './cache-watcher.js'
export type { CacheListOptions, CacheListResult } from './cache-list.js'

export interface WatchCacheOptions {
  /** Everything under this prefix is cached. Default '/registry/'. */
  prefix?: string
  /** Events retained for watch replay. Default 10,000. */
  capacity?: number
  /** Pause before listing again after the backend watch failed. Default 1,000 ms. */
  resyncDelayMs?: number
}

export const DEFAULT_CACHE_PREFIX = '/registry/'
export const DEFAULT_CACHE_CAPACITY = 10_000
const DEFAULT_WAIT_MS = 3000

interface Waiter {
  revision: number
  resolve: (fresh: boolean) => void
  timer: NodeJS.Timeout
}

export class WatchCache {
  readonly prefix: string
  private readonly objects = new Map<string, CachedObject>()
  private readonly index: KeyIndex
  private readonly ring: EventRing<CacheEvent>
  private readonly watchers = new PrefixIndex<CacheWatcher>()
  private readonly resyncDelayMs: number
  private rev = 0
  /** The revision of the last full list: history before it was never seen. */
  private startRev = 0
  private backendWatch: Watcher | undefined
  private waiters: Waiter[] = []
  private stopped = false
  private resyncTimer: NodeJS.Timeout | undefined
  /** Backend events (or progress revisions) waiting while a delivery runs (a handler may write). */
  private queue: (WatchEvent | number)[] = []
  private dispatching = false

  constructor(
    private readonly backend: Storage,
    opts: WatchCacheOptions = {},
  ) {
    this.prefix = opts.prefix ?? DEFAULT_CACHE_PREFIX
    this.index = new KeyIndex(this.prefix)
    this.ring = new EventRing(opts.capacity ?? DEFAULT_CACHE_CAPACITY)
    this.resyncDelayMs = opts.resyncDelayMs ?? 1000
  }

  /** The newest revision the cache has applied. */
  get revision(): number {
    return this.rev
  }

  /** Lists the whole prefix from the backend and starts following it. */
  async start(): Promise<void> {
    await this.sync()
  }

  /** Stops following the backend; open watches end with Unreachable, waiters get false. */
  stop(): void {
    if (this.stopped) return
    this.stopped = true
    clearTimeout(this.resyncTimer)
    this.backendWatch?.cancel()
    this.backendWatch = undefined
    const err = new StorageError('Unreachable', this.prefix, 'the watch cache was stopped')
    for (const w of this.watchers.all()) w.fail(err)
    for (const w of this.waiters) {
      clearTimeout(w.timer)
      w.resolve(false)
    }
    this.waiters = []
  }

  /** The cached object at `key` (shared: never mutate), or undefined. */
  get(key: string): CachedObject | undefined {
    return this.objects.get(key)
  }

  /** How many keys begin with `prefix` now. */
  count(prefix: string): number {
    return this.index.count(prefix)
  }

  /**
   * The objects under `prefix`, sorted by key: the current state from memory, or, for a revision
   * older than the cache's, the backend's state at that revision (Compacted is rethrown).
   */
  async list(prefix: string, opts: CacheListOptions = {}): Promise<CacheListResult> {
    if (opts.revision !== undefined && opts.revision > 0 && opts.revision < this.rev) {
      return listFromBackend(this.backend, prefix, opts.revision, opts)
    }
    return listFromMemory(this.index, this.objects, this.rev, prefix, opts)
  }

  /** Resolves true once the cache applied `revision`, false after `timeoutMs` or on stop. */
  waitUntilFresh(revision: number, timeoutMs = DEFAULT_WAIT_MS): Promise<boolean> {
    if (this.rev >= revision) return Promise.resolve(true)
    if (this.stopped) return Promise.resolve(false)
    return new Promise((resolve) => {
      const waiter: Waiter = {
        revision,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter)
          resolve(false)
        }, timeoutMs),
      }
      this.waiters.push(waiter)
    })
  }

  /**
   * Delivers every change under `prefix` after `afterRevision` (retained history first, then
   * live), or calls onError(Compacted) when that history is gone. Nothing is delivered inside
   * this call; a start revision newer than the cache's simply waits for those events.
   */
  watch(
    prefix: string,
    afterRevision: number,
    onEvents: CacheEventHandler,
    onError: CacheErrorHandler,
  ): Watcher {
    const w = new CacheWatcher(prefix, afterRevision, onEvents, onError, (x) => this.watchers.delete(x))
    this.watchers.add(w)
    queueMicrotask(() => this.activate(w))
    return w
  }

  /** The backend's current revision (may be ahead of the cache's). */
  getRevisionNow(): Promise<number> {
    return this.backend.currentRevision()
  }

  /** (Re)loads the whole prefix and follows the backend from that revision. */
  private async sync(): Promise<void> {
    const listed = await this.backend.list(this.prefix)
    if (this.stopped) return
    if (this.startRev > 0 || this.watchers.size > 0) this.failAllWatchers(listed.revision)
    this.objects.clear()
    for (const kv of listed.items) this.objects.set(kv.key, cachedObjectFrom(kv))
    this.index.load(this.objects.keys())
    this.ring.clear()
    this.queue = []
    this.startRev = listed.revision
    this.rev = Math.max(this.rev, listed.revision)
    this.resolveWaiters()
    this.backendWatch = this.backend.watch(this.prefix, listed.revision, {
      onEvents: (evs) => this.receive(evs),
      onError: (err) => this.onBackendError(err),
      onProgress: (revision) => this.receive([revision]),
    })
    // Let the backend's replay of anything written since the list land before start() returns.
    const now = await this.backend.currentRevision()
    if (now > this.rev) await this.waitUntilFresh(now, 1000)
  }

  private onBackendError(err: StorageError): void {
    this.backendWatch = undefined
    if (this.stopped) return
    this.failAllWatchers(this.rev, err.message)
    const retry = (): void => {
      this.resyncTimer = setTimeout(() => {
        if (!this.stopped) this.sync().catch(retry)
      }, this.resyncDelayMs)
    }
    retry()
  }

  /** Ends every watch so that its client relists (410): the cache's history is being replaced. */
  private failAllWatchers(revision: number, cause?: string): void {
    const message = `too old resource version: the watch cache is re-listing${cause ? ` (${cause})` : ''}`
    for (const w of this.watchers.all()) {
      w.fail(new StorageError('Compacted', w.prefix, message, undefined, revision))
    }
  }

  private receive(evs: (WatchEvent | number)[]): void {
    for (const ev of evs) this.queue.push(ev)
    if (!this.dispatching) this.drain()
  }

  /** Runs `first`, then applies queued backend events; writes by handlers meanwhile queue up. */
  private drain(first?: () => void): void {
    this.dispatching = true
    try {
      first?.()
      for (let i = 0; i < this.queue.length; i++) this.apply(this.queue[i])
    } finally {
      this.queue = []
      this.dispatching = false
    }
    if (this.waiters.length > 0) this.resolveWaiters()
  }

  private apply(ev: WatchEvent | number): void {
    if (typeof ev === 'number') {
      // Progress: nothing under the prefix changed up to this revision.
      if (ev > this.rev) this.rev = ev
      return
    }
    const revision = ev.kv.modRevision
    if (revision <= this.rev) return // already reflected (e.g. by the list)
    const key = ev.kv.key
    const prev = this.objects.get(key) ?? (ev.prevKv ? cachedObjectFrom(ev.prevKv) : undefined)
    const object = cachedObjectFrom(ev.kv)
    if (ev.type === 'PUT') {
      this.objects.set(key, object)
      this.index.add(key)
    } else {
      this.objects.delete(key)
      this.index.delete(key)
    }
    const ce: CacheEvent = { type: ev.type, key, object, revision }
    if (prev) ce.prev = prev
    this.rev = revision
    this.ring.push(ce)
    this.dispatch(ce)
  }

  private dispatch(ce: CacheEvent): void {
    const batch = [ce] // shared by every watcher of this event
    this.watchers.forEachMatch(ce.key, (w) => {
      if (w.state !== 'live' || ce.revision <= w.lastRev) return
      w.lastRev = ce.revision
      w.deliver(batch)
    })
  }

  /** Turns a new watcher live: too-old check, replay from the ring, then live delivery. */
  private activate(w: CacheWatcher): void {
    if (w.state !== 'pending') return
    if (this.stopped) {
      w.fail(new StorageError('Unreachable', w.prefix, 'the watch cache was stopped'))
      return
    }
    // Without evictions the cache holds every change after its list; otherwise after the
    // newest evicted event (revisions under the prefix are taken to be consecutive, as upstream).
    const oldest = this.ring.evicted ? this.ring.oldest()!.revision : this.startRev + 1
    if (w.lastRev < oldest - 1) {
      const msg = `too old resource version: ${w.lastRev} (${oldest - 1})`
      w.fail(new StorageError('Compacted', w.prefix, msg, undefined, oldest - 1))
      return
    }
    const replay =
      w.lastRev < this.rev ? this.ring.since(w.lastRev).filter((e) => e.key.startsWith(w.prefix)) : []
    w.lastRev = Math.max(w.lastRev, this.rev)
    w.state = 'live'
    this.drain(() => w.deliver(replay))
  }

  private resolveWaiters(): void {
    const still: Waiter[] = []
    for (const w of this.waiters) {
      if (w.revision <= this.rev) {
        clearTimeout(w.timer)
        w.resolve(true)
      } else still.push(w)
    }
    this.waiters = still
  }
}
