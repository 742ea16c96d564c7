/**
 * GET, LIST and WATCH of resources.
 */
import { randomInt } from 'node:crypto'
import type { CachedObject } from '../../storage/cache/watch-cache.js'
import { parseListOptions } from '../../registry/list-options.js'
import { listObjects, watchObjects, type WatchEventType } from '../../registry/read.js'
import type { Store } from '../../registry/store.js'
import { negotiate, type Negotiated } from '../negotiation.js'
import { statusOf, toYaml, writeJsonText, writeObject } from '../response-writers.js'
import { buildTable, parseIncludeObject, tableRows } from './table.js'
import { pretty, type RequestScope } from './scope.js'

/** The object as the client asked for it: apiVersion of the requested version. */
export function asServed(scope: RequestScope, c: CachedObject): any {
  const info = scope.served.info
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version
  return c.obj.apiVersion === apiVersion ? c.obj : { ...c.obj, apiVersion }
}

function jsonOf(scope: RequestScope, c: CachedObject): string {
  const obj = asServed(scope, c)
  return obj === c.obj ? c.json() : JSON.stringify(obj)
}

export function serveGet(scope: RequestScope): void {
  const neg = negotiate(scope.req.headers.accept, { allowTable: true })
  const store = scope.served.store
  const cached = store.get(scope.namespace, scope.name)
  writeOne(scope, neg, store, cached)
}

export function writeOne(scope: RequestScope, neg: Negotiated, store: Store, cached: CachedObject, code = 200): void {
  if (neg.table) {
    const include = parseIncludeObject(scope.query.get('includeObject'))
    const table = buildTable(store, [asServed(scope, cached)], {
      include,
      tableVersion: neg.table,
      listMeta: { resourceVersion: String(cached.modRevision) },
    })
    return writeObject(scope.res, code, table, neg)
  }
  if (neg.partial) {
    const obj = cached.obj
    return writeObject(scope.res, code, {
      kind: 'PartialObjectMetadata',
      apiVersion: `meta.k8s.io/${neg.partial}`,
      metadata: obj.metadata,
    })
  }
  if (neg.format === 'json' && !pretty(scope)) return writeJsonText(scope.res, code, jsonOf(scope, cached))
  writeObject(scope.res, code, asServed(scope, cached), neg, { pretty: pretty(scope) })
}

export async function serveList(scope: RequestScope): Promise<void> {
  const neg = negotiate(scope.req.headers.accept, { allowTable: true })
  const opts = parseListOptions(scope.query, false)
  const store = scope.served.store
  const page = await listObjects(store, scope.namespace, opts)
  const listMeta: Record<string, unknown> = { resourceVersion: page.resourceVersion }
  if (page.continue) listMeta['continue'] = page.continue
  if (page.remainingItemCount !== undefined) listMeta['remainingItemCount'] = page.remainingItemCount
  const info = scope.served.info
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version
  if (neg.table) {
    const include = parseIncludeObject(scope.query.get('includeObject'))
    const objects = page.items.map((c) => asServed(scope, c))
    return writeObject(scope.res, 200, buildTable(store, objects, { include, tableVersion: neg.table, listMeta }), neg)
  }
  if (neg.partial) {
    return writeObject(scope.res, 200, {
      kind: 'PartialObjectMetadataList',
      apiVersion: `meta.k8s.io/${neg.partial}`,
      metadata: listMeta,
      items: page.items.map((c) => ({
        kind: 'PartialObjectMetadata',
        apiVersion: `meta.k8s.io/${neg.partial}`,
        metadata: c.obj.metadata,
      })),
    })
  }
  if (neg.format === 'json' && !pretty(scope)) {
    // Concatenate the cached serializations: no object is re-encoded.
    const head = `{"kind":${JSON.stringify(info.listKind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(listMeta)},"items":[`
    const body = head + page.items.map((c) => jsonOf(scope, c)).join(',') + ']}'
    return writeJsonText(scope.res, 200, body)
  }
  const list = { kind: info.listKind, apiVersion, metadata: listMeta, items: page.items.map((c) => asServed(scope, c)) }
  writeObject(scope.res, 200, list, neg, { pretty: pretty(scope) })
}

