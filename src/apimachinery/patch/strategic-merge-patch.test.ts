import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { ApiError } from '../errors.js'
import { applyStrategicMergePatch, type PatchMeta } from './strategic-merge-patch.js'
import { patchMetaFromSchema } from './patch-meta.js'

const byName: PatchMeta = { strategy: 'merge', mergeKey: 'name' }
/** A hand-written meta for a pod-ish object. */
const META: PatchMeta = {
  fields: {
    metadata: {
      fields: { finalizers: { strategy: 'merge' }, ownerReferences: { strategy: 'merge', mergeKey: 'uid' } },
    },
    spec: {
      fields: {
        containers: {
          ...byName,
          items: {
            fields: {
              env: byName,
              ports: { strategy: 'merge', mergeKey: 'containerPort' },
            },
          },
        },
        volumes: { strategy: 'merge,retainKeys', mergeKey: 'name' },
        strategy: { strategy: 'retainKeys' },
        selector: { strategy: 'replace' },
        tolerations: { strategy: 'replace' },
      },
    },
  },
}

const c = (name: string, extra: Record<string, unknown> = {}) => ({ name, ...extra })

interface Case {
  name: string
  original: any
  patch: any
  want: any
  meta?: PatchMeta | null
}

const cases: Case[] = [
  // plain maps
  {
    name: 'maps merge recursively, null deletes',
    original: { a: 1, b: { c: 1, d: 2 } },
    patch: { b: { c: null, e: 3 }, f: 4 },
    want: { a: 1, b: { d: 2, e: 3 }, f: 4 },
  },
  { name: 'null for a missing key is ignored', original: { a: 1 }, patch: { z: null }, want: { a: 1 } },
  {
    name: 'nulls inside new values are dropped',
    original: {},
    patch: { a: { b: null, c: 1 } },
    want: { a: { c: 1 } },
  },
  { name: 'kind change replaces', original: { a: 'x' }, patch: { a: { b: 1 } }, want: { a: { b: 1 } } },
  { name: 'null patch is a no-op', original: { a: 1 }, patch: null, want: { a: 1 } },
  {
    name: 'kubectl apply on a ConfigMap',
    original: { data: { k1: 'v1' }, metadata: { name: 'cm1', labels: { a: '1' } } },
    patch: { data: { k2: 'v2' }, metadata: { annotations: { note: 'x' }, labels: { a: '2' } } },
    want: {
      data: { k1: 'v1', k2: 'v2' },
      metadata: { name: 'cm1', labels: { a: '2' }, annotations: { note: 'x' } },
    },
  },
  // lists
  {
    name: 'list without strategy replaced',
    original: { spec: { tolerations: [1, 2] } },
    patch: { spec: { tolerations: [3] } },
    want: { spec: { tolerations: [3] } },
  },
  {
    name: 'list without meta replaced',
    original: { l: [{ name: 'a' }] },
    patch: { l: [{ name: 'b' }] },
    want: { l: [{ name: 'b' }] },
  },
  {
    name: 'primitive set merge keeps patch order then live',
    original: { metadata: { finalizers: ['a', 'b'] } },
    patch: { metadata: { finalizers: ['c', 'a'] } },
    want: { metadata: { finalizers: ['c', 'a', 'b'] } },
  },
  {
    name: '$deleteFromPrimitiveList',
    original: { metadata: { finalizers: ['a', 'b', 'c'] } },
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a', 'c'] } },
    want: { metadata: { finalizers: ['b'] } },
  },
  {
    name: '$deleteFromPrimitiveList on a missing list is ignored',
    original: { metadata: {} },
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
    want: { metadata: {} },
  },
  {
    name: 'merge by key: existing merged, new appended',
    original: { spec: { containers: [c('a', { image: '1' }), c('b', { image: '1' })] } },
    patch: { spec: { containers: [c('b', { image: '2' }), c('n', { image: '3' })] } },
    want: { spec: { containers: [c('a', { image: '1' }), c('b', { image: '2' }), c('n', { image: '3' })] } },
  },
  {
    name: 'nested merge by key inside elements',
    original: { spec: { containers: [c('w', { env: [c('A', { value: '1' }), c('B', { value: '1' })] })] } },
    patch: { spec: { containers: [c('w', { env: [c('B', { value: '2' })] })] } },
    want: { spec: { containers: [c('w', { env: [c('A', { value: '1' }), c('B', { value: '2' })] })] } },
  },
  {
    name: 'numeric merge key',
    original: { spec: { containers: [c('w', { ports: [{ containerPort: 80, name: 'http' }] })] } },
    patch: {
      spec: {
        containers: [c('w', { ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }] })],
      },
    },
    want: {
      spec: {
        containers: [
          c('w', { ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 443 }] }),
        ],
      },
    },
  },
  {
    name: 'element $patch: delete',
    original: { spec: { containers: [c('a'), c('b')] } },
    patch: { spec: { containers: [{ name: 'a', $patch: 'delete' }] } },
    want: { spec: { containers: [c('b')] } },
  },
  {
    name: 'element $patch: replace replaces the list',
    original: { spec: { containers: [c('a'), c('b')] } },
    patch: { spec: { containers: [{ $patch: 'replace' }, c('z', { image: 'x', gone: null })] } },
    want: { spec: { containers: [c('z', { image: 'x' })] } },
  },
  {
    name: 'null element field deletes it',
    original: { spec: { containers: [c('a', { image: 'x', command: ['sh'] })] } },
    patch: { spec: { containers: [c('a', { command: null })] } },
    want: { spec: { containers: [c('a', { image: 'x' })] } },
  },
  // map directives
  {
    name: 'map $patch: replace',
    original: { spec: { selector: { a: 1 }, x: { a: 1, b: 2 } } },
    patch: { spec: { x: { $patch: 'replace', c: 3 } } },
    want: { spec: { selector: { a: 1 }, x: { c: 3 } } },
  },
  {
    name: 'map $patch: delete empties an existing map (as upstream)',
    original: { spec: { x: { a: 1 } }, keep: 1 },
    patch: { spec: { x: { $patch: 'delete' } } },
    want: { spec: { x: {} }, keep: 1 },
  },
  {
    name: 'map $patch: delete on a missing key adds nothing',
    original: { spec: {} },
    patch: { spec: { x: { $patch: 'delete' } } },
    want: { spec: {} },
  },
  {
    name: 'replace strategy on a map field',
    original: { spec: { selector: { matchLabels: { a: '1' }, matchExpressions: [] } } },
    patch: { spec: { selector: { matchLabels: { b: '2' } } } },
    want: { spec: { selector: { matchLabels: { b: '2' } } } },
  },
  {
    name: 'top-level $patch: replace',
    original: { a: 1 },
    patch: { $patch: 'replace', b: 2 },
    want: { b: 2 },
  },
  // $retainKeys
  {
    name: '$retainKeys drops unlisted keys (Deployment strategy switch)',
    original: { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
    patch: { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } },
    want: { spec: { strategy: { type: 'Recreate' } } },
  },
  {
    name: '$retainKeys inside merged list elements (volumes)',
    original: { spec: { volumes: [c('v', { emptyDir: {} })] } },
    patch: { spec: { volumes: [c('v', { $retainKeys: ['name', 'configMap'], configMap: { name: 'cm' } })] } },
    want: { spec: { volumes: [c('v', { configMap: { name: 'cm' } })] } },
  },
  // $setElementOrder
  {
    name: '$setElementOrder alone reorders',
    original: { spec: { containers: [c('a'), c('b'), c('c')] } },
    patch: { spec: { '$setElementOrder/containers': [c('c'), c('a'), c('b')] } },
    want: { spec: { containers: [c('c'), c('a'), c('b')] } },
  },
  {
    name: '$setElementOrder places a new element',
    original: { spec: { containers: [c('a'), c('b')] } },
    patch: {
      spec: { '$setElementOrder/containers': [c('a'), c('n'), c('b')], containers: [c('n', { image: 'x' })] },
    },
    want: { spec: { containers: [c('a'), c('n', { image: 'x' }), c('b')] } },
  },
  {
    name: '$setElementOrder: unlisted live elements interleave by live position',
    original: { spec: { containers: [c('a'), c('x'), c('b')] } },
    patch: { spec: { '$setElementOrder/containers': [c('b'), c('a')] } },
    want: { spec: { containers: [c('x'), c('b'), c('a')] } },
  },
  {
    name: '$setElementOrder for primitives',
    original: { metadata: { finalizers: ['a', 'b'] } },
    patch: { metadata: { '$setElementOrder/finalizers': ['b', 'c', 'a'], finalizers: ['c'] } },
    want: { metadata: { finalizers: ['b', 'c', 'a'] } },
  },
  {
    name: 'directives in new content are resolved, never stored',
    original: {},
    patch: {
      spec: {
        '$setElementOrder/containers': [c('a')],
        containers: [c('a', { '$setElementOrder/env': [c('E')], env: [c('E')] })],
      },
    },
    want: { spec: { containers: [c('a', { env: [c('E')] })] } },
  },
  {
    name: 'without meta directives still work',
    meta: null,
    original: { x: { a: 1 }, l: [1] },
    patch: { x: { $patch: 'replace', b: 1 }, l: [2] },
    want: { x: { b: 1 }, l: [2] },
  },
]

