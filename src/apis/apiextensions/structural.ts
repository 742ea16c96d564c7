/**
 * Structural-schema checks for a CRD version's `openAPIV3Schema`.
 *
 * A schema is structural when the server can prune, default and validate objects from it alone:
 * every node states its type (unless it preserves unknown fields or is int-or-string), the root is
 * an object, arrays have item schemas, `properties` and `additionalProperties` are never mixed,
 * logic junctors (`anyOf`/`allOf`/`oneOf`/`not`) only add value validations to fields that the
 * plain part of the schema already declares, and the root `metadata` may restrict nothing but
 * `name` and `generateName`. The rules and the error texts follow kube-apiserver's CRD
 * validation (apiextensions-apiserver: structural schema invariants and completeness, plus the
 * per-node OpenAPI restrictions on list/map markers and unsupported keywords).
 *
 * Not checked here: whether `pattern` compiles (Go RE2 syntax differs from JavaScript's, so the
 * validator that evaluates patterns owns that), CEL rules, defaults' conformance to their schema.
 */
import {
  fieldErrorString,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  type FieldError,
} from '../../apimachinery/errors.js'

type Schema = Record<string, any>
type Level = 'root' | 'item' | 'field'

const OPENAPI_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string']
const JUNCTORS = ['anyOf', 'allOf', 'oneOf'] as const
const META_FIELDS = ['apiVersion', 'kind', 'metadata'] as const

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v)
const child = (path: string, name: string) => `${path}.${name}`
const key = (path: string, k: string | number) => `${path}[${k}]`
const props = (s: Schema): Record<string, unknown> => (isObject(s.properties) ? s.properties : {})

/** The check as field errors (for a 422 `newInvalid`), sorted by their text as upstream does. */
export function structuralFieldErrors(schema: unknown, path = 'openAPIV3Schema'): FieldError[] {
  const errs: FieldError[] = []
  if (!isObject(schema)) {
    errs.push(fieldRequired(path, 'must be a schema object'))
    return errs
  }
  if (schema.nullable === true)
    errs.push(fieldForbidden(child(path, 'nullable'), 'nullable cannot be true at the root'))
  checkNode(schema, 'root', path, errs)
  const texts = new Map(errs.map((e) => [e, fieldErrorString(e)]))
  return errs.sort((a, b) => (texts.get(a)! < texts.get(b)! ? -1 : texts.get(a)! > texts.get(b)! ? 1 : 0))
}

/** The check as `<path>: <error>` lines; empty when the schema is structural. */
export function structuralErrors(schema: unknown, path = 'openAPIV3Schema'): string[] {
  return structuralFieldErrors(schema, path).map(fieldErrorString)
}

