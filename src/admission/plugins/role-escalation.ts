/**
 * Escalation guard for iam.kubesphere.io roles and bindings (as Kubernetes RBAC does it): a
 * user may create or update a role only if they hold every permission it grants — its rules and
 * what its aggregationRoleTemplates would add — where the role applies, unless they may
 * `escalate` that role; and a binding only if they hold every permission of the role it
 * references where the binding applies, unless they may `bind` that role. Rego policies cannot
 * be compared rule by rule: writing or binding a role that carries one needs the verb, or
 * holding everything (`*` on `*` in `*`) there. Server-internal writes are exempt; so are
 * updates that change nothing granted.
 */
import { newForbidden, newNotFound } from '../../apimachinery/errors.js'
import { deepEqual } from '../../apimachinery/meta.js'
import { SYSTEM_USER, type UserInfo } from '../../apimachinery/user.js'
import { selectTemplates } from '../../authz/aggregation.js'
import { emptyAttributes, type Attributes } from '../../authz/attributes.js'
import type { Authorizer } from '../../authz/authorizer.js'
import type { PolicyIndex } from '../../authz/policy-index.js'
import { atomize } from '../../authz/rules.js'
import {
  ANNOTATION_REGO,
  IAM_GROUP,
  isRoleKind,
  LABEL_WORKSPACE,
  ROLE_RESOURCES,
  ROLE_SCOPES,
  rulesOf,
  type PolicyRule,
  type RoleKind,
} from '../../authz/types.js'
import { quote } from '../../apimachinery/errors.js'
import type { ResourceRegistry } from '../../registry/registry.js'
import type { AdmissionAttributes, AdmissionPlugin } from '../interfaces.js'

const ROLE_KIND_OF: Readonly<Record<string, RoleKind>> = {
  globalroles: 'GlobalRole',
  workspaceroles: 'WorkspaceRole',
  clusterroles: 'ClusterRole',
  roles: 'Role',
}

const BINDING_SCOPE_KIND: Readonly<Record<string, RoleKind>> = {
  globalrolebindings: 'GlobalRole',
  workspacerolebindings: 'WorkspaceRole',
  clusterrolebindings: 'ClusterRole',
  rolebindings: 'Role',
}

type Where = Pick<Attributes, 'resourceScope' | 'workspace' | 'namespace'>

/** Where a role of `kind` (or a binding of the matching kind) takes effect. */
function whereOf(kind: RoleKind, obj: any): Where | undefined {
  switch (kind) {
    case 'GlobalRole':
      return { resourceScope: 'Global', workspace: '', namespace: '' }
    case 'ClusterRole':
      return { resourceScope: 'Cluster', workspace: '', namespace: '' }
    case 'WorkspaceRole': {
      const ws = obj.metadata?.labels?.[LABEL_WORKSPACE]
      return ws ? { resourceScope: 'Workspace', workspace: ws, namespace: '' } : undefined
    }
    case 'Role':
      return { resourceScope: 'Namespace', workspace: '', namespace: obj.metadata?.namespace ?? '' }
  }
}

const ALL_ATOM: PolicyRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }

export interface EscalationDeps {
  authorizer: Authorizer
  index: PolicyIndex
  registry: ResourceRegistry
}

