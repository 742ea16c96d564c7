/**
 * LIST and WATCH for any Store, from the watch cache, with kube-apiserver's resourceVersion,
 * paging and selector semantics (kube-api.md §7, §8).
 */
import { newBadRequest, newResourceExpired, newTimeout, quote } from '../apimachinery/errors.js'
import { matches } from '../apimachinery/labels/selector.js'
import { matchesFields, requirements } from '../apimachinery/fields/selector.js'
import type { CacheEvent, CachedObject } from '../storage/cache/watch-cache.js'
import { isStorageError, type Watcher } from '../storage/interface.js'
import { encodeContinue, type ListOptions } from './list-options.js'
import type { Store } from './store.js'

export interface ListPage {
  items: CachedObject[]
  resourceVersion: string
  continue?: string
  remainingItemCount?: number
}

const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.'

/** Builds the object predicate for the options; rejects fields the kind cannot select on. */
export function predicate(store: Store, opts: ListOptions): ((o: CachedObject) => boolean) | undefined {
  const { labelSelector, fieldSelector } = opts
  if (fieldSelector) {
    const supported = supportedFields(store)
    for (const r of requirements(fieldSelector)) {
      if (!supported.has(r.field)) {
        if (store.strategy.hasFieldLabelConversion) throw newBadRequest(`field label not supported: ${r.field}`)
        throw newBadRequest(`${quote(r.field)} is not a known field selector: only "metadata.name", "metadata.namespace"`)
      }
    }
  }
  if (!labelSelector && !fieldSelector) return undefined
  return (o: CachedObject) => {
    const obj = o.obj
    if (labelSelector && !matches(labelSelector, obj.metadata?.labels)) return false
    if (fieldSelector && !matchesFields(fieldSelector, fieldsOf(store, obj))) return false
    return true
  }
}

export function fieldsOf(store: Store, obj: any): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': obj.metadata?.name ?? '' }
  if (store.namespaced) fields['metadata.namespace'] = obj.metadata?.namespace ?? ''
  return store.strategy.selectableFields ? { ...fields, ...store.strategy.selectableFields(obj) } : fields
}

const supportedCache = new WeakMap<Store, Set<string>>()

function supportedFields(store: Store): Set<string> {
  let s = supportedCache.get(store)
  if (!s) {
    s = new Set(['metadata.name', 'metadata.namespace'])
    const skeleton = { metadata: {}, spec: {}, status: {}, involvedObject: {}, source: {} }
    try {
      for (const k of Object.keys(store.strategy.selectableFields?.(skeleton) ?? {})) s.add(k)
    } catch {
      // a strategy that cannot describe an empty object selects on metadata only
    }
    supportedCache.set(store, s)
  }
  return s
}

/** Waits until the cache has seen `rv`; 504 "Too large resource version" after ~3 s. */
async function awaitRevision(store: Store, rv: number): Promise<void> {
  const cache = store.deps.cache
  if (cache.revision >= rv) return
  if (await cache.waitUntilFresh(rv, 3000)) return
  throw newTimeout(`Too large resource version: ${rv}, current: ${cache.revision}`, 1, [
    { reason: 'ResourceVersionTooLarge', message: 'Too large resource version' },
  ])
}

export async function listObjects(store: Store, namespace: string, opts: ListOptions): Promise<ListPage> {
  const cache = store.deps.cache
  const filter = predicate(store, opts)
  const prefix = store.collectionPrefix(namespace)
  let revision: number | undefined
  let startKey: string | undefined
  if (opts.continueToken) {
    const t = opts.continueToken
    startKey = store.prefix + t.start
    if (!startKey.startsWith(prefix)) throw newBadRequest('invalid continue token: continue key is not valid')
    if (t.rv > 0) revision = t.rv
  } else if (opts.resourceVersion !== undefined && opts.resourceVersion !== '0') {
    const rv = Number(opts.resourceVersion)
    if (opts.resourceVersionMatch === 'Exact') revision = rv
    else await awaitRevision(store, rv)
  } else {
    // A consistent read: the cache must have caught up with storage (several replicas on etcd).
    await cache.waitUntilFresh(await cache.getRevisionNow(), 3000)
  }
  if (revision !== undefined && revision >= cache.revision) {
    if (revision > cache.revision) await awaitRevision(store, revision)
    revision = undefined
  }
  let result
  try {
    result = await cache.list(prefix, { limit: opts.limit || undefined, startKey, revision, filter })
  } catch (err) {
    if (isStorageError(err, 'Compacted')) {
      if (opts.continueToken) {
        const fresh = encodeContinue(-1, opts.continueToken.start)
        throw newResourceExpired(CONTINUE_EXPIRED, fresh)
      }
      throw newResourceExpired('The resourceVersion for the provided list is too old.')
    }
    throw err
  }
  const page: ListPage = { items: result.items, resourceVersion: String(result.revision) }
  if (result.more && result.items.length > 0) {
    const last = result.items[result.items.length - 1].key
    page.continue = encodeContinue(result.revision, last.slice(store.prefix.length) + '\u0000')
    if (!filter) page.remainingItemCount = result.remaining
  }
  return page
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED'

export interface WatchSink {
  event(type: WatchEventType, object: CachedObject): void
  /** A bookmark at this revision; `initialEventsEnd` marks the end of sendInitialEvents. */
  bookmark(revision: number, initialEventsEnd: boolean): void
  /** The watch cannot continue (410 Expired); the stream should end after writing it. */
  error(err: Error): void
}

/**
 * Starts a watch. Resolves once the initial events (if any) were delivered and live delivery
 * is set up; the returned Watcher stops it.
 */
export async function watchObjects(store: Store, namespace: string, opts: ListOptions, sink: WatchSink): Promise<Watcher> {
  const cache = store.deps.cache
  const filter = predicate(store, opts)
  const prefix = store.collectionPrefix(namespace)
  const rv = opts.resourceVersion
  let start: number
  const initial = rv === undefined || rv === '0' || opts.sendInitialEvents === true
  if (initial) {
    if (rv === undefined) await cache.waitUntilFresh(await cache.getRevisionNow(), 3000)
    else if (rv !== '0') await awaitRevision(store, Number(rv))
    const list = await cache.list(prefix, { filter })
    for (const item of list.items) sink.event('ADDED', item)
    start = list.revision
    if (opts.sendInitialEvents && opts.allowWatchBookmarks) sink.bookmark(start, true)
  } else {
    start = Number(rv)
  }
  return cache.watch(
    prefix,
    start,
    (events: CacheEvent[]) => {
      for (const ev of events) deliver(ev, filter, sink)
    },
    (err) => sink.error(isStorageError(err, 'Compacted') ? newResourceExpired(err.message) : err),
  )
}

function deliver(ev: CacheEvent, filter: ((o: CachedObject) => boolean) | undefined, sink: WatchSink): void {
  if (ev.type === 'DELETE') {
    if (!filter || filter(ev.object)) sink.event('DELETED', ev.object)
    return
  }
  if (!filter) {
    sink.event(ev.prev ? 'MODIFIED' : 'ADDED', ev.object)
    return
  }
  const now = filter(ev.object)
  const before = ev.prev ? filter(ev.prev) : false
  if (now && before) sink.event('MODIFIED', ev.object)
  else if (now) sink.event('ADDED', ev.object)
  else if (before) sink.event('DELETED', ev.object)
}
