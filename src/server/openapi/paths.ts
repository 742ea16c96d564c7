/**
 * The OpenAPI v3 path items of one resource: collection and item paths (namespaced or cluster
 * form), the all-namespaces list, and the subresources with a known shape. Every operation has an
 * `operationId`, `x-kubernetes-action` and a single-object `x-kubernetes-group-version-kind`, which
 * kubectl matches to decide server-side field validation (PATCH + `fieldValidation`) and whether
 * strategic merge patch is available (PATCH `requestBody.content`).
 */
import { SCHEMA_REF_PREFIX, schemaForKind } from '../../apis/openapi/schemas.js'
import { ACTION_PARAMETERS, P, type Action, type Parameter } from './parameters.js'
import {
  ALL_VERBS,
  capitalize,
  groupTag,
  groupWord,
  kindSchemaNames,
  opIdPrefix,
  type OpenApiResource,
} from './resource.js'

export interface Gvk {
  group: string
  kind: string
  version: string
}

export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch'
export type PathItem = { parameters?: Parameter[] } & { [m in Method]?: any }

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1'
export const STATUS_SCHEMA = `${META}.Status`
export const DELETE_OPTIONS_SCHEMA = `${META}.DeleteOptions`
export const PATCH_SCHEMA = `${META}.Patch`
export const API_RESOURCE_LIST_SCHEMA = `${META}.APIResourceList`

/** Patch media types every resource accepts; built-in kinds add strategic merge patch. */
export const PATCH_MEDIA_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
]
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json'
const REPLY_MEDIA_TYPES = ['application/json', 'application/yaml']
const WATCH_MEDIA_TYPES = [...REPLY_MEDIA_TYPES, 'application/json;stream=watch']

/** Subresources published in the documents; `gvk` is the reply kind when it is not the parent's. */
const SUBRESOURCES: Record<string, { methods: Method[]; gvk?: Gvk }> = {
  status: { methods: ['get', 'put', 'patch'] },
  ephemeralcontainers: { methods: ['get', 'put', 'patch'] },
  resize: { methods: ['get', 'put', 'patch'] },
  scale: { methods: ['get', 'put', 'patch'], gvk: { group: 'autoscaling', kind: 'Scale', version: 'v1' } },
  finalize: { methods: ['put'] },
  token: { methods: ['post'], gvk: { group: 'authentication.k8s.io', kind: 'TokenRequest', version: 'v1' } },
  binding: { methods: ['post'], gvk: { group: '', kind: 'Binding', version: 'v1' } },
  eviction: { methods: ['post'], gvk: { group: 'policy', kind: 'Eviction', version: 'v1' } },
}

const VERB_WORD: Record<Method, string> = {
  get: 'read',
  put: 'replace',
  patch: 'patch',
  post: 'create',
  delete: 'delete',
}
const ACTION_OF: Record<Method, Action> = {
  get: 'get',
  put: 'put',
  patch: 'patch',
  post: 'post',
  delete: 'delete',
}

/** `{$ref}` to a component schema, or an untyped object when the kind has no schema. */
export const schemaRef = (name: string | undefined) =>
  name ? { $ref: SCHEMA_REF_PREFIX + name } : { type: 'object' }

function content(schema: object, types: string[]) {
  return Object.fromEntries(types.map((t) => [t, { schema }]))
}

interface OpSpec {
  id: string
  action: string
  description: string
  params: Parameter[]
  gvk: Gvk
  tag: string
  body?: { schema: object; types: string[] }
  replies: Record<string, object>
  replyTypes?: string[]
}

function operation(o: OpSpec): any {
  const op: any = { tags: [o.tag], description: o.description, operationId: o.id }
  if (o.params.length) op.parameters = o.params
  if (o.body) op.requestBody = { content: content(o.body.schema, o.body.types), required: true }
  op.responses = Object.fromEntries(
    Object.entries(o.replies).map(([code, schema]) => [
      code,
      { description: REPLY_TEXT[code] ?? 'OK', content: content(schema, o.replyTypes ?? REPLY_MEDIA_TYPES) },
    ]),
  )
  op.responses['401'] = { description: 'Unauthorized' }
  op['x-kubernetes-action'] = o.action
  op['x-kubernetes-group-version-kind'] = o.gvk
  return op
}

const REPLY_TEXT: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted' }