void describe('applyStrategicMergePatch', () => {
  for (const tc of cases) {
    void test(tc.name, () => {
      const original = structuredClone(tc.original)
      const patch = structuredClone(tc.patch)
      const out = applyStrategicMergePatch(original, patch, tc.meta === null ? undefined : (tc.meta ?? META))
      assert.deepEqual(out, tc.want)
      assert.deepEqual(original, tc.original, 'original not mutated')
      assert.deepEqual(patch, tc.patch, 'patch not mutated')
    })
  }
})

const errorCases: { name: string; original?: any; patch: any; code: number; message: string }[] = [
  {
    name: 'patch not an object',
    patch: [1],
    code: 400,
    message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
  },
  {
    name: '$patch: merge in a map',
    original: { spec: {} },
    patch: { spec: { $patch: 'merge', a: 1 } },
    code: 400,
    message: 'unknown patch type: merge in map: map[$patch:merge a:1]',
  },
  {
    name: 'unknown list directive',
    original: { spec: { containers: [c('a')] } },
    patch: { spec: { containers: [{ name: 'a', $patch: 'nope' }] } },
    code: 400,
    message: 'unknown patch type: nope in map: map[$patch:nope name:a]',
  },
  {
    name: '$patch: merge in a list',
    original: { spec: { containers: [c('a')] } },
    patch: { spec: { containers: [{ $patch: 'merge' }] } },
    code: 400,
    message: 'merging lists cannot yet be specified in the patch',
  },
  {
    name: 'delete without merge key',
    original: { spec: { containers: [c('a')] } },
    patch: { spec: { containers: [{ $patch: 'delete' }] } },
    code: 400,
    message: 'map: map[$patch:delete] does not contain declared merge key: name',
  },
  {
    name: 'element without merge key',
    original: { spec: { containers: [c('a')] } },
    patch: { spec: { containers: [{ image: 'x' }] } },
    code: 400,
    message: 'map: map[image:x] does not contain declared merge key: name',
  },
  {
    name: 'list of lists',
    original: { metadata: { finalizers: [['a']] } },
    patch: { metadata: { finalizers: [['b']] } },
    code: 422,
    message: 'the server rejected our request due to an error in our request',
  },
  {
    name: 'mixed element types',
    original: { metadata: { finalizers: ['a'] } },
    patch: { metadata: { finalizers: [1] } },
    code: 400,
    message: 'list element types are not identical: [[a] [1]]',
  },
  {
    name: 'bad $deleteFromPrimitiveList key',
    patch: { metadata: { $deleteFromPrimitiveList: ['a'] } },
    code: 400,
    message: 'invalid patch format of primitive list',
  },
  {
    name: 'bad $setElementOrder key',
    patch: { spec: { '$setElementOrderX/containers': [] } },
    code: 400,
    message: 'invalid patch format of setElementOrder list',
  },
  {
    name: '$setElementOrder not a list',
    patch: { spec: { '$setElementOrder/containers': 'a' } },
    code: 400,
    message: 'expected a []interface {}, but received a string',
  },
  {
    name: '$retainKeys not a list',
    patch: { spec: { strategy: { $retainKeys: 'type' } } },
    code: 400,
    message: 'invalid patch format of retainKeys',
  },
  {
    name: '$retainKeys mismatch',
    original: { spec: { strategy: { type: 'A' } } },
    patch: { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 2 } } } },
    code: 400,
    message: 'invalid patch format of retainKeys',
  },
  {
    name: '$setElementOrder disagrees with patch order',
    original: { spec: { containers: [c('a'), c('b')] } },
    patch: { spec: { '$setElementOrder/containers': [c('a'), c('b')], containers: [c('b'), c('a')] } },
    code: 400,
    message:
      "The order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n",
  },
]

