/**
 * Conformance cases for list (prefix, order, limit, paging, reads at a revision), get at a
 * revision, and count.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ListResult, Storage } from '../interface.js'
import type { WithStorage } from './conformance.js'

const keysOf = (r: ListResult): string[] => r.items.map((kv) => kv.key)

/** Keys written in shuffled order; those under '/a/b/' sorted are B_KEYS. */
const ALL_KEYS = ['/a/b/x2', '/a/bc/1', '/a/b/x1', '/a/a/1', '/a/b', '/a/b/sub/y', '/a/b/x10', '/a/c']
const B_KEYS = ['/a/b/sub/y', '/a/b/x1', '/a/b/x10', '/a/b/x2']

async function seed(s: Storage): Promise<void> {
  for (const k of ALL_KEYS) await s.create(k, `v${k}`)
}

export function registerListCases(withStorage: WithStorage): void {
  void test('list returns only keys under the prefix, sorted, with values and the current revision', () =>
    withStorage(async (s) => {
      await seed(s)
      const r = await s.list('/a/b/')
      assert.deepEqual(keysOf(r), B_KEYS)
      assert.deepEqual(
        r.items.map((kv) => kv.value),
        B_KEYS.map((k) => `v${k}`),
      )
      assert.equal(r.revision, await s.currentRevision())
      assert.equal(r.more, false)
      assert.deepEqual(keysOf(await s.list('/a/')), [...ALL_KEYS].sort())
      assert.deepEqual(keysOf(await s.list('/nothing/')), [])
    }))

  void test('list leaves out deleted keys and shows updated values', () =>
    withStorage(async (s) => {
      await seed(s)
      await s.delete('/a/b/x1')
      const x2 = await s.get('/a/b/x2')
      await s.update('/a/b/x2', 'new', x2!.modRevision)
      const r = await s.list('/a/b/')
      assert.deepEqual(keysOf(r), ['/a/b/sub/y', '/a/b/x10', '/a/b/x2'])
      assert.equal(r.items[2].value, 'new')
    }))

  const limitCases = [
    { name: 'no limit', limit: 0, keys: B_KEYS, more: false, remaining: 0 },
    { name: 'limit 1', limit: 1, keys: B_KEYS.slice(0, 1), more: true, remaining: 3 },
    { name: 'limit 3', limit: 3, keys: B_KEYS.slice(0, 3), more: true, remaining: 1 },
    { name: 'limit equal to the count', limit: 4, keys: B_KEYS, more: false, remaining: 0 },
    { name: 'limit above the count', limit: 10, keys: B_KEYS, more: false, remaining: 0 },
  ]
  for (const c of limitCases) {
    void test(`list limit: ${c.name}`, () =>
      withStorage(async (s) => {
        await seed(s)
        const r = await s.list('/a/b/', { limit: c.limit })
        assert.deepEqual(keysOf(r), c.keys)
        assert.equal(r.more, c.more)
        if (c.more) assert.equal(r.remaining, c.remaining)
      }))
  }

  void test('list with startKey starts there (inclusive)', () =>
    withStorage(async (s) => {
      await seed(s)
      assert.deepEqual(keysOf(await s.list('/a/b/', { startKey: '/a/b/x10' })), ['/a/b/x10', '/a/b/x2'])
      assert.deepEqual(keysOf(await s.list('/a/b/', { startKey: '/a/b/x11' })), ['/a/b/x2'])
      const r = await s.list('/a/b/', { startKey: '/a/b/x1', limit: 1 })
      assert.deepEqual(keysOf(r), ['/a/b/x1'])
      assert.equal(r.more, true)
      assert.equal(r.remaining, 2)
    }))

  void test('paging with startKey at the first page revision sees one snapshot despite later writes', () =>
    withStorage(async (s) => {
      for (let i = 0; i < 7; i++) await s.create(`/p/k${i}`, `v${i}`)
      const first = await s.list('/p/', { limit: 3 })
      assert.deepEqual(keysOf(first), ['/p/k0', '/p/k1', '/p/k2'])
      assert.equal(first.remaining, 4)
      // Writes between pages must not show in later pages read at the first page's revision.
      await s.delete('/p/k4')
      await s.create('/p/k5a', 'new')
      const k6 = await s.get('/p/k6')
      await s.update('/p/k6', 'changed', k6!.modRevision)
      const seen = keysOf(first)
      const values = first.items.map((kv) => kv.value)
      let page = first
      while (page.more) {
        const startKey = page.items[page.items.length - 1].key + '\0'
        page = await s.list('/p/', { limit: 3, startKey, revision: first.revision })
        assert.equal(page.revision, first.revision)
        seen.push(...keysOf(page))
        values.push(...page.items.map((kv) => kv.value))
      }
      assert.deepEqual(seen, ['/p/k0', '/p/k1', '/p/k2', '/p/k3', '/p/k4', '/p/k5', '/p/k6'])
      assert.deepEqual(values, ['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6'])
    }))

  void test('list and get at an older revision show the state as of that revision', () =>
    withStorage(async (s) => {
      const a1 = await s.create('/o/a', 'a1')
      const b1 = await s.create('/o/b', 'b1')
      const at = b1.modRevision
      await s.update('/o/a', 'a2', a1.modRevision)
      await s.delete('/o/b')
      await s.create('/o/c', 'c1')
      const old = await s.list('/o/', { revision: at })
      assert.equal(old.revision, at)
      assert.deepEqual(
        old.items.map((kv) => [kv.key, kv.value, kv.modRevision]),
        [
          ['/o/a', 'a1', a1.modRevision],
          ['/o/b', 'b1', b1.modRevision],
        ],
      )
      assert.deepEqual(await s.get('/o/a', { revision: at }), a1)
      assert.deepEqual(await s.get('/o/b', { revision: at }), b1)
      assert.equal(await s.get('/o/c', { revision: at }), null)
      const now = await s.list('/o/')
      assert.deepEqual(
        now.items.map((kv) => [kv.key, kv.value]),
        [
          ['/o/a', 'a2'],
          ['/o/c', 'c1'],
        ],
      )
    }))

  void test('count counts the live keys under a prefix', () =>
    withStorage(async (s) => {
      await seed(s)
      assert.equal(await s.count('/a/b/'), 4)
      assert.equal(await s.count('/a/'), ALL_KEYS.length)
      assert.equal(await s.count('/none/'), 0)
      await s.delete('/a/b/x1')
      assert.equal(await s.count('/a/b/'), 3)
      await s.create('/a/b/x1', 'again')
      assert.equal(await s.count('/a/b/'), 4)
    }))
}
