/**
 * The Swagger 2.0 document (`/openapi/v2`), converted from the per-group-version v3 documents:
 * definitions keyed like upstream with `#/definitions/` references, request bodies as `body`
 * parameters, `consumes`/`produces` from the media types. kubectl reads it (as protobuf) for
 * `explain --output=plaintext-openapiv2` and client-side validation; its parser rejects a `$ref`
 * beside a `type` or `properties`, and v3-only keywords, so those are rewritten here.
 */
import { SCHEMA_REF_PREFIX } from '../../apis/openapi/schemas.js'
import type { PathItem } from './paths.js'
import { sortedObject, type DocumentInfo } from './v3-document.js'

export const V2_REF_PREFIX = '#/definitions/'
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const
/** Keywords OpenAPI v2 does not have (or kubectl's v2 parser rejects). */
const V3_ONLY = new Set(['oneOf', 'anyOf', 'not', 'nullable', 'allOf'])
/** Keywords whose value is a map of names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions'])
/** Keywords whose value is a schema (or a list of schemas, or a boolean). */
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'additionalItems'])

const isObject = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

export function buildV2Document(v3docs: any[], info: DocumentInfo): any {
  const paths: Record<string, any> = {}
  const definitions: Record<string, any> = {}
  for (const doc of v3docs) {
    for (const [p, item] of Object.entries<PathItem>(doc.paths)) paths[p] = pathItemV2(item)
    for (const [name, schema] of Object.entries<any>(doc.components.schemas))
      definitions[name] ??= schemaV2(schema)
  }
  return {
    swagger: '2.0',
    info,
    paths: sortedObject(paths),
    definitions: sortedObject(definitions),
    securityDefinitions: {
      BearerToken: {
        description: 'Bearer token authentication',
        in: 'header',
        name: 'authorization',
        type: 'apiKey',
      },
    },
    security: [{ BearerToken: [] }],
  }
}

/** One schema in v2 form; see the module comment for what changes. */
export function schemaV2(s: unknown): any {
  if (Array.isArray(s)) return s.map(schemaV2)
  if (!isObject(s)) return s
  let src = s
  const wrapped =
    Array.isArray(s.allOf) && s.allOf.length === 1 && isObject(s.allOf[0]) ? s.allOf[0] : undefined
  if (wrapped && typeof wrapped.$ref === 'string' && !s.type && !s.properties) {
    const { allOf: _allOf, ...rest } = s
    src = { ...rest, $ref: wrapped.$ref }
  }
  const out: Record<string, any> = {}
  for (const [k, v] of Object.entries(src)) {
    if (k === '$ref' && typeof v === 'string')
      out.$ref = v.startsWith(SCHEMA_REF_PREFIX) ? V2_REF_PREFIX + v.slice(SCHEMA_REF_PREFIX.length) : v
    else if (V3_ONLY.has(k)) continue
    else if (SCHEMA_MAPS.has(k) && isObject(v))
      out[k] = Object.fromEntries(Object.entries(v).map(([n, x]) => [n, schemaV2(x)]))
    else if (SCHEMA_VALUES.has(k)) out[k] = schemaV2(v)
    else out[k] = v
  }
  // Quantity / IntOrString style `oneOf` scalars become the string form upstream v2 uses.
  if (!out.type && !out.$ref && Array.isArray(s.oneOf) && s.oneOf.some((o: any) => o?.type === 'string')) {
    out.type = 'string'
  }
  if (out.$ref) {
    delete out.type
    delete out.properties
  }
  return out
}

function parameterV2(p: any): any {
  const { schema, ...rest } = p
  return { ...rest, ...(isObject(schema) ? schema : {}) }
}

function operationV2(op: any): any {
  const out: any = {
    description: op.description,
    operationId: op.operationId,
    tags: op.tags,
    schemes: ['https'],
  }
  const params = (op.parameters ?? []).map(parameterV2)
  if (op.requestBody) {
    const content = op.requestBody.content as Record<string, { schema: unknown }>
    out.consumes = Object.keys(content)
    const first = Object.values(content)[0]
    params.unshift({ name: 'body', in: 'body', required: true, schema: schemaV2(first?.schema ?? {}) })
  }
  if (params.length) out.parameters = params
  const produces = new Set<string>()
  out.responses = {}
  for (const [code, reply] of Object.entries<any>(op.responses ?? {})) {
    const content = (reply.content ?? {}) as Record<string, { schema: unknown }>
    Object.keys(content).forEach((t) => produces.add(t))
    const schema = Object.values(content)[0]?.schema
    out.responses[code] = { description: reply.description, ...(schema ? { schema: schemaV2(schema) } : {}) }
  }
  if (produces.size) out.produces = [...produces]
  for (const [k, v] of Object.entries(op)) if (k.startsWith('x-')) out[k] = v
  return out
}

function pathItemV2(item: PathItem): any {
  const out: any = {}
  if (item.parameters) out.parameters = item.parameters.map(parameterV2)
  for (const m of METHODS) if (item[m]) out[m] = operationV2(item[m])
  return out
}