void describe('applyStrategicMergePatch errors', () => {
  for (const tc of errorCases) {
    void test(tc.name, () => {
      assert.throws(
        () => applyStrategicMergePatch(tc.original ?? {}, tc.patch, META),
        (e: unknown) => {
          assert.ok(e instanceof ApiError, String(e))
          assert.equal(e.code, tc.code)
          assert.equal(e.message, tc.message)
          return true
        },
      )
    })
  }
})

// §2.1: `kubectl apply -f deploy.yaml` with a changed image and env value, meta from OpenAPI.
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const schemas: Record<string, any> = {
  Deployment: {
    type: 'object',
    properties: { metadata: { allOf: [ref('ObjectMeta')] }, spec: { allOf: [ref('DeploymentSpec')] } },
  },
  ObjectMeta: {
    type: 'object',
    properties: {
      annotations: { type: 'object', additionalProperties: { type: 'string' } },
      finalizers: {
        type: 'array',
        items: { type: 'string' },
        'x-kubernetes-list-type': 'set',
        'x-kubernetes-patch-strategy': 'merge',
      },
    },
  },
  DeploymentSpec: {
    type: 'object',
    properties: { replicas: { type: 'integer' }, template: { allOf: [ref('PodTemplateSpec')] } },
  },
  PodTemplateSpec: { type: 'object', properties: { spec: { allOf: [ref('PodSpec')] } } },
  PodSpec: {
    type: 'object',
    properties: {
      containers: {
        type: 'array',
        items: { allOf: [ref('Container')] },
        'x-kubernetes-list-map-keys': ['name'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
    },
  },
  Container: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      image: { type: 'string' },
      env: {
        type: 'array',
        items: { allOf: [ref('EnvVar')] },
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
    },
  },
  EnvVar: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } } },
}

