/**
 * authorization.k8s.io/v1 SelfSubjectRulesReview (`kubectl auth can-i --list`): the rules of
 * every role bound to the caller in a namespace (or at cluster scope without one), plus what
 * the always-allowed paths and the kubectl built-ins grant. Rego policies cannot be listed as
 * rules; when one applies the answer says `incomplete` and names the roles in evaluationError.
 */
import { fieldRequired, newInvalid } from '../../apimachinery/errors.js'
import { isPlainObject } from '../../apimachinery/meta.js'
import type { UserInfo } from '../../apimachinery/user.js'
import { emptyAttributes, isAuthenticated } from '../attributes.js'
import { KUBECTL_ACCESS_RULES } from '../kubectl-access.js'
import { ALWAYS_ALLOWED_PATHS } from '../path-authorizer.js'
import type { RbacAuthorizer } from '../rbac-authorizer.js'
import type { PolicyRule } from '../types.js'
import { AUTHORIZATION_GROUP } from './access-reviews.js'

export interface ResourceRule {
  verbs: string[]
  apiGroups?: string[]
  resources?: string[]
  resourceNames?: string[]
}

export interface NonResourceRule {
  verbs: string[]
  nonResourceURLs?: string[]
}

export interface RulesReviewStatus {
  resourceRules: ResourceRule[]
  nonResourceRules: NonResourceRule[]
  incomplete: boolean
  evaluationError?: string
}

/** The rules that apply to `user` in `namespace` ('' = cluster scope), as RBAC resolves them. */
export function rulesFor(rbac: RbacAuthorizer, user: UserInfo, namespace: string): RulesReviewStatus {
  const resourceRules: ResourceRule[] = []
  const nonResourceRules: NonResourceRule[] = [{ verbs: ['*'], nonResourceURLs: [...ALWAYS_ALLOWED_PATHS] }]
  const withPolicies: string[] = []
  const add = (rule: PolicyRule) => {
    if (rule.resources?.length) {
      resourceRules.push({
        verbs: [...rule.verbs],
        apiGroups: [...(rule.apiGroups ?? [])],
        resources: [...rule.resources],
        ...(rule.resourceNames?.length ? { resourceNames: [...rule.resourceNames] } : {}),
      })
    }
    if (rule.nonResourceURLs?.length)
      nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...rule.nonResourceURLs] })
  }
  if (isAuthenticated(user)) KUBECTL_ACCESS_RULES.forEach(add)
  const attrs = {
    ...emptyAttributes(user),
    resourceRequest: true,
    namespace,
    resourceScope: namespace ? 'Namespace' : 'Cluster',
  }
  const errors = rbac.visitRoles(attrs, (_source, role) => {
    role.rules.forEach(add)
    if (role.regoText) withPolicies.push(`${role.kind} ${JSON.stringify(role.name)}`)
    return true
  })
  const problems = [...new Set(withPolicies)].map((r) => `the rego policy of ${r} is not listed as rules`)
  problems.push(...new Set(errors))
  const status: RulesReviewStatus = { resourceRules, nonResourceRules, incomplete: problems.length > 0 }
  if (problems.length) status.evaluationError = problems.join('; ')
  return status
}

export function answerRulesReview(
  review: Record<string, any>,
  caller: UserInfo,
  rbac: RbacAuthorizer,
): Record<string, any> {
  const spec = isPlainObject(review.spec) ? review.spec : {}
  if (spec.namespace !== undefined && typeof spec.namespace !== 'string') {
    throw newInvalid({ group: AUTHORIZATION_GROUP, kind: 'SelfSubjectRulesReview' }, '', [
      fieldRequired('spec.namespace'),
    ])
  }
  const namespace: string = spec.namespace ?? ''
  const metadata = isPlainObject(review.metadata) ? { ...review.metadata } : {}
  metadata['creationTimestamp'] ??= null
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: `${AUTHORIZATION_GROUP}/v1`,
    metadata,
    spec: { ...spec },
    status: rulesFor(rbac, caller, namespace),
  }
}