/** Every rule for one node of the plain (non-junctor) part of the schema, then its children. */
function checkNode(s: Schema, level: Level, path: string, errs: FieldError[]): void {
  checkKeywords(s, path, errs)
  checkMarkers(s, path, errs)

  // Children: items, properties, additionalProperties.
  if (s.type === 'array' && s.items === undefined)
    errs.push(fieldRequired(child(path, 'items'), 'must be specified'))
  if (isObject(s.items)) checkNode(s.items, 'item', child(path, 'items'), errs)
  for (const [k, v] of Object.entries(props(s))) {
    const p = key(child(path, 'properties'), k)
    if (isObject(v)) checkNode(v, 'field', p, errs)
    else errs.push(fieldInvalid(p, v, 'must be a schema object'))
  }
  if (s.additionalProperties !== undefined) {
    const p = child(path, 'additionalProperties')
    if (level === 'root') errs.push(fieldForbidden(p, 'must not be used at the root'))
    if (Object.keys(props(s)).length > 0 && s.additionalProperties !== true) {
      errs.push(fieldForbidden(p, 'additionalProperties and properties are mutual exclusive'))
    }
    if (isObject(s.additionalProperties)) checkNode(s.additionalProperties, 'field', p, errs)
  }

  // Junctors carry value validations only, and only for fields declared above.
  const skipAnyOf = isIntOrStringAnyOf(s.anyOf)
  const skipFirstAllOfAnyOf =
    Array.isArray(s.allOf) && isObject(s.allOf[0]) && isIntOrStringAnyOf(s.allOf[0].anyOf)
  checkJunctors(s, path, skipAnyOf, skipFirstAllOfAnyOf, errs)
  if (level === 'root') checkCompleteness(s, s, path, path, errs)

  // Type presence and the embedded-resource contract.
  const embedded = s['x-kubernetes-embedded-resource'] === true
  const intOrString = s['x-kubernetes-int-or-string'] === true
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true
  const hasType = typeof s.type === 'string' && s.type !== ''
  if (embedded && s.type !== 'object') {
    const detail = 'must be object if x-kubernetes-embedded-resource is true'
    errs.push(
      hasType
        ? fieldInvalid(child(path, 'type'), s.type, detail)
        : fieldRequired(child(path, 'type'), detail),
    )
  } else if (!hasType && !intOrString && !preserve) {
    const where = {
      root: 'at the root',
      item: 'for specified array items',
      field: 'for specified object fields',
    }[level]
    errs.push(fieldRequired(child(path, 'type'), `must not be empty ${where}`))
  }
  if (embedded && s.additionalProperties !== undefined) {
    errs.push(
      fieldForbidden(
        child(path, 'additionalProperties'),
        'must not be used if x-kubernetes-embedded-resource is set',
      ),
    )
  }
  if (level === 'root' && hasType && s.type !== 'object') {
    errs.push(fieldInvalid(child(path, 'type'), s.type, 'must be object at the root'))
  }
  if (intOrString && preserve) {
    errs.push(
      fieldInvalid(
        child(path, 'x-kubernetes-preserve-unknown-fields'),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    )
  }
  if (intOrString && embedded) {
    errs.push(
      fieldInvalid(
        child(path, 'x-kubernetes-embedded-resource'),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    )
  }

  // TypeMeta and ObjectMeta of the resource itself (root) or of an embedded object.
  const objectRoot = level === 'root' || embedded
  const p = props(s)
  for (const name of ['kind', 'apiVersion'] as const) {
    if (objectRoot && isObject(p[name]) && p[name].type !== 'string') {
      errs.push(
        fieldInvalid(
          child(key(child(path, 'properties'), name), 'type'),
          p[name].type ?? '',
          'must be string',
        ),
      )
    }
  }
  if (isObject(p.metadata))
    checkMetadata(p.metadata, objectRoot, level, key(child(path, 'properties'), 'metadata'), errs)
  if (level === 'root') {
    for (const name of META_FIELDS) {
      if (isObject(p[name]) && p[name].default !== undefined) {
        errs.push(
          fieldForbidden(
            child(key(child(path, 'properties'), name), 'default'),
            `must not be set in top-level ${name}`,
          ),
        )
      }
    }
  }
  if (embedded && !preserve && Object.keys(p).length === 0) {
    errs.push(
      fieldRequired(
        child(path, 'properties'),
        'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ),
    )
  }
}

/** Keywords a CRD schema may not use anywhere, and the per-node forms that are never valid. */
function checkKeywords(s: Schema, path: string, errs: FieldError[]): void {
  if (typeof s.type === 'string' && s.type !== '' && !OPENAPI_TYPES.includes(s.type)) {
    errs.push(fieldNotSupported(child(path, 'type'), s.type, OPENAPI_TYPES))
  }
  if (s.type === 'null') {
    errs.push(
      fieldForbidden(child(path, 'type'), 'type cannot be set to null, use nullable as an alternative'),
    )
  }
  const unsupported = [
    'id',
    'additionalItems',
    'patternProperties',
    'definitions',
    'dependencies',
    '$ref',
  ] as const
  for (const k of unsupported) {
    if (s[k] !== undefined) errs.push(fieldForbidden(child(path, k), `${k} is not supported`))
  }
  if (Array.isArray(s.items))
    errs.push(fieldForbidden(child(path, 'items'), 'items must be a schema object and not an array'))
  if (s.uniqueItems === true) {
    errs.push(
      fieldForbidden(
        child(path, 'uniqueItems'),
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    )
  }
}

/** x-kubernetes-preserve-unknown-fields, -map-type, -list-type and -list-map-keys. */
function checkMarkers(s: Schema, path: string, errs: FieldError[]): void {
  const preserve = s['x-kubernetes-preserve-unknown-fields']
  if (preserve !== undefined && preserve !== true) {
    errs.push(
      fieldInvalid(
        child(path, 'x-kubernetes-preserve-unknown-fields'),
        preserve,
        'must be true or undefined',
      ),
    )
  }
  const typePath = child(path, 'type')
  const hasType = typeof s.type === 'string' && s.type !== ''
  const mapType = s['x-kubernetes-map-type']
  if (mapType !== undefined) {
    const detail = 'must be object if x-kubernetes-map-type is specified'
    if (s.type !== 'object')
      errs.push(hasType ? fieldInvalid(typePath, s.type, detail) : fieldRequired(typePath, detail))
    if (mapType !== 'atomic' && mapType !== 'granular') {
      errs.push(fieldNotSupported(child(path, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']))
    }
  }
  const listType = s['x-kubernetes-list-type']
  const items = isObject(s.items) ? s.items : undefined
  if (listType !== undefined && s.type !== 'array') {
    const detail = 'must be array if x-kubernetes-list-type is specified'
    errs.push(hasType ? fieldInvalid(typePath, s.type, detail) : fieldRequired(typePath, detail))
  } else if (listType === 'set' && items) {
    const detail = 'must be atomic as item of a list with x-kubernetes-list-type=set'
    const itemListType = items['x-kubernetes-list-type']
    if (items.type === 'array' && itemListType !== undefined && itemListType !== 'atomic') {
      errs.push(fieldInvalid(child(child(path, 'items'), 'x-kubernetes-list-type'), itemListType, detail))
    }
    if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      errs.push(
        fieldInvalid(child(child(path, 'items'), 'x-kubernetes-map-type'), itemListType ?? null, detail),
      )
    }
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) {
    errs.push(fieldNotSupported(child(path, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']))
  }
  const mapKeys: unknown[] = Array.isArray(s['x-kubernetes-list-map-keys'])
    ? s['x-kubernetes-list-map-keys']
    : []
  const listTypePath = child(path, 'x-kubernetes-list-type')
  const keysPath = child(path, 'x-kubernetes-list-map-keys')
  if (mapKeys.length > 0 && listType !== 'map') {
    const detail = 'must be map if x-kubernetes-list-map-keys is non-empty'
    errs.push(
      listType === undefined
        ? fieldRequired(listTypePath, detail)
        : fieldInvalid(listTypePath, listType, detail),
    )
  }
  if (listType !== 'map') return
  if (mapKeys.length === 0)
    errs.push(fieldRequired(keysPath, 'must not be empty if x-kubernetes-list-type is map'))
  if (s.items === undefined)
    errs.push(fieldRequired(child(path, 'items'), 'must have a schema if x-kubernetes-list-type is map'))
  if (!items) return
  if (items.type !== 'object') {
    errs.push(
      fieldInvalid(
        child(child(path, 'items'), 'type'),
        items.type ?? '',
        "must be object if parent array's x-kubernetes-list-type is map",
      ),
    )
    return
  }
  const seen = new Set<unknown>()
  for (const k of mapKeys) {
    const prop = props(items)[String(k)]
    if (!isObject(prop)) {
      errs.push(fieldInvalid(keysPath, mapKeys, 'entries must all be names of item properties'))
    } else if (prop.type === 'array' || prop.type === 'object') {
      const p = child(key(child(child(path, 'items'), 'properties'), String(k)), 'type')
      errs.push(
        fieldInvalid(p, items.type, "must be a scalar type if parent array's x-kubernetes-list-type is map"),
      )
    }
    if (seen.has(k)) errs.push(fieldInvalid(keysPath, mapKeys, 'must not contain duplicate entries'))
    seen.add(k)
  }
}

/** The two int-or-string shapes that may name types inside a junctor: anyOf [integer, string]. */
function isIntOrStringAnyOf(anyOf: unknown): boolean {
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return false
  const only = (v: unknown, type: string) => isObject(v) && Object.keys(v).length === 1 && v.type === type
  return only(anyOf[0], 'integer') && only(anyOf[1], 'string')
}

/** Walks the junctors of a plain node or of a nested value validation. */
function checkJunctors(
  v: Schema,
  path: string,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  errs: FieldError[],
): void {
  for (const j of JUNCTORS) {
    if (!Array.isArray(v[j]) || (j === 'anyOf' && skipAnyOf)) continue
    v[j].forEach((n: unknown, i: number) => {
      if (isObject(n))
        checkNested(n, key(child(path, j), i), j === 'allOf' && i === 0 && skipFirstAllOfAnyOf, errs)
    })
  }
  if (isObject(v.not)) checkNested(v.not, child(path, 'not'), false, errs)
}

/** A node below a junctor: value validations only, nothing that shapes or prunes the object. */
function checkNested(v: Schema, path: string, skipAnyOf: boolean, errs: FieldError[]): void {
  checkKeywords(v, path, errs)
  checkJunctors(v, path, skipAnyOf, false, errs)
  if (isObject(v.items)) checkNested(v.items, child(path, 'items'), false, errs)
  for (const [k, n] of Object.entries(props(v))) {
    if (isObject(n)) checkNested(n, key(child(path, 'properties'), k), false, errs)
  }
  const forbid = (name: string, detail: string) => errs.push(fieldForbidden(child(path, name), detail))
  if (typeof v.type === 'string' && v.type !== '') forbid('type', 'must be empty to be structural')
  if (v.additionalProperties !== undefined)
    forbid('additionalProperties', 'must be undefined to be structural')
  if (v.default !== undefined) forbid('default', 'must be undefined to be structural')
  if (v.title) forbid('title', 'must be empty to be structural')
  if (v.description) forbid('description', 'must be empty to be structural')
  if (v.nullable === true) forbid('nullable', 'must be false to be structural')
  for (const m of [
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-embedded-resource',
    'x-kubernetes-int-or-string',
  ]) {
    if (v[m] === true) forbid(m, 'must be false to be structural')
  }
  if (Array.isArray(v['x-kubernetes-list-map-keys']) && v['x-kubernetes-list-map-keys'].length > 0) {
    forbid('x-kubernetes-list-map-keys', 'must be empty to be structural')
  }
  if (v['x-kubernetes-list-type'] !== undefined)
    forbid('x-kubernetes-list-type', 'must be undefined to be structural')
  if (v['x-kubernetes-map-type'] !== undefined)
    forbid('x-kubernetes-map-type', 'must be undefined to be structural')
  if (Array.isArray(v['x-kubernetes-validations']) && v['x-kubernetes-validations'].length > 0) {
    forbid('x-kubernetes-validations', 'must be empty to be structural')
  }
  if (props(v).metadata !== undefined) {
    errs.push(
      fieldForbidden(key(child(path, 'properties'), 'metadata'), 'must not be specified in a nested context'),
    )
  }
}

/**
 * Every property or items a junctor validates must exist at the same place in the plain schema:
 * `s` is that plain node, `sPath` its path, `vPath` the path of the node whose junctors are read.
 * Upstream runs this from the root only, so junctors deeper down are checked by checkNested alone.
 */
function checkCompleteness(v: Schema, s: Schema, sPath: string, vPath: string, errs: FieldError[]): void {
  if (isObject(v.not)) nestedCompleteness(v.not, s, sPath, child(vPath, 'not'), errs)
  for (const j of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (!Array.isArray(v[j])) continue
    v[j].forEach((n: unknown, i: number) => nestedCompleteness(n, s, sPath, key(child(vPath, j), i), errs))
  }
}

function nestedCompleteness(
  n: unknown,
  s: Schema | undefined,
  sPath: string,
  vPath: string,
  errs: FieldError[],
): void {
  if (!isObject(n)) return
  if (!s) {
    errs.push(fieldRequired(sPath, `because it is defined in ${vPath}`))
    return
  }
  checkCompleteness(n, s, sPath, vPath, errs)
  if (n.items !== undefined) {
    const items = isObject(s.items) ? s.items : undefined
    nestedCompleteness(n.items, items, child(sPath, 'items'), child(vPath, 'items'), errs)
  }
  for (const [k, pn] of Object.entries(props(n))) {
    const sp = key(child(sPath, 'properties'), k)
    const vp = key(child(vPath, 'properties'), k)
    const target = props(s)[k]
    if (isObject(target)) nestedCompleteness(pn, target, sp, vp, errs)
    else errs.push(fieldRequired(sp, `because it is defined in ${vp}`))
  }
}

/** metadata must be an object and, at the root, may restrict only name and generateName. */
function checkMetadata(m: Schema, objectRoot: boolean, level: Level, path: string, errs: FieldError[]): void {
  if (objectRoot && m.type !== 'object')
    errs.push(fieldInvalid(child(path, 'type'), m.type ?? '', 'must be object'))
  if (level !== 'root') return
  const names = Object.keys(props(m))
  const onlyNames = names.every((n) => n === 'name' || n === 'generateName')
  // Keys holding a zero value (false, '', []) say nothing, as absent fields do upstream.
  const zero = (x: unknown) =>
    x === undefined || x === null || x === false || x === '' || (Array.isArray(x) && x.length === 0)
  const rest = Object.keys(m).filter((k) => {
    if (k === 'properties') return !onlyNames
    return k !== 'type' && k !== 'default' && !zero(m[k])
  })
  if (rest.length > 0) {
    errs.push(
      fieldForbidden(
        path,
        'must not specify anything other than name and generateName, but metadata is implicitly specified',
      ),
    )
  }
}
