/**
 * Subscribers grouped by prefix, so that finding the watchers of one key costs a few map
 * look-ups instead of a scan over every watcher.
 *
 * Prefixes ending in '/' (the usual case: a resource, or a resource in a namespace) are found by
 * looking up each '/'-terminated prefix of the key. Any other prefix (an exact key, '', a partial
 * name) is kept in a short side list that is checked with startsWith.
 */
export interface HasPrefix {
  readonly prefix: string
}

export class PrefixIndex<W extends HasPrefix> {
  private readonly bySlashPrefix = new Map<string, Set<W>>()
  private readonly others = new Map<string, Set<W>>()
  private count_ = 0

  get size(): number {
    return this.count_
  }

  add(w: W): void {
    const map = this.mapFor(w.prefix)
    let set = map.get(w.prefix)
    if (!set) map.set(w.prefix, (set = new Set()))
    if (!set.has(w)) {
      set.add(w)
      this.count_++
    }
  }

  delete(w: W): void {
    const map = this.mapFor(w.prefix)
    const set = map.get(w.prefix)
    if (!set?.delete(w)) return
    this.count_--
    if (set.size === 0) map.delete(w.prefix)
  }

  /**
   * Calls `fn` for every subscriber whose prefix `key` begins with. `fn` may add or delete
   * subscribers; ones added meanwhile may or may not be visited.
   */
  forEachMatch(key: string, fn: (w: W) => void): void {
    if (this.bySlashPrefix.size > 0) {
      for (let i = key.indexOf('/'); i >= 0; i = key.indexOf('/', i + 1)) {
        const set = this.bySlashPrefix.get(key.slice(0, i + 1))
        if (set) for (const w of set) fn(w)
      }
    }
    if (this.others.size > 0) {
      for (const [prefix, set] of this.others) if (key.startsWith(prefix)) for (const w of set) fn(w)
    }
  }

  /** Every subscriber, once. */
  all(): W[] {
    const out: W[] = []
    for (const map of [this.bySlashPrefix, this.others]) for (const set of map.values()) out.push(...set)
    return out
  }

  private mapFor(prefix: string): Map<string, Set<W>> {
    return prefix.endsWith('/') ? this.bySlashPrefix : this.others
  }
}
