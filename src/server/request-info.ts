/**
 * One pure parser from (method, path, query) to KubeSphere's RequestInfo (authz.md §3): the
 * Kubernetes RequestInfoFactory extended with the `/kapis` and `/kapi` prefixes, the
 * `/clusters/{cluster}` prefix, workspaces and a resource scope. Authorization reads every field;
 * the resource handlers read isResourceRequest, verb, apiPrefix, apiGroup, apiVersion, namespace,
 * resource, subresource and name.
 *
 * Resource URL shapes (prefix = /api/{v}, /apis/{g}/{v}, /kapi/{v} or /kapis/{g}/{v}):
 *   {prefix}/{resource}[/{name}[/{subresource}]]
 *   {prefix}/namespaces/{namespace}/{resource}[/{name}[/{subresource}]]
 *   {prefix}/namespaces/{name}[/status|/finalize]          the Namespace object itself
 *   {prefix}/workspaces/{ws}/...  {prefix}/workspacetemplates/{ws}/...   workspace-scoped paths
 *   {prefix}/watch/...  {prefix}/proxy/...                 the verb comes from the path
 *   /clusters/{cluster}/{any of the above}                 (legacy: {prefix-root}/clusters/{c}/...)
 * Anything shorter (/, /api, /apis, /apis/{g}, /apis/{g}/{v}, /kapis/version, /healthz ...) is a
 * non-resource request whose verb is the HTTP method, upper case.
 */
import { parseFieldSelector, exactName } from '../apimachinery/fields/selector.js'
import { parseLabelSelector } from '../apimachinery/labels/selector.js'

export type ResourceScope = 'Global' | 'Cluster' | 'Workspace' | 'Namespace' | ''

export interface RequestInfo {
  isResourceRequest: boolean
  /** The URL path without query, with a recognised `/clusters/{c}` part removed. */
  path: string
  /** A Kubernetes verb for resource requests; the upper-case HTTP method otherwise. */
  verb: string
  /** 'api' | 'apis' | 'kapis' | 'kapi' when recognised, else ''. */
  apiPrefix: string
  apiGroup: string
  apiVersion: string
  namespace: string
  resource: string
  subresource: string
  name: string
  /** The path segments from the resource on. */
  parts: string[]
  cluster: string
  workspace: string
  /** '' for non-resource requests. */
  resourceScope: ResourceScope
  /** The request belongs to the Kubernetes API surface (/api, /apis). */
  isKubernetesRequest: boolean
}

/** A path that cannot be turned into a RequestInfo; the chain answers 500 plain text. */
export class RequestInfoError extends Error {
  constructor(readonly url: string) {
    super(`unable to determine kind and namespace from url: ${url}`)
    this.name = 'RequestInfoError'
  }
}

const API_PREFIXES = new Set(['api', 'apis', 'kapis', 'kapi'])
const GROUPLESS_PREFIXES = new Set(['api', 'kapi'])
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize'])

/** (group, resource) pairs that live above clusters and workspaces (authz.md §3.4). */
const GLOBAL_RESOURCES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['iam.kubesphere.io', new Set(['users', 'globalroles', 'globalrolebindings'])],
  ['tenant.kubesphere.io', new Set(['workspaces', 'clusters'])],
  ['cluster.kubesphere.io', new Set(['clusters', 'labels'])],
  ['resources.kubesphere.io', new Set(['clusters', 'labels'])],
])

export function isGlobalResource(group: string, resource: string): boolean {
  return GLOBAL_RESOURCES.get(group)?.has(resource) ?? false
}

/** The scope rule of authz.md §3.4, also used for access reviews. */
export function resourceScopeOf(
  group: string,
  resource: string,
  namespace: string,
  workspace: string,
): ResourceScope {
  if (isGlobalResource(group, resource)) return workspace ? 'Workspace' : 'Global'
  if (namespace) return 'Namespace'
  if (workspace) return 'Workspace'
  return 'Cluster'
}

/** The `watch` query parameter as ListOptions decoding reads it: present and not 0/false. */
export function watchRequested(query: URLSearchParams): boolean {
  const v = query.get('watch')
  if (v === null) return false
  return v !== '0' && v.toLowerCase() !== 'false'
}

/** Leading and trailing slashes trimmed; inner empty segments kept. */
function splitPath(path: string): string[] {
  let start = 0
  let end = path.length
  while (start < end && path.charCodeAt(start) === 47) start++
  while (end > start && path.charCodeAt(end - 1) === 47) end--
  return start === end ? [] : path.slice(start, end).split('/')
}

function kubernetesNonResource(path: string): boolean {
  const segs = splitPath(path)
  return (segs.length === 1 || segs.length === 2) && (segs[0] === 'api' || segs[0] === 'apis')
}

function methodVerb(method: string): string {
  switch (method) {
    case 'POST':
      return 'create'
    case 'GET':
    case 'HEAD':
      return 'get'
    case 'PUT':
      return 'update'
    case 'PATCH':
      return 'patch'
    case 'DELETE':
      return 'delete'
    default:
      return ''
  }
}

