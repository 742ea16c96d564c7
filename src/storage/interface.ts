/**
 * The storage contract: an etcd-shaped key/value store with one global, strictly increasing
 * revision. Backends (sqlite/, etcd/) implement it; the watch cache (cache/) wraps any backend.
 * Storage knows keys, string values and revisions only: no kinds, no HTTP, no users.
 * Every backend must pass testing/conformance.ts unchanged.
 */

export interface KeyValue {
  key: string
  /** The stored bytes as text (JSON documents). For a DELETE event: the value before deletion. */
  value: string
  /** Revision at which the key was (last) created. */
  createRevision: number
  /** Revision of the last write to the key; for a DELETE event, the revision of the deletion. */
  modRevision: number
}

export type WatchEventType = 'PUT' | 'DELETE'

export interface WatchEvent {
  type: WatchEventType
  /** New state (PUT) or last state with modRevision = deletion revision (DELETE). */
  kv: KeyValue
  /** Previous state, when the key existed before this event. */
  prevKv?: KeyValue
}

export interface ListOptions {
  /** Read the state as of this revision (0 or unset: current). Compacted → StorageError Compacted. */
  revision?: number
  /** Return at most this many items (0 or unset: no limit). */
  limit?: number
  /** Start at this key (inclusive); used for paging with a continue token. Must lie under the prefix. */
  startKey?: string
}

export interface ListResult {
  items: KeyValue[]
  /** The revision the list was read at (the current revision when none was requested). */
  revision: number
  /** True when the limit cut the list short. */
  more: boolean
  /** When `more`: how many matching keys remain after the returned items. */
  remaining: number
}

export interface GetOptions {
  revision?: number
}

export interface Watcher {
  /** Stops delivery; no handler is called after cancel returns. */
  cancel(): void
}

export interface WatchHandlers {
  /** Events in revision order, every change after the start revision, each exactly once. */
  onEvents(events: WatchEvent[]): void
  /**
   * The watch ended abnormally: Compacted when the start revision is no longer available,
   * Unreachable when the backend connection broke. No event follows.
   */
  onError(err: StorageError): void
  /**
   * Optional progress notice: every change under the prefix up to `revision` has been delivered
   * (writes elsewhere moved the store's revision on). Lets a watch cache know it is current
   * without an event of its own. Backends may call it at any time, or never.
   */
  onProgress?(revision: number): void
}

export interface Storage {
  /** The key's current value (or at `revision`), or null when absent. */
  get(key: string, opts?: GetOptions): Promise<KeyValue | null>
  /** All keys beginning with `prefix`, sorted by key. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>
  /** How many keys begin with `prefix` now. */
  count(prefix: string): Promise<number>
  /** Creates the key; KeyExists when it exists. Resolves once durable. */
  create(key: string, value: string): Promise<KeyValue>
  /**
   * Replaces the value if the key's modRevision equals `expectedRevision` (compare-and-swap).
   * KeyNotFound when absent; Conflict (carrying the current KeyValue) when the revision differs.
   */
  update(key: string, value: string, expectedRevision: number): Promise<KeyValue>
  /**
   * Deletes the key, if `expectedRevision` is given only at that revision. Returns the deleted
   * value with modRevision set to the deletion revision. KeyNotFound / Conflict as for update.
   */
  delete(key: string, expectedRevision?: number): Promise<KeyValue>
  /**
   * Delivers every change under `prefix` with revision > `afterRevision`, then live changes.
   * `afterRevision` older than the compacted revision → handlers.onError(Compacted), asynchronously.
   */
  watch(prefix: string, afterRevision: number, handlers: WatchHandlers): Watcher
  /** Drops history at and below `revision`; later reads or watches below it get Compacted. */
  compact(revision: number): Promise<void>
  /** The latest revision written (0 for an empty store). */
  currentRevision(): Promise<number>
  /** The revision history was compacted to (0 when never compacted). */
  compactedRevision(): Promise<number>
  close(): Promise<void>
}

export type StorageErrorCode = 'KeyNotFound' | 'KeyExists' | 'Conflict' | 'Compacted' | 'Unreachable' | 'TooLarge'

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly key: string,
    message: string,
    /** For Conflict: the current state of the key. For Compacted: the compacted revision. */
    readonly current?: KeyValue,
    readonly compactedRevision?: number,
  ) {
    super(message)
    this.name = 'StorageError'
  }
}

export const isStorageError = (e: unknown, code?: StorageErrorCode): e is StorageError =>
  e instanceof StorageError && (code === undefined || e.code === code)

/** The smallest string greater than every string with this prefix, for range ends. */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
}
