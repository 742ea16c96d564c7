/**
 * One pure parser from (method, path, query) to RequestInfo, in the manner of kube-apiserver's
 * RequestInfoFactory, extended the way KubeSphere extends it (`/kapis` prefix, `/clusters/{c}`).
 *
 * Valid resource URL shapes (prefix = /api/v1 or /apis/{group}/{version}, also under /kapis/...):
 *   {prefix}/{resource}                                   cluster-scoped list, or all namespaces
 *   {prefix}/{resource}/{name}[/{subresource}]
 *   {prefix}/namespaces/{namespace}/{resource}[/{name}[/{subresource}]]
 *   {prefix}/namespaces/{name}[/{subresource}]            the namespace object itself
 *   {prefix}/watch/...                                    legacy watch paths (verb watch / list)
 *   /clusters/{cluster}/{any of the above}                KubeSphere's multi-cluster prefix
 * Anything else (/, /api, /apis, /apis/{group}, /healthz ...) is a non-resource request.
 */

export type Verb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'proxy'
  | 'post'
  | 'put'
  | 'head'
  | 'options'

export interface RequestInfo {
  isResourceRequest: boolean
  /** The URL path without query. */
  path: string
  verb: string
  /** 'api' | 'apis' | 'kapis' for resource requests; '' otherwise. */
  apiPrefix: string
  apiGroup: string
  apiVersion: string
  namespace: string
  resource: string
  subresource: string
  name: string
  /** Path segments after the first ones, e.g. ['namespaces','ns','pods'] */
  parts: string[]
  cluster: string
  workspace: string
  /** 'cluster' | 'namespace' | 'workspace' | 'global' scope of the resource, per KubeSphere. */
  resourceScope: string
}

const API_PREFIXES = new Set(['api', 'apis', 'kapis'])
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize'])

/** Go strconv.ParseBool semantics for query booleans. */
export function parseBool(v: string | null): boolean | undefined {
  if (v === null) return undefined
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  return undefined
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+|\/+$/g, '')
  return trimmed === '' ? [] : trimmed.split('/')
}

function nonResource(path: string, method: string, cluster = ''): RequestInfo {
  return {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
    cluster,
    workspace: '',
    resourceScope: '',
  }
}

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  let segments = splitPath(path)
  let cluster = ''
  if (segments[0] === 'clusters' && segments.length >= 3 && API_PREFIXES.has(segments[2])) {
    cluster = segments[1]!
    segments = segments.slice(2)
  }
  if (segments.length === 0 || !API_PREFIXES.has(segments[0])) return nonResource(path, method, cluster)
  const apiPrefix = segments[0]
  let rest = segments.slice(1)
  let apiGroup = ''
  let apiVersion: string
  if (apiPrefix === 'api') {
    if (rest.length < 2) return nonResource(path, method, cluster) // /api, /api/v1
    apiVersion = rest[0]!
    rest = rest.slice(1)
  } else {
    if (rest.length < 3) return nonResource(path, method, cluster) // /apis, /apis/g, /apis/g/v
    apiGroup = rest[0]!
    apiVersion = rest[1]!
    rest = rest.slice(2)
  }

  const info: RequestInfo = {
    isResourceRequest: true,
    path,
    verb: '',
    apiPrefix,
    apiGroup,
    apiVersion,
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
    cluster,
    workspace: '',
    resourceScope: '',
  }

  let watchPath = false
  if (rest[0] === 'watch') {
    watchPath = true
    rest = rest.slice(1)
  }

  // KubeSphere's workspace paths: /kapis/{g}/{v}/workspaces/{ws}/...
  if (rest[0] === 'workspaces' && rest.length >= 2) info.workspace = rest[1]!

  if (rest[0] === 'namespaces') {
    if (rest.length >= 3) {
      info.namespace = rest[1]!
      // /namespaces/{name}/status and /finalize address the namespace itself.
      if (rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2])) {
        info.parts = rest
      } else {
        info.parts = rest.slice(2)
      }
    } else {
      info.parts = rest
    }
  } else {
    info.parts = rest
  }
  if (info.parts[0] === 'namespaces' && info.parts.length >= 2) {
    // namespaces/{name}[/{sub}]: the namespace is also the object's name.
    info.namespace = info.parts[1]!
  }

  info.resource = info.parts[0] ?? ''
  info.name = info.parts[1] ?? ''
  info.subresource = info.parts[2] ?? ''

  const m = method.toUpperCase()
  switch (m) {
    case 'POST':
      info.verb = 'create'
      break
    case 'GET':
    case 'HEAD':
      info.verb = 'get'
      break
    case 'PUT':
      info.verb = 'update'
      break
    case 'PATCH':
      info.verb = 'patch'
      break
    case 'DELETE':
      info.verb = 'delete'
      break
    default:
      info.verb = m.toLowerCase()
  }

  if (watchPath) {
    info.verb = 'watch'
  } else if (info.verb === 'get' && parseBool(query.get('watch')) === true) {
    info.verb = 'watch'
  }
  if (info.name === '' && info.verb === 'get') info.verb = 'list'
  if (info.name === '' && info.verb === 'delete') info.verb = 'deletecollection'

  if (info.resource === 'namespaces') info.resourceScope = info.name ? 'namespace' : 'cluster'
  else if (info.namespace) info.resourceScope = 'namespace'
  else if (info.workspace) info.resourceScope = 'workspace'
  else info.resourceScope = 'cluster'

  return info
}