function isPathSegmentName(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%')
}

/**
 * The object name a list or watch pins through `fieldSelector=metadata.name=x`, or undefined.
 * Options that do not decode (bad selector, non-numeric limit/timeoutSeconds) pin nothing.
 */
function nameFromListOptions(query: URLSearchParams): string | undefined {
  for (const key of ['limit', 'timeoutSeconds']) {
    const v = query.get(key)
    if (v !== null && v !== '' && !/^[+-]?\d+$/.test(v)) return undefined
  }
  try {
    const labels = query.get('labelSelector')
    if (labels) parseLabelSelector(labels)
    const fields = query.get('fieldSelector')
    if (!fields) return undefined
    const name = exactName(parseFieldSelector(fields))
    return name !== undefined && isPathSegmentName(name) ? name : undefined
  } catch {
    return undefined
  }
}

function newInfo(path: string, method: string): RequestInfo {
  return {
    isResourceRequest: false,
    path,
    verb: method,
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
    cluster: '',
    workspace: '',
    resourceScope: '',
    isKubernetesRequest: false,
  }
}

/** Ends a parse as a non-resource request (verb stays the HTTP method). */
function nonResource(info: RequestInfo): RequestInfo {
  info.isKubernetesRequest =
    info.apiPrefix === 'api' ||
    info.apiPrefix === 'apis' ||
    (info.apiPrefix === '' && kubernetesNonResource(info.path))
  return info
}

/**
 * Parses a request. `path` is the URL path (no query). Throws RequestInfoError for a `watch` or
 * `proxy` segment with nothing after it.
 */
export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const upper = method.toUpperCase()
  const info = newInfo(path, upper)
  let segs = splitPath(path)
  if (segs.length < 3) return nonResource(info)

  if (segs[0] === 'clusters') {
    info.cluster = segs[1]!
    info.path = path.replace(`/clusters/${info.cluster}`, '')
    segs = segs.slice(2)
  }
  if (segs.length === 0 || !API_PREFIXES.has(segs[0])) return nonResource(info)
  info.apiPrefix = segs[0]!
  segs = segs.slice(1)

  // Legacy form: /{prefix}/clusters/{cluster}/...
  if (info.cluster === '' && segs[0] === 'clusters') {
    info.cluster = segs[1] ?? ''
    if (segs.length > 1) info.path = info.path.replace(`/clusters/${info.cluster}`, '')
    if (segs.length >= 3) segs = segs.slice(2)
  }

  if (!GROUPLESS_PREFIXES.has(info.apiPrefix)) {
    if (segs.length < 3) return nonResource(info)
    info.apiGroup = segs[0]!
    segs = segs.slice(1)
  }
  // Upstream crashes on a version with nothing after it (/clusters/c/api/v1): discovery paths.
  if (segs.length < 2) {
    info.apiGroup = ''
    return nonResource(info)
  }
  info.isResourceRequest = true
  info.isKubernetesRequest = info.apiPrefix === 'api' || info.apiPrefix === 'apis'
  info.apiVersion = segs[0]!
  segs = segs.slice(1)

  if (segs[0] === 'watch' || segs[0] === 'proxy') {
    info.verb = segs[0]
    segs = segs.slice(1)
    if (segs.length === 0) {
      const q = query.toString()
      throw new RequestInfoError(q ? `${path}?${q}` : path)
    }
  } else {
    info.verb = methodVerb(upper)
  }

  if (segs[0] === 'workspaces' || segs[0] === 'workspacetemplates') {
    info.workspace = segs[1] ?? ''
    // Upstream drops the pair for every prefix; for the Kubernetes surface, which this server
    // serves itself, the pair stays so that e.g. workspacetemplates/{ws}/status keeps its
    // resource, name and subresource (the workspace is still recorded for authorization).
    if (segs.length > 2 && !info.isKubernetesRequest) segs = segs.slice(2)
  }

  if (segs[0] === 'namespaces' && segs.length > 1) {
    info.namespace = segs[1]!
    if (segs.length > 2 && !NAMESPACE_SUBRESOURCES.has(segs[2])) segs = segs.slice(2)
  }

  info.parts = segs
  info.resource = segs[0] ?? ''
  info.name = segs[1] ?? ''
  if (segs.length >= 3 && info.verb !== 'proxy') info.subresource = segs[2]!

  info.resourceScope = resourceScopeOf(info.apiGroup, info.resource, info.namespace, info.workspace)

  if (info.name === '' && info.verb === 'get') {
    info.verb = watchRequested(query) ? 'watch' : 'list'
    const pinned = nameFromListOptions(query)
    if (pinned !== undefined) info.name = pinned
  }
  if (info.verb === 'watch') {
    const selector = query.get('labelSelector')
    if (selector?.startsWith('kubesphere.io/workspace=')) {
      info.workspace = selector.slice('kubesphere.io/workspace='.length)
      info.resourceScope = 'Workspace'
    }
  }
  if (info.name === '' && info.verb === 'delete') info.verb = 'deletecollection'
  return info
}
