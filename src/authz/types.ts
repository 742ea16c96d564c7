/**
 * The iam.kubesphere.io/v1beta1 shapes the authorizer reads (authz.md §8): rules, subjects,
 * role references, and the names of the four role kinds and four binding kinds.
 */

export const IAM_GROUP = 'iam.kubesphere.io'
export const TENANT_GROUP = 'tenant.kubesphere.io'

/** Kubernetes RBAC's PolicyRule. */
export interface PolicyRule {
  verbs: string[]
  apiGroups?: string[]
  resources?: string[]
  resourceNames?: string[]
  nonResourceURLs?: string[]
}

export interface Subject {
  kind: string
  name: string
  apiGroup?: string
  namespace?: string
}

export interface RoleRef {
  apiGroup?: string
  kind: string
  name: string
}

export type RoleKind = 'GlobalRole' | 'WorkspaceRole' | 'ClusterRole' | 'Role'
export type BindingKind = 'GlobalRoleBinding' | 'WorkspaceRoleBinding' | 'ClusterRoleBinding' | 'RoleBinding'

/** Plural resource names of the role kinds, in iam.kubesphere.io. */
export const ROLE_RESOURCES: Readonly<Record<RoleKind, string>> = {
  GlobalRole: 'globalroles',
  WorkspaceRole: 'workspaceroles',
  ClusterRole: 'clusterroles',
  Role: 'roles',
}

export const BINDING_RESOURCES: Readonly<Record<BindingKind, string>> = {
  GlobalRoleBinding: 'globalrolebindings',
  WorkspaceRoleBinding: 'workspacerolebindings',
  ClusterRoleBinding: 'clusterrolebindings',
  RoleBinding: 'rolebindings',
}

/** The aggregation scope label value of each role kind (iam.kubesphere.io/scope). */
export const ROLE_SCOPES: Readonly<Record<RoleKind, string>> = {
  GlobalRole: 'global',
  WorkspaceRole: 'workspace',
  ClusterRole: 'cluster',
  Role: 'namespace',
}

export function isRoleKind(kind: string): kind is RoleKind {
  return Object.hasOwn(ROLE_RESOURCES, kind)
}

/** Labels and annotations with a meaning for authorization (authz.md §8.3). */
export const LABEL_WORKSPACE = 'kubesphere.io/workspace'
export const LABEL_MANAGED = 'kubesphere.io/managed'
export const LABEL_SCOPE = 'iam.kubesphere.io/scope'
export const LABEL_ROLE_REF = 'iam.kubesphere.io/role-ref'
export const LABEL_USER_REF = 'iam.kubesphere.io/user-ref'
export const ANNOTATION_REGO = 'iam.kubesphere.io/rego-override'
export const ANNOTATION_AUTO_AGGREGATE = 'iam.kubesphere.io/auto-aggregate'
export const ANNOTATION_CREATOR = 'kubesphere.io/creator'
export const FINALIZER_CASCADING_DELETION = 'kubesphere.io/cascading-deletion'

/** A role object's rules as stored (missing or malformed → none). */
export function rulesOf(role: any): PolicyRule[] {
  const rules = role?.rules
  return Array.isArray(rules)
    ? rules.filter((r: unknown): r is PolicyRule => typeof r === 'object' && r !== null)
    : []
}
