/**
 * Test helper: records what a Storage watch delivers and waits for it, for the conformance suite
 * and backend tests. Waiting polls with a deadline, so a missing event fails a test instead of
 * hanging it.
 */
import type { StorageError, WatchEvent, WatchHandlers } from '../interface.js'

/** [type, key, value, modRevision]: an event in a form that reads well in assertion diffs. */
export type EventSummary = [string, string, string, number]

export function summarize(ev: WatchEvent): EventSummary {
  return [ev.type, ev.kv.key, ev.kv.value, ev.kv.modRevision]
}

export class WatchRecorder implements WatchHandlers {
  readonly events: WatchEvent[] = []
  readonly errors: StorageError[] = []
  /** Sizes of the batches handed to onEvents, in order. */
  readonly batches: number[] = []

  onEvents(events: WatchEvent[]): void {
    this.batches.push(events.length)
    this.events.push(...events)
  }

  onError(err: StorageError): void {
    this.errors.push(err)
  }

  summaries(): EventSummary[] {
    return this.events.map(summarize)
  }

  /** Resolves once at least `n` events arrived; rejects after `timeoutMs`. */
  async waitForEvents(n: number, timeoutMs = 5000): Promise<WatchEvent[]> {
    await waitUntil(
      () => this.events.length >= n,
      timeoutMs,
      () => `${this.events.length} of ${n} events`,
    )
    return this.events
  }

  async waitForError(timeoutMs = 5000): Promise<StorageError> {
    await waitUntil(
      () => this.errors.length > 0,
      timeoutMs,
      () => 'an error',
    )
    return this.errors[0]
  }
}

/** Polls `cond` every few milliseconds until it holds; throws after `timeoutMs`. */
export async function waitUntil(cond: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

/** Lets pending deliveries (microtasks, immediates, short timers) run. */
export function settle(ms = 30): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
