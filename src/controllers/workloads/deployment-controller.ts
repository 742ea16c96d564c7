/**
 * Deployment → ReplicaSets (the embedded mode has no kube-controller-manager). For each
 * Deployment:
 *  - the ReplicaSet whose template equals the Deployment's (ignoring pod-template-hash) is the
 *    new one; it is created as `<deployment>-<pod-template-hash>` when missing, with the hash
 *    in its labels, selector and template, the Deployment's annotations, revision
 *    max(old revisions) + 1 in `deployment.kubernetes.io/revision`, and the Deployment as
 *    controller owner (so deletion cascades through the garbage collector);
 *  - RollingUpdate grows the new ReplicaSet within maxSurge and shrinks old ones within
 *    maxUnavailable; Recreate scales old ones to 0 first and waits for their pods to go;
 *  - old ReplicaSets at 0 beyond spec.revisionHistoryLimit are deleted, oldest revision first;
 *  - the Deployment carries the new ReplicaSet's revision annotation, and its status is
 *    computed from the ReplicaSets (deployment-status.ts).
 * Orphaned ReplicaSets are not adopted, and progressDeadlineSeconds is never reported as
 * exceeded.
 */
import { deepEqual, rfc3339 } from '../../apimachinery/meta.js'
import { isAlreadyExists, isNotFound } from '../../apimachinery/errors.js'
import { SYSTEM_USER } from '../../apimachinery/user.js'
import type { Store, WriteOptions } from '../../registry/store.js'
import type { EventRecorder } from '../event-recorder.js'
import { Controller, splitKey } from '../runtime.js'
import { deploymentStatus } from './deployment-status.js'
import {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION,
  newReplicaSet,
  revisionOf,
  sameTemplate,
} from './new-replica-set.js'
import { controllerOf, isControlledBy } from './owner-refs.js'
import { podTemplateHash } from './pod-template-hash.js'
import { resolveFenceposts, rollingNewReplicas, rollingOldReplicas, type RsCounts } from './rollout-math.js'

const MANAGER = 'deployment-controller'
const opts = (subresource?: string): WriteOptions => ({
  user: SYSTEM_USER,
  version: 'v1',
  fieldManager: MANAGER,
  subresource,
})

const specReplicas = (rs: any): number => rs?.spec?.replicas ?? 0
const byAge = (a: any, b: any) =>
  String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) ||
  a.metadata.name.localeCompare(b.metadata.name)

export class DeploymentController {
  readonly controller: Controller

  constructor(
    private readonly deployments: Store,
    private readonly replicaSets: Store,
    private readonly events: EventRecorder,
  ) {
    this.controller = new Controller(MANAGER, (key) => this.reconcile(key))
  }

  async start(): Promise<void> {
    await this.controller.watch(this.deployments)
    await this.controller.watch(this.replicaSets, (_t, rs) => {
      const ref = controllerOf(rs)
      return ref?.kind === 'Deployment' ? [`${rs.metadata.namespace}/${ref.name}`] : []
    })
  }

  stop(): void {
    this.controller.stop()
  }

  private async replicaSetsOf(d: any): Promise<any[]> {
    const page = await this.replicaSets.deps.cache.list(
      this.replicaSets.collectionPrefix(d.metadata.namespace),
    )
    return page.items
      .map((c) => c.obj)
      .filter((rs) => isControlledBy(rs, d.metadata.uid) && !rs.metadata.deletionTimestamp)
  }

