/**
 * authorization.k8s.io/v1 SelfSubjectAccessReview, SubjectAccessReview and
 * LocalSubjectAccessReview, answered by the server's own authorizer so that `kubectl auth can-i`
 * says what the request would get. A review of a resource is asked the way the request itself
 * would be: cluster-scoped kinds without a namespace, a Namespace or WorkspaceTemplate by name
 * within itself, global KubeSphere resources at the global scope.
 */
import { fieldInvalid, newBadRequest, newInvalid, type FieldError } from '../../apimachinery/errors.js'
import { isPlainObject } from '../../apimachinery/meta.js'
import type { UserInfo } from '../../apimachinery/user.js'
import type { ResourceRegistry } from '../../registry/registry.js'
import { parseRequestInfo, resourceScopeOf } from '../../server/request-info.js'
import { emptyAttributes, type Attributes } from '../attributes.js'
import type { Authorizer } from '../authorizer.js'

export const AUTHORIZATION_GROUP = 'authorization.k8s.io'

/** Upper-case HTTP methods are what non-resource rules name; review verbs are lower case. */
function nonResourceVerb(verb: string): string {
  return verb === '*' ? verb : verb.toUpperCase()
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** The attributes a resourceAttributes / nonResourceAttributes spec describes. */
export function reviewAttributes(
  user: UserInfo,
  spec: any,
  registry: ResourceRegistry | undefined,
): Attributes {
  const a = emptyAttributes(user)
  const ra = spec?.resourceAttributes
  if (isPlainObject(ra)) {
    const group = str(ra.group)
    const resource = str(ra.resource)
    const name = str(ra.name)
    let namespace = str(ra.namespace)
    const isNamespaceKind = group === '' && resource === 'namespaces'
    if (isNamespaceKind) namespace = name
    else if (namespace && clusterScoped(registry, group, resource)) namespace = ''
    const workspace =
      name &&
      group === 'tenant.kubesphere.io' &&
      (resource === 'workspaces' || resource === 'workspacetemplates')
        ? name
        : ''
    return {
      ...a,
      resourceRequest: true,
      kubernetesRequest: true,
      verb: str(ra.verb),
      apiGroup: group,
      apiVersion: str(ra.version),
      resource,
      subresource: str(ra.subresource),
      name,
      namespace,
      workspace,
      resourceScope: resourceScopeOf(group, resource, namespace, workspace),
    }
  }
  const nra = spec?.nonResourceAttributes
  const path = str(nra?.path)
  return {
    ...a,
    verb: nonResourceVerb(str(nra?.verb)),
    path,
    kubernetesRequest:
      path.startsWith('/') && parseRequestInfo('GET', path, new URLSearchParams()).isKubernetesRequest,
  }
}

function clusterScoped(registry: ResourceRegistry | undefined, group: string, resource: string): boolean {
  const store = registry?.storeFor(group, resource)
  return store !== undefined && !store.namespaced
}

/** Exactly one of resourceAttributes and nonResourceAttributes (Kubernetes' validation). */
function attributeErrors(spec: any, local: boolean): FieldError[] {
  const hasResource = isPlainObject(spec?.resourceAttributes)
  const hasNonResource = isPlainObject(spec?.nonResourceAttributes)
  if (hasResource && hasNonResource) {
    return [
      fieldInvalid(
        'spec.nonResourceAttributes',
        spec.nonResourceAttributes,
        'cannot be specified in combination with resourceAttributes',
      ),
    ]
  }
  if (local && hasNonResource)
    return [
      fieldInvalid(
        'spec.nonResourceAttributes',
        spec.nonResourceAttributes,
        'disallowed on this kind of request',
      ),
    ]
  if (!hasResource && !hasNonResource) {
    return [
      fieldInvalid(
        'spec.resourceAttributes',
        null,
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    ]
  }
  return []
}

export type ReviewKind = 'SelfSubjectAccessReview' | 'SubjectAccessReview' | 'LocalSubjectAccessReview'

/**
 * Validates a review and returns it with `status` filled in. `caller` is the requesting user
 * (the subject of a self review); `namespace` is the URL namespace of a local review.
 */
export function answerAccessReview(
  kind: ReviewKind,
  review: Record<string, any>,
  caller: UserInfo,
  authorizer: Authorizer,
  registry: ResourceRegistry | undefined,
  namespace = '',
): Record<string, any> {
  const spec = isPlainObject(review.spec) ? review.spec : {}
  const errors = attributeErrors(spec, kind === 'LocalSubjectAccessReview')
  let subject = caller
  if (kind !== 'SelfSubjectAccessReview') {
    const user = str(spec.user)
    const groups = Array.isArray(spec.groups)
      ? spec.groups.filter((g: unknown): g is string => typeof g === 'string')
      : []
    if (!user && groups.length === 0)
      errors.push(fieldInvalid('spec.user', user, 'at least one of user or group must be specified'))
    subject = {
      name: user,
      groups,
      ...(spec.uid ? { uid: str(spec.uid) } : {}),
      ...(isPlainObject(spec.extra) ? { extra: spec.extra } : {}),
    }
  }
  if (kind === 'LocalSubjectAccessReview') {
    const metaNamespace = str(review.metadata?.namespace) || namespace
    if (metaNamespace !== namespace)
      throw newBadRequest(
        `the namespace of the provided object does not match the namespace sent on the request`,
      )
    if (isPlainObject(spec.resourceAttributes) && str(spec.resourceAttributes.namespace) !== namespace) {
      errors.push(
        fieldInvalid(
          'spec.resourceAttributes.namespace',
          str(spec.resourceAttributes.namespace),
          'must match metadata.namespace',
        ),
      )
    }
  }
  if (errors.length)
    throw newInvalid({ group: AUTHORIZATION_GROUP, kind }, str(review.metadata?.name), errors)

  const result = authorizer.authorize(reviewAttributes(subject, spec, registry))
  const status: Record<string, unknown> = { allowed: result.decision === 'allow' }
  if (result.decision === 'deny') status['denied'] = true
  if (result.reason) status['reason'] = result.reason
  const metadata = isPlainObject(review.metadata) ? { ...review.metadata } : {}
  if (kind === 'LocalSubjectAccessReview') metadata['namespace'] = namespace
  metadata['creationTimestamp'] ??= null
  return { kind, apiVersion: `${AUTHORIZATION_GROUP}/v1`, metadata, spec, status }
}
