import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { baseStrategy, childMeta, patchMetaFromSchema, type PatchMeta } from './patch-meta.js'

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

/** A trimmed PodSpec / Container in the shape kube's OpenAPI v3 documents use. */
const schemas: Record<string, any> = {
  PodSpec: {
    type: 'object',
    properties: {
      containers: {
        type: 'array',
        items: { default: {}, allOf: [ref('Container')] },
        'x-kubernetes-list-map-keys': ['name'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
      volumes: {
        type: 'array',
        items: { allOf: [ref('Volume')] },
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge,retainKeys',
      },
      tolerations: {
        type: 'array',
        items: { allOf: [ref('Toleration')] },
        'x-kubernetes-list-type': 'atomic',
      },
      nodeSelector: {
        type: 'object',
        additionalProperties: { type: 'string' },
        'x-kubernetes-map-type': 'atomic',
      },
    },
  },
  Container: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      env: {
        type: 'array',
        items: { allOf: [ref('EnvVar')] },
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
      ports: {
        type: 'array',
        items: { allOf: [ref('ContainerPort')] },
        'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
        'x-kubernetes-list-type': 'map',
      },
      args: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'atomic' },
    },
  },
  EnvVar: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } } },
  ContainerPort: { type: 'object', properties: { containerPort: { type: 'integer' } } },
  Volume: { type: 'object', properties: { name: { type: 'string' } } },
  Toleration: { type: 'object', properties: { key: { type: 'string' } } },
  /** Recursive, like JSONSchemaProps. */
  Props: {
    type: 'object',
    properties: {
      properties: { type: 'object', additionalProperties: ref('Props') },
      items: ref('Props'),
      required: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
    },
  },
  Loop: ref('Loop2'),
  Loop2: ref('Loop'),
}

const resolve = (r: string) => schemas[r.replace('#/components/schemas/', '')]

/** Walks a path of field names (`[]` = list items, `*` = map values). */
function at(meta: PatchMeta | undefined, path: string[]): PatchMeta | undefined {
  let m = meta
  for (const p of path) m = p === '[]' ? m?.items : p === '*' ? m?.values : childMeta(m, p)
  return m
}

void describe('patchMetaFromSchema', () => {
  const pod = patchMetaFromSchema(ref('PodSpec'), resolve)
  const cases: { name: string; path: string[]; strategy?: string; mergeKey?: string }[] = [
    { name: 'patch strategy with merge key', path: ['containers'], strategy: 'merge', mergeKey: 'name' },
    {
      name: 'through allOf into items',
      path: ['containers', '[]', 'env'],
      strategy: 'merge',
      mergeKey: 'name',
    },
    { name: 'merge,retainKeys kept', path: ['volumes'], strategy: 'merge,retainKeys', mergeKey: 'name' },
    { name: 'atomic list replaces', path: ['tolerations'], strategy: 'replace' },
    { name: 'atomic map replaces', path: ['nodeSelector'], strategy: 'replace' },
    {
      name: 'list-type map: first key',
      path: ['containers', '[]', 'ports'],
      strategy: 'merge',
      mergeKey: 'containerPort',
    },
    { name: 'atomic primitive list', path: ['containers', '[]', 'args'], strategy: 'replace' },
    { name: 'plain field', path: ['containers', '[]', 'name'] },
  ]
  for (const c of cases) {
    void test(c.name, () => {
      const m = at(pod, c.path)
      assert.ok(m, 'meta exists')
      assert.equal(m.strategy, c.strategy)
      assert.equal(m.mergeKey, c.mergeKey)
    })
  }

  void test('unknown field has no meta', () => assert.equal(at(pod, ['nope']), undefined))

  void test('list types can be ignored (strict SMP on built-ins)', () => {
    const strict = patchMetaFromSchema(ref('PodSpec'), resolve, { useListTypes: false })
    assert.equal(at(strict, ['containers'])?.strategy, 'merge')
    assert.equal(at(strict, ['tolerations'])?.strategy, undefined)
    assert.equal(at(strict, ['containers', '[]', 'ports'])?.strategy, undefined)
  })

  void test('recursive schema is lazy and memoized', () => {
    const props = patchMetaFromSchema(ref('Props'), resolve)
    const deep = at(props, ['properties', '*', 'items', 'properties', '*', 'required'])
    assert.equal(deep?.strategy, 'merge')
    assert.equal(at(props, ['items']), at(props, ['items', 'items']), 'same node for the same schema')
  })

  void test('reference loop terminates', () =>
    assert.deepEqual(patchMetaFromSchema(ref('Loop'), resolve), {}))

  void test('baseStrategy drops retainKeys', () => {
    assert.equal(baseStrategy({ strategy: 'merge,retainKeys' }), 'merge')
    assert.equal(baseStrategy({ strategy: 'retainKeys' }), '')
    assert.equal(baseStrategy({ strategy: 'replace' }), 'replace')
    assert.equal(baseStrategy(undefined), '')
  })

  void test('CRD schema inline (no refs)', () => {
    const crd = patchMetaFromSchema(
      {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                'x-kubernetes-list-type': 'map',
                'x-kubernetes-list-map-keys': ['id'],
                items: { type: 'object', properties: { id: { type: 'string' } } },
              },
              tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
            },
          },
        },
      },
      resolve,
    )
    assert.deepEqual(
      { ...at(crd, ['spec', 'items']), items: undefined, fields: undefined },
      {
        strategy: 'merge',
        mergeKey: 'id',
        items: undefined,
        fields: undefined,
      },
    )
    assert.equal(at(crd, ['spec', 'tags'])?.strategy, 'merge')
  })
})
