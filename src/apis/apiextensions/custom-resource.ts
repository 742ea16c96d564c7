/**
 * A Strategy for the custom resources one CRD defines, built when the CRD is established:
 * names and scope from spec.names, status/scale subresources, printer columns, and schema
 * validation and defaulting with ajv (kube-api.md §14.4–14.8).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { type FieldError } from '../../apimachinery/errors.js'
import { deepEqual } from '../../apimachinery/meta.js'
import type { ResourceInfo, Strategy, TableColumn } from '../../registry/strategy.js'
import { jsonPathValue } from './jsonpath.js'
import { translateTimestampSince } from '../../apimachinery/duration.js'

const KUBERNETES_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
]

function newAjv(useDefaults: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, useDefaults, discriminator: false })
  for (const k of KUBERNETES_KEYWORDS) ajv.addKeyword({ keyword: k, schemaType: ['boolean', 'string', 'array', 'object'] })
  return ajv
}

const validatingAjv = newAjv(false)
const defaultingAjv = newAjv(true)

/** int-or-string nodes carry no type; ajv needs it spelled as a union. */
function forAjv(schema: any): any {
  if (Array.isArray(schema)) return schema.map(forAjv)
  if (schema === null || typeof schema !== 'object') return schema
  const out: any = {}
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === 'enum' || k === 'default' || k === 'example' ? v : forAjv(v)
  }
  if (out['x-kubernetes-int-or-string'] === true && out.type === undefined) {
    out.type = ['integer', 'string']
    delete out.anyOf
  }
  if (out.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null']
    delete out.nullable
  }
  // metadata is checked by the registry, not by the CRD schema.
  if (out.properties?.metadata && out.type === 'object' && out.properties.apiVersion !== undefined) {
    out.properties = { ...out.properties, metadata: { type: 'object' } }
  }
  return out
}

function pathOf(e: ErrorObject): string {
  return e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '')
}

function typeName(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v
}

/** ajv errors in kube-openapi's wording. */
export function toFieldErrors(errors: ErrorObject[], obj: any): FieldError[] {
  const out: FieldError[] = []
  for (const e of errors) {
    const path = pathOf(e)
    const value = e.instancePath.split('/').slice(1).reduce((o: any, k) => (o == null ? undefined : o[k.replace(/~1/g, '/').replace(/~0/g, '~')]), obj)
    const p = e.params
    switch (e.keyword) {
      case 'required': {
        const field = path ? `${path}.${p['missingProperty']}` : String(p['missingProperty'])
        out.push({ type: 'FieldValueRequired', field, detail: '' })
        break
      }
      case 'type': {
        const expected = Array.isArray(p['type']) ? p['type'].filter((t: string) => t !== 'null').join(',') : p['type']
        out.push({ type: 'FieldValueInvalid', field: path, value: typeName(value), detail: `${path || 'body'} in body must be of type ${expected}: ${JSON.stringify(typeName(value))}` })
        break
      }
      case 'enum':
        out.push({ type: 'FieldValueNotSupported', field: path, value, detail: `supported values: ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` })
        break
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const words: Record<string, string> = { minimum: 'greater than or equal to', maximum: 'less than or equal to', exclusiveMinimum: 'greater than', exclusiveMaximum: 'less than' }
        out.push({ type: 'FieldValueInvalid', field: path, value, detail: `${path} in body should be ${words[e.keyword]} ${p['limit']}` })
        break
      }
      case 'maxLength':
        out.push({ type: 'FieldValueTooLong', field: path, value, detail: `may not be longer than ${p['limit']}` })
        break
      case 'minLength':
        out.push({ type: 'FieldValueInvalid', field: path, value, detail: `${path} in body should be at least ${p['limit']} chars long` })
        break
      case 'pattern':
        out.push({ type: 'FieldValueInvalid', field: path, value, detail: `${path} in body should match '${p['pattern']}'` })
        break
      case 'maxItems':
        out.push({ type: 'FieldValueTooMany', field: path, value, detail: `must have at most ${p['limit']} items` })
        break
      case 'minItems':
        out.push({ type: 'FieldValueInvalid', field: path, value, detail: `${path} in body should have at least ${p['limit']} items` })
        break
      default:
        out.push({ type: 'FieldValueInvalid', field: path, value, detail: e.message ?? 'invalid' })
    }
  }
  return out
}

