import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { deploymentStatus, isComplete, setCondition, type DeploymentCondition } from './deployment-status.js'

const T0 = '2026-01-01T00:00:00Z'
const T1 = '2026-01-01T00:01:00Z'

function deployment(replicas: number, status: any = {}, extra: any = {}) {
  return {
    metadata: { name: 'web', generation: 1 },
    spec: {
      replicas,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      ...extra,
    },
    status,
  }
}
const rs = (name: string, replicas: number, ready = replicas, available = ready) => ({
  metadata: { name },
  status: { replicas, readyReplicas: ready, availableReplicas: available },
})
const conds = (s: any) =>
  Object.fromEntries(s.conditions.map((c: DeploymentCondition) => [c.type, `${c.status}/${c.reason}`]))

describe('deployment status', () => {
  test('a new ReplicaSet just created, no pods yet', () => {
    const n = rs('web-1', 0)
    const s = deploymentStatus({
      deployment: deployment(2),
      replicaSets: [n],
      newRs: n,
      createdNewRs: true,
      now: T0,
    })
    assert.deepEqual(
      { ...s, conditions: conds(s) },
      {
        observedGeneration: 1,
        unavailableReplicas: 2,
        conditions: {
          Available: 'False/MinimumReplicasUnavailable',
          Progressing: 'True/NewReplicaSetCreated',
        },
      },
    )
  })

  test('complete rollout: counts, Available and NewReplicaSetAvailable with its message', () => {
    const n = rs('web-1', 2)
    const s = deploymentStatus({
      deployment: deployment(2),
      replicaSets: [n],
      newRs: n,
      createdNewRs: false,
      now: T0,
    })
    assert.deepEqual(
      [s.replicas, s.updatedReplicas, s.readyReplicas, s.availableReplicas, s.unavailableReplicas],
      [2, 2, 2, 2, undefined],
    )
    assert.deepEqual(conds(s), {
      Available: 'True/MinimumReplicasAvailable',
      Progressing: 'True/NewReplicaSetAvailable',
    })
    const progressing = s.conditions.find((c: any) => c.type === 'Progressing')
    assert.equal(progressing.message, 'ReplicaSet "web-1" has successfully progressed.')
    assert.ok(isComplete(deployment(2), s))
  })

  test('mid-rollout: old pods remain, progress is reported', () => {
    const n = rs('web-2', 1)
    const o = rs('web-1', 2)
    const d = deployment(2, { replicas: 2, updatedReplicas: 0, readyReplicas: 2, availableReplicas: 2 })
    const s = deploymentStatus({ deployment: d, replicaSets: [n, o], newRs: n, createdNewRs: false, now: T0 })
    assert.equal(s.replicas, 3)
    assert.equal(s.updatedReplicas, 1)
    assert.equal(conds(s).Progressing, 'True/ReplicaSetUpdated')
    assert.ok(!isComplete(d, s))
  })

  test('unobserved generation is not complete', () => {
    const d = deployment(1)
    d.metadata.generation = 3
    assert.ok(
      !isComplete(d, { replicas: 1, updatedReplicas: 1, availableReplicas: 1, observedGeneration: 2 }),
    )
  })

  test('paused and resumed', () => {
    const n = rs('web-1', 1)
    const paused = deploymentStatus({
      deployment: deployment(1, {}, { paused: true }),
      replicaSets: [n],
      newRs: n,
      createdNewRs: false,
      now: T0,
    })
    assert.equal(conds(paused).Progressing, 'Unknown/DeploymentPaused')
    const resumed = deploymentStatus({
      deployment: deployment(1, paused),
      replicaSets: [n],
      newRs: n,
      createdNewRs: false,
      now: T1,
    })
    assert.equal(conds(resumed).Progressing, 'Unknown/DeploymentResumed')
  })
})

describe('setCondition', () => {
  const base: DeploymentCondition[] = [
    {
      type: 'Progressing',
      status: 'True',
      reason: 'A',
      message: 'a',
      lastUpdateTime: T0,
      lastTransitionTime: T0,
    },
    {
      type: 'Available',
      status: 'True',
      reason: 'X',
      message: 'x',
      lastUpdateTime: T0,
      lastTransitionTime: T0,
    },
  ]
  test('same status and reason changes nothing', () => {
    assert.equal(
      setCondition(base, { type: 'Progressing', status: 'True', reason: 'A', message: 'other' }, T1),
      base,
    )
  })
  test('new reason keeps the transition time and moves the condition last', () => {
    const next = setCondition(base, { type: 'Progressing', status: 'True', reason: 'B', message: 'b' }, T1)
    assert.deepEqual(
      next.map((c) => c.type),
      ['Available', 'Progressing'],
    )
    assert.deepEqual(next[1], {
      type: 'Progressing',
      status: 'True',
      reason: 'B',
      message: 'b',
      lastUpdateTime: T1,
      lastTransitionTime: T0,
    })
  })
  test('new status moves the transition time', () => {
    const next = setCondition(base, { type: 'Available', status: 'False', reason: 'Y', message: 'y' }, T1)
    assert.equal(next[1].lastTransitionTime, T1)
  })
})