  private async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key)
    const d = this.deployments.getCached(namespace, name)?.obj
    if (!d || d.metadata.deletionTimestamp) return
    const spec = d.spec ?? {}
    const desired: number = spec.replicas ?? 1
    const rolling = spec.strategy?.type !== 'Recreate'
    const { surge, unavailable } = rolling
      ? resolveFenceposts(spec.strategy?.rollingUpdate, desired)
      : { surge: 0, unavailable: 0 }

    let all = await this.replicaSetsOf(d)
    let newRs = all.find((rs) => sameTemplate(rs.spec?.template, spec.template))
    let old = all.filter((rs) => rs !== newRs).sort(byAge)
    const maxOldRevision = old.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0)
    let created = false

    if (!newRs && !spec.paused) {
      const oldTotal = old.reduce((n, rs) => n + specReplicas(rs), 0)
      const initial = rolling ? rollingNewReplicas(desired, surge, 0, oldTotal) : oldTotal > 0 ? 0 : desired
      newRs = await this.createReplicaSet(d, maxOldRevision + 1, initial, surge)
      created = true
    } else if (newRs && revisionOf(newRs) <= maxOldRevision) {
      // Back to an older template (rollback): it becomes the newest revision again.
      newRs = await this.patchReplicaSet(newRs, (rs) => {
        rs.metadata.annotations = {
          ...rs.metadata.annotations,
          [REVISION_ANNOTATION]: String(maxOldRevision + 1),
        }
      })
    }
    if (newRs) await this.syncRevisionAnnotation(d, String(revisionOf(newRs)))

    if (!spec.paused || old.every((rs) => specReplicas(rs) === 0)) {
      if (rolling) await this.rollRolling(d, desired, surge, unavailable, newRs, old)
      else await this.rollRecreate(d, desired, newRs, old)
    }

    all = await this.replicaSetsOf(d)
    newRs = newRs && all.find((rs) => rs.metadata.uid === newRs.metadata.uid)
    old = all.filter((rs) => rs !== newRs).sort(byAge)
    if (!spec.paused && old.every((rs) => specReplicas(rs) === 0)) await this.cleanup(d, old)
    await this.updateStatus(namespace, name, d.metadata.uid, await this.replicaSetsOf(d), newRs, created)
  }

  private async rollRolling(
    d: any,
    desired: number,
    surge: number,
    unavailable: number,
    newRs: any,
    old: any[],
  ): Promise<void> {
    let newCounts: RsCounts | undefined
    if (newRs) {
      const total = [newRs, ...old].reduce((n, rs) => n + specReplicas(rs), 0)
      const target = rollingNewReplicas(desired, surge, specReplicas(newRs), total)
      if (target !== specReplicas(newRs)) await this.scale(d, newRs, target, surge)
      newCounts = {
        name: newRs.metadata.name,
        replicas: target,
        available: newRs.status?.availableReplicas ?? 0,
      }
    }
    const oldCounts = old.map((rs) => ({
      name: rs.metadata.name,
      replicas: specReplicas(rs),
      available: rs.status?.availableReplicas ?? 0,
    }))
    const changes = rollingOldReplicas(desired, unavailable, newCounts, oldCounts)
    for (const rs of old) {
      const n = changes.get(rs.metadata.name)
      if (n !== undefined) await this.scale(d, rs, n, surge)
    }
  }

  private async rollRecreate(d: any, desired: number, newRs: any, old: any[]): Promise<void> {
    const active = old.filter((rs) => specReplicas(rs) > 0)
    for (const rs of active) await this.scale(d, rs, 0, 0)
    if (active.length > 0 || old.some((rs) => (rs.status?.replicas ?? 0) > 0)) return
    if (newRs && specReplicas(newRs) !== desired) await this.scale(d, newRs, desired, 0)
  }

  private async cleanup(d: any, old: any[]): Promise<void> {
    const limit: number = d.spec?.revisionHistoryLimit ?? 10
    const cleanable = old
      .filter((rs) => specReplicas(rs) === 0 && (rs.status?.replicas ?? 0) === 0)
      .sort((a, b) => revisionOf(a) - revisionOf(b))
    for (const rs of cleanable.slice(0, Math.max(0, old.length - limit))) {
      try {
        await this.replicaSets.delete(
          rs.metadata.namespace,
          rs.metadata.name,
          { preconditions: { uid: rs.metadata.uid } },
          opts(),
        )
      } catch (err) {
        if (!isNotFound(err)) throw err
      }
    }
  }

  private async createReplicaSet(d: any, revision: number, replicas: number, surge: number): Promise<any> {
    const hash = podTemplateHash(d.spec.template, d.status?.collisionCount)
    const body = newReplicaSet(d, hash, revision, replicas, surge)
    try {
      const { object } = await this.replicaSets.create(d.metadata.namespace, body, opts())
      await this.events.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${object.metadata.name} from 0 to ${replicas}`,
      )
      return object
    } catch (err) {
      if (!isAlreadyExists(err)) throw err
      const existing = this.replicaSets.getCached(d.metadata.namespace, body.metadata.name)?.obj
      if (
        existing &&
        isControlledBy(existing, d.metadata.uid) &&
        sameTemplate(existing.spec?.template, d.spec.template)
      )
        return existing
      // A different ReplicaSet holds the name: hash again with a higher collisionCount.
      await this.deployments.guaranteedUpdate(
        d.metadata.namespace,
        d.metadata.name,
        opts('status'),
        undefined,
        (cur) => ({
          ...cur,
          status: { ...cur.status, collisionCount: (cur.status?.collisionCount ?? 0) + 1 },
        }),
      )
      throw new Error(`ReplicaSet name ${body.metadata.name} is taken; retrying with a new collisionCount`, {
        cause: err,
      })
    }
  }

  private async scale(d: any, rs: any, replicas: number, surge: number): Promise<void> {
    const from = specReplicas(rs)
    await this.patchReplicaSet(rs, (cur) => {
      cur.spec.replicas = replicas
      cur.metadata.annotations = {
        ...cur.metadata.annotations,
        [DESIRED_REPLICAS_ANNOTATION]: String(d.spec?.replicas ?? 1),
        [MAX_REPLICAS_ANNOTATION]: String((d.spec?.replicas ?? 1) + surge),
      }
    })
    const verb = replicas > from ? 'up' : 'down'
    await this.events.event(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${verb} replica set ${rs.metadata.name} from ${from} to ${replicas}`,
    )
  }

  private async patchReplicaSet(rs: any, change: (cur: any) => void): Promise<any> {
    const { object } = await this.replicaSets.guaranteedUpdate(
      rs.metadata.namespace,
      rs.metadata.name,
      opts(),
      undefined,
      (cur) => {
        if (cur.metadata.uid !== rs.metadata.uid)
          throw new Error(`ReplicaSet ${rs.metadata.name} was replaced`)
        change(cur)
        return cur
      },
    )
    return object
  }

  private async syncRevisionAnnotation(d: any, revision: string): Promise<void> {
    if (d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return
    await this.deployments.guaranteedUpdate(
      d.metadata.namespace,
      d.metadata.name,
      opts(),
      undefined,
      (cur) => {
        if (cur.metadata.uid !== d.metadata.uid) throw new Error(`Deployment ${d.metadata.name} was replaced`)
        cur.metadata.annotations = { ...cur.metadata.annotations, [REVISION_ANNOTATION]: revision }
        return cur
      },
    )
  }

  private async updateStatus(
    namespace: string,
    name: string,
    uid: string,
    all: any[],
    newRs: any,
    created: boolean,
  ): Promise<void> {
    const current = this.deployments.getCached(namespace, name)?.obj
    if (!current || current.metadata.uid !== uid) return
    const status = deploymentStatus({
      deployment: current,
      replicaSets: all,
      newRs,
      createdNewRs: created,
      now: rfc3339(),
    })
    if (deepEqual(status, current.status ?? {})) return
    try {
      await this.deployments.guaranteedUpdate(namespace, name, opts('status'), undefined, (cur) => {
        if (cur.metadata.uid !== uid) throw new Error(`Deployment ${name} was replaced`)
        // Recomputed against the object being written, in case it changed meanwhile.
        return {
          ...cur,
          status: deploymentStatus({
            deployment: cur,
            replicaSets: all,
            newRs,
            createdNewRs: created,
            now: rfc3339(),
          }),
        }
      })
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }
}