export function roleEscalationPlugin(deps: EscalationDeps): AdmissionPlugin {
  const allowed = (a: Attributes) => deps.authorizer.authorize(a).decision === 'allow'

  /**
   * The atoms of `rules` the user is not granted at `where`. Non-resource rules count only where
   * they take effect: through global and cluster bindings (authz.md §6.5).
   */
  const missing = (user: UserInfo, where: Where, rules: PolicyRule[]): PolicyRule[] =>
    atomize(rules).filter((atom) => {
      const base = { ...emptyAttributes(user), verb: atom.verbs[0] }
      if (atom.nonResourceURLs) {
        if (where.resourceScope === 'Workspace' || where.resourceScope === 'Namespace') return false
        return !allowed({ ...base, path: atom.nonResourceURLs[0] })
      }
      const [resource, subresource = ''] = atom.resources![0].split('/', 2) as [string, string?]
      return !allowed({
        ...base,
        ...where,
        resourceRequest: true,
        kubernetesRequest: true,
        apiGroup: atom.apiGroups![0],
        resource,
        subresource,
        name: atom.resourceNames?.[0] ?? '',
      })
    })

  const holdsVerb = (user: UserInfo, where: Where, verb: string, roleKind: RoleKind, name: string) =>
    allowed({
      ...emptyAttributes(user),
      ...where,
      verb,
      resourceRequest: true,
      kubernetesRequest: true,
      apiGroup: IAM_GROUP,
      resource: ROLE_RESOURCES[roleKind],
      name,
    })

  const deny = (a: AdmissionAttributes, missingRules: PolicyRule[], extra?: string) => {
    const groups = `[${a.user.groups.map(quote).join(' ')}]`
    const lines = extra ? [extra] : mergeVerbs(missingRules).map(compact)
    return newForbidden(
      { group: a.info.group, resource: a.info.resource },
      a.name,
      `user ${quote(a.user.name)} (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`,
    )
  }

  async function validateRole(a: AdmissionAttributes, kind: RoleKind): Promise<void> {
    const obj = a.object
    const old = a.oldObject
    if (
      old &&
      deepEqual(obj.rules, old.rules) &&
      deepEqual(obj.aggregationRoleTemplates, old.aggregationRoleTemplates) &&
      obj.metadata?.annotations?.[ANNOTATION_REGO] === old.metadata?.annotations?.[ANNOTATION_REGO] &&
      obj.metadata?.labels?.[LABEL_WORKSPACE] === old.metadata?.labels?.[LABEL_WORKSPACE]
    ) {
      return
    }
    const where = whereOf(kind, obj) ?? { resourceScope: 'Cluster', workspace: '', namespace: '' }
    if (holdsVerb(a.user, where, 'escalate', kind, a.name)) return
    let rules = rulesOf(obj)
    let policies = obj.metadata?.annotations?.[ANNOTATION_REGO] ? 1 : 0
    if (obj.aggregationRoleTemplates) {
      const store = deps.registry.storeFor(IAM_GROUP, 'roletemplates')
      const templates = store ? (await store.deps.cache.list(store.prefix)).items.map((c) => c.obj) : []
      for (const t of selectTemplates(obj, ROLE_SCOPES[kind], templates)) {
        rules = [...rules, ...rulesOf(t.spec)]
        if (t.metadata?.annotations?.[ANNOTATION_REGO]) policies++
      }
    }
    if (policies > 0 && missing(a.user, where, [ALL_ATOM]).length > 0) {
      throw deny(
        a,
        [],
        'a rego policy (iam.kubesphere.io/rego-override), which only a holder of every permission may grant',
      )
    }
    const lacking = missing(a.user, where, rules)
    if (lacking.length) throw deny(a, lacking)
  }

  function validateBinding(a: AdmissionAttributes, scopeKind: RoleKind): void {
    const obj = a.object
    const old = a.oldObject
    if (
      old &&
      deepEqual(obj.roleRef, old.roleRef) &&
      deepEqual(obj.subjects, old.subjects) &&
      obj.metadata?.labels?.[LABEL_WORKSPACE] === old.metadata?.labels?.[LABEL_WORKSPACE]
    ) {
      return
    }
    const where = whereOf(scopeKind, obj)
    // An unlabelled WorkspaceRoleBinding is never consulted: it grants nothing.
    if (!where) return
    const refKind = String(obj.roleRef?.kind ?? '')
    const refName = String(obj.roleRef?.name ?? '')
    // Unsupported kinds grant nothing either (the authorizer reports them).
    if (!isRoleKind(refKind)) return
    if (holdsVerb(a.user, where, 'bind', refKind, refName)) return
    const role = deps.index.role(refKind, refKind === 'Role' ? where.namespace : '', refName)
    if (!role) throw newNotFound({ group: IAM_GROUP, resource: ROLE_RESOURCES[refKind] }, refName)
    if (role.regoText && missing(a.user, where, [ALL_ATOM]).length > 0) {
      throw deny(
        a,
        [],
        `the rego policy of ${refKind} ${quote(refName)}, which only a holder of every permission may grant`,
      )
    }
    const lacking = missing(a.user, where, role.rules)
    if (lacking.length) throw deny(a, lacking)
  }

  return {
    name: 'RoleEscalation',
    handles: (op) => op === 'CREATE' || op === 'UPDATE',
    async validate(a) {
      if (a.info.group !== IAM_GROUP || a.subresource || !a.object) return
      if (a.user.name === SYSTEM_USER.name) return
      const roleKind = ROLE_KIND_OF[a.info.resource]
      if (roleKind) return validateRole(a, roleKind)
      const bindingScope = BINDING_SCOPE_KIND[a.info.resource]
      if (bindingScope) validateBinding(a, bindingScope)
    },
  }
}

/** Atoms that differ only in their verb, as one rule. */
function mergeVerbs(atoms: PolicyRule[]): PolicyRule[] {
  const byKey = new Map<string, PolicyRule>()
  for (const atom of atoms) {
    const key = JSON.stringify([atom.apiGroups, atom.resources, atom.resourceNames, atom.nonResourceURLs])
    const seen = byKey.get(key)
    if (seen) seen.verbs = [...seen.verbs, ...atom.verbs]
    else byKey.set(key, { ...atom, verbs: [...atom.verbs] })
  }
  return [...byKey.values()]
}

/** Kubernetes' compact rule form: `{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}`. */
function compact(rule: PolicyRule): string {
  const list = (xs: string[]) => `[${xs.map(quote).join(' ')}]`
  const parts: string[] = []
  if (rule.apiGroups?.length) parts.push(`APIGroups:${list(rule.apiGroups)}`)
  if (rule.resources?.length) parts.push(`Resources:${list(rule.resources)}`)
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${list(rule.resourceNames)}`)
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:${list(rule.nonResourceURLs)}`)
  parts.push(`Verbs:${list(rule.verbs)}`)
  return `{${parts.join(', ')}}`
}
