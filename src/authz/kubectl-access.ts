/**
 * What every authenticated caller may do so that kubectl works for tenants (a documented
 * deviation from upstream, which leaves `/apis` to the roles): read discovery and OpenAPI, and
 * ask about themselves (SelfSubjectAccessReview, SelfSubjectRulesReview, SelfSubjectReview),
 * as Kubernetes' system:discovery and system:basic-user roles allow.
 */
import { isAuthenticated, type Attributes } from './attributes.js'
import type { Authorizer } from './authorizer.js'
import type { PolicyRule } from './types.js'

const SELF_REVIEWS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['authorization.k8s.io', new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews'])],
  ['authentication.k8s.io', new Set(['selfsubjectreviews'])],
])

/** The same grants as rules, for SelfSubjectRulesReview. */
export const KUBECTL_ACCESS_RULES: readonly PolicyRule[] = [
  {
    verbs: ['create'],
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
  },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  {
    verbs: ['GET', 'HEAD'],
    nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/openapi/v2', '/openapi/v3', '/openapi/v3/*'],
  },
]

export function isDiscoveryPath(path: string): boolean {
  return path === '/openapi/v2' || path === '/openapi/v3' || path.startsWith('/openapi/v3/')
}

export const kubectlAccess: Authorizer = {
  authorize(a: Attributes) {
    if (!isAuthenticated(a.user)) return { decision: 'no-opinion', reason: '' }
    if (a.resourceRequest) {
      if (a.verb === 'create' && !a.subresource && SELF_REVIEWS.get(a.apiGroup)?.has(a.resource))
        return { decision: 'allow', reason: '' }
      return { decision: 'no-opinion', reason: '' }
    }
    if ((a.verb === 'GET' || a.verb === 'HEAD') && (a.kubernetesRequest || isDiscoveryPath(a.path))) {
      return { decision: 'allow', reason: '' }
    }
    return { decision: 'no-opinion', reason: '' }
  },
}
