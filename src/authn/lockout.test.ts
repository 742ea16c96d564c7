import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { countRecentFailures, lockoutReason, lockRemainingMs, nextStatus, type Attempt } from './lockout.js'

const MIN = 60_000
const T = Date.UTC(2026, 0, 1, 12, 0, 0)
const policy = { maxTries: 3, windowMs: 10 * MIN }
const fail = (minutesAgo: number): Attempt => ({ success: false, at: T - minutesAgo * MIN })
const ok = (minutesAgo: number): Attempt => ({ success: true, at: T - minutesAgo * MIN })
const iso = (ms: number) => new Date(ms).toISOString()

describe('countRecentFailures', () => {
  test('counts failures inside the window after the last transition', () => {
    const attempts = [fail(1), fail(2), ok(3), fail(9.9), fail(10), fail(20)]
    assert.equal(countRecentFailures(attempts, undefined, T, policy.windowMs), 3)
    assert.equal(countRecentFailures(attempts, T - 5 * MIN, T, policy.windowMs), 2)
  })
})

describe('nextStatus', () => {
  const cases: { name: string; status: any; attempts: Attempt[]; now?: number; want: any }[] = [
    { name: 'new user becomes Active', status: {}, attempts: [], want: { state: 'Active', lastTransitionTime: T } },
    { name: 'Active, below the limit: no change', status: { state: 'Active' }, attempts: [fail(1), fail(2)], want: undefined },
    {
      name: 'Active, at the limit: locked with the reason',
      status: { state: 'Active' },
      attempts: [fail(1), fail(2), fail(3)],
      want: { state: 'AuthLimitExceeded', reason: 'Failed login attempts exceed 3 in last 10m0s', lastTransitionTime: T },
    },
    {
      name: 'failures before the last transition do not count',
      status: { state: 'Active', lastTransitionTime: iso(T - 2.5 * MIN) },
      attempts: [fail(1), fail(2), fail(3)],
      want: undefined,
    },
    {
      name: 'old failures outside the window do not count',
      status: { state: 'Active' },
      attempts: [fail(1), fail(11), fail(12)],
      want: undefined,
    },
    {
      name: 'Disabled is never touched',
      status: { state: 'Disabled' },
      attempts: [fail(1), fail(2), fail(3), fail(4)],
      want: undefined,
    },
    {
      name: 'locked, window not over: stays locked',
      status: { state: 'AuthLimitExceeded', lastTransitionTime: iso(T - 9 * MIN) },
      attempts: [fail(1)],
      want: undefined,
    },
    {
      name: 'locked, window over: Active again',
      status: { state: 'AuthLimitExceeded', lastTransitionTime: iso(T - 10 * MIN) },
      attempts: [fail(10.5), fail(11), fail(12)],
      want: { state: 'Active', lastTransitionTime: T },
    },
  ]
  for (const c of cases) test(c.name, () => assert.deepEqual(nextStatus(c.status, c.attempts, c.now ?? T, policy), c.want))

  test('a recovered user is not locked again by the failures that locked it', () => {
    const attempts = [fail(13), fail(12), fail(11)]
    const recovered = { state: 'Active', lastTransitionTime: iso(T - 1 * MIN) }
    assert.equal(nextStatus(recovered, attempts, T, policy), undefined)
  })
})

test('lockRemainingMs', () => {
  assert.equal(lockRemainingMs({ state: 'Active' }, T, policy.windowMs), undefined)
  assert.equal(lockRemainingMs({ state: 'AuthLimitExceeded', lastTransitionTime: iso(T - 4 * MIN) }, T, policy.windowMs), 6 * MIN)
  assert.equal(lockRemainingMs({ state: 'AuthLimitExceeded', lastTransitionTime: iso(T - 40 * MIN) }, T, policy.windowMs), 0)
})

test('lockoutReason uses Go duration wording', () => {
  assert.equal(lockoutReason(10, 10 * MIN), 'Failed login attempts exceed 10 in last 10m0s')
  assert.equal(lockoutReason(5, 30 * MIN), 'Failed login attempts exceed 5 in last 30m0s')
})