const EVENT_LINES = new WeakMap<CachedObject, Partial<Record<WatchEventType, string>>>()

/** Watch streams end after timeoutSeconds, or after a random 30–60 minutes (min-request-timeout 1800 s). */
const MIN_REQUEST_TIMEOUT_S = 1800
const BOOKMARK_INTERVAL_MS = 60_000
/** A watcher that cannot keep up is dropped; the client re-lists or re-watches. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024

export async function serveWatch(scope: RequestScope): Promise<void> {
  const neg = negotiate(scope.req.headers.accept, { allowTable: true })
  const opts = parseListOptions(scope.query, true)
  const store = scope.served.store
  const { req, res } = scope
  const info = scope.served.info
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version
  const include = parseIncludeObject(scope.query.get('includeObject'))
  let headersSent = false
  let closed = false
  let firstTableEvent = true
  const buffered: string[] = []

  const write = (line: string) => {
    if (closed) return
    if (!headersSent) {
      buffered.push(line)
      return
    }
    res.write(line)
    if (res.writableLength > MAX_BUFFERED_BYTES) finish()
  }

  const eventLine = (type: WatchEventType, c: CachedObject): string => {
    if (neg.table) {
      const table = buildTable(store, [], { include, tableVersion: neg.table, noHeaders: !firstTableEvent })
      firstTableEvent = false
      table.rows = tableRows(store, [asServed(scope, c)], include, neg.table)
      return JSON.stringify({ type, object: table }) + '\n'
    }
    if (neg.format === 'yaml') return toYaml({ type, object: asServed(scope, c) }) + '---\n'
    if (asServed(scope, c) !== c.obj) return `{"type":"${type}","object":${jsonOf(scope, c)}}\n`
    // Every watcher of this object shares one serialization of the event.
    let lines = EVENT_LINES.get(c)
    if (!lines) EVENT_LINES.set(c, (lines = {}))
    return (lines[type] ??= `{"type":"${type}","object":${c.json()}}\n`)
  }

  const timers: { end?: NodeJS.Timeout; bookmark?: NodeJS.Timeout } = {}
  let watcher: { cancel(): void } | undefined

  const finish = () => {
    if (closed) return
    closed = true
    watcher?.cancel()
    clearInterval(timers.bookmark)
    clearTimeout(timers.end)
    if (!headersSent) {
      headersSent = true
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' })
      for (const l of buffered) res.write(l)
    }
    res.end()
  }

  const bookmark = (revision: number, initialEventsEnd: boolean) => {
    const metadata: any = { resourceVersion: String(revision), creationTimestamp: null }
    if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' }
    write(JSON.stringify({ type: 'BOOKMARK', object: { kind: info.kind, apiVersion, metadata } }) + '\n')
  }

  req.on('close', finish)
  res.on('close', finish)
  res.on('error', finish)

  try {
    watcher = await watchObjects(store, scope.namespace, opts, {
      event: (type: WatchEventType, c: CachedObject) => write(eventLine(type, c)),
      bookmark,
      error: (err) => {
        write(JSON.stringify({ type: 'ERROR', object: statusOf(err) }) + '\n')
        setImmediate(finish)
      },
    })
  } catch (err) {
    closed = true
    throw err
  }
  if (closed) {
    watcher.cancel()
    return
  }
  res.writeHead(200, {
    'Content-Type': neg.format === 'yaml' ? 'application/yaml' : 'application/json',
    'Cache-Control': 'no-cache, private',
  })
  res.flushHeaders()
  headersSent = true
  for (const l of buffered.splice(0)) res.write(l)

  const seconds = opts.timeoutSeconds ?? MIN_REQUEST_TIMEOUT_S + randomInt(MIN_REQUEST_TIMEOUT_S)
  timers.end = setTimeout(finish, seconds * 1000)
  if (opts.allowWatchBookmarks) {
    timers.bookmark = setInterval(() => bookmark(store.deps.cache.revision, false), BOOKMARK_INTERVAL_MS)
  }
}
