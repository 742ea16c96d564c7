/**
 * Deployment status from its ReplicaSets (upstream calculateStatus and syncRolloutStatus):
 * counts summed over the ReplicaSets, and the two conditions kubectl waits on:
 *  - Available: True/MinimumReplicasAvailable once availableReplicas >= replicas - maxUnavailable;
 *  - Progressing: NewReplicaSetCreated / FoundNewReplicaSet when the new ReplicaSet appears,
 *    ReplicaSetUpdated while pods move, NewReplicaSetAvailable once the rollout is complete,
 *    Unknown/DeploymentPaused (and DeploymentResumed) around pauses.
 * Counts that are zero are left out, as upstream's omitempty JSON does.
 */
import { maxUnavailable } from './rollout-math.js'

export interface DeploymentCondition {
  type: string
  status: 'True' | 'False' | 'Unknown'
  lastUpdateTime: string
  lastTransitionTime: string
  reason: string
  message: string
}

const list = (v: unknown): any[] => (Array.isArray(v) ? v : [])

/**
 * Sets a condition the way upstream does: an unchanged status and reason change nothing; a new
 * reason with the same status keeps lastTransitionTime; the condition moves to the end.
 */
export function setCondition(
  conditions: DeploymentCondition[],
  c: Omit<DeploymentCondition, 'lastUpdateTime' | 'lastTransitionTime'>,
  now: string,
): DeploymentCondition[] {
  const current = conditions.find((x) => x.type === c.type)
  if (current && current.status === c.status && current.reason === c.reason) return conditions
  const lastTransitionTime = current && current.status === c.status ? current.lastTransitionTime : now
  return [
    ...conditions.filter((x) => x.type !== c.type),
    {
      type: c.type,
      status: c.status,
      lastUpdateTime: now,
      lastTransitionTime,
      reason: c.reason,
      message: c.message,
    },
  ]
}

export interface StatusInput {
  deployment: any
  /** Every ReplicaSet the Deployment controls, the new one included. */
  replicaSets: any[]
  /** The ReplicaSet whose template is the Deployment's, when it exists. */
  newRs: any
  /** The new ReplicaSet was created by this reconcile. */
  createdNewRs: boolean
  now: string
}

const count = (rs: any, field: string): number =>
  typeof rs?.status?.[field] === 'number' ? rs.status[field] : 0

function putCount(status: any, field: string, n: number): void {
  if (n > 0) status[field] = n
  else delete status[field]
}

/** A complete rollout: every replica updated, available, and nothing old left; generation observed. */
export function isComplete(deployment: any, status: any): boolean {
  const replicas: number = deployment?.spec?.replicas ?? 1
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (deployment?.metadata?.generation ?? 0)
  )
}

function isProgressing(old: any, next: any): boolean {
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0)
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0)
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  )
}

export function deploymentStatus(input: StatusInput): any {
  const { deployment: d, replicaSets, newRs, now } = input
  const old = d.status ?? {}
  const spec = d.spec ?? {}
  const desired: number = spec.replicas ?? 1
  const status: any = { ...old }
  putCount(status, 'observedGeneration', d.metadata?.generation ?? 0)
  const replicas = replicaSets.reduce((n, rs) => n + count(rs, 'replicas'), 0)
  const available = replicaSets.reduce((n, rs) => n + count(rs, 'availableReplicas'), 0)
  putCount(status, 'replicas', replicas)
  putCount(status, 'updatedReplicas', newRs ? count(newRs, 'replicas') : 0)
  putCount(
    status,
    'readyReplicas',
    replicaSets.reduce((n, rs) => n + count(rs, 'readyReplicas'), 0),
  )
  putCount(status, 'availableReplicas', available)
  putCount(status, 'unavailableReplicas', Math.max(0, desired - available))

  let conditions: DeploymentCondition[] = list(old.conditions)
  conditions =
    available >= desired - maxUnavailable(d)
      ? setCondition(
          conditions,
          {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          },
          now,
        )
      : setCondition(
          conditions,
          {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
          now,
        )

  const progressing = conditions.find((c) => c.type === 'Progressing')
  if (spec.paused) {
    if (progressing?.reason !== 'DeploymentPaused') {
      conditions = setCondition(
        conditions,
        {
          type: 'Progressing',
          status: 'Unknown',
          reason: 'DeploymentPaused',
          message: 'Deployment is paused',
        },
        now,
      )
    }
  } else if (progressing?.reason === 'DeploymentPaused') {
    conditions = setCondition(
      conditions,
      {
        type: 'Progressing',
        status: 'Unknown',
        reason: 'DeploymentResumed',
        message: 'Deployment is resumed',
      },
      now,
    )
  } else if (newRs) {
    const name = newRs.metadata.name
    if (input.createdNewRs) {
      conditions = setCondition(
        conditions,
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetCreated',
          message: `Created new replica set ${JSON.stringify(name)}`,
        },
        now,
      )
    } else if (!progressing) {
      conditions = setCondition(
        conditions,
        {
          type: 'Progressing',
          status: 'True',
          reason: 'FoundNewReplicaSet',
          message: `Found new replica set ${JSON.stringify(name)}`,
        },
        now,
      )
    }
    const current = conditions.find((c) => c.type === 'Progressing')
    const alreadyComplete =
      status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable'
    if (!alreadyComplete) {
      if (isComplete(d, status)) {
        conditions = setCondition(
          conditions,
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet ${JSON.stringify(name)} has successfully progressed.`,
          },
          now,
        )
      } else if (isProgressing(old, status)) {
        conditions = setCondition(
          conditions,
          {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            message: `ReplicaSet ${JSON.stringify(name)} is progressing.`,
          },
          now,
        )
      }
    }
  }
  status.conditions = conditions
  return status
}
