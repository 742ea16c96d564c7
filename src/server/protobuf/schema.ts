/**
 * Builds, once at module load, the protobufjs types for every message in `descriptors/` and a
 * compiled view of each field (how to turn its decoded value into JSON). A bad table (unknown
 * type name, duplicate number) fails here, at import, rather than on some later request.
 */
import protobuf from 'protobufjs/light.js'
import type { FieldFlag, PackageSpec } from './descriptor.js'
import { appsV1 } from './descriptors/apps-v1.js'
import { authenticationV1 } from './descriptors/authentication-v1.js'
import { authorizationV1 } from './descriptors/authorization-v1.js'
import { autoscalingV1 } from './descriptors/autoscaling-v1.js'
import { autoscalingV2 } from './descriptors/autoscaling-v2.js'
import { batchV1 } from './descriptors/batch-v1.js'
import { certificatesV1 } from './descriptors/certificates-v1.js'
import { coreV1 } from './descriptors/core-v1.js'
import { intstr } from './descriptors/intstr.js'
import { metaV1 } from './descriptors/meta-v1.js'
import { networkingV1 } from './descriptors/networking-v1.js'
import { policyV1 } from './descriptors/policy-v1.js'
import { rbacV1 } from './descriptors/rbac-v1.js'
import { resource } from './descriptors/resource.js'
import { runtime } from './descriptors/runtime.js'
import { schedulingV1 } from './descriptors/scheduling-v1.js'
import { WELL_KNOWN, type Decoded } from './well-known.js'

export const PACKAGES: readonly PackageSpec[] = [
  metaV1,
  runtime,
  intstr,
  resource,
  coreV1,
  appsV1,
  batchV1,
  autoscalingV1,
  autoscalingV2,
  rbacV1,
  authorizationV1,
  authenticationV1,
  policyV1,
  networkingV1,
  schedulingV1,
  certificatesV1,
]

const SCALARS = ['string', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'bytes', 'double', 'float'] as const
export type Scalar = (typeof SCALARS)[number]
const isScalar = (t: string): t is Scalar => (SCALARS as readonly string[]).includes(t)

/** What a field's value is made of: a scalar, or a message by its full name. */
export type ValueType = { scalar: Scalar } | { message: string }

export interface CompiledField {
  /** JSON name (the proto field name for inline fields). */
  readonly key: string
  readonly shape: 'single' | 'repeated' | 'map'
  readonly value: ValueType
  readonly flag?: FieldFlag
}

export interface CompiledMessage {
  readonly fullName: string
  readonly type: protobuf.Type
  readonly fields: readonly CompiledField[]
  /** Converter for a message whose JSON form is not an object of its fields. */
  readonly wellKnown?: (m: Decoded) => unknown
  /** Go slice type carried as `{items}`: its JSON form is the array. */
  readonly listWrapper: boolean
}

const PACKAGE_NAMES = PACKAGES.map((p) => p.name)

/** Full name of a message reference written inside package `from`. */
function resolveName(ref: string, from: string): string {
  const dot = ref.lastIndexOf('.')
  if (dot >= 0 && PACKAGE_NAMES.includes(ref.slice(0, dot))) return ref
  if (dot >= 0) throw new Error(`protobuf descriptors: unknown package in ${ref} (from ${from})`)
  return `${from}.${ref}`
}

function parseType(
  spec: string,
  from: string,
): { shape: CompiledField['shape']; key?: Scalar; value: ValueType } {
  const valueOf = (t: string): ValueType => (isScalar(t) ? { scalar: t } : { message: resolveName(t, from) })
  const map = /^map<(\w+),([\w.]+)>$/.exec(spec)
  if (map) {
    if (!isScalar(map[1])) throw new Error(`protobuf descriptors: bad map key in ${spec}`)
    return { shape: 'map', key: map[1], value: valueOf(map[2]) }
  }
  if (spec.endsWith('[]')) return { shape: 'repeated', value: valueOf(spec.slice(0, -2)) }
  return { shape: 'single', value: valueOf(spec) }
}

const protoTypeName = (v: ValueType) => ('scalar' in v ? v.scalar : `.${v.message}`)

function build(): Map<string, CompiledMessage> {
  const root = new protobuf.Root()
  const compiled = new Map<string, CompiledMessage>()
  for (const pkg of PACKAGES) {
    const ns = root.define(pkg.name)
    for (const [name, spec] of Object.entries(pkg.messages)) {
      const fullName = `${pkg.name}.${name}`
      const type = new protobuf.Type(name)
      const fields: CompiledField[] = []
      for (const [key, [id, typeSpec, flag]] of Object.entries(spec)) {
        const t = parseType(typeSpec, pkg.name)
        const protoType = protoTypeName(t.value)
        if (t.shape === 'map') type.add(new protobuf.MapField(key, id, t.key!, protoType))
        else
          type.add(new protobuf.Field(key, id, protoType, t.shape === 'repeated' ? 'repeated' : 'optional'))
        fields.push({ key, shape: t.shape, value: t.value, ...(flag ? { flag } : {}) })
      }
      ns.add(type)
      const wellKnown = WELL_KNOWN[fullName]
      const listWrapper = pkg.listWrappers?.includes(name) ?? false
      compiled.set(fullName, { fullName, type, fields, listWrapper, ...(wellKnown ? { wellKnown } : {}) })
    }
  }
  root.resolveAll()
  return compiled
}

const MESSAGES = build()

/** The compiled message by full name (`core.v1.ConfigMap`); throws for a name not in the tables. */
export function compiledMessage(fullName: string): CompiledMessage {
  const m = MESSAGES.get(fullName)
  if (!m) throw new Error(`protobuf descriptors: no message ${fullName}`)
  return m
}

/** All compiled messages (for tests that check the tables). */
export function allCompiledMessages(): IterableIterator<CompiledMessage> {
  return MESSAGES.values()
}
