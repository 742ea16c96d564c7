import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { ApiError } from '../errors.js'
import { applyJsonPatch, JSON_PATCH_APPLY_FAILED } from './json-patch.js'

const pod = () => ({
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx' }] },
})

function status(fn: () => unknown): { code: number; reason: string; message: string } {
  try {
    fn()
  } catch (e) {
    assert.ok(e instanceof ApiError, String(e))
    return { code: e.code, reason: e.reason, message: e.message }
  }
  assert.fail('expected an error')
}

void describe('applyJsonPatch: operations (RFC 6902)', () => {
  const cases: { name: string; ops: unknown[]; check: (out: any) => void }[] = [
    {
      name: 'add member',
      ops: [{ op: 'add', path: '/metadata/labels/tier', value: 'fe' }],
      check: (o) => assert.equal(o.metadata.labels.tier, 'fe'),
    },
    {
      name: 'add to array end',
      ops: [{ op: 'add', path: '/spec/containers/-', value: { name: 'side' } }],
      check: (o) => assert.equal(o.spec.containers[1].name, 'side'),
    },
    {
      name: 'remove',
      ops: [{ op: 'remove', path: '/metadata/labels/app' }],
      check: (o) => assert.deepEqual(o.metadata.labels, {}),
    },
    {
      name: 'replace',
      ops: [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx:2' }],
      check: (o) => assert.equal(o.spec.containers[0].image, 'nginx:2'),
    },
    {
      name: 'move',
      ops: [{ op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/name' }],
      check: (o) => assert.deepEqual(o.metadata.labels, { name: 'web' }),
    },
    {
      name: 'copy',
      ops: [{ op: 'copy', from: '/metadata/name', path: '/metadata/labels/n' }],
      check: (o) => assert.equal(o.metadata.labels.n, 'web'),
    },
    {
      name: 'passing test then replace',
      ops: [
        { op: 'test', path: '/metadata/name', value: 'web' },
        { op: 'replace', path: '/metadata/name', value: 'x' },
      ],
      check: (o) => assert.equal(o.metadata.name, 'x'),
    },
    {
      name: 'escaped pointer',
      ops: [{ op: 'add', path: '/metadata/labels/example.com~1tier', value: 'a' }],
      check: (o) => assert.equal(o.metadata.labels['example.com/tier'], 'a'),
    },
    { name: 'empty patch', ops: [], check: (o) => assert.deepEqual(o, pod()) },
  ]
  for (const c of cases) {
    void test(c.name, () => {
      const doc = pod()
      c.check(applyJsonPatch(doc, JSON.stringify(c.ops)))
      assert.deepEqual(doc, pod(), 'input not mutated')
    })
  }
  void test('accepts bytes', () =>
    assert.equal(
      applyJsonPatch(pod(), Buffer.from('[{"op":"replace","path":"/metadata/name","value":"b"}]')).metadata
        .name,
      'b',
    ))
})

void describe('applyJsonPatch: errors', () => {
  const cases: { name: string; body: string; code: number; reason: string; message?: string }[] = [
    { name: 'not JSON', body: '[{', code: 400, reason: 'BadRequest' },
    {
      name: 'object body',
      body: '{"op":"add"}',
      code: 400,
      reason: 'BadRequest',
      message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    },
    {
      name: 'string element',
      body: '["x"]',
      code: 400,
      reason: 'BadRequest',
      message: 'json: cannot unmarshal string into Go value of type jsonpatch.Operation',
    },
    {
      name: 'missing path',
      body: '[{"op":"remove","path":"/nope"}]',
      code: 422,
      reason: 'Invalid',
      message: JSON_PATCH_APPLY_FAILED,
    },
    {
      name: 'failed test',
      body: '[{"op":"test","path":"/metadata/name","value":"other"}]',
      code: 422,
      reason: 'Invalid',
      message: JSON_PATCH_APPLY_FAILED,
    },
    { name: 'unknown op', body: '[{"op":"_get","path":"/metadata"}]', code: 422, reason: 'Invalid' },
    { name: 'missing value', body: '[{"op":"add","path":"/x"}]', code: 422, reason: 'Invalid' },
    {
      name: 'add under missing parent',
      body: '[{"op":"add","path":"/a/b","value":1}]',
      code: 422,
      reason: 'Invalid',
    },
    {
      name: 'move into own child',
      body: '[{"op":"move","from":"/metadata","path":"/metadata/x"}]',
      code: 422,
      reason: 'Invalid',
    },
    {
      name: 'prototype pollution',
      body: '[{"op":"add","path":"/__proto__/x","value":1}]',
      code: 422,
      reason: 'Invalid',
    },
  ]
  for (const c of cases) {
    void test(c.name, () => {
      const s = status(() => applyJsonPatch(pod(), c.body))
      assert.equal(s.code, c.code)
      assert.equal(s.reason, c.reason)
      if (c.message) assert.equal(s.message, c.message)
    })
  }
  void test('later failure leaves input untouched', () => {
    const doc = pod()
    status(() =>
      applyJsonPatch(
        doc,
        '[{"op":"replace","path":"/metadata/name","value":"x"},{"op":"remove","path":"/nope"}]',
      ),
    )
    assert.deepEqual(doc, pod())
  })
  void test('operation limit', () => {
    const op = { op: 'test', path: '/metadata/name', value: 'web' }
    assert.equal(applyJsonPatch(pod(), JSON.stringify(Array(10000).fill(op))).metadata.name, 'web')
    const s = status(() => applyJsonPatch(pod(), JSON.stringify(Array(10001).fill(op))))
    assert.deepEqual(s, {
      code: 413,
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    })
  })
})
