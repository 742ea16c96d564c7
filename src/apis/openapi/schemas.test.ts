import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  findUnknownFields,
  findUnknownFieldsInSchema,
  pruneUnknownFields,
  pruneWithSchema,
  resolveRef,
  schemaForKind,
} from './schemas.js'

const deployment = (extra: { spec?: object; container?: object; top?: object } = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', labels: { anything: 'goes' }, annotations: { 'a/b': 'c' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'd' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
    template: {
      metadata: { labels: { app: 'd' } },
      spec: {
        containers: [
          { name: 'a', image: 'nginx' },
          {
            name: 'web',
            image: 'nginx',
            env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
            resources: { limits: { cpu: '1', memory: 1024 } },
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            ...extra.container,
          },
        ],
      },
    },
    ...extra.spec,
  },
  ...extra.top,
})

void describe('schemaForKind / resolveRef', () => {
  const cases = [
    { name: 'core Pod', gvk: ['', 'v1', 'Pod'], expected: 'io.k8s.api.core.v1.Pod' },
    { name: 'apps Deployment', gvk: ['apps', 'v1', 'Deployment'], expected: 'io.k8s.api.apps.v1.Deployment' },
    {
      name: 'CRD kind',
      gvk: ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition'],
      expected: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    },
    { name: 'Scale', gvk: ['autoscaling', 'v1', 'Scale'], expected: 'io.k8s.api.autoscaling.v1.Scale' },
    { name: 'unknown kind', gvk: ['example.com', 'v1', 'Widget'], expected: undefined },
    { name: 'wrong version', gvk: ['apps', 'v1beta1', 'Deployment'], expected: undefined },
  ]
  for (const c of cases) {
    void test(c.name, () => {
      const [g, v, k] = c.gvk as [string, string, string]
      assert.equal(schemaForKind(g, v, k)?.name, c.expected)
    })
  }

  void test('resolveRef accepts v3, v2 and bare names', () => {
    const pod = schemaForKind('', 'v1', 'Pod')!.schema
    assert.equal(resolveRef('#/components/schemas/io.k8s.api.core.v1.Pod'), pod)
    assert.equal(resolveRef('#/definitions/io.k8s.api.core.v1.Pod'), pod)
    assert.equal(resolveRef('io.k8s.api.core.v1.Pod'), pod)
    assert.equal(resolveRef('#/components/schemas/nope'), undefined)
    assert.equal(resolveRef('constructor'), undefined)
  })
})

void describe('findUnknownFields (built-in kinds)', () => {
  const cases: { name: string; gvk: [string, string, string]; obj: unknown; expected: string[] }[] = [
    {
      name: 'a valid Deployment has none',
      gvk: ['apps', 'v1', 'Deployment'],
      obj: deployment(),
      expected: [],
    },
    {
      name: 'unknown fields at several depths, in document order',
      gvk: ['apps', 'v1', 'Deployment'],
      obj: deployment({ spec: { bar: 1 }, container: { foo: 'x' }, top: { extra: true } }),
      expected: ['spec.template.spec.containers[1].foo', 'spec.bar', 'extra'],
    },
    {
      name: 'inside list items of metadata',
      gvk: ['', 'v1', 'ConfigMap'],
      obj: {
        metadata: {
          name: 'c',
          ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'n', uid: 'u', bogus: 1 }],
        },
      },
      expected: ['metadata.ownerReferences[0].bogus'],
    },
    {
      name: 'maps accept any key',
      gvk: ['', 'v1', 'ConfigMap'],
      obj: { data: { constructor: 'a', 'x.y': 'b' }, binaryData: { k: 'AAE=' } },
      expected: [],
    },
    {
      name: 'Object.prototype names are unknown fields, not schema members',
      gvk: ['', 'v1', 'ConfigMap'],
      obj: { constructor: 1, toString: 2 },
      expected: ['constructor', 'toString'],
    },
    {
      name: 'RawExtension is opaque',
      gvk: ['apps', 'v1', 'ControllerRevision'],
      obj: { revision: 1, data: { anything: { at: ['all'] } } },
      expected: [],
    },
    {
      name: 'IntOrString and Quantity values are leaves',
      gvk: ['', 'v1', 'Service'],
      obj: {
        spec: {
          ports: [
            { port: 80, targetPort: 'http' },
            { port: 81, targetPort: 8081 },
          ],
        },
      },
      expected: [],
    },
    {
      name: 'CRD schemas may use the x-kubernetes members',
      gvk: ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition'],
      obj: {
        spec: {
          group: 'example.com',
          names: { plural: 'widgets', kind: 'Widget' },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                  properties: {
                    spec: { type: 'object', 'x-kubernetes-validations': [{ rule: 'true' }], bogus: 1 },
                  },
                },
              },
            },
          ],
        },
      },
      expected: ['spec.versions[0].schema.openAPIV3Schema.properties.spec.bogus'],
    },
    {
      name: 'kinds without a schema report nothing',
      gvk: ['example.com', 'v1', 'Widget'],
      obj: { x: 1 },
      expected: [],
    },
    { name: 'non-objects report nothing', gvk: ['', 'v1', 'Pod'], obj: 'text', expected: [] },
  ]
  for (const c of cases) {
    void test(c.name, () => {
      const before = JSON.stringify(c.obj)
      assert.deepEqual(findUnknownFields(...c.gvk, c.obj), c.expected)
      assert.equal(JSON.stringify(c.obj), before, 'find must not modify the object')
    })
  }

  void test('pruneUnknownFields removes exactly the unknown fields, in place', () => {
    const obj = deployment({ spec: { bar: 1 }, container: { foo: 'x' } })
    const removed = pruneUnknownFields('apps', 'v1', 'Deployment', obj)
    assert.deepEqual(removed, ['spec.template.spec.containers[1].foo', 'spec.bar'])
    assert.deepEqual(obj, deployment())
    assert.deepEqual(findUnknownFields('apps', 'v1', 'Deployment', obj), [])
  })
})

