/**
 * KubeSphere's RBAC authorizer (authz.md §6): walks GlobalRoleBindings, then (by scope)
 * WorkspaceRoleBindings, RoleBindings and ClusterRoleBindings that name the user, resolves each
 * binding's role, and allows at the first Rego policy or rule that allows. It never denies: a
 * request nothing allows gets "no opinion", with lookup errors as the reason.
 */
import { quote } from '../apimachinery/errors.js'
import { regoInput, type Attributes } from './attributes.js'
import type { Authorizer, AuthorizationResult } from './authorizer.js'
import { matchingSubject, type IndexedBinding, type IndexedRole, type PolicyIndex } from './policy-index.js'
import { RegoError } from './rego/policy.js'
import { rulesAllow } from './rules.js'
import type { Subject } from './types.js'
import { logger } from '../observability/logger.js'

/** Where a role's grant comes from: the binding and the subject of it that names the user. */
export interface RuleSource {
  binding: IndexedBinding
  subject: Subject
}

/** Return false to stop the walk. */
export type RoleVisitor = (source: RuleSource, role: IndexedRole) => boolean

type Resolved = { role?: IndexedRole; error?: string }

/** `GlobalRoleBinding "admin" of GlobalRole "platform-admin" to User "admin"` (authz.md §6.7). */
export function describeSource(source: RuleSource): string {
  const b = source.binding
  const s = source.subject
  let subject: string
  if (s.kind === 'ServiceAccount')
    subject = `ServiceAccount ${quote(`${s.name}/${s.namespace || b.namespace}`)}`
  else subject = `${s.kind} ${quote(s.name)}`
  const of = `of ${b.roleRef.kind} ${quote(b.roleRef.name)} to ${subject}`
  switch (b.kind) {
    case 'RoleBinding':
      return `RoleBinding ${quote(`${b.name}/${b.namespace}`)} ${of}`
    case 'ClusterRoleBinding':
      return `ClusterRoleBinding ${quote(b.name)} ${of}`
    default:
      // Upstream names WorkspaceRoleBindings "GlobalRoleBinding" too; kept for fidelity.
      return `GlobalRoleBinding ${quote(b.name)} ${of}`
  }
}

function joinErrors(errors: string[]): string {
  const unique = [...new Set(errors)]
  if (unique.length === 0) return ''
  return `RBAC: ${unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`}`
}

export class RbacAuthorizer implements Authorizer {
  constructor(readonly index: PolicyIndex) {}

  authorize(a: Attributes): AuthorizationResult {
    let allowedBy: RuleSource | undefined
    let input: Record<string, unknown> | undefined
    const errors = this.visitRoles(a, (source, role) => {
      const policy = this.index.policyOf(role)
      if (policy) {
        input ??= regoInput(a)
        try {
          if (policy.evaluate(input)) {
            allowedBy = source
            return false
          }
        } catch (e) {
          if (!(e instanceof RegoError)) throw e
          logger.warn({ role: `${role.kind}/${role.name}`, err: e.message }, 'rego policy evaluation failed')
        }
      }
      if (rulesAllow(a, role.rules)) {
        allowedBy = source
        return false
      }
      return true
    })
    if (allowedBy) return { decision: 'allow', reason: `RBAC: allowed by ${describeSource(allowedBy)}` }
    return { decision: 'no-opinion', reason: joinErrors(errors) }
  }

  /**
   * Calls `visit` for each role that applies to the request's user at its scope, in the order
   * of authz.md §6.1. Returns the lookup errors met on the way.
   */
  visitRoles(a: Attributes, visit: RoleVisitor): string[] {
    const errors: string[] = []
    const user = a.user
    const index = this.index
    // Returns false when the walk must stop.
    const walk = (bindings: IndexedBinding[], namespace: string, stopOnError: boolean): boolean => {
      for (const binding of bindings) {
        const subject = matchingSubject(binding, user)
        if (!subject) continue
        const { role, error } = this.resolve(binding, namespace)
        if (error) {
          errors.push(error)
          if (stopOnError) return false
          continue
        }
        if (role && !visit({ binding, subject }, role)) return false
      }
      return true
    }

    if (!walk(index.globalBindings.forUser(user), '', false)) return errors
    const scope = a.resourceScope
    if (scope === 'Global') return errors
    if (scope === 'Workspace' || scope === 'Namespace') {
      const workspace = scope === 'Workspace' ? a.workspace : index.workspaceOf(a.namespace)
      const set = workspace ? index.workspaceBindingsOf(workspace) : undefined
      if (set && !walk(set.forUser(user), '', true)) return errors
    }
    if (scope === 'Namespace') {
      const set = index.roleBindingsIn(a.namespace)
      if (set && !walk(set.forUser(user), a.namespace, true)) return errors
    }
    walk(index.clusterBindings.forUser(user), '', true)
    return errors
  }

  /** The role a binding references (authz.md §6.2); a missing role is not an error. */
  private resolve(binding: IndexedBinding, namespace: string): Resolved {
    const { kind, name } = binding.roleRef
    switch (kind) {
      case 'GlobalRole':
      case 'ClusterRole':
      case 'WorkspaceRole':
        return { role: this.index.role(kind, '', name) }
      case 'Role':
        return { role: namespace ? this.index.role('Role', namespace, name) : undefined }
      default:
        return { error: `unsupported role reference kind: ${quote(kind)}` }
    }
  }
}
