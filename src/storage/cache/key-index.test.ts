import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { KeyIndex } from './key-index.js'

/** Keys of every shape the index must order: deep, shallow, outside the base, prefix-of-bucket. */
const KEYS = [
  '/registry/apps/deployments/ns1/a',
  '/registry/apps/deployments/ns1/b',
  '/registry/apps/deployments/ns2/a',
  '/registry/apps/deployments-x/ns1/a',
  '/registry/apps/deployments',
  '/registry/apps/deploymentsz/ns1/a',
  '/registry/apps/replicasets/ns1/a',
  '/registry/core/pods/ns1/p',
  '/registry/core/namespaces/ns1',
  '/registry/pods/ns1/p',
  '/registry/pods/ns2/p',
  '/registry/single',
  '/registry/',
  '/regist',
  '/other/x/y/z',
  'noslash',
]

const PREFIXES = [
  '',
  '/',
  '/registry/',
  '/registry/apps/',
  '/registry/apps/deployments/',
  '/registry/apps/deployments/ns1/',
  '/registry/apps/deployments',
  '/registry/apps/deploy',
  '/registry/pods/',
  '/registry/s',
  '/regist',
  '/registry/core/namespaces/ns1',
  '/nothing/',
]

function brute(keys: string[], prefix: string, from?: string): string[] {
  return keys
    .filter((k) => k.startsWith(prefix) && (from === undefined || k >= from))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

function flatten(index: KeyIndex, prefix: string, from?: string): string[] {
  return index.slices(prefix, from).flatMap((s) => s.keys.slice(s.start, s.end))
}

void describe('KeyIndex', () => {
  for (const prefix of PREFIXES) {
    void test(`slices under ${JSON.stringify(prefix)} equal a full sort, built by add and by load`, () => {
      const added = new KeyIndex('/registry/')
      for (const k of KEYS) added.add(k)
      const loaded = new KeyIndex('/registry/')
      loaded.load([...KEYS].reverse())
      for (const from of [undefined, '/registry/apps/deployments/ns1/b', '/registry/c', '/registry/zzz']) {
        const want = brute(KEYS, prefix, from)
        assert.deepEqual(flatten(added, prefix, from), want, `add, from ${from}`)
        assert.deepEqual(flatten(loaded, prefix, from), want, `load, from ${from}`)
      }
      assert.equal(added.count(prefix), brute(KEYS, prefix).length)
    })
  }

  void test('delete removes keys and empty buckets; add and delete are idempotent', () => {
    const index = new KeyIndex('/registry/')
    for (const k of KEYS) index.add(k)
    index.add(KEYS[0])
    assert.equal(index.size, KEYS.length)
    const kept = KEYS.filter((_, i) => i % 3 !== 0)
    for (const [i, k] of KEYS.entries()) if (i % 3 === 0) index.delete(k)
    index.delete('/registry/never/added/x')
    index.delete(KEYS[0])
    assert.equal(index.size, kept.length)
    for (const prefix of PREFIXES) assert.deepEqual(flatten(index, prefix), brute(kept, prefix), prefix)
    assert.equal(index.has(KEYS[1]), true)
    assert.equal(index.has(KEYS[0]), false)
  })

  void test('random keys stay ordered under many adds and deletes', () => {
    const index = new KeyIndex('/registry/')
    const live = new Set<string>()
    let seed = 7
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n
    for (let i = 0; i < 3000; i++) {
      const key = `/registry/g${rnd(3)}/r${rnd(4)}/ns${rnd(5)}/o${rnd(50)}`
      if (rnd(3) === 0) {
        index.delete(key)
        live.delete(key)
      } else {
        index.add(key)
        live.add(key)
      }
    }
    for (const prefix of ['/registry/', '/registry/g1/', '/registry/g1/r2/', '/registry/g1/r2/ns3/']) {
      assert.deepEqual(flatten(index, prefix), brute([...live], prefix), prefix)
    }
  })
})