void describe('kubectl apply patch from kube-api.md §2.1', () => {
  void test('one container and one env entry with the new values', () => {
    const meta = patchMetaFromSchema(ref('Deployment'), (r) => schemas[r.split('/').pop()!])
    const live = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'd2',
        namespace: 'default',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{old}\n' },
      },
      spec: {
        replicas: 1,
        template: {
          metadata: { labels: { app: 'd2' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx:1.25',
                env: [{ name: 'A', value: '1' }],
                imagePullPolicy: 'IfNotPresent',
              },
            ],
          },
        },
      },
    }
    const patch = JSON.parse(
      '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{new}\\n"}},' +
        '"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],' +
        '"containers":[{"$setElementOrder/env":[{"name":"A"}],"env":[{"name":"A","value":"2"}],"image":"nginx:1.26","name":"web"}]}}}}',
    )
    const out = applyStrategicMergePatch(live, patch, meta)
    assert.deepEqual(out.spec.template.spec.containers, [
      { name: 'web', image: 'nginx:1.26', env: [{ name: 'A', value: '2' }], imagePullPolicy: 'IfNotPresent' },
    ])
    assert.equal(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], '{new}\n')
    assert.equal(out.spec.replicas, 1)
    assert.equal(JSON.stringify(out).includes('$'), false, 'no directive left')
  })

  void test('same patch without meta would replace the lists', () => {
    const out = applyStrategicMergePatch(
      { spec: { containers: [{ name: 'web', image: 'a', ports: [1] }] } },
      { spec: { containers: [{ name: 'web', image: 'b' }] } },
      undefined,
    )
    assert.deepEqual(out.spec.containers, [{ name: 'web', image: 'b' }])
  })
})
