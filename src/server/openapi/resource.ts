/**
 * What the OpenAPI documents are built from: one entry per served resource, and the names the
 * documents derive from it (group-version path, component schema names, operation-id words).
 */
import { schemaForKind } from '../../apis/openapi/schemas.js'

export interface OpenApiResource {
  group: string
  version: string
  kind: string
  /** Plural resource name. */
  resource: string
  namespaced: boolean
  /** Subresource names ('status', 'scale', 'token', ...); those without a known shape are skipped. */
  subresources: string[]
  /** The `openAPIV3Schema` of a CRD version; absent for built-in kinds. */
  crdSchema?: any
  /** Custom resources get no strategic merge patch and a schema built from crdSchema. */
  isCustomResource?: boolean
  /** Verbs of the main resource; default: all eight (create ... watch). */
  verbs?: string[]
  /** Component schema of the kind when it differs from the one found by its GVK. */
  schemaName?: string
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']

/** `api/v1` or `apis/<group>/<version>`: the key in the /openapi/v3 index. */
export const groupVersionPath = (group: string, version: string) =>
  group ? `apis/${group}/${version}` : `api/${version}`

/** Upstream's name for a custom resource's component schema: the group reversed, then version and kind. */
export const crdSchemaName = (group: string, version: string, kind: string) =>
  `${group.split('.').reverse().join('.')}.${version}.${kind}`

/** Component schema names of a resource's kind and list kind (undefined when there is none). */
export function kindSchemaNames(r: OpenApiResource): { kind?: string; list?: string } {
  if (r.isCustomResource) {
    return {
      kind: crdSchemaName(r.group, r.version, r.kind),
      list: crdSchemaName(r.group, r.version, `${r.kind}List`),
    }
  }
  return {
    kind: r.schemaName ?? schemaForKind(r.group, r.version, r.kind)?.name,
    list: schemaForKind(r.group, r.version, `${r.kind}List`)?.name,
  }
}

const capitalize = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s)

/** The group part of operation ids: `Core`, `Apps`, `RbacAuthorization`, `ExampleCom`. */
export function groupWord(group: string): string {
  if (!group) return 'Core'
  return group
    .replace(/\.k8s\.io$/, '')
    .split(/[.-]/)
    .map(capitalize)
    .join('')
}

/** The tag of a group-version's operations: `core_v1`, `rbacAuthorization_v1`. */
export function groupTag(group: string, version: string): string {
  const word = groupWord(group)
  return `${word[0].toLowerCase()}${word.slice(1)}_${version}`
}

export const opIdPrefix = (r: OpenApiResource) => `${groupWord(r.group)}${capitalize(r.version)}`

export { capitalize }