void describe('findUnknownFieldsInSchema / pruneWithSchema (custom resources)', () => {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          size: { type: 'integer' },
          port: { 'x-kubernetes-int-or-string': true },
          items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          byName: {
            type: 'object',
            additionalProperties: { type: 'object', properties: { a: { type: 'string' } } },
          },
          empty: { type: 'object' },
          loose: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
            properties: { strict: { type: 'object', properties: { ok: { type: 'string' } } } },
          },
          template: {
            type: 'object',
            'x-kubernetes-embedded-resource': true,
            'x-kubernetes-preserve-unknown-fields': true,
          },
          anyMap: { type: 'object', additionalProperties: true },
        },
      },
      status: { type: 'object', properties: { phase: { type: 'string' } } },
    },
  }
  const widget = (spec: object, top: object = {}) => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w1', namespace: 'default', labels: { a: 'b' } },
    spec,
    ...top,
  })

  const cases: { name: string; obj: unknown; expected: string[] }[] = [
    {
      name: 'a valid object has none; apiVersion, kind and metadata are kept at the root',
      obj: widget({
        size: 1,
        port: 'http',
        items: [{ name: 'a' }],
        labels: { x: 'y' },
        byName: { k: { a: 'v' } },
      }),
      expected: [],
    },
    {
      name: 'unknown at the root and in spec, sorted',
      obj: widget({ zz: 1, color: 'blue' }, { extra: 1 }),
      expected: ['extra', 'spec.color', 'spec.zz'],
    },
    {
      name: 'metadata is pruned to ObjectMeta',
      obj: widget({}, { metadata: { name: 'w', foo: 1 } }),
      expected: ['metadata.foo'],
    },
    {
      name: 'list items',
      obj: widget({ items: [{ name: 'a' }, { name: 'b', bad: 1 }] }),
      expected: ['spec.items[1].bad'],
    },
    {
      name: 'map values with a schema',
      obj: widget({ byName: { k1: { a: 'x', bad: 1 } } }),
      expected: ['spec.byName.k1.bad'],
    },
    {
      name: 'an object schema without properties keeps nothing',
      obj: widget({ empty: { a: 1, b: { c: 1 } } }),
      expected: ['spec.empty.a', 'spec.empty.b'],
    },
    {
      name: 'preserve-unknown-fields keeps unknown fields but prunes inside known ones',
      obj: widget({ loose: { anything: { deep: 1 }, strict: { ok: 'x', no: 1 } } }),
      expected: ['spec.loose.strict.no'],
    },
    {
      name: 'an embedded resource keeps apiVersion/kind and prunes its metadata to ObjectMeta',
      obj: widget({
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', bogus: 1 }, spec: { x: 1 } },
      }),
      expected: ['spec.template.metadata.bogus'],
    },
    {
      name: 'additionalProperties: true keeps scalars and empties objects',
      obj: widget({ anyMap: { s: 'x', o: { a: 1 } } }),
      expected: ['spec.anyMap.o.a'],
    },
    {
      name: 'int-or-string given an object prunes it',
      obj: widget({ port: { a: 1 } }),
      expected: ['spec.port.a'],
    },
  ]
  for (const c of cases) {
    void test(c.name, () => {
      const before = JSON.stringify(c.obj)
      assert.deepEqual(findUnknownFieldsInSchema(schema, c.obj), c.expected)
      assert.equal(JSON.stringify(c.obj), before, 'find must not modify the object')
    })
  }

  void test('pruneWithSchema removes the fields in place', () => {
    const obj = widget(
      { size: 2, color: 'blue', loose: { keep: 1 } },
      { extra: 1, metadata: { name: 'w1', foo: 2 } },
    )
    const removed = pruneWithSchema(schema, obj)
    assert.deepEqual(removed, ['extra', 'metadata.foo', 'spec.color'])
    assert.deepEqual(obj, {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1' },
      spec: { size: 2, loose: { keep: 1 } },
    })
  })

  void test('a root with x-kubernetes-preserve-unknown-fields keeps everything but still checks metadata', () => {
    const obj = { apiVersion: 'a/v1', kind: 'K', metadata: { name: 'n', nope: 1 }, spec: { any: 1 } }
    assert.deepEqual(
      findUnknownFieldsInSchema({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, obj),
      ['metadata.nope'],
    )
  })
})
