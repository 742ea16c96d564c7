/**
 * Generates the OpenAPI v3 component schemas of the built-in kinds into
 * src/apis/openapi/generated/definitions.json (committed; `npx tsx scripts/gen-openapi.ts`).
 *
 * No npm package ships the Kubernetes OpenAPI documents, so the schemas are derived from the
 * `kubernetes-types` declaration files with the TypeScript compiler API:
 * - one definition per interface / type alias, named like upstream (`io.k8s.api.core.v1.Pod`);
 * - descriptions from the JSDoc, `required` from non-optional members;
 * - references as `#/components/schemas/<name>`; a reference that carries a description is wrapped
 *   as `allOf: [{$ref}]` (upstream v3 style), bare inside `items` / `additionalProperties`;
 * - `x-kubernetes-group-version-kind` (a list) from the literal `apiVersion` / `kind` member types;
 * - `number | string` members refer to IntOrString; Time/MicroTime/Quantity/IntOrString get the
 *   upstream shapes; `format: byte` where Go has `[]byte`; list/map/patch markers come from
 *   gen-openapi-markers.ts.
 * Integer formats (int32/int64) and `default`s are not derivable from the .d.ts files and are omitted.
 *
 * `generateDefinitions()` is pure (reads node_modules only), so a test can re-run it and compare
 * the result with the committed file (as JSON values, so formatting cannot make it fail).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import ts from 'typescript'
import { ATOMIC_LISTS, FIELD_MARKERS, STRUCT_MAP_TYPES, type FieldMarker } from './gen-openapi-markers.js'
import { SUPPLEMENTS } from './gen-openapi-supplements.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const TYPES_DIR = join(ROOT, 'node_modules', 'kubernetes-types')
export const OUTPUT_FILE = join(ROOT, 'src', 'apis', 'openapi', 'generated', 'definitions.json')
export const REF_PREFIX = '#/components/schemas/'

interface Module {
  /** Declaration file below kubernetes-types, without `.d.ts`. */
  path: string
  /** Short package name used by the marker tables. */
  short: string
  /** Upstream definition-name prefix. */
  pkg: string
}

/** The group-versions the server serves, plus the packages they depend on. */
export const MODULES: Module[] = [
  { path: 'meta/v1', short: 'meta.v1', pkg: 'io.k8s.apimachinery.pkg.apis.meta.v1' },
  { path: 'runtime', short: 'runtime', pkg: 'io.k8s.apimachinery.pkg.runtime' },
  { path: 'api/resource', short: 'resource', pkg: 'io.k8s.apimachinery.pkg.api.resource' },
  { path: 'core/v1', short: 'core.v1', pkg: 'io.k8s.api.core.v1' },
  { path: 'apps/v1', short: 'apps.v1', pkg: 'io.k8s.api.apps.v1' },
  { path: 'batch/v1', short: 'batch.v1', pkg: 'io.k8s.api.batch.v1' },
  { path: 'coordination/v1', short: 'coordination.v1', pkg: 'io.k8s.api.coordination.v1' },
  { path: 'authorization/v1', short: 'authorization.v1', pkg: 'io.k8s.api.authorization.v1' },
  { path: 'authentication/v1', short: 'authentication.v1', pkg: 'io.k8s.api.authentication.v1' },
  { path: 'autoscaling/v1', short: 'autoscaling.v1', pkg: 'io.k8s.api.autoscaling.v1' },
  { path: 'rbac/v1', short: 'rbac.v1', pkg: 'io.k8s.api.rbac.v1' },
  {
    path: 'apiextensions/v1',
    short: 'apiextensions.v1',
    pkg: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1',
  },
]

export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString'

/** Definitions whose shape is not the plain translation of their declaration. */
const SPECIAL_SHAPES: Record<string, object> = {
  'meta.v1.Time': { type: 'string', format: 'date-time' },
  'meta.v1.MicroTime': { type: 'string', format: 'date-time' },
  'resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  /** Any JSON value: no type. */
  'apiextensions.v1.JSON': {},
}

/** IntOrString has no declaration in kubernetes-types (it is inlined as `number | string`). */
const INT_OR_STRING_SCHEMA = {
  description:
    'IntOrString holds either an int32 or a string; in JSON it is written as the bare number or the bare string.',
  format: 'int-or-string',
  oneOf: [{ type: 'integer' }, { type: 'string' }],
  'x-kubernetes-int-or-string': true,
}

