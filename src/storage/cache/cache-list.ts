/**
 * The watch cache's list: from memory at the cache's revision, or from the backend for an older
 * revision. A filter applies before the limit, so a page holds `limit` matching objects and
 * `remaining` counts matching objects.
 */
import type { Storage } from '../interface.js'
import { cachedObjectFrom, type CachedObject } from './cached-object.js'
import type { KeyIndex } from './key-index.js'

export interface CacheListOptions {
  /** Items per page (0 or unset: all). With a filter, a page holds `limit` matching items. */
  limit?: number
  /** First key of the page (inclusive), for continue tokens. */
  startKey?: string
  /** Read at this older revision; answered by the backend. 0, unset or not older: current. */
  revision?: number
  /** Keep only the objects it accepts; applied before `limit`. */
  filter?: (o: CachedObject) => boolean
}

export interface CacheListResult {
  items: CachedObject[]
  revision: number
  /** True when `limit` cut the list short. */
  more: boolean
  /** When `more`: how many (matching) items follow. */
  remaining: number
}

/** The current state from memory: `index` orders the keys of `objects`. */
export function listFromMemory(
  index: KeyIndex,
  objects: ReadonlyMap<string, CachedObject>,
  revision: number,
  prefix: string,
  opts: CacheListOptions,
): CacheListResult {
  const limit = opts.limit !== undefined && opts.limit > 0 ? opts.limit : 0
  const filter = opts.filter
  const items: CachedObject[] = []
  let more = false
  let remaining = 0
  for (const { keys, start, end } of index.slices(prefix, opts.startKey)) {
    if (more && !filter) {
      remaining += end - start
      continue
    }
    for (let i = start; i < end; i++) {
      const obj = objects.get(keys[i])!
      if (filter && !filter(obj)) continue
      if (limit > 0 && items.length === limit) {
        more = true
        if (!filter) {
          remaining += end - i
          break
        }
        remaining++
        continue
      }
      items.push(obj)
    }
  }
  return { items, revision, more, remaining }
}

/** The backend's state at an older revision, parsed; StorageErrors (Compacted) pass through. */
export async function listFromBackend(
  backend: Storage,
  prefix: string,
  revision: number,
  opts: CacheListOptions,
): Promise<CacheListResult> {
  const limit = opts.limit !== undefined && opts.limit > 0 ? opts.limit : 0
  const filter = opts.filter
  // With a filter the backend's limit would count non-matching keys, so read them all.
  const res = await backend.list(prefix, {
    revision,
    startKey: opts.startKey,
    limit: filter ? 0 : limit,
  })
  if (!filter) return { ...res, items: res.items.map(cachedObjectFrom) }
  const matching = res.items.map(cachedObjectFrom).filter(filter)
  const more = limit > 0 && matching.length > limit
  return {
    items: more ? matching.slice(0, limit) : matching,
    revision: res.revision,
    more,
    remaining: more ? matching.length - limit : 0,
  }
}
