/**
 * Records core/v1 Events about objects, as client-go's event recorder does for controllers:
 * one Event per (object, type, reason, message); a repeat bumps its `count` and
 * `lastTimestamp` instead of creating another. Recording is best effort: a failure is logged
 * and never fails the reconcile that reported it.
 */
import { isNotFound } from '../apimachinery/errors.js'
import { rfc3339 } from '../apimachinery/meta.js'
import { SYSTEM_USER } from '../apimachinery/user.js'
import { logger } from '../observability/logger.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { WriteOptions } from '../registry/store.js'

export type EventType = 'Normal' | 'Warning'

const MAX_REMEMBERED = 4096

export class EventRecorder {
  /** Dedup key → name of the Event already written for it. */
  private readonly seen = new Map<string, { namespace: string; name: string }>()

  constructor(
    private readonly registry: ResourceRegistry,
    /** `source.component` and `reportingComponent`, e.g. `replicaset-controller`. */
    readonly component: string,
  ) {}

  async event(obj: any, type: EventType, reason: string, message: string): Promise<void> {
    try {
      await this.write(obj, type, reason, message)
    } catch (err) {
      logger.warn(
        { component: this.component, reason, err: (err as Error).message },
        'could not record event',
      )
    }
  }

  private async write(obj: any, type: EventType, reason: string, message: string): Promise<void> {
    const events = this.registry.storeFor('', 'events')
    if (!events) return
    const meta = obj?.metadata ?? {}
    const namespace: string = meta.namespace || 'default'
    const key = [meta.uid, type, reason, message].join('\u0000')
    const opts: WriteOptions = { user: SYSTEM_USER, version: 'v1', fieldManager: this.component }
    const now = rfc3339()
    const known = this.seen.get(key)
    if (known) {
      try {
        await events.guaranteedUpdate(known.namespace, known.name, opts, undefined, (cur) => ({
          ...cur,
          count: (cur.count ?? 1) + 1,
          lastTimestamp: now,
        }))
        return
      } catch (err) {
        if (!isNotFound(err)) throw err
        this.seen.delete(key)
      }
    }
    const name = `${meta.name}.${(BigInt(Date.now()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1_000_000))).toString(16)}`
    const body = {
      metadata: { name, namespace },
      involvedObject: {
        kind: obj.kind,
        namespace: meta.namespace,
        name: meta.name,
        uid: meta.uid,
        apiVersion: obj.apiVersion,
        resourceVersion: meta.resourceVersion,
      },
      reason,
      message,
      source: { component: this.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.component,
      reportingInstance: '',
    }
    await events.create(namespace, body, opts)
    if (this.seen.size >= MAX_REMEMBERED) this.seen.clear()
    this.seen.set(key, { namespace, name })
  }
}