/** Go `[]byte` fields (base64 strings in JSON); `values` means the values of a map field. */
const BYTE_FIELDS: Record<string, 'field' | 'values'> = {
  'core.v1.Secret.data': 'values',
  'core.v1.ConfigMap.binaryData': 'values',
  'apiextensions.v1.WebhookClientConfig.caBundle': 'field',
}

/** Go float64 fields; every other `number` is an integer in the Kubernetes API. */
const FLOAT_FIELDS = new Set([
  'apiextensions.v1.JSONSchemaProps.maximum',
  'apiextensions.v1.JSONSchemaProps.minimum',
  'apiextensions.v1.JSONSchemaProps.multipleOf',
])

/** Upstream registers these meta types in core v1 only. */
const META_CORE_KINDS = ['Status', 'APIGroup', 'APIGroupList', 'APIResourceList', 'APIVersions']
/** Upstream lists these meta types under every served group-version. */
const META_EVERY_GV_KINDS = ['DeleteOptions', 'WatchEvent']

interface Gvk {
  group: string
  kind: string
  version: string
}

interface Ctx {
  mod: Module
  sf: ts.SourceFile
  /** Local identifier → definition name, for declarations and imports of this module. */
  names: Map<string, string>
  usedMarkers: Set<string>
}

/** Builds every definition; throws on declarations it cannot translate or on unused markers. */
export function generateDefinitions(typesDir = TYPES_DIR): Record<string, any> {
  const defs: Record<string, any> = { [INT_OR_STRING]: INT_OR_STRING_SCHEMA }
  const usedMarkers = new Set<string>()
  const gvs = new Map<string, { group: string; version: string }>()
  const byPath = new Map(MODULES.map((m) => [m.path, m]))

  for (const mod of MODULES) {
    const file = join(typesDir, `${mod.path}.d.ts`)
    const sources = [ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)]
    const extra = SUPPLEMENTS[mod.path]
    if (extra)
      sources.push(ts.createSourceFile(`${mod.path}.supplement.d.ts`, extra, ts.ScriptTarget.Latest, true))
    const declared = declaredNames(sources, mod)
    for (const sf of sources) {
      const ctx: Ctx = { mod, sf, names: importedNames(sf, mod, byPath, declared), usedMarkers }
      for (const st of sf.statements) {
        if (ts.isInterfaceDeclaration(st)) {
          const name = `${mod.pkg}.${st.name.text}`
          const def = interfaceSchema(st, ctx)
          defs[name] = defs[name] ? mergeInterface(defs[name], def) : def
          for (const g of def['x-kubernetes-group-version-kind'] ?? []) {
            gvs.set(`${g.group}/${g.version}`, { group: g.group, version: g.version })
          }
        } else if (ts.isTypeAliasDeclaration(st)) {
          defs[`${mod.pkg}.${st.name.text}`] = aliasSchema(st, ctx)
        }
      }
    }
  }

  addMetaGvks(defs, [...gvs.values()])
  applyStructMarkers(defs, usedMarkers)
  checkMarkersUsed(usedMarkers)
  checkRefs(defs)
  return sortKeysDeep(defs)
}

/**
 * The committed text: sorted, formatted with the repository's prettier settings so that
 * `npm run format` leaves the file as it is.
 */
export async function renderDefinitions(defs: Record<string, any>): Promise<string> {
  const options = (await prettier.resolveConfig(OUTPUT_FILE)) ?? {}
  return prettier.format(JSON.stringify(sortKeysDeep(defs)), { ...options, filepath: OUTPUT_FILE })
}

/** Definition names of the interfaces and aliases a module declares (its file plus supplement). */
function declaredNames(sources: ts.SourceFile[], mod: Module): Map<string, string> {
  const names = new Map<string, string>()
  for (const sf of sources) {
    for (const st of sf.statements) {
      if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) {
        names.set(st.name.text, `${mod.pkg}.${st.name.text}`)
      }
    }
  }
  return names
}

/** Local identifier → definition name for one source file: the module's own names plus its imports. */
function importedNames(
  sf: ts.SourceFile,
  mod: Module,
  byPath: Map<string, Module>,
  declared: Map<string, string>,
) {
  const names = new Map(declared)
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue
    const from = byPath.get(posix.join(posix.dirname(mod.path), st.moduleSpecifier.text))
    if (!from) throw new Error(`${mod.path}: import from unlisted module ${st.moduleSpecifier.text}`)
    const bindings = st.importClause?.namedBindings
    if (bindings && ts.isNamedImports(bindings)) {
      for (const el of bindings.elements) names.set(el.name.text, `${from.pkg}.${el.name.text}`)
    }
  }
  return names
}

