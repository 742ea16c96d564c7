/**
 * The watch cache's view of a stored value: parsed once, with metadata.resourceVersion set to
 * the revision of the write that produced it, and its JSON text made at most once.
 *
 * Cached objects are shared by every reader and watcher: callers must never mutate `obj` (copy
 * it first, e.g. with structuredClone). Nothing enforces this, for speed.
 */
import type { KeyValue } from '../interface.js'

export interface CachedObject {
  readonly key: string
  /**
   * The parsed JSON value. When it is an object, `obj.metadata.resourceVersion` is
   * String(modRevision) (metadata is created if missing). A value that is not JSON gives null.
   */
  readonly obj: any
  readonly modRevision: number
  readonly createRevision: number
  /** JSON.stringify(obj), computed on first use and memoized (the raw value when it was not JSON). */
  json(): string
}

class Entry implements CachedObject {
  constructor(
    readonly key: string,
    readonly obj: any,
    readonly modRevision: number,
    readonly createRevision: number,
    private text: string | undefined,
  ) {}

  json(): string {
    return (this.text ??= JSON.stringify(this.obj))
  }
}

/** Parses a stored KeyValue (for a deletion: the last state at the deletion revision). */
export function cachedObjectFrom(kv: KeyValue): CachedObject {
  let obj: any
  try {
    obj = JSON.parse(kv.value)
  } catch {
    return new Entry(kv.key, null, kv.modRevision, kv.createRevision, kv.value)
  }
  if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) {
    const meta = obj.metadata
    if (meta !== null && typeof meta === 'object' && !Array.isArray(meta))
      meta.resourceVersion = String(kv.modRevision)
    else if (meta === undefined) obj.metadata = { resourceVersion: String(kv.modRevision) }
  }
  return new Entry(kv.key, obj, kv.modRevision, kv.createRevision, undefined)
}
