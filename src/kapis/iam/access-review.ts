/**
 * `POST /subjectaccessreviews` (authz.md §11.1): may user X do Y, answered by the RBAC
 * authorizer alone (no path allow-list). The body is one review, or a list when it has an
 * `items` array; list answers keep the order of the request and an empty list answers `[]`.
 */
import { newBadRequest } from '../../apimachinery/errors.js'
import { isPlainObject } from '../../apimachinery/meta.js'
import type { AccessAttributes, AccessReviewer, ResourceScope } from '../access.js'
import type { KapisDeps } from '../deps.js'
import { readJson, writeJson } from '../http.js'
import type { KapisRequest } from '../route.js'

const RESOURCE_FIELDS = [
  'resourceScope',
  'workspace',
  'namespace',
  'verb',
  'group',
  'version',
  'resource',
  'subresource',
  'name',
] as const
const NON_RESOURCE_FIELDS = ['path', 'verb'] as const

function str(v: unknown, field: string): string {
  if (v === undefined || v === null) return ''
  if (typeof v !== 'string')
    throw newBadRequest(`json: cannot unmarshal ${typeof v} into Go struct field ${field} of type string`)
  return v
}

/** Only the known non-empty string fields (Go's omitempty), type-checked. */
function pickStrings(
  obj: unknown,
  fields: readonly string[],
  where: string,
): Record<string, string> | undefined {
  if (obj === undefined || obj === null) return undefined
  if (!isPlainObject(obj))
    throw newBadRequest(`json: cannot unmarshal ${typeof obj} into Go struct field ${where}`)
  const out: Record<string, string> = {}
  for (const f of fields) {
    const v = str(obj[f], `${where}.${f}`)
    if (v) out[f] = v
  }
  return out
}

interface Review {
  typeMeta: Record<string, string>
  spec: Record<string, any>
}

function decodeReview(body: unknown): Review {
  if (!isPlainObject(body)) throw newBadRequest('json: cannot unmarshal the review: not an object')
  const specIn = body['spec'] ?? {}
  if (!isPlainObject(specIn)) throw newBadRequest('json: cannot unmarshal spec: not an object')
  const spec: Record<string, any> = {}
  const ra = pickStrings(specIn['resourceAttributes'], RESOURCE_FIELDS, 'spec.resourceAttributes')
  const nra = pickStrings(specIn['nonResourceAttributes'], NON_RESOURCE_FIELDS, 'spec.nonResourceAttributes')
  if (ra) spec['resourceAttributes'] = ra
  if (nra) spec['nonResourceAttributes'] = nra
  const user = str(specIn['user'], 'spec.user')
  if (user) spec['user'] = user
  const groups = specIn['groups']
  if (groups !== undefined && groups !== null) {
    if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string'))
      throw newBadRequest('json: cannot unmarshal spec.groups: not an array of strings')
    if (groups.length) spec['groups'] = groups
  }
  const uid = str(specIn['uid'], 'spec.uid')
  if (uid) spec['uid'] = uid
  const typeMeta: Record<string, string> = {}
  if (typeof body['kind'] === 'string' && body['kind']) typeMeta['kind'] = body['kind']
  if (typeof body['apiVersion'] === 'string' && body['apiVersion'])
    typeMeta['apiVersion'] = body['apiVersion']
  return { typeMeta, spec }
}

function attributesOf(spec: Record<string, any>): AccessAttributes {
  const user = { name: spec['user'] ?? '', uid: spec['uid'], groups: spec['groups'] ?? [] }
  const ra: Record<string, string> | undefined = spec['resourceAttributes']
  if (ra) {
    const scope = ra['namespace']
      ? 'Namespace'
      : ra['workspace']
        ? 'Workspace'
        : ((ra['resourceScope'] ?? '') as ResourceScope)
    return {
      user,
      resourceRequest: true,
      verb: ra['verb'] ?? '',
      apiGroup: ra['group'] ?? '',
      apiVersion: ra['version'] ?? '',
      resource: ra['resource'] ?? '',
      subresource: ra['subresource'] ?? '',
      name: ra['name'] ?? '',
      namespace: ra['namespace'] ?? '',
      workspace: ra['workspace'] ?? '',
      resourceScope: scope,
    }
  }
  const nra: Record<string, string> | undefined = spec['nonResourceAttributes']
  if (nra) return { user, resourceRequest: false, verb: nra['verb'] ?? '', path: nra['path'] ?? '' }
  return { user, resourceRequest: false, verb: '' }
}

async function evaluate(access: AccessReviewer, review: Review): Promise<Record<string, any>> {
  const decision = await access.review(attributesOf(review.spec))
  const status: Record<string, any> = { allowed: decision.allowed }
  if (decision.reason) status['reason'] = decision.reason
  return { ...review.typeMeta, spec: review.spec, status }
}

export async function serveAccessReview(deps: KapisDeps, r: KapisRequest): Promise<void> {
  const body = await readJson(r)
  if (isPlainObject(body) && Array.isArray(body['items'])) {
    const items = []
    for (const item of body['items']) items.push(await evaluate(deps.access, decodeReview(item)))
    const typeMeta = decodeReview({ kind: body['kind'], apiVersion: body['apiVersion'] }).typeMeta
    return writeJson(r.res, { ...typeMeta, metadata: {}, items })
  }
  writeJson(r.res, await evaluate(deps.access, decodeReview(body)))
}
