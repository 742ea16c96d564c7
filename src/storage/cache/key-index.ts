/**
 * An ordered index of keys that answers "the keys under this prefix, from this key on" without
 * sorting, and stays cheap to update for large stores.
 *
 * Keys are split into buckets, each a sorted array: a key `<base><group>/<resource>/<rest>`
 * belongs to bucket `<base><group>/<resource>/`, so one resource's keys share a bucket and an
 * insert shifts only that resource's array. A key with fewer segments (or outside `base`) is a
 * bucket of its own, named by the key. Bucket names are kept sorted too.
 *
 * Why concatenating buckets in name order gives global key order: two different depth-two names
 * are never prefixes of each other, so any two keys from different buckets first differ inside
 * the bucket names and compare as the names do. The only prefix case is a single-key bucket whose
 * key is a prefix of another bucket's name, and then that key sorts before all of that bucket.
 *
 * Order is JavaScript string order (UTF-16 code units), which is byte order for ASCII keys.
 */
import { prefixEnd } from '../interface.js'

/** A run of keys: keys[start] .. keys[end - 1], all under the requested prefix, in order. */
export interface KeySlice {
  keys: readonly string[]
  start: number
  end: number
}

export class KeyIndex {
  private readonly buckets = new Map<string, string[]>()
  /** Bucket names, sorted. */
  private names: string[] = []
  private count_ = 0

  constructor(private readonly base: string) {}

  get size(): number {
    return this.count_
  }

  has(key: string): boolean {
    const keys = this.buckets.get(this.bucketOf(key))
    return keys !== undefined && keys[lowerBound(keys, key)] === key
  }

  /** Adds a key; no-op when present. */
  add(key: string): void {
    const name = this.bucketOf(key)
    let keys = this.buckets.get(name)
    if (!keys) {
      keys = []
      this.buckets.set(name, keys)
      this.names.splice(lowerBound(this.names, name), 0, name)
    }
    const i = lowerBound(keys, key)
    if (keys[i] === key) return
    keys.splice(i, 0, key)
    this.count_++
  }

  /** Removes a key; no-op when absent. */
  delete(key: string): void {
    const name = this.bucketOf(key)
    const keys = this.buckets.get(name)
    if (!keys) return
    const i = lowerBound(keys, key)
    if (keys[i] !== key) return
    keys.splice(i, 1)
    this.count_--
    if (keys.length === 0) {
      this.buckets.delete(name)
      this.names.splice(lowerBound(this.names, name), 1)
    }
  }

  /** Replaces the whole content (any order, no duplicates) with one sort. */
  load(keys: Iterable<string>): void {
    this.buckets.clear()
    const sorted = [...keys].sort(compare)
    for (const key of sorted) {
      const name = this.bucketOf(key)
      const bucket = this.buckets.get(name)
      if (bucket) bucket.push(key)
      else this.buckets.set(name, [key])
    }
    this.names = [...this.buckets.keys()].sort(compare)
    this.count_ = sorted.length
  }

  /** The keys beginning with `prefix` and not before `from`, as ordered runs. */
  slices(prefix: string, from?: string): KeySlice[] {
    const lo = from !== undefined && from > prefix ? from : prefix
    const single = this.fullBucketName(prefix)
    if (single !== undefined) {
      const keys = this.buckets.get(single)
      if (!keys) return []
      const start = lowerBound(keys, lo)
      const end = prefix === single ? keys.length : lowerBound(keys, prefixEnd(prefix))
      return start < end ? [{ keys, start, end }] : []
    }
    // The prefix is shorter than a bucket name: every bucket whose name begins with it.
    const out: KeySlice[] = []
    for (let n = lowerBound(this.names, prefix); n < this.names.length; n++) {
      const name = this.names[n]
      if (!name.startsWith(prefix)) break
      const keys = this.buckets.get(name)!
      const start = lo > name ? lowerBound(keys, lo) : 0
      if (start < keys.length) out.push({ keys, start, end: keys.length })
    }
    return out
  }

  /** How many keys begin with `prefix`. */
  count(prefix: string): number {
    let n = 0
    for (const s of this.slices(prefix)) n += s.end - s.start
    return n
  }

  private bucketOf(key: string): string {
    return this.fullBucketName(key) ?? key
  }

  /** `<base><segment>/<segment>/` when `s` reaches that far, else undefined. */
  private fullBucketName(s: string): string | undefined {
    if (!s.startsWith(this.base)) return undefined
    const first = s.indexOf('/', this.base.length)
    if (first < 0) return undefined
    const second = s.indexOf('/', first + 1)
    return second < 0 ? undefined : s.slice(0, second + 1)
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The first index whose element is >= `target`. */
export function lowerBound(sorted: readonly string[], target: string): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] < target) lo = mid + 1
    else hi = mid
  }
  return lo
}
