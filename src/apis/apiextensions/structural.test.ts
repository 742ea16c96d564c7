import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { structuralErrors, structuralFieldErrors } from './structural.js'

/** A small valid root schema; cases below extend one field of it. */
const root = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    ...props,
  },
  ...extra,
})

void describe('structuralErrors accepts structural schemas', () => {
  const cases: [string, unknown][] = [
    [
      'plain object with typed fields',
      root({ spec: { type: 'object', properties: { a: { type: 'string' } } } }),
    ],
    [
      'string map via additionalProperties',
      root({ labels: { type: 'object', additionalProperties: { type: 'string' } } }),
    ],
    [
      'properties with additionalProperties: true',
      root({ x: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true } }),
    ],
    ['preserve-unknown-fields without type', root({ raw: { 'x-kubernetes-preserve-unknown-fields': true } })],
    [
      'int-or-string with the anyOf pattern',
      root({
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
      }),
    ],
    [
      'embedded resource with preserve-unknown-fields',
      root({
        role: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
      }),
    ],
    [
      'list-type map keyed by a scalar',
      root({
        clusters: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        },
      }),
    ],
    [
      'list-type set of strings',
      root({ names: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } }),
    ],
    [
      'root junctor validating declared fields',
      root(
        { a: { type: 'string' }, b: { type: 'string' } },
        { oneOf: [{ required: ['a'] }, { properties: { b: { minLength: 1 } } }] },
      ),
    ],
    [
      'root metadata restricting name only',
      root({ metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10 } } } }),
    ],
  ]
  for (const [name, schema] of cases) {
    void test(name, () => assert.deepEqual(structuralErrors(schema), []))
  }
})

void describe('structuralErrors reports each violation like kube-apiserver', () => {
  const cases: [string, unknown, string[]][] = [
    [
      'missing field type',
      root({ spec: { properties: {} } }),
      [
        'openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
      ],
    ],
    [
      'missing item type',
      root({ xs: { type: 'array', items: {} } }),
      [
        'openAPIV3Schema.properties[xs].items.type: Required value: must not be empty for specified array items',
      ],
    ],
    [
      'missing root type',
      { properties: {} },
      ['openAPIV3Schema.type: Required value: must not be empty at the root'],
    ],
    [
      'root type not object',
      { type: 'array', items: { type: 'string' } },
      ['openAPIV3Schema.type: Invalid value: "array": must be object at the root'],
    ],
    [
      'array without items',
      root({ xs: { type: 'array' } }),
      ['openAPIV3Schema.properties[xs].items: Required value: must be specified'],
    ],
    [
      'properties and additionalProperties together',
      root({
        m: {
          type: 'object',
          properties: { a: { type: 'string' } },
          additionalProperties: { type: 'string' },
        },
      }),
      [
        'openAPIV3Schema.properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive',
      ],
    ],
    [
      'additionalProperties at the root',
      { type: 'object', additionalProperties: { type: 'string' } },
      ['openAPIV3Schema.additionalProperties: Forbidden: must not be used at the root'],
    ],
    [
      'type inside a junctor',
      root({ a: { type: 'string', anyOf: [{ type: 'string' }] } }),
      ['openAPIV3Schema.properties[a].anyOf[0].type: Forbidden: must be empty to be structural'],
    ],
    [
      'junctor naming an undeclared field',
      root({}, { anyOf: [{ properties: { ghost: { minLength: 1 } } }] }),
      [
        'openAPIV3Schema.properties[ghost]: Required value: because it is defined in openAPIV3Schema.anyOf[0].properties[ghost]',
      ],
    ],
    [
      'root metadata restricting more than names',
      root({ metadata: { type: 'object', properties: { labels: { type: 'object' } } } }),
      [
        'openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
      ],
    ],
    [
      'kind not a string',
      root({ kind: { type: 'integer' } }),
      ['openAPIV3Schema.properties[kind].type: Invalid value: "integer": must be string'],
    ],
    [
      'embedded resource without fields',
      root({ e: { type: 'object', 'x-kubernetes-embedded-resource': true } }),
      [
        'openAPIV3Schema.properties[e].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ],
    ],
    [
      'preserve-unknown-fields false',
      root({ a: { type: 'object', 'x-kubernetes-preserve-unknown-fields': false } }),
      [
        'openAPIV3Schema.properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined',
      ],
    ],
    [
      'map-type on a string',
      root({ a: { type: 'string', 'x-kubernetes-map-type': 'atomic' } }),
      [
        'openAPIV3Schema.properties[a].type: Invalid value: "string": must be object if x-kubernetes-map-type is specified',
      ],
    ],
    [
      'unknown list-type',
      root({ a: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'bag' } }),
      [
        'openAPIV3Schema.properties[a].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"',
      ],
    ],
    [
      'list-type map without keys',
      root({
        a: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          items: { type: 'object', properties: { n: { type: 'string' } } },
        },
      }),
      [
        'openAPIV3Schema.properties[a].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map',
      ],
    ],
    [
      'unsupported keyword $ref',
      root({ a: { type: 'object', $ref: '#/definitions/x' } }),
      ['openAPIV3Schema.properties[a].$ref: Forbidden: $ref is not supported'],
    ],
    [
      'uniqueItems',
      root({ a: { type: 'array', items: { type: 'string' }, uniqueItems: true } }),
      [
        'openAPIV3Schema.properties[a].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ],
    ],
  ]
  for (const [name, schema, want] of cases) {
    void test(name, () => assert.deepEqual(structuralErrors(schema), want))
  }

  void test('the path prefix is the caller’s and errors come sorted', () => {
    const got = structuralErrors(root({ b: {}, a: {} }), 'spec.versions[0].schema.openAPIV3Schema')
    assert.deepEqual(got, [
      'spec.versions[0].schema.openAPIV3Schema.properties[a].type: Required value: must not be empty for specified object fields',
      'spec.versions[0].schema.openAPIV3Schema.properties[b].type: Required value: must not be empty for specified object fields',
    ])
  })

  void test('field errors carry the type a 422 Invalid needs', () => {
    const [e] = structuralFieldErrors(root({ a: {} }))
    assert.equal(e?.type, 'FieldValueRequired')
    assert.equal(e?.field, 'openAPIV3Schema.properties[a].type')
  })
})
