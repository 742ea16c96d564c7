import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { isDeepStrictEqual } from 'node:util'
import { generateDefinitions, OUTPUT_FILE } from '../../../scripts/gen-openapi.js'
import { definitions, resolveRef } from './schemas.js'

const CORE = 'io.k8s.api.core.v1'
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1'

void describe('generated definitions', () => {
  void test('the committed definitions.json is what the generator produces now', () => {
    const committed = JSON.parse(readFileSync(OUTPUT_FILE, 'utf8')) as Record<string, unknown>
    const fresh = generateDefinitions()
    // Compared as JSON values (formatting cannot matter); stale definitions are named, not diffed.
    const names = new Set([...Object.keys(committed), ...Object.keys(fresh)])
    const stale = [...names].filter((n) => !isDeepStrictEqual(committed[n], fresh[n]))
    assert.deepEqual(
      stale,
      [],
      'definitions.json is stale: run `npx tsx scripts/gen-openapi.ts` and commit it',
    )
  })

  const defs = definitions()
  const prop = (def: string, ...path: string[]) => {
    let s = defs[def]
    for (const p of path) s = s.properties[p]
    return s
  }

  const cases: { name: string; actual: () => unknown; expected: unknown }[] = [
    {
      name: 'Pod carries its GVK as a list',
      actual: () => defs[`${CORE}.Pod`]['x-kubernetes-group-version-kind'],
      expected: [{ group: '', kind: 'Pod', version: 'v1' }],
    },
    {
      name: 'Deployment GVK comes from the apiVersion literal',
      actual: () => defs['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind'],
      expected: [{ group: 'apps', kind: 'Deployment', version: 'v1' }],
    },
    {
      name: 'containers merge by name',
      actual: () => {
        const c = prop(`${CORE}.PodSpec`, 'containers')
        return [c['x-kubernetes-patch-strategy'], c['x-kubernetes-patch-merge-key'], c.items.$ref]
      },
      expected: ['merge', 'name', `#/components/schemas/${CORE}.Container`],
    },
    {
      name: 'volumes merge by name and retain keys',
      actual: () => prop(`${CORE}.PodSpec`, 'volumes')['x-kubernetes-patch-strategy'],
      expected: 'merge,retainKeys',
    },
    {
      name: 'container ports are a list-map keyed by containerPort and protocol',
      actual: () => {
        const p = prop(`${CORE}.Container`, 'ports')
        return [
          p['x-kubernetes-patch-merge-key'],
          p['x-kubernetes-list-type'],
          p['x-kubernetes-list-map-keys'],
        ]
      },
      expected: ['containerPort', 'map', ['containerPort', 'protocol']],
    },
    {
      name: 'inline-embedded fields keep their markers (EphemeralContainer env)',
      actual: () => prop(`${CORE}.EphemeralContainer`, 'env')['x-kubernetes-patch-merge-key'],
      expected: 'name',
    },
    {
      name: 'finalizers merge as a set',
      actual: () => {
        const f = prop(`${META}.ObjectMeta`, 'finalizers')
        return [f['x-kubernetes-patch-strategy'], f['x-kubernetes-list-type']]
      },
      expected: ['merge', 'set'],
    },
    {
      name: 'Deployment strategy retains keys',
      actual: () => prop('io.k8s.api.apps.v1.DeploymentSpec', 'strategy')['x-kubernetes-patch-strategy'],
      expected: 'retainKeys',
    },
    {
      name: 'a described reference is wrapped in allOf',
      actual: () => Object.keys(prop(`${CORE}.Pod`, 'spec')).sort(),
      expected: ['allOf', 'description'],
    },
    {
      name: 'Secret data values are bytes',
      actual: () => prop(`${CORE}.Secret`, 'data').additionalProperties,
      expected: { format: 'byte', type: 'string' },
    },
    {
      name: 'Time is a date-time string',
      actual: () => [defs[`${META}.Time`].type, defs[`${META}.Time`].format],
      expected: ['string', 'date-time'],
    },
    {
      name: 'number | string members refer to IntOrString',
      actual: () => prop(`${CORE}.ServicePort`, 'targetPort').allOf[0].$ref,
      expected: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString',
    },
    {
      name: 'IntOrString is marked int-or-string',
      actual: () => defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']['x-kubernetes-int-or-string'],
      expected: true,
    },
    {
      name: 'Quantity is a string or a number',
      actual: () => defs['io.k8s.apimachinery.pkg.api.resource.Quantity'].oneOf,
      expected: [{ type: 'string' }, { type: 'number' }],
    },
    {
      name: 'required comes from non-optional members',
      actual: () => defs[`${CORE}.Container`].required,
      expected: ['name'],
    },
    {
      name: 'JSONSchemaProps has the x-kubernetes members kubernetes-types drops',
      actual: () =>
        prop(
          'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
          'x-kubernetes-preserve-unknown-fields',
        ).type,
      expected: 'boolean',
    },
    {
      name: '1.32 fields are present (PodSpec.resources)',
      actual: () => prop(`${CORE}.PodSpec`, 'resources').allOf[0].$ref,
      expected: `#/components/schemas/${CORE}.ResourceRequirements`,
    },
    {
      name: 'DeleteOptions is listed under every served group-version',
      actual: () =>
        defs[`${META}.DeleteOptions`]['x-kubernetes-group-version-kind'].some(
          (g: any) => g.group === 'apps' && g.version === 'v1',
        ),
      expected: true,
    },
    {
      name: 'Scale is autoscaling/v1',
      actual: () => defs['io.k8s.api.autoscaling.v1.Scale']['x-kubernetes-group-version-kind'],
      expected: [{ group: 'autoscaling', kind: 'Scale', version: 'v1' }],
    },
    {
      name: 'struct markers land on the definition (LabelSelector is atomic)',
      actual: () => defs[`${META}.LabelSelector`]['x-kubernetes-map-type'],
      expected: 'atomic',
    },
  ]
  for (const c of cases) void test(c.name, () => assert.deepEqual(c.actual(), c.expected))

  void test('every reference resolves', () => {
    const refs: string[] = []
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(walk)
      if (!n || typeof n !== 'object') return
      for (const [k, v] of Object.entries(n)) {
        if (k === '$ref' && typeof v === 'string') refs.push(v)
        else walk(v)
      }
    }
    walk(defs)
    assert.ok(refs.length > 500)
    assert.deepEqual(
      refs.filter((r) => resolveRef(r) === undefined),
      [],
    )
  })
})
