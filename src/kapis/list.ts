/**
 * The one list pipeline of every /kapis list route: filter (all filters must hold), sort,
 * page, answer `{"items": [...], "totalItems": n}` (kapis.md §3.1, §4). Items come from the
 * watch cache and keep their memoized JSON, so a page of cached objects is written without
 * serializing them again.
 *
 * Sorting is a total order: the sort key, then the name, then the namespace, all in the same
 * direction (descending unless `ascending=true`). A small first page (the common
 * `limit=10&page=1`) is selected in one pass instead of sorting everything.
 */
import type { ServerResponse } from 'node:http'
import { writeJsonText } from '../server/response-writers.js'
import { metaFilter, type Semantics } from './filters.js'
import { pageBounds, type Query } from './query.js'

/** A listed object with its JSON text (a CachedObject, or a transformed copy). */
export interface Entry {
  readonly obj: any
  json(): string
}

/** What a resource adds to the generic pipeline (kapis.md §5.3). */
export interface ResourceBehaviour {
  /** A resource-specific filter: true/false decides, undefined falls back to the generic one. */
  filter?: (obj: any, key: string, value: string) => boolean | undefined
  /** Sort keys of its own, by `sortBy` value; other values sort by creation time. */
  sortKeys?: Readonly<Record<string, (obj: any) => string>>
  /** Changes an item on its way out (e.g. removes a secret field); the input is shared. */
  transform?: (obj: any) => any
}

export interface ListResult {
  items: Entry[]
  totalItems: number
}

export function entryOf(obj: any): Entry {
  let text: string | undefined
  return { obj, json: () => (text ??= JSON.stringify(obj)) }
}

/** The object's own filter decision, then the semantics' generic one. */
export function passes(obj: any, q: Query, semantics: Semantics, behaviour?: ResourceBehaviour): boolean {
  for (const [key, value] of q.filters) {
    const own = behaviour?.filter?.(obj, key, value)
    if (own === false) return false
    if (own === undefined && !metaFilter(semantics, obj, key, value)) return false
  }
  return true
}

type KeyOf = (obj: any) => string

function sortKeyFunction(sortBy: string, behaviour?: ResourceBehaviour): KeyOf {
  if (sortBy === 'name') return (o) => o?.metadata?.name ?? ''
  const own = behaviour?.sortKeys
  if (own && Object.hasOwn(own, sortBy)) return own[sortBy]
  return (o) => o?.metadata?.creationTimestamp ?? ''
}

/** Negative when `a` comes first. */
function comparator(keyOf: KeyOf, ascending: boolean): (a: Entry, b: Entry) => number {
  const dir = ascending ? 1 : -1
  return (a, b) => {
    const ka = keyOf(a.obj)
    const kb = keyOf(b.obj)
    if (ka !== kb) return ka < kb ? -dir : dir
    const ma = a.obj?.metadata ?? {}
    const mb = b.obj?.metadata ?? {}
    if (ma.name !== mb.name) return (ma.name ?? '') < (mb.name ?? '') ? -dir : dir
    if (ma.namespace !== mb.namespace) return (ma.namespace ?? '') < (mb.namespace ?? '') ? -dir : dir
    return 0
  }
}

const SELECT_LIMIT = 256

/** The first `k` entries in `cmp` order, without sorting all of them. */
function selectFirst(entries: Entry[], k: number, cmp: (a: Entry, b: Entry) => number): Entry[] {
  const best: Entry[] = []
  for (const e of entries) {
    if (best.length === k && cmp(e, best[k - 1]) >= 0) continue
    let lo = 0
    let hi = best.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cmp(best[mid], e) <= 0) lo = mid + 1
      else hi = mid
    }
    best.splice(lo, 0, e)
    if (best.length > k) best.pop()
  }
  return best
}

/** Sorts (or selects) and pages already filtered entries. */
export function sortAndPage(filtered: Entry[], q: Query, behaviour?: ResourceBehaviour): Entry[] {
  const [start, end] = pageBounds(q, filtered.length)
  if (start >= end) return []
  const cmp = comparator(sortKeyFunction(q.sortBy, behaviour), q.ascending)
  if (end <= SELECT_LIMIT && end * 4 < filtered.length) return selectFirst(filtered, end, cmp).slice(start)
  return filtered.slice().sort(cmp).slice(start, end)
}

/**
 * Filtered and sorted results of recent lists, by query, valid at one cache revision. The
 * first time a query is asked at a revision it is answered the cheap way (a small first page
 * is selected, not sorted); when it is asked again at the same revision, the full sorted
 * result is kept, so further pages and repeats cost only the paging until the next write.
 */
export class SortedLists {
  private readonly lists = new Map<string, { revision: number; sorted?: Entry[] }>()

  constructor(private readonly capacity = 32) {}

  /** The kept result of this query at this revision. */
  lookup(query: string, revision: number): Entry[] | undefined {
    const hit = this.lists.get(query)
    return hit?.revision === revision ? hit.sorted : undefined
  }

  /** Records that the query is answered now; true when it was already asked at this revision. */
  asked(query: string, revision: number): boolean {
    const seen = this.lists.get(query)?.revision === revision
    if (!seen) this.put(query, { revision })
    return seen
  }

  keep(query: string, revision: number, sorted: Entry[]): void {
    this.put(query, { revision, sorted })
  }

  private put(query: string, value: { revision: number; sorted?: Entry[] }): void {
    this.lists.delete(query)
    this.lists.set(query, value)
    if (this.lists.size > this.capacity) this.lists.delete(this.lists.keys().next().value!)
  }
}

/** Where listEntries may keep its sorted result: the query and the revision of the objects. */
export interface SortMemo {
  lists: SortedLists
  query: string
  revision: number
}

function page(sorted: Entry[], q: Query): Entry[] {
  const [start, end] = pageBounds(q, sorted.length)
  return sorted.slice(start, end)
}

/**
 * Filters, sorts, pages and transforms: the whole §4 pipeline, with a memo when the entries
 * are a store's objects at a known revision.
 */
export function listEntries(
  entries: Entry[],
  q: Query,
  semantics: Semantics,
  behaviour?: ResourceBehaviour,
  memo?: SortMemo,
): ListResult {
  let items: Entry[]
  let total: number
  const remembered = memo?.lists.lookup(memo.query, memo.revision)
  if (remembered) {
    items = page(remembered, q)
    total = remembered.length
  } else {
    const filtered =
      q.filters.size === 0 ? entries : entries.filter((e) => passes(e.obj, q, semantics, behaviour))
    total = filtered.length
    if (memo?.lists.asked(memo.query, memo.revision)) {
      const sorted = filtered.slice().sort(comparator(sortKeyFunction(q.sortBy, behaviour), q.ascending))
      memo.lists.keep(memo.query, memo.revision, sorted)
      items = page(sorted, q)
    } else {
      items = sortAndPage(filtered, q, behaviour)
    }
  }
  const transform = behaviour?.transform
  if (transform) items = items.map((e) => entryOf(transform(e.obj)))
  return { items, totalItems: total }
}

/** `{"items":[...],"totalItems":n}` from the entries' JSON texts. */
export function listResultJson(result: ListResult): string {
  let body = '{"items":['
  for (let i = 0; i < result.items.length; i++) {
    if (i > 0) body += ','
    body += result.items[i].json()
  }
  return body + `],"totalItems":${result.totalItems}}`
}

export function writeListResult(res: ServerResponse, result: ListResult): void {
  writeJsonText(res, 200, listResultJson(result))
}
