import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  maxUnavailable,
  resolveFenceposts,
  resolveIntOrPercent,
  rollingNewReplicas,
  rollingOldReplicas,
} from './rollout-math.js'

describe('int-or-percent and fenceposts', () => {
  const cases: [string, unknown, number, boolean, number][] = [
    ['integer', 2, 10, false, 2],
    ['25% of 3 rounded up', '25%', 3, true, 1],
    ['25% of 3 rounded down', '25%', 3, false, 0],
    ['100% of 4', '100%', 4, false, 4],
    ['digits as a string', '3', 10, false, 3],
    ['garbage is 0', 'x', 10, true, 0],
  ]
  for (const [name, v, total, up, want] of cases)
    test(name, () => assert.equal(resolveIntOrPercent(v, total, up), want))

  test('both 0 lets one pod be unavailable', () => {
    assert.deepEqual(resolveFenceposts({ maxSurge: 0, maxUnavailable: '10%' }, 3), {
      surge: 0,
      unavailable: 1,
    })
    assert.deepEqual(resolveFenceposts({ maxSurge: '25%', maxUnavailable: '25%' }, 3), {
      surge: 1,
      unavailable: 0,
    })
  })

  test('maxUnavailable of a deployment', () => {
    const d = (strategy: any, replicas: number) => ({ spec: { replicas, strategy } })
    assert.equal(maxUnavailable(d({ type: 'Recreate' }, 3)), 0)
    assert.equal(
      maxUnavailable(d({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 5, maxSurge: 0 } }, 3)),
      3,
    )
    assert.equal(
      maxUnavailable(d({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%', maxSurge: 1 } }, 4)),
      2,
    )
    assert.equal(
      maxUnavailable(d({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } }, 0)),
      0,
    )
  })
})

describe('rolling update steps', () => {
  const grow: [string, number, number, number, number, number][] = [
    // name, desired, surge, current new, total, want
    ['first ReplicaSet goes straight to desired', 3, 1, 0, 0, 3],
    ['surge limits the new ReplicaSet', 3, 1, 0, 3, 1],
    ['no room above the surge', 3, 1, 1, 4, 1],
    ['room freed by old scale-down', 3, 1, 1, 2, 3],
    ['scale down an oversized new ReplicaSet', 1, 1, 3, 3, 1],
    ['already there', 2, 1, 2, 2, 2],
  ]
  for (const [name, desired, surge, current, total, want] of grow) {
    test(`new: ${name}`, () => assert.equal(rollingNewReplicas(desired, surge, current, total), want))
  }

  const shrink: {
    name: string
    desired: number
    unavailable: number
    newRs?: any
    old: any[]
    want: Record<string, number>
  }[] = [
    {
      name: 'nothing old',
      desired: 3,
      unavailable: 0,
      newRs: { name: 'n', replicas: 3, available: 3 },
      old: [{ name: 'o', replicas: 0, available: 0 }],
      want: {},
    },
    {
      name: 'new pods not yet available hold the old ones',
      desired: 3,
      unavailable: 0,
      newRs: { name: 'n', replicas: 1, available: 0 },
      old: [{ name: 'o', replicas: 3, available: 3 }],
      want: {},
    },
    {
      name: 'one new available frees one old',
      desired: 3,
      unavailable: 0,
      newRs: { name: 'n', replicas: 1, available: 1 },
      old: [{ name: 'o', replicas: 3, available: 3 }],
      want: { o: 2 },
    },
    {
      name: 'unhealthy old pods go first, oldest ReplicaSet first',
      desired: 2,
      unavailable: 1,
      newRs: { name: 'n', replicas: 1, available: 1 },
      old: [
        { name: 'o1', replicas: 1, available: 0 },
        { name: 'o2', replicas: 2, available: 2 },
      ],
      want: { o1: 0, o2: 0 },
    },
    {
      name: 'maxUnavailable lets old pods go before new ones exist',
      desired: 4,
      unavailable: 1,
      newRs: undefined,
      old: [{ name: 'o', replicas: 4, available: 4 }],
      want: { o: 3 },
    },
  ]
  for (const c of shrink) {
    test(`old: ${c.name}`, () => {
      assert.deepEqual(
        Object.fromEntries(rollingOldReplicas(c.desired, c.unavailable, c.newRs, c.old)),
        c.want,
      )
    })
  }
})