function interfaceSchema(decl: ts.InterfaceDeclaration, ctx: Ctx): any {
  const typeName = decl.name.text
  const properties: Record<string, any> = {}
  const required: string[] = []
  const literals: Record<string, string> = {}
  for (const m of decl.members) {
    if (!ts.isPropertySignature(m) || !m.type)
      throw new Error(`${typeName}: unsupported member ${m.getText()}`)
    const field = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : m.name.getText()
    if (!m.questionToken) required.push(field)
    if (ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal))
      literals[field] = m.type.literal.text
    properties[field] = propertySchema(m.type, docOf(m, ctx.sf), `${ctx.mod.short}.${typeName}`, field, ctx)
  }
  const schema: any = { type: 'object' }
  const description = docOf(decl, ctx.sf)
  if (description) schema.description = description
  if (Object.keys(properties).length) schema.properties = properties
  if (required.length) schema.required = required
  if (literals.apiVersion && literals.kind) {
    const [group, version] = literals.apiVersion.includes('/')
      ? literals.apiVersion.split('/')
      : ['', literals.apiVersion]
    schema['x-kubernetes-group-version-kind'] = [{ group, kind: literals.kind, version }]
  }
  const special = SPECIAL_SHAPES[`${ctx.mod.short}.${typeName}`]
  if (special) return { ...(description ? { description } : {}), ...special }
  return schema
}

/** Declaration merging: the supplement adds members to an interface already translated. */
function mergeInterface(base: any, extra: any): any {
  return {
    ...base,
    properties: { ...base.properties, ...extra.properties },
    ...(extra.required ? { required: [...(base.required ?? []), ...extra.required] } : {}),
  }
}

function aliasSchema(decl: ts.TypeAliasDeclaration, ctx: Ctx): any {
  const description = docOf(decl, ctx.sf)
  const head = description ? { description } : {}
  const special = SPECIAL_SHAPES[`${ctx.mod.short}.${decl.name.text}`]
  if (special) return { ...head, ...special }
  // Go types with custom JSON (JSONSchemaPropsOrBool ...) are declared as unions: any value.
  if (ts.isUnionTypeNode(decl.type)) return head
  return { ...head, ...typeSchema(decl.type, ctx) }
}

function propertySchema(
  node: ts.TypeNode,
  description: string | undefined,
  typeKey: string,
  field: string,
  ctx: Ctx,
): any {
  const key = `${typeKey}.${field}`
  let schema = typeSchema(node, ctx)
  if (FLOAT_FIELDS.has(key)) schema = { type: 'number', format: 'double' }
  const bytes = BYTE_FIELDS[key]
  if (bytes === 'field') schema = { type: 'string', format: 'byte' }
  if (bytes === 'values')
    schema = { type: 'object', additionalProperties: { type: 'string', format: 'byte' } }
  if (schema.$ref && description) schema = { allOf: [schema] }
  if (description) schema = { description, ...schema }
  return applyFieldMarkers(schema, typeKey, field, ctx)
}

function typeSchema(node: ts.TypeNode, ctx: Ctx): any {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: 'string' }
    case ts.SyntaxKind.NumberKeyword:
      return { type: 'integer' }
    case ts.SyntaxKind.BooleanKeyword:
      return { type: 'boolean' }
  }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { type: 'string' }
  if (ts.isArrayTypeNode(node)) return { type: 'array', items: typeSchema(node.elementType, ctx) }
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText(ctx.sf)
    if (name === 'Array' && node.typeArguments?.length === 1) {
      return { type: 'array', items: typeSchema(node.typeArguments[0], ctx) }
    }
    const target = ctx.names.get(name)
    if (!target) throw new Error(`${ctx.mod.path}: unknown type ${name}`)
    return { $ref: REF_PREFIX + target }
  }
  if (ts.isTypeLiteralNode(node) && node.members.length === 1) {
    const index = node.members[0]
    if (ts.isIndexSignatureDeclaration(index) && index.type) {
      return { type: 'object', additionalProperties: typeSchema(index.type, ctx) }
    }
  }
  if (ts.isUnionTypeNode(node)) {
    const parts = node.types.map((t) => t.kind).sort()
    if (parts.join() === [ts.SyntaxKind.NumberKeyword, ts.SyntaxKind.StringKeyword].sort().join()) {
      return { $ref: REF_PREFIX + INT_OR_STRING }
    }
  }
  throw new Error(`${ctx.mod.path}: unsupported type ${node.getText(ctx.sf)}`)
}

