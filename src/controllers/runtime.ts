/**
 * A small controller runtime: informers over registry stores feed a de-duplicating work queue;
 * reconcile(key) runs one key at a time and is retried with backoff when it throws.
 */
import { parseListOptions } from '../registry/list-options.js'
import { watchObjects, type WatchEventType } from '../registry/read.js'
import type { Store } from '../registry/store.js'
import type { CachedObject } from '../storage/cache/watch-cache.js'
import type { Watcher } from '../storage/interface.js'
import { logger } from '../observability/logger.js'

export type Reconcile = (key: string) => Promise<void>

export type EventHandler = (type: WatchEventType, obj: any) => void

/** Calls `handler` for every current object (ADDED) and then every change, re-watching on expiry. */
export async function inform(store: Store, handler: EventHandler): Promise<Watcher> {
  let current: Watcher | undefined
  let stopped = false
  const start = async (resourceVersion?: string): Promise<void> => {
    const query = new URLSearchParams()
    if (resourceVersion) query.set('resourceVersion', resourceVersion)
    let last = resourceVersion
    current = await watchObjects(store, '', parseListOptions(query, true), {
      event: (type, c: CachedObject) => {
        last = c.obj.metadata?.resourceVersion ?? last
        handler(type, c.obj)
      },
      bookmark: () => {},
      error: () => {
        // History is gone: start over with a fresh list.
        current?.cancel()
        if (!stopped) void start().catch((err) => logger.error({ err }, 'informer restart failed'))
      },
    })
    void last
  }
  await start()
  return {
    cancel() {
      stopped = true
      current?.cancel()
    },
  }
}

export function keyOf(obj: any): string {
  const m = obj.metadata ?? {}
  return m.namespace ? `${m.namespace}/${m.name}` : m.name
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/')
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) }
}

const MAX_BACKOFF_MS = 10_000

export class Controller {
  private readonly queue = new Set<string>()
  private readonly failures = new Map<string, number>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly watchers: Watcher[] = []
  private running = false
  private stopped = false
  private idle: (() => void)[] = []

  constructor(
    readonly name: string,
    private readonly reconcile: Reconcile,
  ) {}

  enqueue(key: string): void {
    if (this.stopped) return
    this.queue.add(key)
    if (!this.running) void this.drain()
  }

  /** Enqueues keys for objects of `store` (mapped by `keys`, default the object's own key). */
  async watch(store: Store, keys: (type: WatchEventType, obj: any) => string[] = (_t, o) => [keyOf(o)]): Promise<void> {
    this.watchers.push(await inform(store, (type, obj) => keys(type, obj).forEach((k) => this.enqueue(k))))
  }

  addWatcher(w: Watcher): void {
    this.watchers.push(w)
  }

  /** Resolves when the queue is empty and nothing is running (for tests and shutdown). */
  whenIdle(): Promise<void> {
    if (!this.running && this.queue.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  stop(): void {
    this.stopped = true
    for (const w of this.watchers) w.cancel()
    for (const t of this.timers) clearTimeout(t)
    this.queue.clear()
  }

  private async drain(): Promise<void> {
    this.running = true
    try {
      while (this.queue.size > 0 && !this.stopped) {
        const key = this.queue.values().next().value as string
        this.queue.delete(key)
        try {
          await this.reconcile(key)
          this.failures.delete(key)
        } catch (err) {
          const n = (this.failures.get(key) ?? 0) + 1
          this.failures.set(key, n)
          const delay = Math.min(MAX_BACKOFF_MS, 50 * 2 ** n)
          logger.warn({ controller: this.name, key, attempt: n, err: (err as Error).message }, 'reconcile failed; retrying')
          const t = setTimeout(() => {
            this.timers.delete(t)
            this.enqueue(key)
          }, delay)
          t.unref()
          this.timers.add(t)
        }
      }
    } finally {
      this.running = false
      if (this.queue.size === 0) for (const r of this.idle.splice(0)) r()
    }
  }
}
