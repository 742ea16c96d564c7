import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { ApiError } from '../errors.js'
import { applyMergePatch, createMergePatch, decodeMergePatch } from './merge-patch.js'
import { deepEqual as jsonEqual } from '../meta.js'

// RFC 7386 Appendix A, in order, plus the example of section 3.
const RFC_VECTORS: { name: string; target: unknown; patch: unknown; result: unknown }[] = [
  { name: 'A.1 replace member', target: { a: 'b' }, patch: { a: 'c' }, result: { a: 'c' } },
  { name: 'A.2 add member', target: { a: 'b' }, patch: { b: 'c' }, result: { a: 'b', b: 'c' } },
  { name: 'A.3 delete only member', target: { a: 'b' }, patch: { a: null }, result: {} },
  { name: 'A.4 delete one member', target: { a: 'b', b: 'c' }, patch: { a: null }, result: { b: 'c' } },
  { name: 'A.5 array replaced by string', target: { a: ['b'] }, patch: { a: 'c' }, result: { a: 'c' } },
  { name: 'A.6 string replaced by array', target: { a: 'c' }, patch: { a: ['b'] }, result: { a: ['b'] } },
  {
    name: 'A.7 nested merge',
    target: { a: { b: 'c' } },
    patch: { a: { b: 'd', c: null } },
    result: { a: { b: 'd' } },
  },
  { name: 'A.8 arrays replaced whole', target: { a: [{ b: 'c' }] }, patch: { a: [1] }, result: { a: [1] } },
  { name: 'A.9 array target and patch', target: ['a', 'b'], patch: ['c', 'd'], result: ['c', 'd'] },
  { name: 'A.10 object replaced by array', target: { a: 'b' }, patch: ['c'], result: ['c'] },
  { name: 'A.11 null patch', target: { a: 'foo' }, patch: null, result: null },
  { name: 'A.12 string patch', target: { a: 'foo' }, patch: 'bar', result: 'bar' },
  { name: 'A.13 target nulls kept', target: { e: null }, patch: { a: 1 }, result: { e: null, a: 1 } },
  {
    name: 'A.14 array target becomes object',
    target: [1, 2],
    patch: { a: 'b', c: null },
    result: { a: 'b' },
  },
  {
    name: 'A.15 nulls pruned in new members',
    target: {},
    patch: { a: { bb: { ccc: null } } },
    result: { a: { bb: {} } },
  },
  {
    name: 'section 3 example',
    target: {
      title: 'Goodbye!',
      author: { givenName: 'John', familyName: 'Doe' },
      tags: ['example', 'sample'],
      content: 'This will be unchanged',
    },
    patch: {
      title: 'Hello!',
      phoneNumber: '+01-123-456-7890',
      author: { familyName: null },
      tags: ['example'],
    },
    result: {
      title: 'Hello!',
      author: { givenName: 'John' },
      tags: ['example'],
      content: 'This will be unchanged',
      phoneNumber: '+01-123-456-7890',
    },
  },
]

void describe('applyMergePatch: RFC 7386 vectors', () => {
  for (const v of RFC_VECTORS) {
    void test(v.name, () => {
      const target = structuredClone(v.target)
      const patch = structuredClone(v.patch)
      assert.deepEqual(applyMergePatch(target, patch), v.result)
      assert.deepEqual(target, v.target, 'target not mutated')
      assert.deepEqual(patch, v.patch, 'patch not mutated')
    })
  }
})

void describe('applyMergePatch: kube cases', () => {
  void test('kubectl label with removal', () => {
    const cm = { metadata: { name: 'cm1', labels: { a: '1', env: 'dev' } }, data: { k: 'v' } }
    const out = applyMergePatch(cm, { metadata: { labels: { a: '3', env: null } } })
    assert.deepEqual(out, { metadata: { name: 'cm1', labels: { a: '3' } }, data: { k: 'v' } })
  })
  void test('result shares no structure with the target', () => {
    const target = { keep: { deep: [1] }, change: { x: 1 } }
    const out = applyMergePatch(target, { change: { y: 2 } })
    out.keep.deep.push(2)
    out.change.x = 9
    assert.deepEqual(target, { keep: { deep: [1] }, change: { x: 1 } })
  })
  void test('__proto__ member is plain data', () => {
    const out = applyMergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}'))
    assert.equal(Object.getPrototypeOf(out), Object.prototype)
    assert.deepEqual(Object.keys(out), ['__proto__'])
    assert.equal(({} as any).polluted, undefined)
  })
})

void describe('decodeMergePatch', () => {
  const bad = ['{', 'null', '[1]', '"x"', '3']
  for (const body of bad) {
    void test(`rejects ${body}`, () => {
      assert.throws(
        () => decodeMergePatch(body),
        (e: unknown) => e instanceof ApiError && e.code === 400 && e.message === 'Invalid JSON Patch',
      )
    })
  }
  void test('accepts an object from bytes', () =>
    assert.deepEqual(decodeMergePatch(Buffer.from('{"a":1}')), { a: 1 }))
})

void describe('createMergePatch', () => {
  const cases: { name: string; original: unknown; modified: unknown; want: unknown }[] = [
    { name: 'no change', original: { a: 1, b: [1] }, modified: { a: 1, b: [1] }, want: {} },
    { name: 'changed scalar', original: { a: 1 }, modified: { a: 2 }, want: { a: 2 } },
    { name: 'removed member', original: { a: 1, b: 2 }, modified: { a: 1 }, want: { b: null } },
    { name: 'added member', original: {}, modified: { a: { b: 1 } }, want: { a: { b: 1 } } },
    {
      name: 'nested change only',
      original: { s: { r: 1, k: 1 } },
      modified: { s: { r: 2, k: 1 } },
      want: { s: { r: 2 } },
    },
    { name: 'array sent whole', original: { l: [1, 2] }, modified: { l: [1, 3] }, want: { l: [1, 3] } },
    { name: 'object to scalar', original: { a: { b: 1 } }, modified: { a: 'x' }, want: { a: 'x' } },
    {
      name: 'member order irrelevant',
      original: { a: { x: 1, y: 2 } },
      modified: { a: { y: 2, x: 1 } },
      want: {},
    },
    { name: 'non-object modified', original: { a: 1 }, modified: [1], want: [1] },
  ]
  for (const c of cases) {
    void test(c.name, () => {
      const patch = createMergePatch(c.original, c.modified)
      assert.deepEqual(patch, c.want)
      assert.ok(jsonEqual(applyMergePatch(c.original, patch), c.modified), 'round trip')
    })
  }
})