export interface CustomResourceVersion {
  name: string
  schema: any
  printerColumns: any[]
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } }
}

/** The Strategy for a CRD's custom resources, in the storage version's terms. */
export function customResourceStrategy(crd: any): Strategy {
  const spec = crd.spec
  const names = spec.names
  const versions: any[] = spec.versions
  const storage = versions.find((v) => v.storage) ?? versions[0]
  const subresources = storage.subresources ?? {}
  const hasStatus = subresources.status !== undefined
  const info: ResourceInfo = {
    group: spec.group,
    version: storage.name,
    resource: names.plural,
    singular: names.singular ?? String(names.kind).toLowerCase(),
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    scope: spec.scope,
    shortNames: names.shortNames,
    categories: names.categories,
    verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
    subresources: {
      status: hasStatus,
      ...(subresources.scale ? { scale: subresources.scale } : {}),
    },
  }
  const schema = storage.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }
  let validator: ValidateFunction | undefined
  let defaulter: ValidateFunction | undefined
  const compiled = () => {
    if (!validator) {
      const s = forAjv(schema)
      validator = validatingAjv.compile(s)
      defaulter = defaultingAjv.compile(s)
    }
    return { validator: validator, defaulter: defaulter! }
  }

  const columns: TableColumn[] = [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
  ]
  const printer: any[] = storage.additionalPrinterColumns ?? []
  for (const c of printer) {
    columns.push({
      name: c.name,
      type: c.type,
      ...(c.format ? { format: c.format } : {}),
      description: c.description ?? `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority ?? 0,
    })
  }
  if (printer.length === 0) columns.push({ name: 'Age', type: 'date', description: 'Custom resource definition column (in JSONPath format): .metadata.creationTimestamp', priority: 0 })

  return {
    info,
    isCustomResource: true,
    tracksGeneration: true,
    returnDeletedObject: true,
    nameValidation: 'path-segment',
    crdSchema: schema,
    defaults(obj) {
      compiled().defaulter(obj)
    },
    prepareForCreate(obj) {
      if (hasStatus) delete obj.status
    },
    prepareForUpdate(obj, old) {
      if (hasStatus) {
        if (old.status === undefined) delete obj.status
        else obj.status = old.status
      }
    },
    validate(obj) {
      const { validator: v } = compiled()
      if (v(obj)) return []
      return toFieldErrors(v.errors ?? [], obj)
    },
    generationChanged(obj, old) {
      const strip = (o: any) => {
        const { metadata: _m, status, ...rest } = o
        return hasStatus ? rest : { ...rest, status }
      }
      return !deepEqual(strip(obj), strip(old))
    },
    table: {
      columns,
      cells(obj, now) {
        const cells: unknown[] = [obj.metadata?.name ?? '']
        if (printer.length === 0) {
          cells.push(translateTimestampSince(obj.metadata?.creationTimestamp, now))
          return cells
        }
        for (const c of printer) cells.push(cellValue(c.type, jsonPathValue(obj, c.jsonPath), now))
        return cells
      },
    },
  }
}

function cellValue(type: string, value: unknown, now: number): unknown {
  if (value === undefined || value === null) return null
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null
    case 'number':
      return typeof value === 'number' ? value : null
    case 'boolean':
      return typeof value === 'boolean' ? value : null
    case 'date':
      return typeof value === 'string' ? translateTimestampSince(value, now) : null
    default:
      return typeof value === 'string' ? value : JSON.stringify(value)
  }
}