function applyFieldMarkers(schema: any, typeKey: string, field: string, ctx: Ctx): any {
  const key = `${typeKey}.${field}`
  const marker: FieldMarker | undefined = FIELD_MARKERS[key]
  const out = { ...schema }
  if (ATOMIC_LISTS[typeKey]?.includes(field)) {
    out['x-kubernetes-list-type'] = 'atomic'
    ctx.usedMarkers.add(`list:${key}`)
  }
  if (!marker) return out
  ctx.usedMarkers.add(key)
  if (marker.patch) out['x-kubernetes-patch-strategy'] = marker.patch
  if (marker.mergeKey) out['x-kubernetes-patch-merge-key'] = marker.mergeKey
  if (marker.list) out['x-kubernetes-list-type'] = marker.list
  if (marker.keys) out['x-kubernetes-list-map-keys'] = marker.keys
  if (marker.map) out['x-kubernetes-map-type'] = marker.map
  return out
}

function applyStructMarkers(defs: Record<string, any>, used: Set<string>) {
  for (const [key, mapType] of Object.entries(STRUCT_MAP_TYPES)) {
    const name = definitionName(key)
    if (!defs[name]) throw new Error(`struct marker for unknown definition ${key}`)
    defs[name]['x-kubernetes-map-type'] = mapType
    used.add(`struct:${key}`)
  }
}

function checkMarkersUsed(used: Set<string>) {
  const missing = [
    ...Object.keys(FIELD_MARKERS).filter((k) => !used.has(k)),
    ...Object.entries(ATOMIC_LISTS).flatMap(([t, fields]) =>
      fields.map((f) => `${t}.${f}`).filter((k) => !used.has(`list:${k}`)),
    ),
  ]
  if (missing.length) throw new Error(`markers for unknown fields: ${missing.join(', ')}`)
}

function definitionName(shortKey: string): string {
  const mod = [...MODULES]
    .sort((a, b) => b.short.length - a.short.length)
    .find((m) => shortKey.startsWith(`${m.short}.`))
  if (!mod) throw new Error(`unknown package in ${shortKey}`)
  return `${mod.pkg}.${shortKey.slice(mod.short.length + 1)}`
}

function addMetaGvks(defs: Record<string, any>, gvs: { group: string; version: string }[]) {
  const meta = MODULES.find((m) => m.short === 'meta.v1')!.pkg
  const sorted = [...gvs].sort((a, b) => a.group.localeCompare(b.group) || a.version.localeCompare(b.version))
  for (const kind of META_CORE_KINDS) {
    defs[`${meta}.${kind}`]['x-kubernetes-group-version-kind'] = [
      { group: '', kind, version: 'v1' },
    ] satisfies Gvk[]
  }
  for (const kind of META_EVERY_GV_KINDS) {
    defs[`${meta}.${kind}`]['x-kubernetes-group-version-kind'] = sorted.map((gv) => ({ ...gv, kind }))
  }
}

function checkRefs(defs: Record<string, any>) {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (!node || typeof node !== 'object') return
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && !defs[v.slice(REF_PREFIX.length)]) {
        throw new Error(`dangling reference ${v}`)
      }
      walk(v)
    }
  }
  walk(defs)
}

/** The JSDoc text before a node, without the comment markers. */
function docOf(node: ts.Node, sf: ts.SourceFile): string | undefined {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? []
  const doc = ranges.filter((r) => sf.text.startsWith('/**', r.pos)).at(-1)
  if (!doc) return undefined
  const lines = sf.text.slice(doc.pos + 3, doc.end - 2).split('\n')
  const body = lines.map((l, i) => (i === 0 ? l.trim() : l.replace(/^\s*\* ?/, '').trimEnd()))
  const text = body.join('\n').trim()
  return text || undefined
}

/** Objects with sorted keys (arrays keep their order), as Go's JSON encoder writes maps. */
function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeysDeep) as T
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(value).sort()) out[k] = sortKeysDeep((value as Record<string, unknown>)[k])
  return out as T
}

async function main() {
  const text = await renderDefinitions(generateDefinitions())
  mkdirSync(dirname(OUTPUT_FILE), { recursive: true })
  writeFileSync(OUTPUT_FILE, text)
  console.log(`wrote ${OUTPUT_FILE} (${text.length} bytes)`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
