/**
 * ReplicaSet → Pods: keeps as many live pods as spec.replicas asks for, each made from the pod
 * template with the ReplicaSet as controller owner, and reports the counts in status.
 *
 * Pods are created through the Store as `replicaset-controller`, so they pass admission like
 * any other create (the KubeSphere ServiceAccount injector included). A refused create is
 * reported as a `FailedCreate` event and a ReplicaFailure condition and retried with backoff.
 * Surplus pods go not-ready first, then newest first. Pods without a controller are not
 * adopted.
 */
import { clone, deepEqual, rfc3339 } from '../../apimachinery/meta.js'
import { isApiError, isNotFound } from '../../apimachinery/errors.js'
import { SYSTEM_USER } from '../../apimachinery/user.js'
import type { Store, WriteOptions } from '../../registry/store.js'
import type { EventRecorder } from '../event-recorder.js'
import { Controller, splitKey } from '../runtime.js'
import { controllerOf, controllerRef, isControlledBy } from './owner-refs.js'
import { isPodReady, podAvailability } from './running-pod-status.js'

const MANAGER = 'replicaset-controller'
const opts = (subresource?: string): WriteOptions => ({
  user: SYSTEM_USER,
  version: 'v1',
  fieldManager: MANAGER,
  subresource,
})

/** Live pods of a ReplicaSet: controlled by it and not being deleted. */
export async function podsOf(pods: Store, rs: any): Promise<any[]> {
  const page = await pods.deps.cache.list(pods.collectionPrefix(rs.metadata.namespace))
  return page.items
    .map((c) => c.obj)
    .filter((p) => isControlledBy(p, rs.metadata.uid) && !p.metadata.deletionTimestamp)
}

/** The Pod a ReplicaSet creates from its template. */
export function podFromTemplate(rs: any): any {
  const template = rs.spec?.template ?? {}
  const tmeta = template.metadata ?? {}
  const metadata: any = {
    generateName: `${rs.metadata.name}-`,
    namespace: rs.metadata.namespace,
    ownerReferences: [controllerRef(rs, 'apps/v1', 'ReplicaSet')],
  }
  if (tmeta.labels) metadata.labels = clone(tmeta.labels)
  if (tmeta.annotations) metadata.annotations = clone(tmeta.annotations)
  if (tmeta.finalizers) metadata.finalizers = clone(tmeta.finalizers)
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: clone(template.spec ?? {}) }
}

/** Which pods to delete when there are `n` too many: not ready first, then the newest. */
export function podsToDelete(pods: any[], n: number): any[] {
  const rank = (p: any) => (isPodReady(p) ? 1 : 0)
  return [...pods]
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)),
    )
    .slice(0, Math.max(0, n))
}

export class ReplicaSetController {
  readonly controller: Controller
  private readonly timers = new Set<NodeJS.Timeout>()

  constructor(
    private readonly replicaSets: Store,
    private readonly pods: Store,
    private readonly events: EventRecorder,
  ) {
    this.controller = new Controller(MANAGER, (key) => this.reconcile(key))
  }

  async start(): Promise<void> {
    await this.controller.watch(this.replicaSets)
    await this.controller.watch(this.pods, (_t, pod) => {
      const ref = controllerOf(pod)
      return ref?.kind === 'ReplicaSet' ? [`${pod.metadata.namespace}/${ref.name}`] : []
    })
  }

  stop(): void {
    this.controller.stop()
    for (const t of this.timers) clearTimeout(t)
  }

  private async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key)
    const rs = this.replicaSets.getCached(namespace, name)?.obj
    if (!rs || rs.metadata.deletionTimestamp) return
    const desired: number = rs.spec?.replicas ?? 1
    let pods = await podsOf(this.pods, rs)
    let failure: string | undefined
    if (pods.length < desired) {
      failure = await this.createPods(rs, desired - pods.length)
      pods = await podsOf(this.pods, rs)
    } else if (pods.length > desired) {
      for (const pod of podsToDelete(pods, pods.length - desired)) await this.deletePod(rs, pod)
      pods = await podsOf(this.pods, rs)
    }
    await this.updateStatus(rs, pods, failure)
    if (failure) throw new Error(`creating pods for ReplicaSet ${key}: ${failure}`)
  }

  /** Creates up to `n` pods; returns the error text of the first refused create. */
  private async createPods(rs: any, n: number): Promise<string | undefined> {
    for (let i = 0; i < n; i++) {
      try {
        const { object } = await this.pods.create(rs.metadata.namespace, podFromTemplate(rs), opts())
        await this.events.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${object.metadata.name}`)
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err)
        await this.events.event(rs, 'Warning', 'FailedCreate', `Error creating: ${text}`)
        if (!isApiError(err)) throw err
        return text
      }
    }
    return undefined
  }

  private async deletePod(rs: any, pod: any): Promise<void> {
    try {
      await this.pods.delete(
        pod.metadata.namespace,
        pod.metadata.name,
        { preconditions: { uid: pod.metadata.uid } },
        opts(),
      )
      await this.events.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`)
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }

  private async updateStatus(rs: any, pods: any[], failure: string | undefined): Promise<void> {
    const minReady: number = rs.spec?.minReadySeconds ?? 0
    const now = Date.now()
    let available = 0
    let recheckMs = 0
    for (const p of pods) {
      const a = podAvailability(p, minReady, now)
      if (a.available) available++
      else if (a.waitMs > 0) recheckMs = recheckMs ? Math.min(recheckMs, a.waitMs) : a.waitMs
    }
    if (recheckMs > 0) this.enqueueAfter(`${rs.metadata.namespace}/${rs.metadata.name}`, recheckMs)
    const labels = rs.spec?.template?.metadata?.labels ?? {}
    const status: any = { replicas: pods.length }
    const fully = pods.filter((p) =>
      Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v),
    ).length
    if (fully) status.fullyLabeledReplicas = fully
    const ready = pods.filter(isPodReady).length
    if (ready) status.readyReplicas = ready
    if (available) status.availableReplicas = available
    if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation
    const oldFailure = (rs.status?.conditions ?? []).find((c: any) => c?.type === 'ReplicaFailure')
    if (failure) {
      const sameText = oldFailure?.message === failure
      status.conditions = [
        {
          type: 'ReplicaFailure',
          status: 'True',
          lastTransitionTime: sameText ? oldFailure.lastTransitionTime : rfc3339(),
          reason: 'FailedCreate',
          message: failure,
        },
      ]
    }
    if (deepEqual(status, rs.status ?? {})) return
    try {
      await this.replicaSets.guaranteedUpdate(
        rs.metadata.namespace,
        rs.metadata.name,
        opts('status'),
        undefined,
        (cur) => {
          if (cur.metadata.uid !== rs.metadata.uid) throw new Error('ReplicaSet was replaced')
          return { ...cur, status }
        },
      )
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }

  private enqueueAfter(key: string, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t)
      this.controller.enqueue(key)
    }, ms)
    t.unref()
    this.timers.add(t)
  }
}
