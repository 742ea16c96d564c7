import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import {
  FieldSet,
  fromFieldsV1,
  pathsOf,
  pathString,
  removeAt,
  toFieldsV1,
  valueAt,
  type FieldPath,
} from './field-set.js'
import type { PatchMeta } from './patch-meta.js'

const META: PatchMeta = {
  fields: {
    metadata: { fields: { finalizers: { strategy: 'merge' } } },
    spec: {
      fields: {
        selector: { strategy: 'replace' },
        template: {
          fields: {
            spec: {
              fields: {
                containers: {
                  strategy: 'merge',
                  mergeKey: 'name',
                  items: { fields: { ports: { strategy: 'merge', mergeKey: 'containerPort' } } },
                },
              },
            },
          },
        },
      },
    },
  },
}

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'd',
    namespace: 'default',
    uid: 'u',
    resourceVersion: '5',
    labels: { app: 'd' },
    finalizers: ['a'],
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'd' } },
    template: {
      spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], args: ['x'] }] },
    },
    strategy: {},
  },
}

void describe('pathsOf / toFieldsV1', () => {
  void test('Deployment trie', () => {
    assert.deepEqual(toFieldsV1(pathsOf(deployment, META)), {
      'f:metadata': { 'f:finalizers': { 'v:"a"': {} }, 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:strategy': {},
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:args': {},
                'f:image': {},
                'f:name': {},
                'f:ports': { 'k:{"containerPort":80}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    })
  })

  void test('without meta lists are atomic leaves', () =>
    assert.deepEqual(toFieldsV1(pathsOf({ l: [{ name: 'a' }], s: ['x'] }, undefined)), {
      'f:l': {},
      'f:s': {},
    }))

  void test('managedFields and server metadata are never recorded', () =>
    assert.deepEqual(
      toFieldsV1(
        pathsOf(
          { metadata: { managedFields: [{ manager: 'x' }], generation: 1, creationTimestamp: 'x' } },
          undefined,
        ),
      ),
      {},
    ))

  void test('round trip through fieldsV1', () => {
    const set = pathsOf(deployment, META)
    const back = fromFieldsV1(JSON.parse(JSON.stringify(toFieldsV1(set))))
    assert.equal(back.size, set.size)
    for (const p of set) assert.ok(back.has(p), JSON.stringify(p))
  })

  void test('a member with children is written with "."', () => {
    const set = FieldSet.of([['f:a'], ['f:a', 'f:b']])
    assert.deepEqual(toFieldsV1(set), { 'f:a': { '.': {}, 'f:b': {} } })
    assert.equal(fromFieldsV1({ 'f:a': { '.': {}, 'f:b': {} } }).size, 2)
  })
})

void describe('paths in objects', () => {
  const cases: { path: FieldPath; text: string; value: unknown }[] = [
    { path: ['f:spec', 'f:replicas'], text: '.spec.replicas', value: 2 },
    {
      path: ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'],
      text: '.spec.template.spec.containers[name="web"].image',
      value: 'nginx',
    },
    { path: ['f:metadata', 'f:finalizers', 'v:"a"'], text: '.metadata.finalizers[="a"]', value: 'a' },
    {
      path: ['f:spec', 'f:template', 'f:spec', 'f:containers', 'i:0', 'f:name'],
      text: '.spec.template.spec.containers[0].name',
      value: 'web',
    },
  ]
  for (const c of cases) {
    void test(c.text, () => {
      assert.equal(pathString(c.path), c.text)
      assert.deepEqual(valueAt(deployment, c.path), { found: true, value: c.value })
    })
  }
  void test('missing path', () =>
    assert.deepEqual(valueAt(deployment, ['f:spec', 'f:nope']), { found: false }))

  void test('removeAt removes fields, keyed items and set members', () => {
    const d = structuredClone(deployment)
    assert.equal(removeAt(d, ['f:spec', 'f:replicas']), true)
    assert.equal(removeAt(d, ['f:metadata', 'f:finalizers', 'v:"a"']), true)
    assert.equal(removeAt(d, ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}']), true)
    assert.equal(removeAt(d, ['f:spec', 'f:replicas']), false)
    assert.equal('replicas' in d.spec, false)
    assert.deepEqual(d.metadata.finalizers, [])
    assert.deepEqual(d.spec.template.spec.containers, [])
  })
})
