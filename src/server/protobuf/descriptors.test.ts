import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, test } from 'node:test'
import { allKindMessages } from './kinds.js'
import { allCompiledMessages, compiledMessage, PACKAGES } from './schema.js'

// The JSON names in descriptors/ come from Go struct tags; kubernetes-types (generated from
// the OpenAPI documents of Kubernetes 1.30) is an independent record of the same names.

const typesDir = dirname(createRequire(import.meta.url).resolve('kubernetes-types/package.json'))

/** Interface name -> property names, read from a kubernetes-types .d.ts file. */
function interfaces(groupVersion: string): Map<string, Set<string>> {
  const text = readFileSync(join(typesDir, `${groupVersion}.d.ts`), 'utf8')
  const out = new Map<string, Set<string>>()
  let current: Set<string> | undefined
  for (const line of text.split('\n')) {
    const open = /^export interface (\w+) \{/.exec(line)
    if (open) out.set(open[1], (current = new Set()))
    else if (line === '}') current = undefined
    else {
      const prop = /^ {4}(?:readonly )?("[^"]+"|[\w$]+)\??: /.exec(line)
      if (current && prop) current.add(prop[1].replaceAll('"', ''))
    }
  }
  return out
}

/** JSON keys of a message, with inline members flattened into it. */
function jsonKeys(fullName: string): string[] {
  return compiledMessage(fullName).fields.flatMap((f) =>
    f.flag === 'inline' && 'message' in f.value ? jsonKeys(f.value.message) : [f.key],
  )
}

/** Fields that kubernetes-types 1.30 lacks, mostly because they were added after Kubernetes 1.30. */
const NEWER: Record<string, string[]> = {
  'meta.v1.DeleteOptions': ['ignoreStoreReadErrorWithClusterBreakingPotential'],
  'core.v1.Container': ['restartPolicyRules'],
  'core.v1.EphemeralContainer': ['restartPolicyRules'],
  'core.v1.ContainerStatus': ['user', 'allocatedResourcesStatus', 'stopSignal'],
  'core.v1.EnvVarSource': ['fileKeyRef'],
  'core.v1.Lifecycle': ['stopSignal'],
  'core.v1.NodeRuntimeHandlerFeatures': ['userNamespaces'],
  'core.v1.NodeStatus': ['features', 'declaredFeatures'],
  'core.v1.NodeSystemInfo': ['swap'],
  'core.v1.PodCondition': ['observedGeneration'],
  'core.v1.PodResourceClaim': ['resourceClaimName', 'resourceClaimTemplateName'],
  'core.v1.PodSecurityContext': ['supplementalGroupsPolicy', 'seLinuxChangePolicy'],
  'core.v1.PodSpec': ['resources', 'hostnameOverride', 'schedulingGroup'],
  'core.v1.PodStatus': [
    'observedGeneration',
    'extendedResourceClaimStatus',
    'allocatedResources',
    'resources',
    'nodeAllocatableResourceClaimStatuses',
  ],
  'core.v1.ResourceClaim': ['request'],
  'core.v1.Volume': ['image'],
  'core.v1.VolumeMountStatus': ['volumeStatus'],
  'core.v1.VolumeProjection': ['podCertificate'],
  'apps.v1.DeploymentStatus': ['terminatingReplicas'],
  'apps.v1.ReplicaSetStatus': ['terminatingReplicas'],
  'autoscaling.v2.HPAScalingRules': ['tolerance'],
  'authorization.v1.ResourceAttributes': ['fieldSelector', 'labelSelector'],
  // Present in 1.30 but missing from kubernetes-types: their descriptions contain `*/`.
  'authorization.v1.ResourceRule': ['verbs', 'resources'],
}

/** Fields of 1.30 that later releases removed (their numbers are reserved upstream). */
const REMOVED: Record<string, string[]> = { 'core.v1.PodResourceClaim': ['source'] }

/** Messages whose JSON form is not an object of their fields. */
const NOT_OBJECTS = new Set(['meta.v1.FieldsV1'])

void describe('JSON names agree with kubernetes-types 1.30', () => {
  for (const pkg of PACKAGES) {
    const dot = pkg.name.indexOf('.')
    if (dot < 0) continue // runtime, intstr, resource: well-known types only
    const known = interfaces(`${pkg.name.slice(0, dot)}/${pkg.name.slice(dot + 1)}`)
    void test(pkg.name, () => {
      let compared = 0
      for (const name of Object.keys(pkg.messages)) {
        const full = `${pkg.name}.${name}`
        const props = known.get(name)
        if (!props || NOT_OBJECTS.has(full)) continue
        compared++
        const keys = jsonKeys(full)
        const unexpected = keys.filter((k) => !props.has(k) && !NEWER[full]?.includes(k))
        const lost = [...props].filter(
          (p) => p !== 'apiVersion' && p !== 'kind' && !keys.includes(p) && !REMOVED[full]?.includes(p),
        )
        assert.deepEqual({ full, unexpected, lost }, { full, unexpected: [], lost: [] })
      }
      assert.ok(compared > 0, `no ${pkg.name} message was compared`)
    })
  }
})

void describe('tables', () => {
  void test('every kind in kinds.ts has a message', () => {
    for (const name of allKindMessages()) assert.ok(compiledMessage(name), name)
  })

  void test('every object kind has metadata as field 1', () => {
    for (const name of allKindMessages().filter((n) => n !== 'meta.v1.DeleteOptions')) {
      const field = compiledMessage(name).type.fields.metadata
      assert.equal(field?.id, 1, name)
      assert.equal(field.resolvedType?.fullName, '.meta.v1.ObjectMeta', name)
    }
  })

  void test('inline fields point at messages and keep-flags sit on scalars only', () => {
    for (const m of allCompiledMessages()) {
      for (const f of m.fields) {
        if (f.flag === 'inline')
          assert.ok('message' in f.value && f.shape === 'single', `${m.fullName}.${f.key}`)
        if (f.flag === 'keep')
          assert.ok('scalar' in f.value && f.shape === 'single', `${m.fullName}.${f.key}`)
      }
    }
  })
})