/** All path items of one resource, keyed by path. */
export function resourcePaths(r: OpenApiResource): Record<string, PathItem> {
  const names = kindSchemaNames(r)
  const kind = schemaRef(names.kind)
  const list = schemaRef(names.list)
  const status = schemaRef(STATUS_SCHEMA)
  const gvk: Gvk = { group: r.group, kind: r.kind, version: r.version }
  const tag = groupTag(r.group, r.version)
  const verbs = new Set(r.verbs ?? ALL_VERBS)
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`
  const scope = r.namespaced ? 'Namespaced' : ''
  const collection = r.namespaced ? `${base}/namespaces/{namespace}/${r.resource}` : `${base}/${r.resource}`
  const itemPath = `${collection}/{name}`
  const collectionParams = r.namespaced ? [P.namespace, P.pretty] : [P.pretty]
  const itemParams = [P.name, ...collectionParams]
  const id = (verb: string, infix = '', suffix = '') =>
    `${verb}${opIdPrefix(r)}${infix}${scope}${r.kind}${suffix}`
  const spec = (o: Omit<OpSpec, 'gvk' | 'tag' | 'params'> & { params?: Parameter[]; gvk?: Gvk }) =>
    operation({ params: [], gvk, tag, ...o })
  const patchTypes = r.isCustomResource ? PATCH_MEDIA_TYPES : [...PATCH_MEDIA_TYPES, STRATEGIC_MERGE_PATCH]

  const paths: Record<string, PathItem> = {}
  const coll: PathItem = { parameters: collectionParams }
  if (verbs.has('list')) {
    coll.get = spec({
      id: id('list'),
      action: 'list',
      description: `list or watch objects of kind ${r.kind}`,
      params: ACTION_PARAMETERS.list,
      replies: { '200': list },
      replyTypes: WATCH_MEDIA_TYPES,
    })
  }
  if (verbs.has('create')) {
    coll.post = spec({
      id: id('create'),
      action: 'post',
      description: `create a ${r.kind}`,
      params: ACTION_PARAMETERS.post,
      body: { schema: kind, types: ['*/*'] },
      replies: { '200': kind, '201': kind, '202': kind },
    })
  }
  if (verbs.has('deletecollection')) {
    coll.delete = spec({
      id: id('delete', 'Collection'),
      action: 'deletecollection',
      description: `delete a collection of ${r.kind}`,
      params: ACTION_PARAMETERS.deletecollection,
      body: { schema: schemaRef(DELETE_OPTIONS_SCHEMA), types: ['*/*'] },
      replies: { '200': status },
    })
  }
  if (coll.get || coll.post || coll.delete) paths[collection] = coll

  const item: PathItem = { parameters: itemParams }
  if (verbs.has('get')) {
    item.get = spec({
      id: id('read'),
      action: 'get',
      description: `read the specified ${r.kind}`,
      replies: { '200': kind },
    })
  }
  if (verbs.has('update')) {
    item.put = spec({
      id: id('replace'),
      action: 'put',
      description: `replace the specified ${r.kind}`,
      params: ACTION_PARAMETERS.put,
      body: { schema: kind, types: ['*/*'] },
      replies: { '200': kind, '201': kind },
    })
  }
  if (verbs.has('patch')) {
    item.patch = spec({
      id: id('patch'),
      action: 'patch',
      description: `partially update the specified ${r.kind}`,
      params: ACTION_PARAMETERS.patch,
      body: { schema: schemaRef(PATCH_SCHEMA), types: patchTypes },
      replies: { '200': kind, '201': kind },
    })
  }
  if (verbs.has('delete')) {
    item.delete = spec({
      id: id('delete'),
      action: 'delete',
      description: `delete the specified ${r.kind}`,
      params: ACTION_PARAMETERS.delete,
      body: { schema: schemaRef(DELETE_OPTIONS_SCHEMA), types: ['*/*'] },
      replies: { '200': status, '202': status },
    })
  }
  if (item.get || item.put || item.patch || item.delete) paths[itemPath] = item

  if (r.namespaced && verbs.has('list')) {
    paths[`${base}/${r.resource}`] = {
      parameters: [P.pretty],
      get: spec({
        id: `list${opIdPrefix(r)}${r.kind}ForAllNamespaces`,
        action: 'list',
        description: `list or watch objects of kind ${r.kind}`,
        params: ACTION_PARAMETERS.list,
        replies: { '200': list },
        replyTypes: WATCH_MEDIA_TYPES,
      }),
    }
  }

  for (const sub of r.subresources) {
    const shape = SUBRESOURCES[sub]
    if (!shape) continue
    const subName = shape.gvk
      ? schemaForKind(shape.gvk.group, shape.gvk.version, shape.gvk.kind)?.name
      : names.kind
    if (shape.gvk && !subName) continue
    const subSchema = schemaRef(subName)
    const subItem: PathItem = { parameters: itemParams }
    for (const m of shape.methods) {
      const patch = m === 'patch'
      subItem[m] = spec({
        id: id(VERB_WORD[m], '', capitalize(sub)),
        action: ACTION_OF[m],
        description: `${patch ? 'partially update' : VERB_WORD[m]} ${sub} of the specified ${r.kind}`,
        params: ACTION_PARAMETERS[ACTION_OF[m]],
        gvk: shape.gvk ?? gvk,
        ...(m === 'get'
          ? {}
          : {
              body: {
                schema: patch ? schemaRef(PATCH_SCHEMA) : subSchema,
                types: patch ? patchTypes : ['*/*'],
              },
            }),
        replies:
          m === 'post'
            ? { '200': subSchema, '201': subSchema, '202': subSchema }
            : { '200': subSchema, ...(m === 'get' ? {} : { '201': subSchema }) },
      })
    }
    paths[`${itemPath}/${sub}`] = subItem
  }
  return paths
}

/** The group-version's own discovery path (`GET /apis/apps/v1/`). */
export function discoveryPath(group: string, version: string): Record<string, PathItem> {
  const base = group ? `/apis/${group}/${version}/` : `/api/${version}/`
  const schema = schemaRef(API_RESOURCE_LIST_SCHEMA)
  return {
    [base]: {
      get: {
        tags: [groupTag(group, version)],
        description: 'get available resources',
        operationId: `get${groupWord(group)}${capitalize(version)}APIResources`,
        responses: {
          '200': { description: 'OK', content: content(schema, REPLY_MEDIA_TYPES) },
          '401': { description: 'Unauthorized' },
        },
      },
    },
  }
}
