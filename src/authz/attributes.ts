/**
 * Authorization attributes (authz.md §4): what is asked, by whom. Built from a RequestInfo for
 * HTTP requests, or directly by access reviews and in-process checks.
 */
import type { UserInfo } from '../apimachinery/user.js'
import type { RequestInfo } from '../server/request-info.js'

export interface Attributes {
  user: UserInfo
  /** Kubernetes verb for resource requests; upper-case HTTP method for non-resource requests. */
  verb: string
  cluster: string
  workspace: string
  namespace: string
  apiGroup: string
  apiVersion: string
  resource: string
  subresource: string
  name: string
  path: string
  /** A ResourceScope; access reviews may pass other strings, which act like Cluster. */
  resourceScope: string
  resourceRequest: boolean
  kubernetesRequest: boolean
}

export const ANONYMOUS_USER = 'system:anonymous'
export const UNAUTHENTICATED_GROUP = 'system:unauthenticated'
export const AUTHENTICATED_GROUP = 'system:authenticated'

export function attributesFromRequest(user: UserInfo, ri: RequestInfo): Attributes {
  return {
    user,
    verb: ri.verb,
    cluster: ri.cluster,
    workspace: ri.workspace,
    namespace: ri.namespace,
    apiGroup: ri.apiGroup,
    apiVersion: ri.apiVersion,
    resource: ri.resource,
    subresource: ri.subresource,
    name: ri.name,
    path: ri.path,
    resourceScope: ri.resourceScope,
    resourceRequest: ri.isResourceRequest,
    kubernetesRequest: ri.isKubernetesRequest,
  }
}

/** Attributes with every field empty but the user; callers fill what they ask about. */
export function emptyAttributes(user: UserInfo): Attributes {
  return {
    user,
    verb: '',
    cluster: '',
    workspace: '',
    namespace: '',
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    name: '',
    path: '',
    resourceScope: '',
    resourceRequest: false,
    kubernetesRequest: false,
  }
}

/** True for a caller who presented credentials (anything but the anonymous identity). */
export function isAuthenticated(user: UserInfo): boolean {
  return user.name !== ANONYMOUS_USER && !user.groups.includes(UNAUTHENTICATED_GROUP)
}

/** The Rego `input` document: the attribute record with Go's field names (authz.md §4). */
export function regoInput(a: Attributes): Record<string, unknown> {
  return {
    User: { Name: a.user.name, UID: a.user.uid ?? '', Groups: a.user.groups, Extra: a.user.extra ?? null },
    Verb: a.verb,
    Cluster: a.cluster,
    Workspace: a.workspace,
    Namespace: a.namespace,
    APIGroup: a.apiGroup,
    APIVersion: a.apiVersion,
    Resource: a.resource,
    Subresource: a.subresource,
    Name: a.name,
    KubernetesRequest: a.kubernetesRequest,
    ResourceRequest: a.resourceRequest,
    Path: a.path,
    ResourceScope: a.resourceScope,
  }
}
