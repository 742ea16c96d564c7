import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { EventRing } from './event-ring.js'

void describe('EventRing', () => {
  const cases = [
    { name: 'below capacity', pushes: [1, 2, 3], after: 1, since: [2, 3], oldest: 1, evicted: false },
    { name: 'wrapped', pushes: [1, 2, 3, 4, 5, 6], after: 0, since: [3, 4, 5, 6], oldest: 3, evicted: true },
    {
      name: 'wrapped, mid revision',
      pushes: [2, 4, 6, 8, 10, 12],
      after: 7,
      since: [8, 10, 12],
      oldest: 6,
      evicted: true,
    },
    { name: 'after the newest', pushes: [1, 2], after: 9, since: [], oldest: 1, evicted: false },
  ]
  for (const c of cases) {
    void test(c.name, () => {
      const ring = new EventRing<{ revision: number }>(4)
      for (const revision of c.pushes) ring.push({ revision })
      assert.deepEqual(
        ring.since(c.after).map((e) => e.revision),
        c.since,
      )
      assert.equal(ring.oldest()?.revision, c.oldest)
      assert.equal(ring.evicted, c.evicted)
    })
  }

  void test('rejects a capacity below 1', () => {
    assert.throws(() => new EventRing(0), RangeError)
  })
})
