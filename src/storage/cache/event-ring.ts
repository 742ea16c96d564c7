/**
 * A fixed-capacity ring of events in increasing revision order: the watch cache's replay
 * history. Pushing into a full ring evicts the oldest event.
 */
export class EventRing<T extends { revision: number }> {
  private readonly buf: (T | undefined)[]
  private head = 0
  private len = 0
  /** True once an event was evicted since the last clear(): history before oldest() is lost. */
  evicted = false

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`ring capacity must be >= 1: ${capacity}`)
    this.buf = new Array<T | undefined>(capacity)
  }

  get size(): number {
    return this.len
  }

  push(ev: T): void {
    if (this.len === this.capacity) {
      this.buf[this.head] = ev
      this.head = (this.head + 1) % this.capacity
      this.evicted = true
    } else {
      this.buf[(this.head + this.len) % this.capacity] = ev
      this.len++
    }
  }

  oldest(): T | undefined {
    return this.len > 0 ? this.at(0) : undefined
  }

  /** The events with revision > `after`, oldest first. */
  since(after: number): T[] {
    let lo = 0
    let hi = this.len
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.at(mid).revision <= after) lo = mid + 1
      else hi = mid
    }
    const out: T[] = new Array<T>(this.len - lo)
    for (let i = lo; i < this.len; i++) out[i - lo] = this.at(i)
    return out
  }

  clear(): void {
    this.buf.fill(undefined)
    this.head = 0
    this.len = 0
    this.evicted = false
  }

  private at(i: number): T {
    return this.buf[(this.head + i) % this.capacity]!
  }
}
