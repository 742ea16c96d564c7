import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { PrefixIndex } from './prefix-index.js'

void describe('PrefixIndex', () => {
  void test('finds exactly the subscribers whose prefix the key begins with', () => {
    const subs = ['/a/', '/a/b/', '/a/b', '/a/bc', '', '/a/b/c', '/x/'].map((prefix) => ({ prefix }))
    const index = new PrefixIndex<{ prefix: string }>()
    for (const s of subs) index.add(s)
    const matches = (key: string) => {
      const out: string[] = []
      index.forEachMatch(key, (s) => out.push(s.prefix))
      return out.sort()
    }
    assert.deepEqual(matches('/a/b/c'), ['', '/a/', '/a/b', '/a/b/', '/a/b/c'])
    assert.deepEqual(matches('/a/bcd'), ['', '/a/', '/a/b', '/a/bc'])
    assert.deepEqual(matches('/y'), [''])
    index.delete(subs[0])
    index.delete(subs[4])
    assert.deepEqual(matches('/a/b/c'), ['/a/b', '/a/b/', '/a/b/c'])
    assert.equal(index.size, subs.length - 2)
  })
})
